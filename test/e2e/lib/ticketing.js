// @ts-check
'use strict';
/**
 * Helpers shared by the end-to-end scripts of the ticketing examples (examples, jira-cloud,
 * servicenow, saved-0.1.0, push-to-jira): they poll ExtraHop through the ExtraHop Trigger or take
 * its pushes, and write a ticket back.
 */
const { sleep, waitFor } = require('./report');

/** One poll a minute at a random second: the next one comes at most 60 s later, plus the run. */
const POLL_TIMEOUT_MS = 100_000;

/**
 * Completed ExtraHop Trigger polls: detection searches carrying a mod_time cursor (the trigger's,
 * not Update by Ticket's).
 * @param {{ server: { requests: { method: string, path: string, status: number, body: string, at: number }[] } }} extrahop
 */
function triggerPolls(extrahop) {
	return extrahop.server.requests.filter((r) => {
		if (r.method !== 'POST' || r.path !== '/api/v1/detections/search' || r.status <= 0)
			return false;
		try {
			return 'mod_time' in JSON.parse(r.body);
		} catch {
			return false;
		}
	});
}

/**
 * Waits until n8n runs no execution (none new, running or waiting) twice in a row.
 * @param {import('../../../tools/n8n-instance').N8nInstance} n8n
 */
async function settle(n8n) {
	let quiet = 0;
	const deadline = Date.now() + 60000;
	while (quiet < 2) {
		const busy = await n8n.listExecutions({ status: ['new', 'running', 'waiting'] });
		quiet = busy.length === 0 ? quiet + 1 : 0;
		if (Date.now() > deadline)
			throw new Error(
				`executions still running after 60 s: ${busy.map((e) => `${e.workflowId}#${e.id}`).join(', ')}`,
			);
		await sleep(700);
	}
}

/**
 * For each detection, the events of the ExtraHop Trigger items that carried it, over every execution.
 * @param {import('../../../tools/n8n-instance').N8nInstance} n8n
 * @param {string} workflowId
 * @returns {Promise<Map<number, string[]>>}
 */
async function triggerEventsPerDetection(n8n, workflowId) {
	/** @type {Map<number, string[]>} */
	const out = new Map();
	const runs = (await n8n.listExecutions({ workflowId })).sort(
		(a, b) => Number(a.id) - Number(b.id),
	);
	for (const e of runs) {
		const items = n8n.nodeOutput(await n8n.getExecution(e.id), 'ExtraHop Trigger') ?? [];
		for (const item of items) {
			const id = Number(item.json.id);
			out.set(id, [...(out.get(id) ?? []), String(item.json.event)]);
		}
	}
	return out;
}

/**
 * Names of the nodes of a workflow that ran, over every execution (a node counted once per execution).
 * @param {import('../../../tools/n8n-instance').N8nInstance} n8n
 * @param {string} workflowId
 * @param {(name: string) => boolean} [which]
 */
async function nodesRun(n8n, workflowId, which = () => true) {
	/** @type {string[]} */
	const ran = [];
	for (const e of await n8n.listExecutions({ workflowId })) {
		const full = await n8n.getExecution(e.id);
		ran.push(...Object.keys(full?.data?.resultData?.runData ?? {}).filter(which));
	}
	return ran;
}

/** Ids of the workflows n8n has active. @param {import('../../../tools/n8n-instance').N8nInstance} n8n */
async function activeWorkflowIds(n8n) {
	const listed = await n8n.rest('GET', '/rest/workflows');
	return (Array.isArray(listed) ? listed : (listed?.data ?? []))
		.filter((/** @type {any} */ w) => w.active)
		.map((/** @type {any} */ w) => String(w.id));
}

/**
 * Analysts resolve Jira issues (the Jira Trigger's webhook fires at once); waits until the
 * workflow has closed each issue's detection.
 * @param {ReturnType<typeof import('../../../tools/simulators/jira').createJiraSimulator>} jira
 * @param {ReturnType<typeof import('../../../tools/simulators/extrahop').createExtraHopSimulator>} extrahop
 * @param {readonly (readonly [any, string, ...unknown[]])[]} resolutions [detection, resolution name, ...]
 * @param {(detection: any) => string} issueKeyOf
 */
async function resolveIssuesAndAwaitClosure(jira, extrahop, resolutions, issueKeyOf) {
	for (const [d, resolution] of resolutions)
		jira.resolveIssue(issueKeyOf(d), resolution, { as: 'analyst' });
	await jira.flushWebhooks();
	await waitFor(
		'the resolved issues closing their detections',
		() => resolutions.every(([d]) => extrahop.getDetection(d.id)?.status === 'closed'),
		{ timeoutMs: 30000 },
	);
}

/**
 * Whether the ExtraHop Trigger carried each detection exactly as expected: once ("created") each,
 * twice for the one with new activity, and no other detection.
 * @param {Map<number, string[]>} perDetection from triggerEventsPerDetection()
 * @param {number[]} createdIds
 * @param {number} updatedId
 */
function triggerRunsAsExpected(perDetection, createdIds, updatedId) {
	const expected = new Map(
		createdIds.map((id) => [id, id === updatedId ? ['created', 'updated'] : ['created']]),
	);
	return (
		[...expected].every(
			([id, events]) => JSON.stringify(perDetection.get(id) ?? []) === JSON.stringify(events),
		) && [...perDetection.keys()].every((id) => expected.has(id))
	);
}

/**
 * Requests a simulator refused (4xx/5xx, control API aside), and whether they all are 401s on the
 * credential test's path before `since` (the deliberate wrong-credential tests).
 * @param {{ requests: { method: string, path: string, status: number, at: number }[] }} server
 * @param {string} testPath
 * @param {number} since
 */
function refusalsOnlyFromCredentialTests(server, testPath, since) {
	const refused = server.requests.filter((r) => r.status >= 400 && !r.path.startsWith('/_sim'));
	const ok =
		refused.length >= 1 &&
		refused.every((r) => r.status === 401 && r.path === testPath && r.at < since);
	return {
		ok,
		refused: refused.map(
			(r) =>
				`${r.method} ${r.path} ${r.status} ${r.at < since ? 'during' : 'after'} the credential tests`,
		),
	};
}

/** The description the examples give a ticket, spelled out independently of their expressions. */
const plainDescription = (/** @type {string} */ text) =>
	text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');

/** Labels the Jira examples must set (lower case, runs of other characters as "-"). */
function expectedJiraLabels(/** @type {any} */ d) {
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

/** Jira priority of a risk score (90-99 Highest, 70-89 High, 40-69 Medium, 0-39 Low, none Medium). */
const expectedJiraPriority = (/** @type {number | null} */ risk) =>
	risk === null
		? 'Medium'
		: risk >= 90
			? 'Highest'
			: risk >= 70
				? 'High'
				: risk >= 40
					? 'Medium'
					: 'Low';

/**
 * Creates one detection per [type, risk score], all in one tick of the simulator's event loop so
 * that one poll sees them all, and waits for a ticket ID on each.
 * @param {any} extrahop the ExtraHop simulator
 * @param {[string, number | null][]} detections
 * @param {string} written what the ticket IDs are called in the progress line
 * @returns {Promise<{ fresh: any[], createdAt: number }>}
 */
async function createDetectionsAndAwaitTickets(extrahop, detections, written) {
	const createdAt = Date.now();
	const fresh = detections.map(([type, risk]) =>
		extrahop.createDetection({ type, risk_score: risk }),
	);
	process.stdout.write(
		`  created detections ${fresh.map((d) => `${d.id} (risk ${d.risk_score})`).join(', ')}; waiting for the next poll\n`,
	);
	await waitFor(
		'a ticket ID on every new detection',
		() => fresh.every((d) => extrahop.getDetection(d.id)?.ticket_id),
		{ timeoutMs: POLL_TIMEOUT_MS },
	);
	process.stdout.write(
		`  all ${written} written back ${((Date.now() - createdAt) / 1000).toFixed(1)} s after creation\n`,
	);
	return { fresh, createdAt };
}

module.exports = {
	createDetectionsAndAwaitTickets,
	POLL_TIMEOUT_MS,
	triggerPolls,
	settle,
	triggerEventsPerDetection,
	nodesRun,
	activeWorkflowIds,
	resolveIssuesAndAwaitClosure,
	triggerRunsAsExpected,
	refusalsOnlyFromCredentialTests,
	plainDescription,
	expectedJiraLabels,
	expectedJiraPriority,
};
