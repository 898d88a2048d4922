#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, this package installed from `npm pack`): the
 * ServiceNow examples (examples/05, 06), imported unchanged and activated, against the ExtraHop
 * simulator and the ServiceNow simulator. n8n's ServiceNow node always calls
 * https://<subdomain>.service-now.com: n8n runs with HTTPS_PROXY pointing at the simulator's
 * proxy and the simulator's test CA in NODE_EXTRA_CA_CERTS, so the node's real URLs, TLS
 * verification and credential are used unchanged.
 *
 *   1. The credential test passes through the proxy (and fails with a wrong password); the
 *      dropdowns (assignment groups, resolution codes, incident columns) answer.
 *   2. New detections -> one incident each (short description, description + link, urgency and
 *      impact -> priority, category, assignment group, correlation ID), the number written back as
 *      ticket ID (in progress, assignee).
 *   3. Incidents resolved (Solution provided / Duplicate / Resolved by caller) -> on the next poll of
 *      example 06, detections closed with action taken / no action taken / no action taken.
 *   4. New activity -> a work note on the incident, no second incident; an incident opened by hand
 *      with correlation ID extrahop-<id> -> work note and link.
 *   5. No loop and no repeat: executions per detection counted over one more poll; the next polls
 *      of example 06 see the same resolutions and close nothing again; the simulator recorded no
 *      ignored field, unknown reference or invalid query; every tunnel went to the instance.
 *   6. A ServiceNow outage fails a run (and a crashed run left an incident without its number on
 *      the detection); ExtraHop's clock 11 minutes on: "Detection Still Without Ticket" re-emits
 *      both, one incident created, the other linked, with no human step.
 *
 *   npm run build && node test/e2e/servicenow.e2e.js        (about 4 minutes)
 */
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
const t = require('./lib/ticketing');
const { reconcileAfterOutage, lookupToCreateMs } = require('./lib/reconcile');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createServiceNowSimulator } = require('../../tools/simulators/servicenow');

const W5 = examples.WORKFLOWS.detectionToServiceNow.id;
const W6 = examples.WORKFLOWS.serviceNowToExtraHop.id;
const EXTRAHOP_ASSIGNEE = 'escalations_team';
/** Urgency/impact the example must give a risk score, and the priority ServiceNow derives. */
const EXPECTED = (/** @type {number | null} */ risk) =>
	risk === null
		? { urgency: '2', impact: '2', priority: '3' }
		: risk >= 90
			? { urgency: '1', impact: '1', priority: '1' }
			: risk >= 70
				? { urgency: '1', impact: '2', priority: '2' }
				: risk >= 40
					? { urgency: '2', impact: '2', priority: '3' }
					: { urgency: '3', impact: '2', priority: '4' };

const report = new Report();
const check = report.check.bind(report);

async function main() {
	const sn = createServiceNowSimulator();
	const extrahop = createExtraHopSimulator();
	await sn.start();
	await extrahop.start();
	extrahop.config.ticketUrlTemplate = `${sn.url}/nav_to.do?uri=incident.do?sysparm_query=number=$ticket_id`;
	process.stdout.write(
		`simulators: ExtraHop ${extrahop.server.url}, ServiceNow ${sn.url} via proxy ${sn.proxyUrl} (direct ${sn.directUrl})\n`,
	);
	const polls = () => t.triggerPolls(extrahop);
	/** Completed polls of example 06 (its incident query). */
	const resolvedPolls = () =>
		sn.state.queries.filter((q) => q.table === 'incident' && q.query.includes('resolved_at>='));

	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		report.section('Start');
		n8n = await startN8n({
			env: sn.n8nEnv(),
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				serviceNow: sn.credentials,
			}),
			workflows: [
				examples.workflowPath('detectionToServiceNow'),
				examples.workflowPath('serviceNowToExtraHop'),
			],
			activateVia: 'rest',
		});
		const instance = n8n;
		process.stdout.write(
			`  n8n ${instance.baseUrl} ready in ${(instance.timings.totalMs / 1000).toFixed(1)} s\n`,
		);
		const active = await t.activeWorkflowIds(instance);
		check(
			[W5, W6].every((id) => active.includes(id)),
			'the ServiceNow examples (05, 06) are imported with their ids and active',
			active,
		);

		// ---- 1. credential and dropdowns -----------------------------------------------------------
		report.section(
			'ServiceNow credential and dropdowns (https://exhsim.service-now.com through the proxy)',
		);
		const cred = examples.CREDENTIALS.serviceNow;
		const tested = await instance.testCredential({
			id: cred.id,
			name: cred.name,
			type: cred.type,
			data: sn.credentials,
		});
		check(
			tested?.status === 'OK',
			`credential test of "${cred.name}" (GET /api/now/table/sys_user_role): OK`,
			tested,
		);
		const wrong = await instance.testCredential({
			id: cred.id,
			name: cred.name,
			type: cred.type,
			data: { ...sn.credentials, password: 'not-the-password' },
		});
		check(wrong?.status === 'Error', 'the same test with a wrong password fails', wrong);
		const credentialTestsDone = Date.now();
		const createNode = examples
			.loadWorkflow('detectionToServiceNow')
			.nodes.find((/** @type {any} */ n) => n.name === 'Create Incident');
		const nodeBase = {
			nodeType: 'n8n-nodes-base.serviceNow',
			version: 1,
			credentials: { serviceNowBasicApi: { id: cred.id, name: cred.name } },
		};
		const groups = await instance.nodeOptions({
			...nodeBase,
			kind: 'options',
			methodName: 'getAssignmentGroups',
			parameters: {
				authentication: 'basicAuth',
				resource: 'incident',
				operation: 'create',
				short_description: 'x',
				additionalFields: {},
			},
			path: 'additionalFields.assignment_group',
		});
		const exampleGroup = examples
			.loadWorkflow('detectionToServiceNow')
			.nodes.find((/** @type {any} */ n) => n.name === 'Prepare Incident Fields')
			.parameters.assignments.assignments.find(
				(/** @type {any} */ a) => a.name === 'snAssignmentGroup',
			).value;
		check(
			Array.isArray(groups) &&
				groups.some(
					(/** @type {any} */ g) => g.name === 'Security Operations' && g.value === exampleGroup,
				),
			'assignment group dropdown (GET /api/now/table/sys_user_group) lists Security Operations with the sys_id the example uses',
			groups,
		);
		const codes = await instance.nodeOptions({
			...nodeBase,
			kind: 'options',
			methodName: 'getIncidentResolutionCodes',
			parameters: {
				authentication: 'basicAuth',
				resource: 'incident',
				operation: 'update',
				id: 'x',
				updateFields: {},
			},
			path: 'updateFields.close_code',
		});
		check(
			Array.isArray(codes) &&
				['Solution provided', 'Duplicate', 'Resolved by caller'].every((c) =>
					codes.some((/** @type {any} */ o) => o.value === c),
				),
			'resolution code dropdown (GET /api/now/table/sys_choice, element=close_code) lists the codes example 06 maps',
			codes,
		);
		// n8n's column picker lists what sys_dictionary answers for name=incident: on a real
		// instance the incident table's own columns, not those it inherits from task. The example
		// therefore builds its columns in a Set node and sends them with Auto-Map Input Data.
		const columns = await instance.nodeOptions({
			...nodeBase,
			kind: 'options',
			methodName: 'getColumns',
			parameters: { ...createNode.parameters, dataToSend: 'columns' },
			path: 'fieldsToSend.field.column',
		});
		const listed = (/** @type {string} */ c) =>
			Array.isArray(columns) && columns.some((/** @type {any} */ o) => o.value === c);
		const sent = examples
			.loadWorkflow('detectionToServiceNow')
			.nodes.find((/** @type {any} */ n) => n.name === 'New Incident Columns')
			.parameters.assignments.assignments.map((/** @type {any} */ a) => a.name);
		check(
			listed('category') &&
				!listed('short_description') &&
				!listed('correlation_id') &&
				createNode.parameters.dataToSend === 'mapInput' &&
				sent.includes('correlation_id'),
			`column dropdown (GET /api/now/table/sys_dictionary, name=incident) lists the incident table's own columns only (category, not short_description or correlation_id); Create Incident sends the columns New Incident Columns builds (${sent.join(', ')})`,
			{ columns, dataToSend: createNode.parameters.dataToSend },
		);

		// ---- 2. new detections -> incidents --------------------------------------------------------
		report.section('Detection to ServiceNow: new detections');
		const { fresh } = await t.createDetectionsAndAwaitTickets(
			extrahop,
			[
				['ransomware_activity', 95],
				['cifs_exfil_anomaly', 75],
				['dns_tunnel', 50],
				['port_scan', null],
				['weak_cipher_suite', 20],
			],
			'incident numbers',
		);
		await t.settle(instance);
		const incidentOf = (/** @type {any} */ d) =>
			sn.incidents().filter((i) => i.correlation_id === `extrahop-${d.id}`);
		check(
			sn.incidents().length === fresh.length,
			`exactly one incident per detection (${sn.incidents().length} for ${fresh.length})`,
			sn.incidents().map((i) => i.short_description),
		);
		for (const created of fresh) {
			const mine = incidentOf(created);
			const inc = mine[0];
			const d = extrahop.getDetection(created.id);
			const label = `${created.id} (risk ${created.risk_score ?? 'none'})`;
			if (
				!check(
					mine.length === 1,
					`detection ${label}: one incident`,
					mine.map((i) => i.number),
				)
			)
				continue;
			const want = EXPECTED(created.risk_score);
			const problems = [];
			if (
				inc.short_description !==
				`ExtraHop Detection: ${created.id}: ${created.title}`.slice(0, 160)
			)
				problems.push(`short description ${inc.short_description}`);
			const description = String(inc.description ?? '');
			if (
				!description.startsWith(
					`ExtraHop has detected the following event on your network: ${t.plainDescription(created.description)}`,
				)
			)
				problems.push('description');
			if (!description.includes(String(created.url)))
				problems.push(`no link back to ${created.url}`);
			if (
				inc.urgency !== want.urgency ||
				inc.impact !== want.impact ||
				inc.priority !== want.priority
			)
				problems.push(
					`urgency/impact/priority ${inc.urgency}/${inc.impact}/${inc.priority}, expected ${want.urgency}/${want.impact}/${want.priority}`,
				);
			if (
				inc.category !== 'security' ||
				inc.assignment_group !== 'Security Operations' ||
				inc.correlation_display !== 'ExtraHop' ||
				inc.stateValue !== '1'
			)
				problems.push(
					`category ${inc.category}, group ${inc.assignment_group}, correlation display ${inc.correlation_display}, state ${inc.state}`,
				);
			if (inc.opened_by !== sn.credentials.user) problems.push(`opened by ${inc.opened_by}`);
			if (
				d?.ticket_id !== inc.number ||
				d?.status !== 'in_progress' ||
				d?.assignee !== EXTRAHOP_ASSIGNEE
			)
				problems.push(`detection ${d?.ticket_id}/${d?.status}/${d?.assignee}`);
			check(
				problems.length === 0,
				`detection ${label} -> ${inc.number}: short description, description + link, priority ${inc.priority}, category, group, correlation ID; detection carries ${d?.ticket_id} / in progress / ${EXTRAHOP_ASSIGNEE}`,
				problems,
			);
		}
		const page = await (await fetch(`${extrahop.server.url}/`)).text();
		const first = incidentOf(fresh[0])[0];
		check(
			page.includes(`nav_to.do?uri=incident.do?sysparm_query=number=${first?.number}`),
			'the ExtraHop page links the incident number through the URL template',
		);

		// ---- 3 and 4. resolutions, activity, an incident opened by hand ----------------------------
		report.section('Incidents resolved; new activity; an incident opened by hand');
		const byCode = /** @type {const} */ ([
			[fresh[1], 'Solution provided', 'action_taken'],
			[fresh[2], 'Duplicate', 'no_action_taken'],
			[fresh[3], 'Resolved by caller', 'no_action_taken'],
		]);
		const phase2At = Date.now();
		const [updated] = fresh;
		extrahop.modifyDetection(updated.id, { activity: true });
		const orphan = extrahop.createDetection({ type: 'rare_ssh_port', risk_score: 60 });
		const orphanIncident = sn.createIncident(
			{
				short_description: `Opened by hand for ExtraHop detection ${orphan.id}`,
				correlation_id: `extrahop-${orphan.id}`,
				urgency: '2',
				impact: '2',
			},
			'soc.analyst',
		);
		for (const [d, code] of byCode)
			sn.resolveIncident(/** @type {string} */ (incidentOf(d)[0]?.number), code, {
				as: 'soc.analyst',
				notes: `Closed by the e2e analyst: ${code}`,
			});
		process.stdout.write(
			`  resolved ${byCode.map(([d, code]) => `${incidentOf(d)[0]?.number} (${code})`).join(', ')}; activity on ${updated.id}; ${orphanIncident.number} opened by hand for ${orphan.id}\n`,
		);
		await waitFor(
			'the resolved incidents closing their detections (next poll of example 06)',
			() => byCode.every(([d]) => extrahop.getDetection(d.id)?.status === 'closed'),
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		process.stdout.write(
			`  closed ${((Date.now() - phase2At) / 1000).toFixed(1)} s after the resolutions\n`,
		);
		for (const [d, code, expected] of byCode) {
			const now = extrahop.getDetection(d.id);
			check(
				now?.status === 'closed' &&
					now?.resolution === expected &&
					now?.ticket_id === incidentOf(d)[0]?.number,
				`incident ${incidentOf(d)[0]?.number} resolved "${code}" -> detection ${d.id} closed, resolution ${expected}`,
				{ status: now?.status, resolution: now?.resolution },
			);
		}
		check(
			extrahop.getDetection(fresh[4].id)?.status === 'in_progress',
			'the detection whose incident is still open stays in progress',
		);
		await waitFor(
			"a work note on the updated detection's incident and the hand-made incident linked",
			() =>
				(incidentOf(updated)[0]?.work_notes.length ?? 0) >= 1 &&
				extrahop.getDetection(orphan.id)?.ticket_id,
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		await t.settle(instance);
		const notes = incidentOf(updated)[0]?.work_notes ?? [];
		check(
			incidentOf(updated).length === 1 &&
				notes.length === 1 &&
				notes[0].value.startsWith(`ExtraHop reports new activity on detection ${updated.id} (`) &&
				notes[0].value.includes(String(updated.url)) &&
				notes[0].by === sn.credentials.user,
			`new activity on ${updated.id}: one work note with the link on ${incidentOf(updated)[0]?.number} by the integration user, no second incident`,
			notes,
		);
		const orphanNow = extrahop.getDetection(orphan.id);
		check(
			incidentOf(orphan).length === 1 &&
				orphanNow?.ticket_id === orphanIncident.number &&
				orphanNow?.status === 'in_progress' &&
				(sn.incident(orphanIncident.number)?.work_notes.length ?? 0) === 1,
			`detection ${orphan.id}: no new incident; ${orphanIncident.number} (found by correlation ID) got a work note and its number`,
			{ ticket_id: orphanNow?.ticket_id, incidents: incidentOf(orphan).map((i) => i.number) },
		);

		// ---- 5. no loop, no repeat ------------------------------------------------------------------
		report.section('More polls of both workflows (no loop, no repeated closing)');
		const settledAt = Date.now();
		// Example 06's next poll still finds the three resolutions (15-minute window): it must close nothing again.
		await waitFor(
			'an ExtraHop poll and an incident poll after the last write-back',
			() =>
				polls().some((r) => r.at > settledAt) &&
				resolvedPolls().some((q) => q.at > settledAt && q.rows >= 3),
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		await sleep(2000);
		await t.settle(instance);
		const perDetection = await t.triggerEventsPerDetection(instance, W5);
		check(
			t.triggerRunsAsExpected(perDetection, [...fresh.map((d) => d.id), orphan.id], updated.id),
			`executions per detection: 1 each (created), 2 for ${updated.id} (created, updated); write-backs and closures started none`,
			Object.fromEntries(perDetection),
		);
		// The simulator saw example 06's third query; its execution may still be finishing on a loaded machine.
		let w6Runs = await instance.listExecutions({ workflowId: W6 });
		await waitFor(
			"example 06's third execution to be listed",
			async () => (w6Runs = await instance.listExecutions({ workflowId: W6 })).length >= 3,
			{ timeoutMs: 60000 },
		).catch(() => undefined);
		await t.settle(instance);
		const closing = await t.nodesRun(instance, W6, (n) => n.startsWith('Close'));
		const found = await t.nodesRun(instance, W6, (n) => n === 'Find Resolved Incidents');
		check(
			closing.length === 2 &&
				closing.filter((n) => n === 'Close: No Action Taken').length === 1 &&
				w6Runs.length >= 3,
			`example 06 polled ${w6Runs.length} times (${found.length} incident queries); it closed detections in exactly one run per resolution batch (${closing.join(', ')}), never again for the same resolutions`,
			{ runs: w6Runs.length, closing },
		);
		const closeUpdates = extrahop.server.requests.filter(
			(r) => r.method === 'PATCH' && /"status":"closed"/.test(r.body),
		);
		check(
			closeUpdates.length === 3,
			`ExtraHop received 3 closing updates in all (${closeUpdates.length})`,
			closeUpdates.map((r) => r.path),
		);
		check(
			sn.state.warnings.length === 0,
			'the ServiceNow simulator recorded nothing a real instance would silently drop (unknown fields, bad references, invalid queries)',
			sn.state.warnings,
		);
		const refusals = t.refusalsOnlyFromCredentialTests(
			sn.server,
			'/api/now/table/sys_user_role',
			credentialTestsDone,
		);
		check(
			refusals.ok,
			'the ServiceNow simulator refused nothing the examples sent: its only refusals are the 401s of the wrong-password test',
			refusals.refused,
		);
		check(
			sn.state.tunnels.length >= 1 &&
				sn.state.tunnels.every((x) => x.allowed && x.host === `${sn.host}:443`),
			`every connection n8n opened went through the proxy to ${sn.host}:443 (${sn.state.tunnels.length} tunnels), TLS verified against the test CA`,
			sn.state.tunnels.filter((x) => !x.allowed),
		);
		const errors = (await instance.listExecutions({ status: ['error', 'crashed'] })).map(
			(e) => `${e.workflowId}#${e.id}`,
		);
		check(errors.length === 0, 'no failed execution', errors);

		report.section('A ServiceNow outage, then reconciliation with no human step');
		const rec = await reconcileAfterOutage({
			n8n: instance,
			extrahop,
			workflowId: W5,
			outage: {
				start: () =>
					sn.server.injectFault({
						method: 'POST',
						pathPrefix: '/api/now/table/incident',
						kind: 'status',
						status: 503,
						times: 100_000,
					}),
				stop: () => sn.server.clearFaults(),
			},
			openTicket: (d) =>
				sn.createIncident(
					{
						short_description: `ExtraHop Detection: ${d.id}: ${d.title}`,
						correlation_id: `extrahop-${d.id}`,
						urgency: '2',
						impact: '2',
					},
					'soc.analyst',
				).number,
		});
		await t.settle(instance);
		const [lostA, lostB] = rec.lost;
		check(
			rec.untouched && rec.failedRuns.every((status) => status === 'error'),
			`ServiceNow answering 503: the run for ${lostA.id} and ${lostB.id} failed, no ticket number written`,
			rec.failedRuns,
		);
		const notesB = incidentOf(lostB)[0]?.work_notes ?? [];
		check(
			incidentOf(lostA).length === 1 &&
				extrahop.getDetection(lostA.id)?.ticket_id === incidentOf(lostA)[0].number &&
				incidentOf(lostB).length === 1 &&
				extrahop.getDetection(lostB.id)?.ticket_id === rec.preexisting &&
				notesB.length === 1 &&
				notesB[0].value.includes('still had no ticket number'),
			`ExtraHop's clock 11 minutes on: ${lostA.id} got one incident, ${lostB.id} was linked to ${rec.preexisting} (created by a run that crashed; a work note says so), ${(rec.reconciledInMs / 1000).toFixed(1)} s later; no second incident`,
			[incidentOf(lostA).map((i) => i.number), extrahop.getDetection(lostB.id)?.ticket_id, notesB],
		);
		const windowMs = lookupToCreateMs(
			sn.server,
			rec.jumpedAt,
			'/api/now/table/incident',
			'/api/now/table/incident',
		);
		check(
			windowMs !== undefined,
			`lookup-to-create window in the reconciling run: ${windowMs ?? '?'} ms`,
		);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
		if (n8n) process.stdout.write(`--- n8n log tail ---\n${n8n.logTail(60)}\n`);
	} finally {
		if (n8n) {
			await n8n.stop();
			check(!n8n.groupAlive(), `n8n stopped in ${n8n.timings.stopMs} ms, no process left`);
		}
		await Promise.allSettled([sn.stop(), extrahop.stop()]);
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} servicenow in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
