#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The chaos test (issue 19): in real n8n queue mode (test/queue/stack.js: Redis, PostgreSQL,
 * main + 2 workers + 2 webhook processes behind nginx), a seeded schedule of detection creations
 * and updates flows through two workflows at once (test/queue/chaos-flows.js: the poll flow,
 * examples/01, and a push flow) while, on a timeline (test/queue/chaos-plan.js):
 *   - a worker is SIGKILLed in the middle of an execution, once in the poll flow, once in the push
 *     flow: when Jira receives the n-th issue creation of that execution, the worker that sent it
 *     (found by its TCP connection) is killed before Jira answers; the issue is created, the
 *     flow never hears of it; the worker is replaced;
 *   - Jira answers every REST call 503 for a window, the second part with Retry-After;
 *   - main is restarted (while Jira is down in the compressed variant, after it in the full one);
 *   - ExtraHop loses a seeded fraction of its pushes (tools/simulators/extrahop/push.js);
 *   - the webhook process serving the push path is killed, then restarted.
 * Then, with no human step, it waits for every detection to get its ticket id (up to a deadline
 * after the last fault ended), watches a while longer for late duplicates, and checks the oracle
 * (test/queue/chaos-oracle.js): every detection exactly one Jira issue and its key as ticket id,
 * no issue without its detection, no echo change, no ExtraHop contract refusal, every fault
 * exercised. It prints the creation-to-ticket-id latency per flow, untouched and touched
 * (defined in chaos-oracle.js), and checks the goals: untouched p95 <= 75 s (poll) and <= 5 s
 * (push), everything ticketed within the deadline after the last fault.
 *
 * Prints one line per check ("  ok" / "  FAIL"), the figures, and `chaos: N passed, N failed`.
 *
 *   npm run build && node test/queue/chaos.js      compressed (npm test), about 8 minutes
 *   CHAOS=full node test/queue/chaos.js            full length (the figures in docs/queue-mode.md)
 *   CHAOS_SEED=<n>                                 another schedule (default 19)
 *   KEEP_N8N_DATA=1                                keep every process's log
 *   CHAOS_STATE_FILE=<path>                        write what the simulators recorded (JSON)
 */
const {
	startStack,
	restartMain,
	killService,
	restartService,
	serviceOfConnection,
} = require('./stack');
const { Report, sleep } = require('../e2e/lib/report');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');
const plan = require('./chaos-plan');
const flows = require('./chaos-flows');
const oracle = require('./chaos-oracle');

const report = new Report();
const check = report.check.bind(report);
const V = plan.variant(process.env.CHAOS, Number(process.env.CHAOS_SEED ?? 19));
/** @type {import('./chaos-plan').Flow[]} */
const FLOWS = ['poll', 'push'];
const POLL_INTERVAL_MS = 60_000;
/** n8n notices a dead worker's jobs after the lock expires (shortened as in test/queue/run.js). */
const QUEUE_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '6000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};
const STALL_MS = 15_000;
const REACH = { poll: POLL_INTERVAL_MS + 30_000, push: 15_000 };
const ISSUE_LABEL = /"extrahop-(\d+)"/;

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;
const untilTime = (/** @type {number} */ t) => sleep(Math.max(0, t - Date.now()));
const flowOf = (/** @type {number} */ id) => (id >= plan.FIRST_ID.push ? 'push' : 'poll');

/** @typedef {ReturnType<typeof createExtraHopSimulator>} ExtraHopSim */
/** @typedef {Awaited<ReturnType<typeof startStack>>} Stack */
/** @typedef {import('./chaos-oracle').FaultWindow} FaultWindow */

async function main() {
	const started = Date.now();
	/** @type {Record<import('./chaos-plan').Flow, ExtraHopSim>} */
	const sims = {
		poll: createExtraHopSimulator({ seed: false }),
		push: createExtraHopSimulator({
			seed: false,
			autoPush: true,
			pushDropRate: V.pushDropRate,
			pushSeed: V.seed,
		}),
	};
	const jira = createJiraSimulator();
	const urls = { poll: await sims.poll.start(), push: await sims.push.start() };
	await jira.start();
	for (const flow of FLOWS) sims[flow].config.ticketUrlTemplate = `${jira.url}/browse/$ticket_id`;
	report.section(
		`Chaos test (${V.name}, seed ${V.seed}): start Redis, PostgreSQL, n8n main, 2 workers, 2 webhook processes, nginx`,
	);
	/** @type {Stack | undefined} */
	let stack;
	try {
		stack = await startStack({
			workers: 2,
			webhooks: 2,
			queueEnv: QUEUE_ENV,
			main: {
				credentials: flows.credentials({
					poll: { url: urls.poll, apiKey: sims.poll.config.apiKey },
					push: { url: urls.push, apiKey: sims.push.config.apiKey },
					jira: jira.credentials,
				}),
				workflows: flows.workflows(V.reconcile),
				activate: [flows.POLL_WORKFLOW_ID, flows.PUSH_WORKFLOW_ID],
				activateVia: 'rest',
			},
		});
		await run(stack, sims, jira);
	} finally {
		report.section('Stop');
		const t = Date.now();
		await stack?.stop();
		await Promise.all([sims.poll.stop(), sims.push.stop(), jira.stop()]);
		process.stdout.write(`  stopped in ${seconds(Date.now() - t)}\n`);
		process.stdout.write(`chaos test took ${seconds(Date.now() - started)}\n`);
	}
}

/**
 * @param {Stack} stack
 * @param {Record<import('./chaos-plan').Flow, ExtraHopSim>} sims
 * @param {any} jira the Jira simulator
 */
async function run(stack, sims, jira) {
	const n8n = stack.main;
	const nginxPort = Number(new URL(stack.nginxUrl).port);
	const targets = sims.push.odsTargets();
	check(
		stack.workers.length === 2 &&
			stack.webhooks.length === 2 &&
			targets.length === 1 &&
			targets[0].port === nginxPort &&
			sims.push.triggers().length === 1,
		'the stack runs both flows; the push flow registered its ODS target (nginx) and trigger on ExtraHop',
		{ targets, triggers: sims.push.triggers().length },
	);

	/** Searches of the poll flow's ExtraHop that found something: what each poll emitted. */
	/** @type {{ at: number, ids: number[] }[]} */
	const searches = [];
	sims.poll.setOnSearch(({ page }) => {
		if (page.length > 0)
			searches.push({
				at: Date.now(),
				ids: page.map((/** @type {any} */ d) => (typeof d === 'object' ? d.id : d)),
			});
	});
	/** @type {FaultWindow[]} */
	const windows = [];
	/** @type {number[][]} */
	const killedPolls = [];
	/** @type {Record<import('./chaos-plan').Flow, { id: number, at: number }[]>} */
	const updates = { poll: [], push: [] };
	const changes = plan.schedule(V);
	const T0 = Date.now() + 2000;
	const at = (/** @type {number} */ t) => seconds(t - T0);
	const fault = (/** @type {string} */ text) => report.note(text);

	report.section(
		`Load: ${changes.filter((c) => c.kind === 'create').length} new and ${changes.filter((c) => c.kind === 'update').length} updated detections over ${seconds(V.loadMs)}, with the faults`,
	);

	const load = (async () => {
		for (const change of changes) {
			await untilTime(T0 + change.at);
			const id = plan.FIRST_ID[change.flow] + change.index;
			if (change.kind === 'create')
				sims[change.flow].createDetection({ id, risk_score: change.riskScore });
			else {
				sims[change.flow].modifyDetection(id, { activity: true });
				updates[change.flow].push({ id, at: Date.now() });
			}
		}
	})();

	/**
	 * Holds Jira's answer to the n-th issue creation of a flow's execution (for the poll flow: the
	 * n-th of one poll), SIGKILLs the worker that sent it, lets the creation through (an issue the
	 * flow never hears of) and replaces the worker.
	 */
	const killMidExecution = async (/** @type {number} */ k) => {
		const { flow } = V.workerKills[k];
		const after = plan.killAfter(V, k);
		const jiraPort = Number(new URL(jira.url).port);
		/** @type {{ worker: import('./stack').Service, id: number, killedAt: number } | null} */
		const victim = await new Promise((resolve) => {
			let creates = 0;
			let since = searches.length;
			let done = false;
			const finish = (/** @type {any} */ value) => {
				done = true;
				clearTimeout(timer);
				unwatch();
				resolve(value);
			};
			const timer = setTimeout(() => finish(null), 4 * POLL_INTERVAL_MS);
			const unwatch = jira.server.watch((/** @type {any} */ req) => {
				if (done || req.method !== 'POST' || req.path !== '/rest/api/2/issue') return;
				const id = Number(ISSUE_LABEL.exec(req.rawBody)?.[1]);
				if (!id || flowOf(id) !== flow) return;
				if (flow === 'poll' && searches.length !== since) {
					// A new poll found something: a new execution; count its creations.
					since = searches.length;
					creates = 0;
				}
				if (++creates < after) return;
				const worker = serviceOfConnection(stack.workers, req.remotePort, jiraPort);
				if (!worker) return;
				worker.signal('SIGKILL');
				finish({ worker, id, killedAt: Date.now() });
			});
		});
		if (!victim) {
			fault(`worker kill ${k + 1} (${flow} flow): no execution reached Jira in time`);
			return false;
		}
		if (flow === 'poll') {
			// The poll that emitted the detection: every search of that poll (one burst).
			const emitted = [...searches].reverse().find((s) => s.ids.includes(victim.id));
			if (emitted)
				killedPolls.push(
					searches.filter((s) => Math.abs(s.at - emitted.at) <= 5000).flatMap((s) => s.ids),
				);
		}
		await killService(victim.worker);
		await restartService(victim.worker);
		const readyAt = Date.now();
		windows.push({
			name: `worker kill ${k + 1}`,
			from: victim.killedAt,
			to: Math.max(readyAt, victim.killedAt + STALL_MS),
			flows: ['poll', 'push'],
		});
		fault(
			`worker kill ${k + 1}: ${victim.worker.name} SIGKILLed at ${at(victim.killedAt)} while its ${flow} flow execution waited for Jira to create the issue of detection ${victim.id} (${flow === 'poll' ? `issue creation ${after} of that execution, ${killedPolls[killedPolls.length - 1]?.length ?? '?'} detections in that poll` : `issue creation ${after} of the push flow since the kill was armed`}; the creation went through); replaced in ${seconds(readyAt - victim.killedAt)}`,
		);
		return true;
	};

	// Jira down: every REST call 503, the second part of the window with Retry-After.
	const j = V.jira503;
	/** @type {import('../../tools/simulators/common/server').Fault[]} */
	const jiraFaults = [];
	const jiraDown = async () => {
		const from = Date.now();
		jiraFaults.push(
			jira.server.injectFault({
				kind: 'status',
				status: 503,
				pathPrefix: '/rest/',
				from,
				until: from + j.retryAfterAfterMs,
			}),
			jira.server.injectFault({
				kind: 'status',
				status: 503,
				retryAfter: j.retryAfterSeconds,
				pathPrefix: '/rest/',
				from: from + j.retryAfterAfterMs,
				until: from + j.durationMs,
			}),
		);
		windows.push({
			name: 'Jira 503',
			from,
			to: from + j.durationMs,
			flows: ['poll', 'push'],
		});
		fault(
			`Jira answers 503 from ${at(from)} for ${seconds(j.durationMs)} (Retry-After: ${j.retryAfterSeconds} from ${seconds(j.retryAfterAfterMs)} on)`,
		);
		await untilTime(from + V.mainRestart.afterJiraStartMs);
		const restartFrom = Date.now();
		await restartMain(n8n);
		const readyAt = Date.now();
		windows.push({ name: 'main restart', from: restartFrom, to: readyAt, flows: ['poll'] });
		fault(
			`main restarted (SIGTERM, start) at ${at(restartFrom)}, ready ${seconds(readyAt - restartFrom)} later`,
		);
		await untilTime(from + j.durationMs);
	};

	const killsThenJiraThenMain = (async () => {
		let killed = 0;
		for (const [k, kill] of V.workerKills.entries()) {
			await untilTime(T0 + kill.armAtMs);
			if (await killMidExecution(k)) killed++;
		}
		await untilTime(T0 + j.notBeforeMs);
		await jiraDown();
		return killed;
	})();

	const webhookKill = (async () => {
		await untilTime(T0 + V.webhookKill.atMs);
		const answered = [...sims.push.pushes()]
			.reverse()
			.flatMap((p) => p.deliveries)
			.find((d) => d.answeredBy)?.answeredBy;
		const last = String(answered ?? '')
			.split(',')
			.pop()
			?.trim();
		const owner = stack.webhooks.find((w) => last === `127.0.0.1:${w.port}`);
		if (!owner) {
			fault(
				`webhook process kill: no push answered yet, cannot tell which process serves the path`,
			);
			return false;
		}
		const from = Date.now();
		await killService(owner.service);
		await sleep(V.webhookKill.downMs);
		await restartService(owner.service);
		windows.push({ name: 'webhook process kill', from, to: Date.now(), flows: ['push'] });
		fault(
			`${owner.service.name}, which serves the push path, SIGKILLed at ${at(from)}, restarted ${seconds(V.webhookKill.downMs)} later, ready ${seconds(Date.now() - from)} after the kill`,
		);
		return true;
	})();

	const [, killed, webhookKilled] = await Promise.all([load, killsThenJiraThenMain, webhookKill]);
	const loadEnded = Date.now();
	const lastFaultEnd = Math.max(...windows.map((w) => w.to));

	report.section(
		`Convergence: every detection must have its ticket id within ${seconds(V.convergeMs)} after the last fault ended (${at(lastFaultEnd)})`,
	);
	const deadline = lastFaultEnd + V.convergeMs;
	const missing = () =>
		FLOWS.flatMap((flow) =>
			sims[flow]
				.detections()
				.filter((d) => !d.ticket_id)
				.map((d) => d.id),
		);
	let lastShown = 0;
	while (missing().length > 0 && Date.now() < deadline) {
		if (Date.now() - lastShown >= 30_000) {
			lastShown = Date.now();
			const m = missing();
			report.note(
				`${at(Date.now())}: ${m.filter((id) => flowOf(id) === 'poll').length} poll and ${m.filter((id) => flowOf(id) === 'push').length} push detections without a ticket id`,
			);
		}
		await sleep(1000);
	}
	const convergedAt = Date.now();
	const unticketed = missing();
	report.note(
		unticketed.length === 0
			? `all ticketed ${seconds(convergedAt - lastFaultEnd)} after the last fault ended; watching ${seconds(V.quietMs)} more for late changes`
			: `${unticketed.length} detections still without a ticket id at the deadline; watching ${seconds(V.quietMs)} more`,
	);
	await sleep(V.quietMs);
	await settle(n8n);
	await sims.push.pushesSettled();

	report.section('Oracle');
	const snapshot = (/** @type {import('./chaos-plan').Flow} */ flow) =>
		sims[flow].detections().map((d) => ({
			id: d.id,
			create_time: d.create_time,
			ticket_id: d.ticket_id,
			status: d.status,
			resolution: d.resolution,
		}));
	const state = {
		detections: { poll: snapshot('poll'), push: snapshot('push') },
		tracking: { poll: sims.poll.trackingLog(), push: sims.push.trackingLog() },
		issues: jira.issues(),
	};
	const verdict = oracle.verdicts(state);
	const total = state.detections.poll.length + state.detections.push.length;
	const changed = updates.poll.length + updates.push.length;
	check(
		total + changed >= 300,
		`${total} new and ${changed} updated detections over ${seconds(loadEnded - T0)} (poll flow ${state.detections.poll.length} + ${updates.poll.length}, push flow ${state.detections.push.length} + ${updates.push.length})`,
	);
	for (const flow of FLOWS) {
		const v = verdict[flow];
		check(
			v.noTicket.length === 0,
			`${flow} flow: every detection has a ticket id (${v.noTicket.length} without)`,
			v.noTicket.slice(0, 20),
		);
		check(
			v.noIssue.length === 0 && v.duplicates.length === 0 && v.wrongTicket.length === 0,
			`${flow} flow: every detection exactly one Jira issue labelled extrahop-<id>, its key the ticket id (${v.noIssue.length} without an issue, ${v.duplicates.length} with more than one, ${v.wrongTicket.length} with another key)`,
			{
				noIssue: v.noIssue.slice(0, 10),
				duplicates: v.duplicates.slice(0, 10),
				wrongTicket: v.wrongTicket.slice(0, 10),
			},
		);
		check(
			v.echoes.length === 0,
			`${flow} flow: no echo, nothing but the write-back of its ticket id changed a detection, none closed (${v.echoes.length} changed otherwise)`,
			v.echoes.slice(0, 10),
		);
		check(
			v.rewritten.length === 0,
			`${flow} flow: one write-back per detection (${v.rewritten.length} written twice: two executions ticketed one detection)`,
			v.rewritten.slice(0, 10),
		);
	}
	check(
		verdict.orphans.length === 0 && state.issues.length <= total,
		`no Jira issue without its detection (${state.issues.length} issues for ${total} detections)`,
		verdict.orphans.slice(0, 10).map((i) => i.key),
	);
	const refused = [...sims.poll.violations(), ...sims.push.violations()];
	check(refused.length === 0, 'ExtraHop refused no request (contract)', refused.slice(0, 5));

	if (process.env.CHAOS_STATE_FILE) {
		require('node:fs').writeFileSync(
			process.env.CHAOS_STATE_FILE,
			JSON.stringify(
				{
					variant: V,
					T0,
					windows,
					killedPolls,
					searches,
					updates,
					...state,
					pushes: sims.push.pushes(),
					jiraRequests: jira.server.requestLog('/rest/').map((/** @type {any} */ r) => ({
						method: r.method,
						path: r.path,
						status: r.status,
						at: r.at,
					})),
					executions: await n8n.listExecutions().catch(() => []),
				},
				null,
				1,
			),
		);
		report.note(`state written to ${process.env.CHAOS_STATE_FILE}`);
	}

	report.section('Faults exercised');
	check(
		killed === V.workerKills.length,
		`a worker SIGKILLed mid-execution ${killed} times (${V.workerKills.map((k) => k.flow).join(', ')} flow)`,
	);
	const jiraHits = jiraFaults.map((f) => f.hits ?? 0);
	check(
		jiraHits[0] > 0 && jiraHits[1] > 0,
		`Jira answered 503 for ${seconds(j.durationMs)}: ${jiraHits[0]} requests without Retry-After, ${jiraHits[1]} with Retry-After: ${j.retryAfterSeconds}`,
	);
	const pushes = sims.push.pushes();
	const lost = pushes.filter((p) => p.dropped);
	const lostWork = lost.filter((p) => p.change !== 'tracking');
	check(
		pushes.length > 0 && lost.length / pushes.length >= 0.1,
		`ExtraHop lost ${lost.length} of its ${pushes.length} pushes (${((100 * lost.length) / Math.max(1, pushes.length)).toFixed(1)}%; ${lostWork.length} of them for a creation or an update)`,
	);
	const failed = pushes.filter(
		(p) => !p.dropped && p.deliveries.some((d) => d.status !== 200),
	).length;
	report.note(`${failed} pushes sent but not answered 200 (webhook process down, nginx retry)`);
	check(webhookKilled === true, 'the webhook process serving the push path killed and restarted');
	check(
		windows.some((w) => w.name === 'main restart'),
		'main restarted',
	);
	check(
		sims.push.odsTargets().length === 1 && sims.push.triggers().length === 1,
		'the push registration is intact after the restarts',
	);
	const executions = await n8n.executionSummary().catch(() => ({}));
	report.note(`executions by workflow and status: ${JSON.stringify(executions)}`);

	report.section('Figures: creation -> ticket id on the detection');
	const figures = oracle.latencies({
		detections: state.detections,
		tracking: state.tracking,
		updates,
		pushes,
		windows,
		killedPolls,
		reach: REACH,
	});
	for (const w of windows)
		report.note(
			`fault window ${w.name} (${w.flows.join(' and ')} flow): ${at(w.from)} to ${at(w.to)}`,
		);
	const labels = { poll: 'poll flow (1-minute poll)', push: 'push flow' };
	for (const flow of FLOWS) {
		const f = figures[flow];
		process.stdout.write(
			`  figure ${labels[flow]}: untouched ${oracle.showStats(f.untouched)}; touched ${oracle.showStats(f.touched)}${f.unticketed ? `; ${f.unticketed} never ticketed` : ''}\n`,
		);
	}
	const goal = { poll: 75, push: 5 };
	for (const flow of FLOWS) {
		const u = figures[flow].untouched;
		check(
			u !== null && u.p95 <= goal[flow],
			`goal: ${labels[flow]}, untouched p95 <= ${goal[flow]} s (${u ? `${u.p95.toFixed(1)} s` : 'no untouched detection'})`,
		);
	}
	const ticketedAt = FLOWS.flatMap((flow) =>
		state.tracking[flow].filter((t) => t.fields.ticket_id).map((t) => t.at),
	);
	const lastTicket = Math.max(...ticketedAt);
	check(
		unticketed.length === 0 && lastTicket - lastFaultEnd <= V.convergeMs,
		`goal: every detection ticketed within ${seconds(V.convergeMs)} after the last fault ended (the last one ${seconds(lastTicket - lastFaultEnd)} after)`,
	);
}

/** Waits until no execution is new, running or waiting (twice in a row). */
async function settle(/** @type {any} */ n8n, timeoutMs = 180_000) {
	let quiet = 0;
	const deadline = Date.now() + timeoutMs;
	while (quiet < 2 && Date.now() < deadline) {
		const busy = await n8n
			.listExecutions({ status: ['new', 'running', 'waiting'] })
			.catch(() => [1]);
		quiet = busy.length === 0 ? quiet + 1 : 0;
		await sleep(1000);
	}
}

main()
	.catch((error) => {
		check(
			false,
			'the chaos test ran to the end',
			error instanceof Error ? error.stack : String(error),
		);
	})
	.finally(() => {
		process.stdout.write(`chaos: ${report.passed} passed, ${report.failed} failed\n`);
		process.exit(report.failed === 0 ? 0 : 1);
	});
