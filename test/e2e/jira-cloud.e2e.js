#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, this package installed from `npm pack`): the Jira
 * Cloud examples (examples/01b, 02b), imported unchanged and activated, against the ExtraHop
 * simulator and the Jira simulator in Cloud mode (API-token auth, account IDs, /search/jql, REST
 * v3 comments in ADF). Assertions read the simulators' state and request logs and n8n's REST API.
 *
 *   1. The Jira Cloud credential's test passes (and fails with a wrong token); the editor's
 *      dropdowns the examples use answer from Cloud endpoints (projects, users by account ID, labels).
 *   2. New detections -> one issue each (summary, description + link, priority, labels, assignee by
 *      account ID), the key written back as ticket ID (in progress, assignee).
 *   3. Issues resolved Done / Won't Do -> detections closed with action taken / no action taken.
 *   4. New activity -> a comment (REST v3, ADF) on the issue, no second issue; a detection whose
 *      issue exists (label extrahop-<id>) but whose key never reached ExtraHop -> comment and link.
 *   5. No loop: executions per detection counted over one more poll; no failed execution; the
 *      simulator refused nothing n8n sent.
 *   6. A Jira Cloud outage fails a run (and a crashed run left an issue without its key on the
 *      detection); ExtraHop's clock 11 minutes on: "Detection Still Without Ticket" re-emits both,
 *      one issue created, the other linked, with no human step.
 *
 *   npm run build && node test/e2e/jira-cloud.e2e.js        (about 3 to 4 minutes)
 */
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
const t = require('./lib/ticketing');
const {
	reconcileAfterOutage,
	jiraOutage,
	crashedRunIssue,
	lookupToCreateMs,
	JIRA_WINDOW,
} = require('./lib/reconcile');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');

const W1 = examples.WORKFLOWS.detectionToJiraCloud.id;
const W2 = examples.WORKFLOWS.jiraCloudToExtraHop.id;
const EXTRAHOP_ASSIGNEE = 'escalations_team';

const report = new Report();
const check = report.check.bind(report);

async function main() {
	const jira = createJiraSimulator({ deployment: 'cloud' });
	const extrahop = createExtraHopSimulator();
	await jira.start();
	await extrahop.start();
	extrahop.config.ticketUrlTemplate = `${jira.url}/browse/$ticket_id`;
	const assigneeAccountId = /** @type {string} */ (jira.accountIdOf('escalations_team'));
	process.stdout.write(`simulators: ExtraHop ${extrahop.server.url}, Jira Cloud ${jira.url}\n`);
	const polls = () => t.triggerPolls(extrahop);

	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		report.section('Start');
		n8n = await startN8n({
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				jiraCloud: jira.cloudCredentials,
			}),
			workflows: [
				examples.workflowPath('detectionToJiraCloud'),
				examples.workflowPath('jiraCloudToExtraHop'),
			],
			activateVia: 'rest',
		});
		const instance = n8n;
		process.stdout.write(
			`  n8n ${instance.baseUrl} ready in ${(instance.timings.totalMs / 1000).toFixed(1)} s\n`,
		);
		const active = await t.activeWorkflowIds(instance);
		check(
			[W1, W2].every((id) => active.includes(id)),
			'the Jira Cloud examples (01b, 02b) are imported with their ids and active',
			active,
		);
		const hookUrl = instance.webhookUrl(
			`${examples.loadWorkflow('jiraCloudToExtraHop').nodes[0].webhookId}/webhook`,
		);
		const serverInfoAsked = jira.server.requests.some(
			(r) => r.path === '/rest/api/2/serverInfo' && r.status === 200,
		);
		check(
			serverInfoAsked &&
				jira.state.webhooks.length === 1 &&
				jira.state.webhooks[0].url === hookUrl &&
				jira.state.webhooks[0].filters['issue-related-events-section'] === 'labels = extrahop',
			'the Jira Trigger (Cloud) read serverInfo (deploymentType Cloud) and registered its webhook for issues labelled extrahop',
			jira.state.webhooks,
		);

		// ---- 1. credential and dropdowns -----------------------------------------------------------
		report.section('Jira Cloud credential and the dropdowns the examples use');
		const cred = examples.CREDENTIALS.jiraCloud;
		const tested = await instance.testCredential({
			id: cred.id,
			name: cred.name,
			type: cred.type,
			data: jira.cloudCredentials,
		});
		check(
			tested?.status === 'OK',
			`credential test of "${cred.name}" (GET /rest/api/2/myself, e-mail + API token): OK`,
			tested,
		);
		const wrong = await instance.testCredential({
			id: cred.id,
			name: cred.name,
			type: cred.type,
			data: { ...jira.cloudCredentials, apiToken: 'not-the-token' },
		});
		check(wrong?.status === 'Error', 'the same test with a wrong API token fails', wrong);
		const withPassword = await instance.testCredential({
			id: cred.id,
			name: cred.name,
			type: cred.type,
			data: { ...jira.cloudCredentials, apiToken: jira.credentials.password },
		});
		check(
			withPassword?.status === 'Error',
			'an account password instead of an API token fails (Jira Cloud refuses Basic auth with passwords)',
			withPassword,
		);
		const credentialTestsDone = Date.now();
		const createNode = examples
			.loadWorkflow('detectionToJiraCloud')
			.nodes.find((/** @type {any} */ n) => n.name === 'Create Issue');
		const nodeBase = {
			nodeType: 'n8n-nodes-base.jira',
			version: 1,
			parameters: createNode.parameters,
			credentials: { jiraSoftwareCloudApi: { id: cred.id, name: cred.name } },
		};
		const projectsFound = await instance.nodeOptions({
			...nodeBase,
			kind: 'listSearch',
			methodName: 'getProjects',
		});
		check(
			Array.isArray(projectsFound) &&
				projectsFound.some(
					(/** @type {any} */ p) =>
						p.value === createNode.parameters.project.value &&
						p.name === createNode.parameters.project.cachedResultName,
				),
			`project dropdown (GET /rest/api/2/project/search): lists "${createNode.parameters.project.cachedResultName}" (${createNode.parameters.project.value}) the example uses`,
			projectsFound,
		);
		const issueTypes = await instance.nodeOptions({
			...nodeBase,
			kind: 'listSearch',
			methodName: 'getIssueTypes',
		});
		check(
			Array.isArray(issueTypes) &&
				issueTypes.some(
					(/** @type {any} */ o) => o.value === createNode.parameters.issueType.value,
				),
			"issue type dropdown lists the example's issue type",
			issueTypes,
		);
		const usersFound = await instance.nodeOptions({
			...nodeBase,
			kind: 'listSearch',
			methodName: 'getUsers',
		});
		check(
			Array.isArray(usersFound) &&
				usersFound.some(
					(/** @type {any} */ u) =>
						u.value === createNode.parameters.additionalFields.assignee.value &&
						u.name === 'Escalations Team',
				) &&
				!usersFound.some((/** @type {any} */ u) => u.value === 'escalations_team'),
			"assignee dropdown (GET /rest/api/2/users/search): users by account ID, the example's assignee among them, no user names",
			usersFound,
		);
		const labels = await instance.nodeOptions({
			...nodeBase,
			kind: 'options',
			methodName: 'getLabels',
			path: 'additionalFields.labels',
		});
		check(Array.isArray(labels), 'labels dropdown (GET /rest/api/2/label) answers', labels);

		// ---- 2. new detections -> issues ---------------------------------------------------------
		report.section('Detection to Jira Cloud: new detections');
		const { fresh } = await t.createDetectionsAndAwaitTickets(
			extrahop,
			[
				['cifs_exfil_anomaly', 95],
				['ransomware_activity', 72],
				['dns_tunnel', 45],
				['port_scan', null],
				['weak_cipher_suite', 12],
			],
			'tickets',
		);
		await t.settle(instance);
		const issueOf = (/** @type {any} */ d) =>
			jira.issues().filter((i) => i.summary.startsWith(`ExtraHop Detection: ${d.id}: `));
		check(
			jira.issues().length === fresh.length,
			`exactly one Jira Cloud issue per detection (${jira.issues().length} for ${fresh.length})`,
			jira.issues().map((i) => i.summary),
		);
		for (const created of fresh) {
			const mine = issueOf(created);
			const issue = mine[0];
			const d = extrahop.getDetection(created.id);
			const label = `${created.id} (risk ${created.risk_score ?? 'none'})`;
			if (
				!check(
					mine.length === 1,
					`detection ${label}: one issue`,
					mine.map((i) => i.key),
				)
			)
				continue;
			const problems = [];
			if (issue.summary !== `ExtraHop Detection: ${created.id}: ${created.title}`)
				problems.push(`summary ${issue.summary}`);
			if (issue.priority !== t.expectedJiraPriority(created.risk_score))
				problems.push(`priority ${issue.priority}`);
			if (JSON.stringify(issue.labels) !== JSON.stringify(t.expectedJiraLabels(created)))
				problems.push(
					`labels ${JSON.stringify(issue.labels)}, expected ${JSON.stringify(t.expectedJiraLabels(created))}`,
				);
			if (issue.assigneeAccountId !== assigneeAccountId)
				problems.push(`assignee account ${issue.assigneeAccountId}`);
			if (issue.project !== 'SOC' || issue.issueType !== 'Incident')
				problems.push(`${issue.project}/${issue.issueType}`);
			const description = String(issue.description ?? '');
			if (
				!description.startsWith(
					`ExtraHop has detected the following event on your network: ${t.plainDescription(created.description)}`,
				)
			)
				problems.push('description');
			if (!description.includes(String(created.url)))
				problems.push(`no link back to ${created.url}`);
			if (
				d?.ticket_id !== issue.key ||
				d?.status !== 'in_progress' ||
				d?.assignee !== EXTRAHOP_ASSIGNEE
			)
				problems.push(`detection ${d?.ticket_id}/${d?.status}/${d?.assignee}`);
			check(
				problems.length === 0,
				`detection ${label} -> ${issue.key}: summary, description + link, priority ${issue.priority}, labels, assignee by account ID; detection carries ${d?.ticket_id} / in progress / ${EXTRAHOP_ASSIGNEE}`,
				problems,
			);
		}
		const creates = jira.server.requests.filter(
			(r) => r.method === 'POST' && r.path === '/rest/api/2/issue',
		);
		const sent = creates.map((r) => JSON.parse(r.body).fields);
		check(
			creates.length === fresh.length &&
				sent.every(
					(f) =>
						f.assignee?.id === assigneeAccountId &&
						!('name' in f.assignee) &&
						Array.isArray(f.labels),
				),
			`n8n sent ${creates.length} POST /rest/api/2/issue with assignee {id: <account ID>} (no name) and the Cloud labels field`,
			sent.map((f) => ({ assignee: f.assignee, labels: f.labels })),
		);
		const searches = jira.server.requests.filter((r) => r.path.startsWith('/rest/api/2/search'));
		check(
			searches.length >= 1 &&
				searches.every((r) => r.path === '/rest/api/2/search/jql' && r.status === 200),
			"the label search went to POST /rest/api/2/search/jql (Jira Cloud's only search)",
			searches.map((r) => `${r.method} ${r.path} ${r.status}`),
		);

		// ---- 3. resolutions ------------------------------------------------------------------------
		report.section('Jira Cloud issues resolved -> detections closed');
		const byResolution = /** @type {const} */ ([
			[fresh[1], 'Done', 'action_taken'],
			[fresh[2], "Won't Do", 'no_action_taken'],
		]);
		const phase2At = Date.now();
		const [updated] = fresh;
		extrahop.modifyDetection(updated.id, { activity: true });
		const orphan = extrahop.createDetection({ type: 'dns_tunnel', risk_score: 55 });
		const orphanIssue = jira.createIssue(
			{
				project: { key: 'SOC' },
				issuetype: { name: 'Incident' },
				summary: `Opened by hand for ExtraHop detection ${orphan.id}`,
				labels: ['extrahop', `extrahop-${orphan.id}`],
			},
			'analyst',
		);
		for (const [d, resolution] of byResolution)
			jira.resolveIssue(/** @type {string} */ (issueOf(d)[0]?.key), resolution, { as: 'analyst' });
		await jira.flushWebhooks();
		await waitFor(
			'the resolved issues closing their detections',
			() => byResolution.every(([d]) => extrahop.getDetection(d.id)?.status === 'closed'),
			{ timeoutMs: 30000 },
		);
		for (const [d, resolution, expected] of byResolution) {
			const now = extrahop.getDetection(d.id);
			check(
				now?.status === 'closed' && now?.resolution === expected,
				`issue ${issueOf(d)[0]?.key} resolved "${resolution}" -> detection ${d.id} closed, resolution ${expected}`,
				{ status: now?.status, resolution: now?.resolution },
			);
		}
		const hookDeliveries = jira.state.deliveries.filter((x) => x.status === 200);
		check(
			hookDeliveries.length >= 2,
			`Jira Cloud webhook deliveries to n8n answered 200 (${hookDeliveries.length})`,
			jira.state.deliveries,
		);

		// ---- 4. activity and an issue whose key never reached ExtraHop -----------------------------
		report.section(
			'Detection to Jira Cloud: new activity, an issue whose key never reached ExtraHop',
		);
		await waitFor(
			"a comment on the updated detection's issue and the orphan detection linked",
			() =>
				(issueOf(updated)[0]?.comments.length ?? 0) >= 1 &&
				extrahop.getDetection(orphan.id)?.ticket_id,
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		process.stdout.write(
			`  picked up ${((Date.now() - phase2At) / 1000).toFixed(1)} s after the change\n`,
		);
		await t.settle(instance);
		const comments = issueOf(updated)[0]?.comments ?? [];
		check(
			issueOf(updated).length === 1 &&
				comments.length === 1 &&
				comments[0].body.startsWith(`ExtraHop reports new activity on detection ${updated.id} (`) &&
				comments[0].body.includes(String(updated.url)),
			`new activity on ${updated.id}: one comment with the link on ${issueOf(updated)[0]?.key}, no second issue`,
			comments,
		);
		const v3Comments = jira.server.requests.filter(
			(r) => r.method === 'POST' && /^\/rest\/api\/3\/issue\/[^/]+\/comment$/.test(r.path),
		);
		check(
			v3Comments.length === 2 &&
				v3Comments.every((r) => r.status === 201 && JSON.parse(r.body).body?.type === 'doc'),
			'comments went to POST /rest/api/3/issue/<key>/comment as Atlassian Document Format (2: activity, orphan)',
			v3Comments.map((r) => `${r.path} ${r.status}`),
		);
		const orphanNow = extrahop.getDetection(orphan.id);
		check(
			jira.search(`labels = "extrahop-${orphan.id}"`).length === 1 &&
				orphanNow?.ticket_id === orphanIssue.key &&
				orphanNow?.status === 'in_progress',
			`detection ${orphan.id}: no new issue, linked to ${orphanIssue.key} found by its label`,
			{ ticket_id: orphanNow?.ticket_id, status: orphanNow?.status },
		);

		// ---- 5. no loop ----------------------------------------------------------------------------
		report.section('One more poll after every write-back (no loop)');
		const settledAt = Date.now();
		await waitFor('a poll after the last write-back', () => polls().some((r) => r.at > settledAt), {
			timeoutMs: t.POLL_TIMEOUT_MS,
		});
		await sleep(3000);
		await t.settle(instance);
		const perDetection = await t.triggerEventsPerDetection(instance, W1);
		check(
			t.triggerRunsAsExpected(perDetection, [...fresh.map((d) => d.id), orphan.id], updated.id),
			`executions per detection: 1 each (created), 2 for ${updated.id} (created, updated); write-backs and closures started none`,
			Object.fromEntries(perDetection),
		);
		const closing = await t.nodesRun(instance, W2, (n) => n.startsWith('Close'));
		check(
			closing.length === 2,
			`Jira-Cloud-to-ExtraHop updated ExtraHop only for the 2 resolutions (${closing.join(', ')})`,
			closing,
		);
		const refusals = t.refusalsOnlyFromCredentialTests(
			jira.server,
			'/rest/api/2/myself',
			credentialTestsDone,
		);
		check(
			refusals.ok,
			'the Jira Cloud simulator refused nothing the examples sent: its only refusals are the 401s of the wrong-credential tests',
			refusals.refused,
		);
		const errors = (await instance.listExecutions({ status: ['error', 'crashed'] })).map(
			(e) => `${e.workflowId}#${e.id}`,
		);
		check(errors.length === 0, 'no failed execution', errors);

		// ---- 6. reconciliation -----------------------------------------------------------------------
		report.section('A Jira Cloud outage, then reconciliation with no human step');
		const rec = await reconcileAfterOutage({
			n8n: instance,
			extrahop,
			workflowId: W1,
			outage: jiraOutage(jira),
			openTicket: crashedRunIssue(jira),
		});
		await t.settle(instance);
		const [lostA, lostB] = rec.lost;
		check(
			rec.untouched && rec.failedRuns.every((status) => status === 'error'),
			`Jira Cloud answering 503: the run for ${lostA.id} and ${lostB.id} failed, no ticket ID written`,
			rec.failedRuns,
		);
		check(
			issueOf(lostA).length === 1 &&
				extrahop.getDetection(lostA.id)?.ticket_id === issueOf(lostA)[0].key &&
				jira.search(`labels = "extrahop-${lostB.id}"`).length === 1 &&
				extrahop.getDetection(lostB.id)?.ticket_id === rec.preexisting,
			`ExtraHop's clock 11 minutes on: ${lostA.id} got one issue, ${lostB.id} was linked to ${rec.preexisting} (opened by a run that crashed), ${(rec.reconciledInMs / 1000).toFixed(1)} s later; no second issue`,
			[issueOf(lostA).map((i) => i.key), extrahop.getDetection(lostB.id)?.ticket_id],
		);
		const windowMs = lookupToCreateMs(jira.server, rec.jumpedAt, ...JIRA_WINDOW);
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
		await Promise.allSettled([jira.stop(), extrahop.stop()]);
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} jira-cloud in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
