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
 *      the same assignee; each Jira comment once in the detection's note; what analysts wrote in
 *      the note once in Jira, as an "ExtraHop note" comment, without the Jira comments;
 *   2. no echo: every write to ExtraHop answers one change made in Jira by a person, every write
 *      to Jira one change made in ExtraHop by a person (counted in the simulators' request logs);
 *      the Jira webhook deliveries the workflow's own Jira writes cause stop at the first check;
 *      a note flow run after a Jira comment landed in a note posts nothing (no ping-pong);
 *   3. a conflict: the same field changed on both sides before the poll; the newer change wins;
 *   4. no failed execution, no request ExtraHop's contract or Jira would refuse.
 *
 * Whether a note change moves the detection's mod_time, the spec does not say: Jira Server runs
 * with the simulator's default (it does not), Jira Cloud with `noteChangeMovesModTime` (it does);
 * `still` or `moves` on the command line runs the variants under one reading only.
 *
 *   npm run build && node test/e2e/mirroring.e2e.js [server|cloud] [still|moves]   (about 5 minutes
 *   each; MIRROR_DEBUG=1 prints the deliveries, requests and executions on an unexpected error)
 */
// e2e-schedule: weight=1 seconds=500
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
 * Jira writes by the workflow (transitions, assignee and field edits, comments), ExtraHop writes by
 * the workflow (detection PATCHes, note PUTs), since a moment.
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
					/assignee/.test(r.body)) ||
				(r.method === 'POST' && /\/issue\/[^/]+\/comment$/.test(r.path))),
	);
	const toExtraHop = extrahop.server.requests.filter(
		(r) =>
			r.at >= since &&
			((r.method === 'PATCH' && /^\/api\/v1\/detections\/\d+$/.test(r.path)) ||
				(r.method === 'PUT' && /^\/api\/v1\/detections\/\d+\/notes$/.test(r.path))),
	);
	return { toJira, toExtraHop };
}

/** The note flow's detection searches (a status filter; the trigger's polls have none). */
function isNoteFlowSearch(/** @type {{ method: string, path: string, body: string }} */ r) {
	if (r.method !== 'POST' || r.path !== '/api/v1/detections/search') return false;
	try {
		return Array.isArray(JSON.parse(r.body).filter?.status);
	} catch {
		return false;
	}
}

/** Runs of the note flow: its search for open detections, once a run. */
function noteFlowRuns(/** @type {ReturnType<typeof createExtraHopSimulator>} */ extrahop) {
	return extrahop.server.requests.filter(
		(r) => isNoteFlowSearch(r) && r.status > 0 && r.body.includes('"in_progress"'),
	);
}

/** The "ExtraHop note" comments the workflow posted on an issue, their text without the first line. */
function noteComments(
	/** @type {ReturnType<typeof createJiraSimulator>} */ jira,
	/** @type {string} */ key,
) {
	return (jira.issue(key)?.comments ?? [])
		.filter(
			(c) => c.author === 'soc-bot' && /^ExtraHop note \(version [0-9a-f]{8}\):\n/.test(c.body),
		)
		.map((c) => c.body.replace(/^.*\n/, ''));
}

/** How often a text occurs in another. */
const occurrences = (/** @type {string} */ text, /** @type {string} */ part) =>
	text.split(part).length - 1;

/**
 * @param {'server' | 'cloud'} variant
 * @param {boolean} noteMovesModTime
 */
async function runVariant(variant, noteMovesModTime) {
	const cloud = variant === 'cloud';
	const role = cloud ? 'jiraCloudMirror' : 'jiraMirror';
	const W = examples.WORKFLOWS[role].id;
	const jira = createJiraSimulator({ deployment: cloud ? 'cloud' : 'server' });
	const extrahop = createExtraHopSimulator({ noteChangeMovesModTime: noteMovesModTime });
	await jira.start();
	await extrahop.start();
	extrahop.config.ticketUrlTemplate = `${jira.url}/browse/$ticket_id`;
	const polls = () => t.triggerPolls(extrahop).filter((r) => !isNoteFlowSearch(r));
	report.section(
		`${cloud ? 'Jira Cloud' : 'Jira Server'}: example ${examples.WORKFLOWS[role].file}; a note change ${noteMovesModTime ? 'moves' : 'leaves'} the detection's mod_time`,
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

		// ---- Jira side: an analyst assigns, comments, moves; in ExtraHop one writes a note ------
		const p2NoteText = 'ExtraHop analyst: the names are generated (DGA); blocked at the proxy.';
		const p2ModTime = extrahop.getDetection(p2.id)?.mod_time;
		extrahop.setNote(p2.id, p2NoteText);
		check(
			(extrahop.getDetection(p2.id)?.mod_time !== p2ModTime) === noteMovesModTime,
			`an analyst's note edit in ExtraHop ${noteMovesModTime ? 'moved' : 'left'} detection ${p2.id}'s mod_time`,
		);
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
			new RegExp(
				`^\\[\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z Jira ${p1.key} comment by Alex Analyst\\]\\n> Checked the file server: the copy was a scheduled backup\\.$`,
			).test(note),
			`the comment is in detection ${p1.id}'s note, quoted under a line with the time, issue and author`,
			note,
		);
		await t.settle(instance);

		// ---- ExtraHop side: an analyst in ExtraHop changes status and assignee ---------------
		const beforePoll = polls().length;
		const p1NoteText = 'ExtraHop analyst: confirmed with the backup team, expected.';
		extrahop.setNote(p1.id, `${extrahop.note(p1.id)}\n\n${p1NoteText}`);
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
		await waitFor(
			'the ExtraHop notes in Jira',
			() => noteComments(jira, p1.key).length > 0 && noteComments(jira, p2.key).length > 0,
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		check(
			noteComments(jira, p2.key).join('|') === p2NoteText &&
				noteComments(jira, p1.key).join('|') === p1NoteText,
			`ExtraHop notes -> Jira: ${p2.key} and ${p1.key} got an "ExtraHop note" comment with what the analyst wrote in ExtraHop, without the Jira comments already in ${p1.key}'s note`,
			{ [p1.key]: noteComments(jira, p1.key), [p2.key]: noteComments(jira, p2.key) },
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
		jira.addComment(p2.key, 'Proxy block confirmed.\n\nNo more lookups since 10:40.', 'analyst');
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
		await waitFor(
			'one more poll and note flow run',
			() =>
				polls().some((r) => r.at > settledAt) &&
				noteFlowRuns(extrahop).some((r) => r.at > settledAt),
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
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
		const [note1, note2] = [p1, p2].map((p) => String(extrahop.note(p.id) ?? ''));
		check(
			occurrences(note1, '> Checked the file server: the copy was a scheduled backup.') === 1 &&
				occurrences(note1, '> Closing it from ExtraHop looks right to me.') === 1 &&
				occurrences(note1, p1NoteText) === 1 &&
				occurrences(note2, '> Proxy block confirmed.\n>\n> No more lookups since 10:40.') === 1 &&
				occurrences(note2, p2NoteText) === 1 &&
				!/ExtraHop note/.test(note1 + note2),
			`notes: each person's Jira comment once in the detection's note (${p1.key} 2, ${p2.key} 1), the analysts' own text once, no "ExtraHop note" comment back in ExtraHop`,
			{ note1, note2 },
		);
		check(
			noteComments(jira, p1.key).length === 1 && noteComments(jira, p2.key).length === 1,
			`Jira: one "ExtraHop note" comment per note written in ExtraHop; ${noteFlowRuns(extrahop).length} note flow runs, the later ones (after Jira comments landed in both notes) posted nothing`,
			{ [p1.key]: noteComments(jira, p1.key), [p2.key]: noteComments(jira, p2.key) },
		);
		const { toJira, toExtraHop } = writes(jira, extrahop, started);
		// Person-made changes: Jira 7 (assign, comment, To Do, comment, assign, reopen, comment);
		// ExtraHop 3 field moves (close, reassign + status) and 2 notes. Each is mirrored by exactly
		// one write.
		const transitionsToJira = toJira.filter((r) => r.path.endsWith('/transitions'));
		const commentsToJira = toJira.filter((r) => r.path.endsWith('/comment'));
		const assigneeToJira = toJira.filter(
			(r) => !r.path.endsWith('/transitions') && !r.path.endsWith('/comment'),
		);
		check(
			transitionsToJira.length === 2 && assigneeToJira.length === 1 && commentsToJira.length === 2,
			`writes to Jira: 2 transitions (${p1.key} Done, ${p2.key} In Progress), 1 assignment (${p2.key} to hopuser) and 2 comments (the notes of ${p2.key} and ${p1.key}), one per change made in ExtraHop; none answered a change the workflow made itself`,
			toJira.map((r) => `${r.method} ${r.path} ${r.body}`),
		);
		const patches = toExtraHop.filter((r) => r.method === 'PATCH');
		const notes = toExtraHop.filter((r) => r.method === 'PUT');
		check(
			patches.length === 4 && notes.length === 3,
			'writes to ExtraHop: 4 detection updates (assignee, To Do, assignee, reopen) and 3 notes (the comments), one per change made in Jira; none answered a change the workflow made itself',
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
			'Post Note as Jira Comment',
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
			echoWrites === 0 && echoDeliveries === 5,
			`echo: the 5 Jira webhook deliveries of the workflow's own Jira writes (2 transitions, 1 assignment, 2 comments) stopped at "Changed by a Person?"; 0 executions wrote anything because of an echo`,
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
		const noteReads = extrahop.server.requests.filter(
			(r) => r.method === 'GET' && /^\/api\/v1\/detections\/\d+\/notes$/.test(r.path),
		).length;
		process.stdout.write(
			`  executions of the workflow: ${executions.length} (Jira webhook ${webhookRuns}, of which ${echoDeliveries} echoes; ExtraHop polls and note flow runs ${executions.length - webhookRuns}); note flow: ${noteFlowRuns(extrahop).length} runs, ${noteReads} note reads (Append's included), ${commentsToJira.length} comments posted\n`,
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
	const args = process.argv.slice(2);
	const wanted = args.filter((a) => a === 'server' || a === 'cloud');
	const reading = args.find((a) => a === 'still' || a === 'moves');
	for (const variant of /** @type {('server' | 'cloud')[]} */ (
		wanted.length ? wanted : ['server', 'cloud']
	))
		await runVariant(variant, reading ? reading === 'moves' : variant === 'cloud');
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} mirroring in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
