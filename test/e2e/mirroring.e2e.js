#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, this package installed from `npm pack`): the
 * two-way mirroring examples (examples/10 for Jira Server / Data Center, 11 for Jira Cloud),
 * imported unchanged and activated, against the ExtraHop simulator and the Jira simulator. A
 * scripted sequence of changes on both sides, as people make them (an analyst in Jira, an analyst
 * in ExtraHop), then:
 *
 *   1. every pair consistent: Jira status and resolution = the detection's status and resolution,
 *      the same assignee; Jira comments in the detection's notes;
 *   2. no echo: every write to ExtraHop answers one change made in Jira by a person, every write
 *      to Jira one change made in ExtraHop by a person (counted in the simulators' request logs);
 *      the Jira webhook deliveries the workflow's own Jira writes cause stop at the first check;
 *   3. a conflict: the same field changed on both sides before the poll; the newer change wins;
 *   4. no failed execution, no request ExtraHop's contract or Jira would refuse.
 *
 *   npm run build && node test/e2e/mirroring.e2e.js [server|cloud]     (about 4 minutes each;
 *   MIRROR_DEBUG=1 prints the deliveries, requests and executions on an unexpected error)
 */
// e2e-schedule: weight=1 seconds=450
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
const t = require('./lib/ticketing');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');

const report = new Report();
const check = report.check.bind(report);

/** Jira status and resolution in ExtraHop's terms, as the examples map them. */
function expectedDetectionState(
	/** @type {{ status: string, resolution: string | null }} */ issue,
) {
	const status = { 'To Do': 'acknowledged', 'In Progress': 'in_progress', Done: 'closed' }[
		issue.status
	];
	const resolution = !issue.resolution
		? null
		: ["Won't Do", 'Duplicate'].includes(issue.resolution)
			? 'no_action_taken'
			: 'action_taken';
	return { status, resolution };
}

/**
 * Jira writes by the workflow (transitions, assignee and field edits), ExtraHop writes by the
 * workflow (detection PATCHes, note PUTs), since a moment.
 */
function writes(
	/** @type {ReturnType<typeof createJiraSimulator>} */ jira,
	/** @type {ReturnType<typeof createExtraHopSimulator>} */ extrahop,
	since = 0,
) {
	const toJira = jira.server.requests.filter(
		(r) =>
			r.at >= since &&
			((r.method === 'POST' && /\/issue\/[^/]+\/transitions$/.test(r.path)) ||
				(r.method === 'PUT' &&
					/\/issue\/[^/]+(\/assignee)?$/.test(r.path) &&
					/assignee/.test(r.body))),
	);
	const toExtraHop = extrahop.server.requests.filter(
		(r) =>
			r.at >= since &&
			((r.method === 'PATCH' && /^\/api\/v1\/detections\/\d+$/.test(r.path)) ||
				(r.method === 'PUT' && /^\/api\/v1\/detections\/\d+\/notes$/.test(r.path))),
	);
	return { toJira, toExtraHop };
}

/** @param {'server' | 'cloud'} variant */
async function runVariant(variant) {
	const cloud = variant === 'cloud';
	const role = cloud ? 'jiraCloudMirror' : 'jiraMirror';
	const W = examples.WORKFLOWS[role].id;
	const jira = createJiraSimulator({ deployment: cloud ? 'cloud' : 'server' });
	const extrahop = createExtraHopSimulator();
	await jira.start();
	await extrahop.start();
	extrahop.config.ticketUrlTemplate = `${jira.url}/browse/$ticket_id`;
	const polls = () => t.triggerPolls(extrahop);
	report.section(
		`${cloud ? 'Jira Cloud' : 'Jira Server'}: example ${examples.WORKFLOWS[role].file}`,
	);

	// Two pairs as workflow 01 leaves them: issue In Progress, assigned; detection in progress.
	const pairs = [1, 2].map((n) => {
		const d = extrahop.createDetection({ type: n === 1 ? 'cifs_exfil_anomaly' : 'dns_tunnel' });
		const issue = jira.createIssue(
			{
				project: { key: 'SOC' },
				issuetype: { name: 'Incident' },
				summary: `ExtraHop Detection: ${d.id}: ${d.title}`,
				labels: ['extrahop', `extrahop-${d.id}`],
				assignee: cloud
					? { accountId: jira.accountIdOf('escalations_team') }
					: { name: 'escalations_team' },
			},
			'soc-bot',
		);
		jira.transitionIssue(issue.key, 'In Progress', { as: 'soc-bot' });
		extrahop.modifyDetection(d.id, {
			fields: { ticket_id: issue.key, status: 'in_progress', assignee: 'escalations_team' },
		});
		return { id: d.id, key: issue.key };
	});
	const [p1, p2] = pairs;

	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		n8n = await startN8n({
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				...(cloud
					? { jiraCloud: jira.cloudCredentials }
					: {
							jira: {
								email: jira.credentials.email,
								password: jira.credentials.password,
								domain: jira.url,
							},
						}),
			}),
			workflows: [examples.workflowPath(role)],
			activateVia: 'rest',
		});
		const instance = n8n;
		const active = await t.activeWorkflowIds(instance);
		check(
			active.includes(W),
			`${examples.WORKFLOWS[role].file} imported with its id and active`,
			active,
		);
		check(
			jira.state.webhooks.length === 1 &&
				jira.state.webhooks[0].filters['issue-related-events-section'] === 'labels = extrahop',
			'its Jira Trigger registered one webhook for issues labelled extrahop',
			jira.state.webhooks,
		);
		await waitFor('the first ExtraHop poll (the baseline)', () => polls().length >= 1, {
			timeoutMs: t.POLL_TIMEOUT_MS,
		});
		await t.settle(instance);
		const started = Date.now();

		// ---- Jira side: an analyst assigns, comments, moves -----------------------------------
		jira.assignIssue(p1.key, 'analyst', 'analyst');
		jira.addComment(p1.key, 'Checked the file server: the copy was a scheduled backup.', 'analyst');
		jira.transitionIssue(p2.key, 'To Do', { as: 'analyst' });
		await jira.flushWebhooks();
		await waitFor(
			'the Jira changes in ExtraHop',
			() =>
				extrahop.getDetection(p1.id)?.assignee === 'analyst' &&
				String(extrahop.note(p1.id) ?? '').includes('scheduled backup') &&
				extrahop.getDetection(p2.id)?.status === 'acknowledged',
			{ timeoutMs: 30000 },
		);
		check(
			true,
			`Jira -> ExtraHop at once: ${p1.key} assigned to analyst, commented; ${p2.key} back to To Do`,
		);
		const note = String(extrahop.note(p1.id) ?? '');
		check(
			note.includes(`Jira comment by Alex Analyst on ${p1.key}:`) &&
				note.includes('scheduled backup'),
			`the comment is in detection ${p1.id}'s notes, with its author and issue`,
			note,
		);
		await t.settle(instance);

		// ---- ExtraHop side: an analyst in ExtraHop changes status and assignee ---------------
		const beforePoll = polls().length;
		extrahop.modifyDetection(p1.id, { fields: { status: 'closed', resolution: 'action_taken' } });
		extrahop.modifyDetection(p2.id, { fields: { assignee: 'hopuser', status: 'in_progress' } });
		// Before the poll, an analyst comments on SOC-1 in Jira: the issue is now updated after the
		// detection, but its status was not; ExtraHop's close must still reach Jira (newer per field).
		await sleep(50);
		jira.addComment(p1.key, 'Closing it from ExtraHop looks right to me.', 'analyst');
		await jira.flushWebhooks();
		await waitFor(
			'the ExtraHop changes in Jira',
			() =>
				jira.issue(p1.key)?.status === 'Done' &&
				jira.issue(p2.key)?.assignee === 'hopuser' &&
				jira.issue(p2.key)?.status === 'In Progress',
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		check(
			jira.issue(p1.key)?.resolution === 'Done',
			`ExtraHop -> Jira on the next poll: ${p1.key} Done (closed with action taken; commented in Jira meanwhile, status unchanged there), ${p2.key} In Progress and assigned to hopuser`,
			[jira.issue(p1.key), jira.issue(p2.key)],
		);
		await jira.flushWebhooks();
		await t.settle(instance);
		check(polls().length > beforePoll, 'picked up by the ExtraHop Trigger (polling)');

		// ---- conflict: the same field on both sides before the poll; the newer wins -----------
		extrahop.modifyDetection(p2.id, { fields: { assignee: 'escalations_team' } });
		await sleep(50);
		jira.assignIssue(p2.key, 'analyst', 'analyst');
		jira.transitionIssue(p1.key, 'In Progress', { as: 'analyst' });
		await jira.flushWebhooks();
		const conflictAt = Date.now();
		await waitFor('a poll after the conflict', () => polls().some((r) => r.at > conflictAt + 500), {
			timeoutMs: t.POLL_TIMEOUT_MS,
		});
		await sleep(3000);
		await jira.flushWebhooks();
		await t.settle(instance);
		check(
			jira.issue(p2.key)?.assignee === 'analyst' &&
				extrahop.getDetection(p2.id)?.assignee === 'analyst',
			`conflict on ${p2.key}: assigned in ExtraHop, then in Jira; the newer (Jira's analyst) wins on both sides`,
			{ jira: jira.issue(p2.key)?.assignee, extrahop: extrahop.getDetection(p2.id)?.assignee },
		);
		check(
			jira.issue(p1.key)?.status === 'In Progress' &&
				extrahop.getDetection(p1.id)?.status === 'in_progress' &&
				extrahop.getDetection(p1.id)?.resolution == null,
			`${p1.key} reopened in Jira: detection ${p1.id} back in progress, resolution cleared`,
			extrahop.getDetection(p1.id),
		);

		// ---- one more poll: nothing left to mirror ---------------------------------------------
		const settledAt = Date.now();
		await waitFor('one more poll', () => polls().some((r) => r.at > settledAt), {
			timeoutMs: t.POLL_TIMEOUT_MS,
		});
		await sleep(3000);
		await jira.flushWebhooks();
		await t.settle(instance);

		report.section('Both sides consistent, no echo');
		for (const p of pairs) {
			const issue = /** @type {any} */ (jira.issue(p.key));
			const d = /** @type {any} */ (extrahop.getDetection(p.id));
			const want = expectedDetectionState(issue);
			check(
				d.status === want.status &&
					(d.resolution ?? null) === want.resolution &&
					d.assignee === issue.assignee,
				`${p.key} (${issue.status}${issue.resolution ? `, ${issue.resolution}` : ''}, ${issue.assignee}) = detection ${p.id} (${d.status}, ${d.resolution ?? 'no resolution'}, ${d.assignee})`,
				{ issue, detection: { status: d.status, resolution: d.resolution, assignee: d.assignee } },
			);
		}
		const { toJira, toExtraHop } = writes(jira, extrahop, started);
		// Person-made changes: Jira 6 (assign, comment, To Do, comment, assign, reopen); ExtraHop 3 fields
		// moves (close, reassign + status). Each is mirrored by exactly one write.
		const transitionsToJira = toJira.filter((r) => r.path.endsWith('/transitions'));
		const assigneeToJira = toJira.filter((r) => !r.path.endsWith('/transitions'));
		check(
			transitionsToJira.length === 2 && assigneeToJira.length === 1,
			`writes to Jira: 2 transitions (${p1.key} Done, ${p2.key} In Progress) and 1 assignment (${p2.key} to hopuser), one per change made in ExtraHop; none answered a change the workflow made itself`,
			toJira.map((r) => `${r.method} ${r.path} ${r.body}`),
		);
		const patches = toExtraHop.filter((r) => r.method === 'PATCH');
		const notes = toExtraHop.filter((r) => r.method === 'PUT');
		check(
			patches.length === 4 && notes.length === 2,
			'writes to ExtraHop: 4 detection updates (assignee, To Do, assignee, reopen) and 2 notes (the comments), one per change made in Jira; none answered a change the workflow made itself',
			toExtraHop.map((r) => `${r.method} ${r.path} ${r.body}`),
		);
		// Executions: the Jira webhook also fires for the workflow's own Jira writes (Jira cannot
		// leave out an author); those must stop at "Changed by a Person?".
		let echoDeliveries = 0;
		let echoWrites = 0;
		let webhookRuns = 0;
		const writers = [
			'Mirror Status to Detection',
			'Mirror Assignee to Detection',
			'Add Comment to Detection Notes',
			'Move Issue',
			'Assign Issue',
		];
		const executions = await instance.listExecutions({ workflowId: W });
		for (const e of executions) {
			const full = await instance.getExecution(e.id);
			const trig = instance.nodeOutput(full, 'Jira Trigger') ?? [];
			if (trig.length) webhookRuns += 1;
			const bot = trig.some((/** @type {any} */ item) =>
				cloud
					? item.json.user?.accountId === jira.accountIdOf('soc-bot')
					: item.json.user?.name === 'soc-bot',
			);
			if (!bot) continue;
			echoDeliveries += 1;
			if (writers.some((name) => (instance.nodeOutput(full, name) ?? []).length > 0))
				echoWrites += 1;
		}
		check(
			echoWrites === 0 && echoDeliveries === 3,
			`echo: the 3 Jira webhook deliveries of the workflow's own Jira writes stopped at "Changed by a Person?"; 0 executions wrote anything because of an echo`,
			{ echoDeliveries, echoWrites },
		);
		check(
			extrahop.violations().length === 0,
			"ExtraHop's contract: no request refused",
			extrahop.violations(),
		);
		const refused = jira.server.requests.filter((r) => r.status >= 400);
		check(
			refused.length === 0,
			'Jira refused nothing',
			refused.map((r) => `${r.method} ${r.path} ${r.status}`),
		);
		process.stdout.write(
			`  executions of the workflow: ${executions.length} (Jira webhook ${webhookRuns}, of which ${echoDeliveries} echoes; ExtraHop polls ${executions.length - webhookRuns})\n`,
		);
		const errors = (await instance.listExecutions({ status: ['error', 'crashed'] })).map(
			(e) => `${e.workflowId}#${e.id}`,
		);
		check(errors.length === 0, 'no failed execution', errors);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
		if (process.env.MIRROR_DEBUG && n8n) {
			const dbg = (/** @type {any} */ x) => process.stdout.write(`DEBUG ${JSON.stringify(x)}\n`);
			dbg({ deliveries: jira.state.deliveries });
			dbg({
				exh: extrahop.server.requests.map((r) => `${r.method} ${r.path} ${r.status} ${r.body}`),
			});
			dbg({ jira: jira.server.requests.map((r) => `${r.method} ${r.path} ${r.status}`) });
			for (const e of await n8n.listExecutions()) {
				const full = await n8n.getExecution(e.id);
				const rd = full.data?.resultData;
				dbg({
					id: e.id,
					status: e.status,
					mode: e.mode,
					error: rd?.error?.message,
					nodes: Object.fromEntries(
						Object.entries(rd?.runData ?? {}).map(([k, v]) => [
							k,
							{
								items: /** @type {any} */ (v)[0]?.data?.main?.map(
									(/** @type {any} */ o) => o?.length,
								),
								error: /** @type {any} */ (v)[0]?.error?.message,
								first: JSON.stringify(
									/** @type {any} */ (v)[0]?.data?.main?.[0]?.[0]?.json ?? null,
								).slice(0, 600),
							},
						]),
					),
				});
			}
		}
		if (n8n) process.stdout.write(`--- n8n log tail ---\n${n8n.logTail(60)}\n`);
	} finally {
		if (n8n) await n8n.stop();
		await Promise.allSettled([jira.stop(), extrahop.stop()]);
	}
}

async function main() {
	const wanted = process.argv.slice(2).filter((a) => a === 'server' || a === 'cloud');
	for (const variant of /** @type {('server' | 'cloud')[]} */ (
		wanted.length ? wanted : ['server', 'cloud']
	))
		await runVariant(variant);
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} mirroring in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
