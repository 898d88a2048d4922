#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, this package installed from `npm pack`): example
 * 04 (examples/04-extrahop-soc-flow-to-jira.json), imported unchanged and activated, against the
 * strict ExtraHop simulator (ExtraHop's contract) and the Jira simulator.
 *
 *   1. A detection pushed to the ExtraHop Webhook Trigger -> an ExtraHop investigation holding it;
 *      one Jira issue whose description lists the participants by device name and IP and names
 *      the investigation; the detection's PCAP attached to the issue, and the attached bytes parse
 *      as a PCAP (checked here by an independent parser: header, records, IPv4 checksums); the
 *      investigation's notes carry the issue key; the issue key is the detection's ticket ID.
 *   2. The issue resolved "False Positive" in Jira -> exactly one tuning rule (the detection's
 *      type, its offender device, any victim, an expiry), the investigation assessed false
 *      positive and closed; later updates of the issue create no second rule.
 *   3. The backstop in the same workflow ("Detections Still Without Ticket", the poll trigger in
 *      reconcile-only mode): a detection never pushed, and one whose run crashed after opening its
 *      issue; ExtraHop's clock 11 minutes on: the first gets its investigation, issue and PCAP,
 *      the second is linked to its issue, nothing doubled, no human step.
 *   4. ExtraHop's contract: no request the vendor's API would refuse.
 *
 *   npm run build && node test/e2e/soc-flow.e2e.js
 */
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
const { activeWorkflowIds } = require('./lib/ticketing');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');

const W = examples.WORKFLOWS.socFlowToJira.id;
const HEADER = 'X-ExtraHop-Secret';
const SECRET = 'e2e-soc-flow-secret-5f0c2a91';
const report = new Report();
const check = report.check.bind(report);

/**
 * An independent PCAP reader: the libpcap global header, then records whose lengths add up to
 * the file exactly; every frame Ethernet + IPv4 with a valid header checksum.
 * @param {Buffer} data
 * @returns {{ ok: boolean, packets: number, why?: string }}
 */
function parsePcap(data) {
	if (data.length < 24) return { ok: false, packets: 0, why: 'shorter than a PCAP header' };
	const magic = data.readUInt32LE(0);
	const le = magic === 0xa1b2c3d4;
	if (!le && data.readUInt32BE(0) !== 0xa1b2c3d4)
		return { ok: false, packets: 0, why: `bad magic ${magic.toString(16)}` };
	const u16 = (/** @type {number} */ o) => (le ? data.readUInt16LE(o) : data.readUInt16BE(o));
	const u32 = (/** @type {number} */ o) => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
	if (u16(4) !== 2 || u16(6) !== 4) return { ok: false, packets: 0, why: 'not version 2.4' };
	if (u32(20) !== 1) return { ok: false, packets: 0, why: 'link type is not Ethernet' };
	let offset = 24;
	let packets = 0;
	while (offset < data.length) {
		if (offset + 16 > data.length) return { ok: false, packets, why: 'truncated record header' };
		const included = u32(offset + 8);
		const frame = data.subarray(offset + 16, offset + 16 + included);
		if (frame.length !== included) return { ok: false, packets, why: 'truncated frame' };
		if (frame.readUInt16BE(12) !== 0x0800) return { ok: false, packets, why: 'not IPv4' };
		const ip = frame.subarray(14, 14 + (frame[14] & 0x0f) * 4);
		let sum = 0;
		for (let i = 0; i < ip.length; i += 2) sum += ip.readUInt16BE(i);
		while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
		if (sum !== 0xffff)
			return { ok: false, packets, why: `bad IPv4 checksum in packet ${packets + 1}` };
		offset += 16 + included;
		packets++;
	}
	return { ok: packets > 0, packets, why: packets ? undefined : 'no packets' };
}

async function main() {
	const jira = createJiraSimulator({ customResolutions: ['False Positive'] });
	const extrahop = createExtraHopSimulator();
	await jira.start();
	await extrahop.start();
	process.stdout.write(`simulators: ExtraHop ${extrahop.server.url}, Jira ${jira.url}\n`);
	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		report.section('Start');
		n8n = await startN8n({
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				jira: jira.credentials,
				webhookSecret: { headerName: HEADER, secret: SECRET },
			}),
			workflows: [examples.workflowPath('socFlowToJira')],
			activateVia: 'rest',
		});
		const instance = n8n;
		const active = await activeWorkflowIds(instance);
		check(active.includes(W), 'example 04 is imported with its id and active', active);
		const workflow = examples.loadWorkflow('socFlowToJira');
		const hookId = workflow.nodes.find(
			(/** @type {any} */ n) => n.name === 'Jira Trigger',
		).webhookId;
		check(
			jira.state.webhooks.length === 1 &&
				jira.state.webhooks[0].url === instance.webhookUrl(`${hookId}/webhook`) &&
				jira.state.webhooks[0].filters['issue-related-events-section'] === 'labels = extrahop-soc',
			'the Jira Trigger registered its webhook (issues labelled extrahop-soc)',
			jira.state.webhooks,
		);
		check(
			workflow.nodes.filter((/** @type {any} */ n) => n.type === 'n8n-nodes-base.stickyNote')
				.length >= 2,
			'the example carries sticky notes (what it does, what to adapt)',
		);

		// ---- 1. detection -> investigation, issue with participants, PCAP attached ----------------
		report.section('Detection to investigation, Jira issue with participants and PCAP');
		// The simulator seeds 1001 closed, with a ticket from another system (EX-4437). The flow
		// links a detection that already has a ticket instead of opening a second one, so this
		// scenario starts from 1001 as a new, unticketed detection (created at its new mod_time, so
		// that the trigger's "New Detection" event takes it).
		const createdAt = Number(extrahop.getDetection(1001)?.mod_time) + 1;
		const reopened = await fetch(`${extrahop.server.url}/_sim/detections/1001`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				mod_time: createdAt,
				fields: {
					status: 'new',
					ticket_id: null,
					assignee: null,
					resolution: null,
					create_time: createdAt,
				},
			}),
		});
		if (!reopened.ok) throw new Error(`could not make detection 1001 new: HTTP ${reopened.status}`);
		const detection = /** @type {Record<string, any>} */ (extrahop.getDetection(1001));
		const pushUrl = instance.webhookUrl(
			`${workflow.nodes.find((/** @type {any} */ n) => n.name === 'ExtraHop Webhook Trigger').webhookId}/extrahop`,
		);
		const refused = await fetch(pushUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ id: 1001 }),
		});
		check(
			refused.status === 401 || refused.status === 403,
			`a push without the secret is refused (HTTP ${refused.status})`,
		);
		const pushed = await fetch(pushUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', [HEADER]: SECRET },
			body: JSON.stringify({
				id: 1001,
				title: detection.title,
				description: detection.description,
			}),
		});
		check(pushed.status === 200, `the push with the secret is accepted (HTTP ${pushed.status})`);
		const mine = () => jira.search('labels = "extrahop-1001"');
		await waitFor(
			'an issue with an attachment for detection 1001',
			() => mine().length > 0 && (mine()[0].attachments ?? []).length > 0,
			{ timeoutMs: 60_000 },
		);
		await waitFor(
			'the investigation notes naming the issue',
			() => /Jira: SOC-\d+/.test(extrahop.soc().investigations.investigations()[0]?.notes ?? ''),
			{ timeoutMs: 30_000 },
		).catch(() => undefined);
		const issues = mine();
		const issue = issues[0];
		check(
			issues.length === 1,
			'exactly one Jira issue for the detection',
			issues.map((i) => i.key),
		);
		const description = String(issue?.description ?? '');
		const laptop = extrahop.soc().devices.device(1900);
		check(
			description.includes(
				`offender: AccountingLaptop (192.168.6.21), MAC ${laptop.macaddr}, role pc`,
			) && description.includes('victim: corpshare.example.com (192.168.6.179)'),
			'the description lists the participants by device name and IP (MAC and role from Enrich Participants)',
			description,
		);
		check(
			description.includes(
				`${extrahop.server.url}/extrahop/#/metrics/devices/${laptop.discovery_id}/overview`,
			),
			"the description links the offender device's page in ExtraHop",
		);
		const investigations = extrahop.soc().investigations.investigations();
		const investigation = investigations[0];
		check(
			investigations.length === 1 &&
				JSON.stringify(investigation.detections) === JSON.stringify([1001]) &&
				investigation.status === 'in_progress',
			'one ExtraHop investigation holding detection 1001, in progress',
			investigations,
		);
		check(
			description.includes(
				`ExtraHop investigation ${investigation?.id} (Detection 1001: ${detection.title})`,
			) && (issue?.labels ?? []).includes(`extrahop-investigation-${investigation?.id}`),
			'the issue names the investigation (description and label)',
			[description, issue?.labels],
		);
		check(
			String(investigation?.notes ?? '').includes(`Jira: ${issue?.key}`),
			"the investigation's notes carry the issue key (linked both ways)",
			investigation?.notes,
		);
		const attachments = issue?.attachments ?? [];
		check(
			attachments.length === 1 &&
				attachments[0].filename === 'detection-1001.pcap' &&
				attachments[0].mimeType === 'application/vnd.tcpdump.pcap',
			'one attachment detection-1001.pcap (application/vnd.tcpdump.pcap)',
			attachments,
		);
		const bytes = attachments[0]
			? Buffer.from(jira.attachmentData(attachments[0].id) ?? [])
			: Buffer.alloc(0);
		const parsed = parsePcap(bytes);
		check(
			parsed.ok && parsed.packets === 6,
			`the attachment parses as a PCAP (${parsed.packets} packets${parsed.why ? `; ${parsed.why}` : ''})`,
		);
		const search = extrahop.server.requestLog('/api/v1/packets/search').at(-1);
		const body = search ? JSON.parse(search.body) : {};
		check(
			body.ip1 === '192.168.6.21' &&
				body.ip2 === '192.168.6.179' &&
				body.output === 'pcap' &&
				Number(body.until) - Number(body.from) ===
					detection.end_time - detection.start_time + 600_000,
			"the packet search asked for the participants' IPs, 5 minutes around the detection",
			body,
		);

		const ticketed = extrahop.getDetection(1001);
		check(
			ticketed?.ticket_id === issue?.key && ticketed?.status === 'in_progress',
			`the issue key is written back to detection 1001 as its ticket ID (${ticketed?.ticket_id}, ${ticketed?.status})`,
			{ ticket_id: ticketed?.ticket_id, status: ticketed?.status },
		);

		// ---- 2. false positive -> exactly one tuning rule ------------------------------------------
		report.section('Jira "False Positive" resolution to a tuning rule');
		jira.resolveIssue(issue.key, 'False Positive', {});
		await waitFor('a tuning rule', () => extrahop.soc().tuning.rules().length > 0, {
			timeoutMs: 60_000,
		});
		// Later updates of the issue (a comment, a label) must not create another rule.
		jira.addComment(issue.key, 'Confirmed with the accounting team.', 'analyst');
		await sleep(5000);
		const rules = extrahop.soc().tuning.rules();
		const rule = rules[0];
		check(rules.length === 1, `exactly one tuning rule (${rules.length})`, rules);
		check(
			JSON.stringify(rule?.detection_types) === JSON.stringify([detection.type]) &&
				rule?.offender?.object_type === 'device' &&
				rule?.offender?.object_id === 1900 &&
				rule?.victim === 'Any' &&
				rule?.enabled === true,
			`the rule hides ${detection.type} for offender device 1900 (AccountingLaptop), any victim`,
			rule,
		);
		const days = (Number(rule?.expiration) - Date.now()) / 86_400_000;
		check(
			days > 89 && days <= 90.01 && String(rule?.description).includes(issue.key),
			`it expires in 90 days (${days.toFixed(2)}) and its description names ${issue.key}`,
			rule?.description,
		);
		const after = extrahop.soc().investigations.investigations()[0];
		check(
			after?.assessment === 'false_positive' && after?.status === 'closed',
			'the investigation is assessed false positive and closed',
			after,
		);

		// ---- 3. the backstop: a push that never arrived, a run that crashed after the issue -----------
		report.section('Reconciliation: a lost push and a crashed run, with no human step');
		const lost = extrahop.createDetection({ type: 'rare_ssh_port', risk_score: 81 });
		const crashed = extrahop.createDetection({ type: 'port_scan', risk_score: 64 });
		const crashedIssue = jira.createIssue(
			{
				project: { key: 'SOC' },
				issuetype: { name: 'Incident' },
				summary: `ExtraHop Detection ${crashed.id}: ${crashed.title}`,
				labels: ['extrahop', 'extrahop-soc', `extrahop-${crashed.id}`],
			},
			'analyst',
		);
		const investigationsBefore = extrahop.soc().investigations.investigations().length;
		const jumpedAt = Date.now();
		extrahop.config.clockOffsetMs += 11 * 60_000;
		await waitFor(
			'ticket IDs on both (the next poll of "Detections Still Without Ticket")',
			() =>
				extrahop.getDetection(lost.id)?.ticket_id && extrahop.getDetection(crashed.id)?.ticket_id,
			{ timeoutMs: 100_000 },
		);
		await waitFor(
			`the PCAP on the issue of ${lost.id}`,
			() => (jira.search(`labels = "extrahop-${lost.id}"`)[0]?.attachments ?? []).length > 0,
			{ timeoutMs: 30_000 },
		).catch(() => undefined);
		const lostIssues = jira.search(`labels = "extrahop-${lost.id}"`);
		const lostInvestigations = extrahop
			.soc()
			.investigations.investigations()
			.filter((i) => JSON.stringify(i.detections) === JSON.stringify([lost.id]));
		check(
			lostIssues.length === 1 &&
				extrahop.getDetection(lost.id)?.ticket_id === lostIssues[0].key &&
				lostInvestigations.length === 1 &&
				(lostIssues[0].attachments ?? []).length === 1 &&
				String(lostIssues[0].description).includes('offender: '),
			`${lost.id}, never pushed: ${((Date.now() - jumpedAt) / 1000).toFixed(1)} s after ExtraHop's clock moved 11 minutes on, one investigation, one issue ${lostIssues[0]?.key} with the participants and the PCAP, its key written back`,
			{ issues: lostIssues.map((i) => i.key), investigations: lostInvestigations.length },
		);
		check(
			jira.search(`labels = "extrahop-${crashed.id}"`).length === 1 &&
				extrahop.getDetection(crashed.id)?.ticket_id === crashedIssue.key &&
				extrahop.soc().investigations.investigations().length === investigationsBefore + 1,
			`${crashed.id}, whose run crashed after opening ${crashedIssue.key}: linked to it; no second issue, no investigation`,
			{
				issues: jira.search(`labels = "extrahop-${crashed.id}"`).map((i) => i.key),
				ticket: extrahop.getDetection(crashed.id)?.ticket_id,
			},
		);

		// ---- 4. contract ---------------------------------------------------------------------------
		report.section('ExtraHop contract');
		const violations = extrahop.violations();
		check(
			violations.length === 0,
			"no request n8n sent was one ExtraHop's API would refuse",
			violations,
		);
		const failed = await instance.listExecutions({ workflowId: W, status: ['error', 'crashed'] });
		check(
			failed.length === 0,
			'no failed execution of example 04',
			failed.map((/** @type {any} */ e) => e.id),
		);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
	} finally {
		if (n8n) await n8n.stop();
		await Promise.allSettled([jira.stop(), extrahop.stop()]);
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} soc-flow in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
