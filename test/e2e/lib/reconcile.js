// @ts-check
'use strict';
/**
 * The reconciliation scenario the ticketing examples' end-to-end scripts share: two detections
 * whose run fails on a ticketing outage, one of them with a ticket a run that crashed after
 * creating it had opened; then ExtraHop's clock moves past the trigger's minimum age ("Detection
 * Still Without Ticket": 10 minutes in the examples). With no human step, the next poll emits both
 * again: the workflow creates the one ticket and links the other.
 */
const { waitFor } = require('./report');

/** The examples' minimum age (the node's default), and a minute of margin. */
const JUMP_MS = 11 * 60_000;

/**
 * @param {{
 *   n8n: import('../../../tools/n8n-instance').N8nInstance,
 *   extrahop: ReturnType<typeof import('../../../tools/simulators/extrahop').createExtraHopSimulator>,
 *   workflowId: string,
 *   outage: { start: () => void, stop: () => void },
 *   lose?: (extrahop: any) => any[] | Promise<any[]>,
 *   openTicket: (detection: any) => string,
 *   failedRuns?: number,
 *   timeoutMs?: number,
 * }} o `lose` creates (and, for a push flow, pushes) the detections during the outage (by default two, one poll picks both up); `openTicket`
 *   opens the ticket a crashed run left behind for the second one and answers its key or number.
 */
async function reconcileAfterOutage(o) {
	const timeoutMs = o.timeoutMs ?? 100_000;
	const before = new Set(
		(await o.n8n.listExecutions({ workflowId: o.workflowId })).map((e) => String(e.id)),
	);
	o.outage.start();
	const lost = await (o.lose ?? twoDetections)(o.extrahop);
	const runs = /** @type {{ id: string, status: string }[]} */ (
		await waitFor(
			'the run(s) that hit the outage to end',
			async () => {
				const all = await o.n8n.listExecutions({ workflowId: o.workflowId });
				const mine = all.filter((e) => !before.has(String(e.id)));
				return mine.length >= (o.failedRuns ?? 1) &&
					mine.every((e) => !['new', 'running', 'waiting'].includes(e.status))
					? mine
					: undefined;
			},
			{ timeoutMs, intervalMs: 1000 },
		)
	);
	o.outage.stop();
	const untouched = lost.every((d) => !o.extrahop.getDetection(d.id)?.ticket_id);
	const preexisting = o.openTicket(lost[1]);
	const jumpedAt = Date.now();
	o.extrahop.config.clockOffsetMs += JUMP_MS;
	await waitFor(
		'ticket IDs on both, with no human step',
		() => lost.every((d) => o.extrahop.getDetection(d.id)?.ticket_id),
		{ timeoutMs },
	);
	return {
		lost,
		failedRuns: runs.map((e) => e.status),
		failedRunIds: runs.map((e) => String(e.id)),
		untouched,
		preexisting,
		reconciledInMs: Date.now() - jumpedAt,
		jumpedAt,
	};
}

/** @param {any} extrahop the ExtraHop simulator */
function twoDetections(extrahop) {
	return [
		extrahop.createDetection({ type: 'port_scan', risk_score: 75 }),
		extrahop.createDetection({ type: 'dns_tunnel', risk_score: 45 }),
	];
}

/**
 * A Jira outage: every POST under /rest/api/ answers 503 until stopped.
 * @param {ReturnType<typeof import('../../../tools/simulators/jira').createJiraSimulator>} jira
 */
function jiraOutage(jira) {
	return {
		start: () =>
			jira.server.injectFault({
				method: 'POST',
				pathPrefix: '/rest/api/',
				kind: 'status',
				status: 503,
				times: 100_000,
			}),
		stop: () => jira.server.clearFaults(),
	};
}

/**
 * The issue a run that crashed after creating it leaves behind: labelled for the detection, its
 * key never written back. Answers a function of the detection that opens it and returns its key.
 * @param {ReturnType<typeof import('../../../tools/simulators/jira').createJiraSimulator>} jira
 */
function crashedRunIssue(jira) {
	return (/** @type {any} */ d) =>
		jira.createIssue(
			{
				project: { key: 'SOC' },
				issuetype: { name: 'Incident' },
				summary: `ExtraHop Detection: ${d.id}: ${d.title}`,
				labels: ['extrahop', `extrahop-${d.id}`],
			},
			'analyst',
		).key;
}

/**
 * The remaining race window of a reconciling run: from its last ticket lookup to the ticket
 * creation that followed (arrival times in the simulator's request log since `since`). Undefined
 * when the log holds no such pair.
 * @param {import('../../../tools/simulators/common/server').SimServer} server
 * @param {number} since
 * @param {string} createPath POSTed to create a ticket
 * @param {string} lookupPath where the lookup goes (any method but the creating POST)
 */
function lookupToCreateMs(server, since, createPath, lookupPath) {
	const log = server.requests.filter((r) => r.at >= since && r.status > 0);
	const isCreate = (/** @type {{ method: string, path: string }} */ r) =>
		r.method === 'POST' && r.path === createPath;
	const created = log.find(isCreate);
	const looked = log
		.filter((r) => r.path.startsWith(lookupPath) && !isCreate(r) && r.at <= (created?.at ?? 0))
		.at(-1);
	return created && looked ? created.at - looked.at : undefined;
}

/** Jira: issue creation and the label lookup (JQL search, Server's and Cloud's path). */
const JIRA_WINDOW = /** @type {const} */ (['/rest/api/2/issue', '/rest/api/2/search']);

module.exports = {
	reconcileAfterOutage,
	jiraOutage,
	crashedRunIssue,
	lookupToCreateMs,
	JIRA_WINDOW,
	JUMP_MS,
};
