#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, this repository installed as a community package
 * from `npm pack`): the three example workflows in examples/, imported unchanged and activated,
 * against the ExtraHop, Jira and LogMule simulators. Every assertion reads the simulators' state
 * or n8n's own REST API (executions); nothing is mocked inside n8n.
 *
 *   1. Detection to Jira: detections created in ExtraHop -> one Jira issue each (summary,
 *      description with the link back, priority from the risk score, labels, assignee) and the
 *      detection updated (ticket ID, status in progress, assignee); new activity on a detection ->
 *      a comment on its issue, no second issue; a detection whose issue exists (labelled
 *      extrahop-<id>) but whose ticket ID never reached ExtraHop -> comment and link, no new issue;
 *      the write-backs do not re-trigger the flow (executions per detection counted); a Jira
 *      outage during a poll (the run fails) and an issue a crashed run opened without writing its
 *      key back, then ExtraHop's clock 11 minutes on: the next poll re-emits both ("Detection Still
 *      Without Ticket"), one issue created, the other linked, none doubled (no human step).
 *   2. Jira back to ExtraHop: issues resolved Done / Won't Do / Duplicate -> the detections closed
 *      with action taken / no action taken / no action taken.
 *   3. LogMule result -> incident -> Jira: a new incident opens one issue; a second result on the
 *      same asset and finding appends (a comment, no second issue); a result on the closed
 *      incident reopens it (a comment); an external_id set by LogMule is used as the issue.
 *   4. Browser check of the editor (tools/browser-check.js) with screenshots in
 *      test-results/screenshots/ (BROWSER_CHECK=0 to skip, =1 to require).
 *
 * The ExtraHop Trigger polls every minute (n8n's minimum): the test creates detections right
 * after start-up and waits for the scheduled polls, three of them in all, watching the
 * simulator's request log to know when a poll has happened. The Jira and LogMule flows are
 * webhook-driven and run while the test waits for polls. Takes about 3 to 4 minutes.
 *
 *   npm run build && node test/e2e/examples.e2e.js
 *   KEEP_N8N_DATA=1 N8N_E2E_ECHO=1 node test/e2e/examples.e2e.js   (keep n8n's data, stream its log)
 */
const fs = require('node:fs');
const path = require('node:path');
const { startN8n, REPO_ROOT } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
// Shared with the Jira Cloud and ServiceNow e2e scripts.
const {
	POLL_TIMEOUT_MS,
	activeWorkflowIds,
	createDetectionsAndAwaitTickets,
	settle,
	triggerEventsPerDetection: emissionsPerDetection,
} = require('./lib/ticketing');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');
const { createLogMuleSimulator } = require('../../tools/simulators/logmule');
const {
	reconcileAfterOutage,
	jiraOutage,
	crashedRunIssue,
	lookupToCreateMs,
	JIRA_WINDOW,
} = require('./lib/reconcile');

const W1 = examples.WORKFLOWS.detectionToJira.id;
const W2 = examples.WORKFLOWS.jiraToExtraHop.id;
const W3 = examples.WORKFLOWS.logMuleToJira.id;
const SCREENSHOT_DIR =
	process.env.SCREENSHOT_DIR ?? path.join(REPO_ROOT, 'test-results', 'screenshots');
const ASSIGNEE = 'escalations_team';

const report = new Report();
const check = report.check.bind(report);

/** Priority the example must give each risk score (buckets 0-39, 40-69, 70-89, 90-99; none: Medium). */
const EXPECTED_PRIORITY = (/** @type {number | null} */ risk) =>
	risk === null
		? 'Medium'
		: risk >= 90
			? 'Highest'
			: risk >= 70
				? 'High'
				: risk >= 40
					? 'Medium'
					: 'Low';

/** The labels the example must set, spelled out independently of the workflow's expression. */
function expectedLabels(/** @type {any} */ d) {
	const slug = (/** @type {string} */ s) =>
		s
			.toLowerCase()
			.replace(/[^a-z0-9_.-]+/g, '-')
			.replace(/^-+|-+$/g, '');
	return [
		...new Set([
			'extrahop',
			`extrahop-${d.id}`,
			...d.categories.map(slug),
			...d.mitre_tactics.map((/** @type {any} */ t) => `mitre-${slug(t.name)}`),
		]),
	];
}

const plainDescription = (/** @type {string} */ text) =>
	text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');

async function main() {
	const browserReady = prepareBrowser();
	const jira = createJiraSimulator();
	const extrahop = createExtraHopSimulator();
	const logmule = createLogMuleSimulator();
	await jira.start();
	await extrahop.start();
	await logmule.start();
	extrahop.config.ticketUrlTemplate = `${jira.url}/browse/$ticket_id`;
	process.stdout.write(
		`simulators: ExtraHop ${extrahop.server.url}, Jira ${jira.url}, LogMule ${logmule.apiRoot()}\n`,
	);

	/** Completed trigger polls: detection searches carrying a mod_time cursor (the trigger's, not Update by Ticket's). */
	const polls = () =>
		extrahop.server.requests.filter((r) => {
			if (r.method !== 'POST' || r.path !== '/api/v1/detections/search' || r.status <= 0)
				return false;
			try {
				return 'mod_time' in JSON.parse(r.body);
			} catch {
				return false;
			}
		});

	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		report.section('Start');
		n8n = await startN8n({
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				jira: jira.credentials,
				logMule: {
					url: logmule.apiRoot(),
					token: logmule.config.token,
					headerName: 'Authorization',
					headerPrefix: 'Bearer',
					allowUnauthorizedCerts: false,
				},
			}),
			workflows: [
				examples.workflowPath('detectionToJira'),
				examples.workflowPath('jiraToExtraHop'),
				examples.workflowPath('logMuleToJira'),
			],
			// Activated like the editor's Publish button once n8n runs: ~20 s faster than
			// `n8n publish:workflow` per workflow, and activation errors surface at once.
			activateVia: 'rest',
		});
		const instance = n8n;
		process.stdout.write(
			`  n8n ${instance.baseUrl} ready in ${(instance.timings.totalMs / 1000).toFixed(1)} s ${JSON.stringify(instance.timings)}\n`,
		);
		if (instance.traits.activateReturnsBeforeFirstPoll) {
			// n8n 2.40+ answers the activate call before the trigger's first poll; a detection created
			// in that gap would become the trigger's starting point and never be emitted.
			await waitFor(
				"the trigger's first poll",
				() =>
					extrahop.server.requests.some(
						(r) => r.method === 'POST' && r.path === '/api/v1/detections/search' && r.status > 0,
					),
				{ timeoutMs: 60000 },
			);
		}
		const ours = await instance.nodeTypes('n8n-nodes-extrahop.');
		const needed = examples.packageNodeTypes();
		check(
			needed.every((t) => ours.includes(t)),
			`n8n loaded the package's node types the examples use (${needed.join(', ')})`,
			ours,
		);
		const active = await activeWorkflowIds(instance);
		check(
			[W1, W2, W3].every((id) => active.includes(id)),
			'the three example workflows are imported with their ids and active',
			active,
		);
		const hookUrl = instance.webhookUrl(
			`${examples.loadWorkflow('jiraToExtraHop').nodes[0].webhookId}/webhook`,
		);
		check(
			jira.state.webhooks.length === 1 &&
				jira.state.webhooks[0].url === hookUrl &&
				jira.state.webhooks[0].filters['issue-related-events-section'] === 'labels = extrahop',
			'the Jira Trigger registered its webhook in Jira (issues labelled extrahop)',
			jira.state.webhooks,
		);

		// ---- 1. new detections -> issues -------------------------------------------------------
		report.section('Detection to Jira: new detections');
		const { fresh, createdAt } = await createDetectionsAndAwaitTickets(
			extrahop,
			[
				['cifs_exfil_anomaly', 83],
				['port_scan', null],
				['rare_ssh_port', 39],
				['dns_tunnel', 40],
				['weak_cipher_suite', 69],
				['ransomware_activity', 70],
				['db_slow_queries', 89],
				['cryptomining_pool', 90],
			],
			'tickets',
		);
		const firstPoll = polls().find((r) => r.at > createdAt);
		process.stdout.write(
			`  picked up by the poll ${(((firstPoll?.at ?? Date.now()) - createdAt) / 1000).toFixed(1)} s after creation\n`,
		);
		await settle(instance);

		const issues = jira.issues();
		check(
			issues.length === fresh.length,
			`exactly one Jira issue per detection (${issues.length} for ${fresh.length})`,
			issues.map((i) => i.summary),
		);
		const issueOf = (/** @type {any} */ d) =>
			jira.issues().filter((i) => i.summary.startsWith(`ExtraHop Detection: ${d.id}: `));
		for (const created of fresh) {
			const d = extrahop.getDetection(created.id);
			const mine = issueOf(created);
			const issue = mine[0];
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
			if (issue.priority !== EXPECTED_PRIORITY(created.risk_score))
				problems.push(
					`priority ${issue.priority}, expected ${EXPECTED_PRIORITY(created.risk_score)}`,
				);
			if (JSON.stringify(issue.labels) !== JSON.stringify(expectedLabels(created)))
				problems.push(
					`labels ${JSON.stringify(issue.labels)}, expected ${JSON.stringify(expectedLabels(created))}`,
				);
			if (issue.labels.some((/** @type {string} */ l) => /\s/.test(l)))
				problems.push('a label contains a space');
			if (issue.assignee !== ASSIGNEE) problems.push(`assignee ${issue.assignee}`);
			if (issue.project !== 'SOC' || issue.issueType !== 'Incident')
				problems.push(`${issue.project}/${issue.issueType}`);
			const description = String(issue.description ?? '');
			if (
				!description.startsWith(
					`ExtraHop has detected the following event on your network: ${plainDescription(created.description)}`,
				)
			)
				problems.push(
					'description does not start with the detection description (links made plain)',
				);
			if (
				!description.includes(String(created.url)) ||
				!String(created.url).endsWith(`/extrahop/#/detections/detail/${created.id}`)
			)
				problems.push(`no link back to ${created.url}`);
			if (d?.ticket_id !== issue.key)
				problems.push(`detection ticket_id ${d?.ticket_id}, issue ${issue.key}`);
			if (d?.status !== 'in_progress') problems.push(`detection status ${d?.status}`);
			if (d?.assignee !== ASSIGNEE) problems.push(`detection assignee ${d?.assignee}`);
			if (d?.resolution !== null) problems.push(`detection resolution ${d?.resolution}`);
			check(
				problems.length === 0,
				`detection ${label} -> ${issue.key}: summary, description + link, priority ${issue.priority}, labels, assignee; detection carries ${d?.ticket_id} / ${d?.status} / ${d?.assignee}`,
				problems,
			);
		}
		const seedLike = fresh[0];
		const seedIssue = issueOf(seedLike)[0];
		check(
			JSON.stringify(seedIssue?.labels) ===
				JSON.stringify([
					'extrahop',
					`extrahop-${seedLike.id}`,
					'sec.exfil',
					'sec.lateral',
					'mitre-lateral-movement',
					'mitre-exfiltration',
				]),
			'labels of the CIFS detection: extrahop, extrahop-<id>, categories, MITRE tactics (Lateral Movement -> mitre-lateral-movement)',
			seedIssue?.labels,
		);
		const page = await (await fetch(`${extrahop.server.url}/`)).text();
		check(
			page.includes(`href="${jira.url}/browse/${seedIssue?.key}"`),
			`the ExtraHop page links the ticket ID through the URL template (${jira.url}/browse/${seedIssue?.key})`,
		);

		// ---- 2. updates, repair, resolutions -----------------------------------------------------
		report.section(
			'Detection to Jira: new activity, an issue whose key never reached ExtraHop; Jira resolutions',
		);
		const [updated] = fresh;
		const byResolution = /** @type {const} */ ([
			[fresh[2], 'Done', 'action_taken'],
			[fresh[3], "Won't Do", 'no_action_taken'],
			[fresh[4], 'Duplicate', 'no_action_taken'],
		]);
		const phase2At = Date.now();
		// One tick again: activity on one detection, and a detection whose issue an analyst already
		// opened (label extrahop-<id>) but whose ticket ID never reached ExtraHop.
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
		process.stdout.write(
			`  new activity on ${updated.id}; detection ${orphan.id} created with issue ${orphanIssue.key} already labelled extrahop-${orphan.id}\n`,
		);
		// Analysts resolve three issues in Jira: the Jira Trigger runs at once (webhook).
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
				now?.status === 'closed' &&
					now?.resolution === expected &&
					now?.ticket_id === issueOf(d)[0]?.key,
				`issue ${issueOf(d)[0]?.key} resolved "${resolution}" -> detection ${d.id} closed, resolution ${expected}`,
				{ status: now?.status, resolution: now?.resolution },
			);
		}
		const stillOpen = fresh.filter((d) => !byResolution.some(([r]) => r.id === d.id));
		check(
			stillOpen.every((d) => extrahop.getDetection(d.id)?.status === 'in_progress'),
			'the other detections stay in progress',
		);

		// Meanwhile LogMule (webhook-driven too) while the next poll is awaited.
		await logMuleChecks(instance, logmule, jira);

		report.section('Detection to Jira: waiting for the poll that sees the activity');
		await waitFor(
			"a comment on the updated detection's issue and the orphan detection linked",
			() =>
				(issueOf(updated)[0]?.comments.length ?? 0) >= 1 &&
				extrahop.getDetection(orphan.id)?.ticket_id,
			{ timeoutMs: POLL_TIMEOUT_MS },
		);
		const secondPoll = polls().find((r) => r.at > phase2At);
		process.stdout.write(
			`  picked up by the poll ${(((secondPoll?.at ?? Date.now()) - phase2At) / 1000).toFixed(1)} s after the change\n`,
		);
		await settle(instance);
		const updatedIssues = issueOf(updated);
		check(
			updatedIssues.length === 1,
			`new activity on ${updated.id} opened no second issue`,
			updatedIssues.map((i) => i.key),
		);
		const comments = updatedIssues[0]?.comments ?? [];
		check(
			comments.length === 1 &&
				comments[0].body.startsWith(`ExtraHop reports new activity on detection ${updated.id} (`) &&
				comments[0].body.includes(String(updated.url)) &&
				comments[0].author === jira.credentials.username,
			`one comment on ${updatedIssues[0]?.key} about the new activity, with the link, by the automation user`,
			comments,
		);
		const orphanNow = extrahop.getDetection(orphan.id);
		const orphanIssues = jira.search(`labels = "extrahop-${orphan.id}"`);
		check(
			orphanIssues.length === 1 && orphanIssues[0].key === orphanIssue.key,
			`detection ${orphan.id}: no new issue, its existing issue ${orphanIssue.key} was found by label`,
			orphanIssues.map((i) => i.key),
		);
		check(
			orphanNow?.ticket_id === orphanIssue.key &&
				orphanNow?.status === 'in_progress' &&
				orphanNow?.assignee === ASSIGNEE,
			`detection ${orphan.id} linked to ${orphanIssue.key} (ticket ID, in progress, assignee)`,
			{ ticket_id: orphanNow?.ticket_id, status: orphanNow?.status, assignee: orphanNow?.assignee },
		);
		const orphanComments = jira.issue(orphanIssue.key)?.comments ?? [];
		check(
			orphanComments.length === 1 &&
				orphanComments[0].body.startsWith(
					`ExtraHop reports a new detection on detection ${orphan.id} (`,
				),
			`one comment on ${orphanIssue.key} about the detection`,
			orphanComments,
		);
		check(
			jira.issues().filter((i) => i.summary.startsWith('ExtraHop Detection:')).length ===
				fresh.length,
			`still ${fresh.length} "ExtraHop Detection" issues in Jira`,
		);

		// ---- 3. no loop ------------------------------------------------------------------------
		report.section('Detection to Jira: one more poll after every write-back (no loop)');
		const settledAt = Date.now();
		// The editor check only reads: it runs while the test waits for the poll.
		const browser = browserCheckInBackground(instance, browserReady);
		await waitFor('a poll after the last write-back', () => polls().some((r) => r.at > settledAt), {
			timeoutMs: POLL_TIMEOUT_MS,
		});
		await sleep(3000);
		await settle(instance);
		const perDetection = await emissionsPerDetection(instance, W1);
		/** @type {Map<number, string[]>} */
		const expectedRuns = new Map(
			fresh.map((d) => [d.id, d.id === updated.id ? ['created', 'updated'] : ['created']]),
		);
		expectedRuns.set(orphan.id, ['created']);
		const got = Object.fromEntries(
			[...expectedRuns.keys()].map((id) => [id, perDetection.get(id) ?? []]),
		);
		check(
			[...expectedRuns].every(
				([id, events]) => JSON.stringify(perDetection.get(id) ?? []) === JSON.stringify(events),
			),
			`executions per detection: 1 each (created), 2 for ${updated.id} (created, updated); ticket write-backs, links and closures started none`,
			got,
		);
		const unexpected = [...perDetection.keys()].filter((id) => !expectedRuns.has(id));
		check(unexpected.length === 0, 'no other detection started the workflow', unexpected);
		const w1Runs = await instance.listExecutions({ workflowId: W1 });
		check(
			w1Runs.length === 2 && w1Runs.every((e) => e.status === 'success'),
			`Detection-to-Jira ran ${w1Runs.length} times in all (one per poll that found something), every run successful`,
			w1Runs.map((e) => [e.id, e.status, e.mode]),
		);
		const writes = fresh.map((d) => extrahop.versions().filter((v) => v.id === d.id).length - 1);
		check(
			writes.every((n) => n >= 1),
			`the trigger did see the write-backs (modifications per detection after creation: ${writes.join(', ')})`,
		);
		const pollCount = polls().filter((r) => r.at > createdAt).length;
		process.stdout.write(
			`  ${pollCount} trigger poll request(s) since the detections were created\n`,
		);

		const w2Runs = await instance.listExecutions({ workflowId: W2 });
		const closing = [];
		for (const e of w2Runs) {
			const full = await instance.getExecution(e.id);
			const ran = Object.keys(full?.data?.resultData?.runData ?? {}).filter((n) =>
				n.startsWith('Close'),
			);
			if (ran.length) closing.push(...ran);
		}
		check(
			w2Runs.every((e) => e.status === 'success') &&
				closing.length === 3 &&
				closing.filter((n) => n === 'Close: No Action Taken').length === 2,
			`Jira-to-ExtraHop: ${w2Runs.length} run(s) (resolutions and comments on extrahop issues), ExtraHop updated only for the 3 resolutions`,
			{ runs: w2Runs.map((e) => e.status), closing },
		);

		const errors = (await instance.listExecutions({ status: ['error', 'crashed'] })).map(
			(e) => `${e.workflowId}#${e.id}`,
		);
		check(errors.length === 0, 'no failed execution in any workflow', errors);

		// ---- 3b. reconciliation ------------------------------------------------------------------
		report.section(
			'Detection to Jira: detections a Jira outage left without a ticket, reconciled with no human step',
		);
		const rec = await reconcileAfterOutage({
			n8n: instance,
			extrahop,
			workflowId: W1,
			outage: jiraOutage(jira),
			openTicket: crashedRunIssue(jira),
		});
		const [lostA, lostB] = rec.lost;
		check(
			rec.untouched && rec.failedRuns.every((status) => status === 'error'),
			`Jira answering 503: the run for ${lostA.id} and ${lostB.id} failed (${rec.failedRuns.join(', ')}), no ticket ID written`,
			rec.failedRuns,
		);
		await settle(instance);
		report.note(
			`ExtraHop's clock moved 11 minutes on: ticket IDs on both ${(rec.reconciledInMs / 1000).toFixed(1)} s later (the next poll)`,
		);
		const issuesA = issueOf(lostA);
		check(
			issuesA.length === 1 && extrahop.getDetection(lostA.id)?.ticket_id === issuesA[0].key,
			`${lostA.id}: exactly one issue, created when re-emitted, its key written back (${issuesA[0]?.key})`,
			issuesA.map((i) => i.key),
		);
		const labelledB = jira.search(`labels = "extrahop-${lostB.id}"`);
		const commentsB = jira.issue(rec.preexisting)?.comments ?? [];
		check(
			labelledB.length === 1 &&
				extrahop.getDetection(lostB.id)?.ticket_id === rec.preexisting &&
				commentsB.length === 1 &&
				commentsB[0].body.startsWith(`ExtraHop detection ${lostB.id} (`) &&
				commentsB[0].body.includes('still had no ticket ID'),
			`${lostB.id}: its issue ${rec.preexisting} (opened by a run that crashed) found by label and linked, one comment saying so, no second issue`,
			{ labelled: labelledB.map((i) => i.key), comments: commentsB.map((c) => c.body) },
		);
		const runsAfter = await emissionsPerDetection(instance, W1);
		const unticketed = [...runsAfter].filter(([, events]) => events.includes('unticketed'));
		check(
			JSON.stringify(runsAfter.get(lostA.id)) === JSON.stringify(['created', 'unticketed']) &&
				JSON.stringify(runsAfter.get(lostB.id)) === JSON.stringify(['created', 'unticketed']) &&
				unticketed.length === 2,
			'each emitted twice (created, then unticketed); no other detection emitted again',
			Object.fromEntries(unticketed),
		);
		// The remaining race: from the label lookup to the creation in that run.
		const windowMs = lookupToCreateMs(jira.server, rec.jumpedAt, ...JIRA_WINDOW);
		check(
			windowMs !== undefined,
			`lookup-to-create window in the reconciling run: ${windowMs ?? '?'} ms (a second run for ${lostA.id} in that window would open a second issue)`,
		);
		const failedNow = (await instance.listExecutions({ status: ['error', 'crashed'] }))
			.filter((e) => !rec.failedRunIds.includes(String(e.id)))
			.map((e) => `${e.workflowId}#${e.id}`);
		check(failedNow.length === 0, 'no failed execution but the one the outage caused', failedNow);

		// ---- 4. the editor ---------------------------------------------------------------------
		report.section('Browser check (headless Chromium)');
		const outcome = await browser;
		for (const line of outcome.lines) process.stdout.write(`    - ${line.trim()}\n`);
		if (outcome.skipped) report.note(outcome.skipped);
		else if (outcome.result) {
			const { result } = outcome;
			check(
				result.ok,
				`the editor shows the three examples with every node known and installed; package node panels open (${result.screenshots.length} screenshots in ${path.relative(REPO_ROOT, SCREENSHOT_DIR)})`,
				result.problems,
			);
			if (result.consoleErrors.length)
				report.note(
					`browser console errors (not failures): ${result.consoleErrors.slice(0, 5).join(' | ')}`,
				);
		} else check(false, `browser check: ${outcome.error}`);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
		if (n8n) process.stdout.write(`--- n8n log tail ---\n${n8n.logTail(60)}\n`);
	} finally {
		if (n8n) {
			await n8n.stop();
			check(!n8n.groupAlive(), `n8n stopped in ${n8n.timings.stopMs} ms, no process left`);
		}
		await Promise.allSettled([jira.stop(), extrahop.stop(), logmule.stop()]);
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} examples in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

/**
 * LogMule -> incident -> Jira, through the example's webhook.
 * @param {import('../../tools/n8n-instance').N8nInstance} n8n
 * @param {ReturnType<typeof createLogMuleSimulator>} lm
 * @param {ReturnType<typeof createJiraSimulator>} jira
 */
async function logMuleChecks(n8n, lm, jira) {
	const logmule = lm;
	report.section('LogMule result to incident to Jira');
	const url = n8n.webhookUrl('logmule-result');
	const sender = { [examples.LOGMULE_SENDER.name]: examples.LOGMULE_SENDER.value };
	const send = async (
		/** @type {string} */ resultId,
		/** @type {Record<string, string>} */ auth = sender,
	) => {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', ...auth },
			body: JSON.stringify({ result_id: resultId }),
		});
		const body = /** @type {{ key?: string } | null} */ (await res.json().catch(() => null));
		return { status: res.status, body };
	};
	const asset = '0b6d1f5e-3c2a-4e8b-9f10-5a7c9e2d4b61';
	const finding = 'c41e9a77-8d05-4b3f-a2e6-19f0d3b7c852';
	const r1 = logmule.createResult({
		service_asset_id: asset,
		finding_id: finding,
		risklevel: 8,
		title: 'Brute force against VPN gateway',
		analysis_output: 'vpn-gw-01: 412 failed logins from 203.0.113.7',
	});
	const issuesBefore = jira.search('labels = "logmule"').length;
	const anonymous = await send(r1.id, {});
	const forged = await send(r1.id, { [examples.LOGMULE_SENDER.name]: 'guessed-value' });
	check(
		anonymous.status === 403 &&
			forged.status === 403 &&
			logmule.incidents().length === 0 &&
			jira.search('labels = "logmule"').length === issuesBefore,
		'the webhook refuses a sender without the header or with a wrong value (403): no incident, no issue, nothing answered',
		{ anonymous, forged, incidents: logmule.incidents().length },
	);
	const a1 = await send(r1.id);
	const incidents = logmule.incidents();
	const incident = incidents[0];
	const mine = () => jira.search(`labels = "logmule-${incident?.id}"`);
	check(
		a1.status === 200 && typeof a1.body?.key === 'string',
		`first result: webhook answered 200 with the new issue (${a1.body?.key})`,
		a1,
	);
	check(
		incidents.length === 1 && incident.c_occurrence_count === 1,
		'exactly one incident, one occurrence',
		incidents.map((i) => [i.display_id, i.c_occurrence_count]),
	);
	const first = mine();
	check(
		first.length === 1 &&
			first[0].key === a1.body?.key &&
			first[0].summary === `LogMule incident #${incident?.display_id}: ${r1.title}` &&
			first[0].priority === 'High' &&
			first[0].assignee === ASSIGNEE &&
			JSON.stringify(first[0].labels) ===
				JSON.stringify(['logmule', `logmule-${incident?.id}`, 'logmule-risk-high']) &&
			String(first[0].description).includes(r1.analysis_output),
		'exactly one issue: summary "LogMule incident #<n>: <title>", priority High (risk level 8), labels, description with the analysis',
		first,
	);
	const r2 = logmule.createResult({
		service_asset_id: asset,
		finding_id: finding,
		risklevel: 8,
		title: r1.title,
		analysis_output: 'vpn-gw-01: 97 more failed logins from 203.0.113.7',
	});
	const a2 = await send(r2.id);
	const after2 = mine();
	check(
		a2.status === 200 &&
			logmule.incidents().length === 1 &&
			logmule.getIncident(incident.id)?.c_occurrence_count === 2,
		'second result on the same asset and finding: appended to the same incident (2 occurrences)',
		logmule.incidents().map((i) => [i.display_id, i.c_occurrence_count]),
	);
	check(
		after2.length === 1 &&
			after2[0].comments.length === 1 &&
			after2[0].comments[0].body.startsWith(
				`LogMule added a new occurrence to incident #${incident.display_id} (2 occurrences`,
			) &&
			after2[0].comments[0].body.includes(r2.analysis_output),
		`no second issue; one comment on ${after2[0]?.key} with the new analysis`,
		after2.map((i) => [i.key, i.comments]),
	);
	logmule.closeIncident(incident.id);
	const r3 = logmule.createResult({
		service_asset_id: asset,
		finding_id: finding,
		risklevel: 8,
		title: r1.title,
		analysis_output: 'vpn-gw-01: brute force resumed',
	});
	const a3 = await send(r3.id);
	const after3 = mine();
	check(
		a3.status === 200 &&
			logmule.incidents().length === 1 &&
			logmule.getIncident(incident.id)?.status === 'new' &&
			after3.length === 1 &&
			after3[0].comments.length === 2 &&
			after3[0].comments[1].body.startsWith(`LogMule reopened incident #${incident.display_id}`),
		'a result on the closed incident: LogMule reopened it; a comment says so, still one issue',
		after3.map((i) => [i.key, i.comments.map((c) => c.body.slice(0, 60))]),
	);
	// An incident whose external_id LogMule already holds (set by its own ITSM sync): that issue is used.
	const r4 = logmule.createResult({ risklevel: 2, title: 'Outdated TLS library on web-03' });
	const a4 = await send(r4.id);
	const second = logmule.incidents().find((i) => i.id !== incident.id);
	const secondIssue = second ? jira.search(`labels = "logmule-${second.id}"`) : [];
	check(
		a4.status === 200 &&
			logmule.incidents().length === 2 &&
			secondIssue.length === 1 &&
			secondIssue[0].priority === 'Low',
		'a result on another finding: a second incident and its own issue (risk level 2 -> Low)',
		secondIssue.map((i) => [i.key, i.priority]),
	);
	const synced = jira.createIssue(
		{ project: { key: 'SOC' }, issuetype: { name: 'Task' }, summary: 'Tracked by the ITSM sync' },
		'analyst',
	);
	logmule.updateIncident(/** @type {string} */ (second?.id), { external_id: synced.key });
	const r5 = logmule.createResult({
		service_asset_id: second?.service_asset_id,
		finding_id: second?.finding_id,
		risklevel: 2,
		title: r4.title,
	});
	const a5 = await send(r5.id);
	check(
		a5.status === 200 &&
			(jira.issue(synced.key)?.comments.length ?? 0) === 1 &&
			(jira.issue(secondIssue[0]?.key)?.comments.length ?? 0) === 0,
		`appended to an incident whose external_id is ${synced.key}: the comment goes to ${synced.key}`,
		{
			synced: jira.issue(synced.key)?.comments.length,
			labelled: jira.issue(secondIssue[0]?.key)?.comments.length,
		},
	);
	check(
		logmule.incidents().every((i) => i.id === second?.id || i.external_id === null),
		'the workflow wrote no external_id (LogMule documents no endpoint for it)',
	);
	const runs = await n8n.listExecutions({ workflowId: W3 });
	check(
		runs.length === 5 && runs.every((e) => e.status === 'success'),
		`LogMule-to-Jira ran 5 times (one per result), all successful`,
		runs.map((e) => e.status),
	);
}

/**
 * The editor: every node of the examples known and installed, panels open; screenshots. Runs in
 * the background; its lines are kept for printing later.
 * @param {import('../../tools/n8n-instance').N8nInstance} n8n
 * @param {{ skipped?: string, error?: string }} browser what prepareBrowser() found
 * @returns {Promise<{ lines: string[], skipped?: string, error?: string, result?: import('../../tools/browser-check').BrowserCheckResult }>}
 */
async function browserCheckInBackground(n8n, browser) {
	/** @type {string[]} */
	const lines = [];
	if (browser.skipped || browser.error)
		return { lines, skipped: browser.skipped, error: browser.error };
	const { browserCheck } = require('../../tools/browser-check');
	try {
		const result = await browserCheck({
			baseUrl: n8n.baseUrl,
			email: n8n.email,
			password: n8n.password,
			workflowIds: [W1, W2, W3],
			outDir: SCREENSHOT_DIR,
			openNodes: 'package',
			log: (line) => lines.push(line),
		});
		return { lines, result };
	} catch (error) {
		return {
			lines,
			error: error instanceof Error ? (error.stack ?? error.message) : String(error),
		};
	}
}

/**
 * Whether the browser check can run: Chromium present, or installed now from Debian through
 * scripts/install-system-deps.sh (as root or with sudo). Done before anything starts: apt blocks.
 * BROWSER_CHECK=0 skips the check, =1 makes a missing Chromium a failure even without root.
 * @returns {{ skipped?: string, error?: string }}
 */
function prepareBrowser() {
	const mode = process.env.BROWSER_CHECK ?? 'auto';
	if (mode === '0') return { skipped: 'browser check skipped: BROWSER_CHECK=0' };
	const { chromiumPath } = require('../../tools/browser-check');
	try {
		process.stdout.write(`Chromium: ${chromiumPath()}\n`);
		return {};
	} catch (error) {
		const message = `Chromium is missing and could not be installed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
		const canInstall = process.getuid?.() === 0 || hasSudo();
		if (canInstall || mode === '1') return { error: message };
		return {
			skipped: `browser check skipped: ${message}; run \`sudo bash scripts/install-system-deps.sh browser\` to enable it`,
		};
	}
}

function hasSudo() {
	try {
		require('node:child_process').execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

if (!fs.existsSync(examples.workflowPath('logMuleToJira'))) {
	process.stderr.write('examples/03-logmule-result-to-jira.json is missing\n');
	process.exit(1);
}
void main();
