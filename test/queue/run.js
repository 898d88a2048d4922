#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run test:queue` (part of `npm test`; `npm run build` first): the package in n8n's queue
 * mode, everything real (test/queue/stack.js): Redis, PostgreSQL, n8n 2.8.4 main + 2 workers +
 * 2 webhook processes, nginx in front of the webhook processes with docs/queue-mode/nginx.conf.
 *
 * ExtraHop Webhook Trigger (a workflow: trigger -> No Op, ExtraHop simulator A):
 *   1. the same push sent at once twice through nginx and once straight to the process nginx
 *      pins the path to, 20 rounds: exactly 20 executions (and, as a figure, what bypassing the
 *      rule does: the same push straight to both processes);
 *   2. 40 distinct concurrent pushes, then their 40 write-back echoes: 40 executions, 0 spurious;
 *   3. 300 back-to-back pushes, then re-pushed to the other webhook process (which knows only
 *      what was saved in PostgreSQL): 0 forgotten;
 *   4. the webhook process serving the path killed (SIGKILL) in the middle of 40 pushes: nginx
 *      moves the path to the other process, 40 executions, re-pushed: 0 more;
 *   5. a body nested 10,000 levels deep under a valid id, and a 300 KiB body: 400, no execution.
 * ExtraHop Trigger (polling), examples/01 Detection to Jira (ExtraHop simulator B, Jira simulator):
 *   6. detections -> exactly one Jira issue each, ticket id written back, on 2 workers;
 *   7. main restarted while the execution runs on a worker: nothing lost or repeated;
 *   8. the worker running an execution killed (SIGKILL): the detections it had not finished have
 *      no ticket id; then, with no human step, the example's own "Detection Still Without Ticket"
 *      event (ExtraHop's clock moved past its 10-minute minimum age) re-emits them from main:
 *      every detection exactly one issue and its ticket id.
 * Prints one line per check ("  ok" / "  FAIL") and `queue: N passed, N failed`.
 *
 *   npm run build && npm run test:queue
 *   KEEP_N8N_DATA=1 npm run test:queue     keep the temp folder (logs of every process)
 *   QUEUE_PARTS=webhook|polling            run one half only
 */
const { startStack, restartMain } = require('./stack');
const { Report, sleep, waitFor } = require('../e2e/lib/report');
const examples = require('../../tools/examples');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');

const report = new Report();
const check = report.check.bind(report);
const PARTS = (process.env.QUEUE_PARTS ?? 'webhook,polling').split(',');

const SECRET = 'queue-webhook-secret-0123456789';
const WH_WORKFLOW = 'queueWebhookWf0001';
const WEBHOOK_ID = '0b0e7a11-5eed-4c0d-9a1e-000000000011';
const W1 = examples.WORKFLOWS.detectionToJira.id;
/** Example 01's reconciliation minimum age (10 minutes), and a minute. */
const RECONCILE_JUMP_MS = 11 * 60_000;
/** A poll a minute (n8n's minimum) at a random second, plus the run. */
const POLL_TIMEOUT_MS = 110_000;

/** @param {any} n8n */
async function settle(n8n, timeoutMs = 120000) {
	let quiet = 0;
	const deadline = Date.now() + timeoutMs;
	while (quiet < 2) {
		const busy = await n8n.listExecutions({ status: ['new', 'running', 'waiting'] });
		quiet = busy.length === 0 ? quiet + 1 : 0;
		if (Date.now() > deadline)
			throw new Error(
				`executions still running after ${timeoutMs / 1000} s: ${busy.map((/** @type {any} */ e) => `${e.workflowId}#${e.id}`).join(', ')}`,
			);
		await sleep(700);
	}
}

function webhookWorkflow(/** @type {string} */ credentialId) {
	return {
		id: WH_WORKFLOW,
		name: 'ExtraHop webhook (queue mode)',
		active: false,
		settings: {},
		nodes: [
			{
				id: 'qnode-1',
				name: 'ExtraHop Webhook Trigger',
				type: 'n8n-nodes-extrahop.extraHopWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: {
					authentication: 'apiKey',
					senderAuthentication: 'headerSecret',
					events: ['created', 'updated'],
					updateMode: 'activity',
					autoRegister: false,
				},
				credentials: {
					extraHopApi: { id: credentialId, name: 'ExtraHop A' },
					extraHopWebhookSecretApi: { id: 'queueSecretCred01', name: 'Sender' },
				},
			},
			{
				id: 'qnode-2',
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [300, 0],
				parameters: {},
			},
		],
		connections: {
			'ExtraHop Webhook Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
		},
	};
}

async function main() {
	const started = Date.now();
	const simA = createExtraHopSimulator();
	// No seeded history: only the test's detections.
	const simB = createExtraHopSimulator({ seed: false });
	const jira = createJiraSimulator();
	const urlA = await simA.start();
	const urlB = await simB.start();
	await jira.start();
	simB.config.ticketUrlTemplate = `${jira.url}/browse/$ticket_id`;
	const workflows = [];
	const activate = [];
	if (PARTS.includes('webhook')) {
		workflows.push(webhookWorkflow('queueEhCredA0001'));
		activate.push(WH_WORKFLOW);
	}
	if (PARTS.includes('polling')) {
		workflows.push(examples.workflowPath('detectionToJira'));
		activate.push(W1);
	}
	report.section('Start: Redis, PostgreSQL, n8n main, 2 workers, 2 webhook processes, nginx');
	const stack = await startStack({
		workers: 2,
		webhooks: 2,
		// A killed worker's job is noticed after the lock expires (n8n's defaults: 60 s lock, 30 s check).
		queueEnv: {
			QUEUE_WORKER_LOCK_DURATION: '6000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
		},
		main: {
			credentials: [
				{
					id: 'queueEhCredA0001',
					name: 'ExtraHop A',
					type: 'extraHopApi',
					data: { url: urlA, apiKey: simA.config.apiKey, allowUnauthorizedCerts: false },
				},
				{
					id: 'queueSecretCred01',
					name: 'Sender',
					type: 'extraHopWebhookSecretApi',
					data: { headerName: 'X-ExtraHop-Secret', secret: SECRET },
				},
				...examples.simulatorCredentials({
					extraHop: { url: urlB, apiKey: simB.config.apiKey },
					jira: jira.credentials,
				}),
			],
			workflows,
			activate,
			activateVia: 'rest',
		},
	});
	try {
		const n8n = stack.main;
		check(
			stack.webhooks.length === 2 && stack.workers.length === 2,
			'the stack runs: main, 2 workers, 2 webhook processes behind nginx',
		);
		if (PARTS.includes('webhook')) await webhookChecks(stack, simA);
		if (PARTS.includes('polling')) await pollingChecks(stack, simB, jira);
		const crashedOrError = (await n8n.listExecutions({ status: ['error'] })).filter(
			(e) => e.workflowId === WH_WORKFLOW,
		);
		check(
			crashedOrError.length === 0,
			'no webhook execution ended in error',
			crashedOrError.map((e) => e.id),
		);
	} finally {
		report.section('Stop');
		const t = Date.now();
		await stack.stop();
		await Promise.all([simA.stop(), simB.stop(), jira.stop()]);
		process.stdout.write(`  stopped in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
	}
	process.stdout.write(`test:queue took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * @param {Awaited<ReturnType<typeof startStack>>} stack
 * @param {ReturnType<typeof createExtraHopSimulator>} sim
 */
async function webhookChecks(stack, sim) {
	const n8n = stack.main;
	const hookPath = `/webhook/${WEBHOOK_ID}/extrahop`;
	const viaNginx = `${stack.nginxUrl}${hookPath}`;
	/** @type {Record<string, number>} */
	const answeredBy = {};
	/**
	 * @param {string} url
	 * @param {unknown} body
	 * @returns {Promise<{ status: number, json: any, by: string }>}
	 */
	const push = async (url, body) => {
		for (let attempt = 1; ; attempt++) {
			try {
				const res = await fetch(url, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'X-ExtraHop-Secret': SECRET },
					body: typeof body === 'string' ? body : JSON.stringify(body),
					signal: AbortSignal.timeout(30000),
				});
				const text = await res.text();
				let json;
				try {
					json = JSON.parse(text);
				} catch {
					json = { text: text.slice(0, 200) };
				}
				const by = res.headers.get('x-n8n-webhook-process') ?? url;
				answeredBy[by] = (answeredBy[by] ?? 0) + 1;
				// A sender that gets no answer (process gone) tries again, as an operator would.
				if ((res.status === 502 || res.status === 504) && attempt < 3) continue;
				return { status: res.status, json, by };
			} catch (error) {
				if (attempt >= 3) return { status: 0, json: { error: String(error) }, by: url };
			}
		}
	};
	const count = async () => (await n8n.listExecutions({ workflowId: WH_WORKFLOW })).length;
	const waitCount = async (/** @type {number} */ _expected) => {
		await settle(n8n);
		return await count();
	};

	report.section('Webhook trigger: the path is pinned to one webhook process');
	const probe = sim.createDetection({});
	const first = await push(viaNginx, { id: probe.id });
	const owner = stack.webhooks.find((w) => first.by === `127.0.0.1:${w.port}`);
	const other = stack.webhooks.find((w) => w !== owner);
	check(
		first.status === 200 && owner !== undefined,
		`nginx routes the path to one webhook process (${first.by})`,
		first,
	);
	if (!owner || !other) return;
	const pinned = await Promise.all(
		Array.from({ length: 10 }, () => push(viaNginx, { id: probe.id })),
	);
	check(
		pinned.every((r) => r.by === first.by),
		'ten more requests for the path: all to the same process',
		pinned.map((r) => r.by),
	);
	let expected = 1;
	check((await waitCount(expected)) === expected, 'the probe push: one execution');

	report.section(
		'Webhook trigger: the same push through nginx (x2) and straight to its process, 20 rounds',
	);
	const t1 = Date.now();
	for (let round = 0; round < 20; round++) {
		const d = sim.createDetection({});
		await Promise.all([
			push(viaNginx, { id: d.id }),
			push(viaNginx, { id: d.id }),
			push(`${owner.url}${hookPath}`, { id: d.id }),
		]);
	}
	expected += 20;
	const afterRounds = await waitCount(expected);
	check(
		afterRounds - 1 === 20,
		`20 rounds of 3 copies: exactly 20 executions (${afterRounds - 1}, ${((Date.now() - t1) / 1000).toFixed(1)} s)`,
	);
	// What the rule prevents (a figure, not a check): copies sent straight to both processes.
	const bypass = [];
	for (let round = 0; round < 5; round++) {
		const d = sim.createDetection({});
		bypass.push(
			...(await Promise.all([
				push(`${owner.url}${hookPath}`, { id: d.id }),
				push(`${other.url}${hookPath}`, { id: d.id }),
			])),
		);
	}
	const afterBypass = await waitCount(expected + 5);
	report.note(
		`bypassing nginx, the same push straight to both webhook processes at once, 5 rounds: ${afterBypass - expected} executions (n8n has no shared atomic claim for nodes; see docs/queue-mode.md)`,
	);
	expected = afterBypass;

	report.section('Webhook trigger: 40 distinct concurrent pushes, then their 40 write-back echoes');
	const forty = Array.from({ length: 40 }, () => sim.createDetection({}));
	const accepted = await Promise.all(forty.map((d) => push(viaNginx, { id: d.id })));
	check(
		accepted.every((r) => r.status === 200 && r.json.event === 'created'),
		'40 concurrent pushes: all answered 200 "workflow started"',
		accepted.filter((r) => r.status !== 200 || r.json.event !== 'created').slice(0, 3),
	);
	expected += 40;
	check(
		(await waitCount(expected)) === expected,
		'40 concurrent pushes: 40 executions',
		await count(),
	);
	for (const d of forty)
		sim.modifyDetection(d.id, { fields: { ticket_id: `SOC-${d.id}`, status: 'in_progress' } });
	const echoes = await Promise.all(forty.map((d) => push(viaNginx, { id: d.id })));
	const spurious = echoes.filter((r) => r.json.ignored !== 'trackingOnly');
	check(
		spurious.length === 0,
		'40 write-back echoes: all recognised ("only ticket tracking fields changed")',
		spurious.slice(0, 3),
	);
	check(
		(await waitCount(expected)) === expected,
		'40 write-back echoes: 0 spurious executions',
		(await count()) - expected,
	);

	report.section('Webhook trigger: 300 back-to-back pushes, then re-pushed to the other process');
	const t3 = Date.now();
	const many = Array.from({ length: 300 }, () => sim.createDetection({}));
	const backToBack = [];
	for (const d of many) backToBack.push(await push(viaNginx, { id: d.id }));
	const pushSeconds = (Date.now() - t3) / 1000;
	check(
		backToBack.every((r) => r.status === 200 && r.json.event === 'created'),
		`300 back-to-back pushes: all accepted (${pushSeconds.toFixed(1)} s, ${(300 / pushSeconds).toFixed(0)} pushes/s)`,
		backToBack.filter((r) => r.status !== 200).slice(0, 3),
	);
	expected += 300;
	check(
		(await waitCount(expected)) === expected,
		`300 executions (all done ${((Date.now() - t3) / 1000).toFixed(1)} s after the first push)`,
		(await count()) - expected + 300,
	);
	// The other process never saw these: it knows them only from the memory saved in PostgreSQL.
	const repush = [];
	for (let i = 0; i < many.length; i += 30)
		repush.push(
			...(await Promise.all(
				many.slice(i, i + 30).map((d) => push(`${other.url}${hookPath}`, { id: d.id })),
			)),
		);
	const forgotten = repush.filter((r) => r.json.ignored !== 'duplicate');
	check(
		forgotten.length === 0,
		`re-pushed to the other webhook process: 0 of 300 forgotten (${forgotten.length})`,
		forgotten.slice(0, 3),
	);
	check(
		(await waitCount(expected)) === expected,
		're-pushed: 0 executions',
		(await count()) - expected,
	);

	report.section('Webhook trigger: the process serving the path killed in the middle of 40 pushes');
	const failover = Array.from({ length: 40 }, () => sim.createDetection({}));
	const answers = [];
	for (const [i, d] of failover.entries()) {
		if (i === 15) owner.service.signal('SIGKILL');
		answers.push(await push(viaNginx, { id: d.id }));
	}
	const before = answers.slice(0, 15).map((r) => r.by);
	const after = answers.slice(16).map((r) => r.by);
	check(
		before.every((b) => b === first.by) && after.every((b) => b === `127.0.0.1:${other.port}`),
		`pushes 1-15 answered by ${first.by}, 17-40 by the other process after the kill`,
		{ before: [...new Set(before)], after: [...new Set(after)] },
	);
	check(
		answers.every((r) => r.status === 200 && r.json.event === 'created'),
		'all 40 answered 200 "workflow started"',
		answers.filter((r) => r.status !== 200).slice(0, 3),
	);
	expected += 40;
	check(
		(await waitCount(expected)) === expected,
		`40 executions, none lost or doubled (${(await count()) - expected + 40})`,
	);
	const again = await Promise.all(failover.map((d) => push(viaNginx, { id: d.id })));
	check(
		again.every((r) => r.json.ignored === 'duplicate'),
		'the 40 re-pushed: all recognised as already received',
		again.filter((r) => r.json.ignored !== 'duplicate').slice(0, 3),
	);
	check(
		(await waitCount(expected)) === expected,
		'the 40 re-pushed: 0 executions',
		(await count()) - expected,
	);

	report.section('Webhook trigger: hostile bodies');
	const valid = sim.createDetection({});
	const deep = `{"id": ${valid.id}, "x": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
	const deepReply = await push(viaNginx, deep);
	check(
		deepReply.status === 400 && deepReply.json.code === 'body_too_deep',
		`a body nested 10,000 levels deep under a valid id: 400 body_too_deep ("${String(deepReply.json.message).slice(0, 60)}...")`,
		deepReply,
	);
	const big = JSON.stringify({ id: valid.id, padding: 'x'.repeat(300 * 1024) });
	const bigReply = await push(viaNginx, big);
	check(
		bigReply.status === 400 && bigReply.json.code === 'body_too_large',
		'a 300 KiB body: 400 body_too_large',
		bigReply,
	);
	check(
		(await waitCount(expected)) === expected,
		'hostile bodies: no execution (not even an error one)',
		(await count()) - expected,
	);
	report.note(`requests answered per process: ${JSON.stringify(answeredBy)}`);
}

/**
 * @param {Awaited<ReturnType<typeof startStack>>} stack
 * @param {ReturnType<typeof createExtraHopSimulator>} sim
 * @param {any} jira the Jira simulator
 */
async function pollingChecks(stack, sim, jira) {
	const n8n = stack.main;
	const polls = () =>
		sim.server.requests.filter(
			(r) =>
				r.method === 'POST' &&
				r.path === '/api/v1/detections/search' &&
				r.status > 0 &&
				r.body.includes('mod_time'),
		);
	const issuesOf = (/** @type {number} */ id) =>
		jira
			.issues()
			.filter((/** @type {any} */ i) => i.summary.startsWith(`ExtraHop Detection: ${id}: `));
	const verify = (/** @type {any[]} */ detections, /** @type {string} */ label) => {
		const problems = [];
		for (const d of detections) {
			const mine = issuesOf(d.id);
			const ticket = sim.getDetection(d.id)?.ticket_id;
			if (mine.length !== 1) problems.push(`${d.id}: ${mine.length} issues`);
			else if (ticket !== mine[0].key)
				problems.push(`${d.id}: ticket id ${ticket}, issue ${mine[0].key}`);
		}
		return check(
			problems.length === 0,
			`${label}: each of ${detections.length} detections has exactly one Jira issue and its key as ticket id`,
			problems.slice(0, 5),
		);
	};
	const slowJira = (/** @type {number} */ ms) =>
		jira.server.injectFault({
			method: 'POST',
			pathPrefix: '/rest/api/2/issue',
			kind: 'latency',
			delayMs: ms,
			times: 10_000,
		});
	const workerOf = async (/** @type {string} */ executionId) => {
		for (const w of stack.workers) {
			const text = w.logTail(400);
			if (new RegExp(`execution ${executionId}\\b`).test(text)) return w;
		}
		return undefined;
	};

	report.section('Detection to Jira (polling) on 2 workers');
	const t0 = Date.now();
	const batch1 = Array.from({ length: 10 }, () => sim.createDetection({}));
	await waitFor(
		'a ticket id on the 10 new detections',
		() => batch1.every((d) => sim.getDetection(d.id)?.ticket_id),
		{ timeoutMs: POLL_TIMEOUT_MS },
	);
	await settle(n8n);
	check(
		polls().length > 0,
		`main polled (${polls().length} polls); tickets written back ${((Date.now() - t0) / 1000).toFixed(1)} s after creation`,
	);
	verify(batch1, 'first poll');
	const runs1 = await n8n.listExecutions({ workflowId: W1 });
	const ranOn = await Promise.all(runs1.map((e) => workerOf(e.id)));
	check(
		runs1.length > 0 && ranOn.every(Boolean),
		`its execution(s) ran on a worker (${ranOn.map((w) => w?.name).join(', ')}), not on main`,
		runs1.map((e) => e.id),
	);

	report.section('Detection to Jira: main restarted while the execution runs on a worker');
	slowJira(400);
	const batch2 = Array.from({ length: 10 }, () => sim.createDetection({}));
	const issuesBefore = jira.issues().length;
	await waitFor(
		'the poll that picks up the second batch (first issue created)',
		() => jira.issues().length > issuesBefore,
		{ timeoutMs: POLL_TIMEOUT_MS, intervalMs: 100 },
	);
	const t2 = Date.now();
	await restartMain(n8n);
	report.note(
		`main restarted (SIGTERM, start) in ${((Date.now() - t2) / 1000).toFixed(1)} s while the execution ran: ${jira.issues().length - issuesBefore} of 10 issues created when main was back`,
	);
	await waitFor(
		'a ticket id on the second batch',
		() => batch2.every((d) => sim.getDetection(d.id)?.ticket_id),
		{ timeoutMs: POLL_TIMEOUT_MS },
	);
	await settle(n8n);
	verify(batch2, 'main restarted mid-run');
	verify(batch1, 'first batch after the restart (nothing repeated)');

	report.section('Detection to Jira: the worker running the execution killed');
	slowJira(250);
	const batch3 = Array.from({ length: 30 }, () => sim.createDetection({}));
	const issuesBefore3 = jira.issues().length;
	await waitFor(
		'the poll that picks up the third batch (5 issues created)',
		() => jira.issues().length >= issuesBefore3 + 5,
		{ timeoutMs: POLL_TIMEOUT_MS, intervalMs: 100 },
	);
	const running = (await n8n.listExecutions({ workflowId: W1, status: ['running', 'new'] }))[0];
	const victim = running ? await workerOf(running.id) : undefined;
	check(
		victim !== undefined,
		`found the worker running execution ${running?.id} (${victim?.name})`,
	);
	if (!victim) return;
	victim.signal('SIGKILL');
	const killedAt = Date.now();
	const createdBeforeKill = jira.issues().length - issuesBefore3;
	await sleep(1500);
	jira.server.clearFaults?.();
	const lost = batch3.filter((d) => !sim.getDetection(d.id)?.ticket_id);
	report.note(
		`worker ${victim.name} killed ${createdBeforeKill} issues into a 30-detection execution: ${lost.length} of 30 detections without a ticket id, ${jira.issues().length - issuesBefore3} issues created`,
	);
	check(
		lost.length > 0,
		'the crash left detections without a ticket id (what reconciliation must repair)',
		lost.length,
	);
	const final = await waitFor(
		`execution ${running.id} to end after the worker died`,
		async () => {
			const e = (await n8n.listExecutions({ workflowId: W1 })).find((x) => x.id === running.id);
			return e && !['running', 'new'].includes(e.status) ? e : undefined;
		},
		{ timeoutMs: 120000, intervalMs: 1000 },
	).catch(() => undefined);
	report.note(
		`n8n marked execution ${running.id} "${final?.status ?? 'still running'}" ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
	);

	// No human step: ExtraHop's clock moves past the example's minimum age (10 minutes), and main's
	// next poll re-emits what is still without a ticket id ("Detection Still Without Ticket").
	const t3 = Date.now();
	sim.config.clockOffsetMs += RECONCILE_JUMP_MS;
	await waitFor(
		'ticket ids on the third batch, from the trigger on main',
		() => batch3.every((d) => sim.getDetection(d.id)?.ticket_id),
		{ timeoutMs: POLL_TIMEOUT_MS },
	).catch(() => undefined);
	report.note(
		`ExtraHop's clock moved 11 minutes on: the ${lost.length} detections ticketed ${((Date.now() - t3) / 1000).toFixed(1)} s later, by the next poll on main`,
	);
	await settle(n8n);
	/** @type {number[]} */
	const reemitted = [];
	for (const e of await n8n.listExecutions({ workflowId: W1 })) {
		const items = n8n.nodeOutput(await n8n.getExecution(e.id), 'ExtraHop Trigger') ?? [];
		for (const item of items)
			if (item.json.event === 'unticketed') reemitted.push(Number(item.json.id));
	}
	check(
		lost.every((d) => reemitted.includes(d.id)) &&
			reemitted.every((id) => batch3.some((d) => d.id === id)),
		`the trigger re-emitted exactly the ${lost.length} detections the crash left without a ticket id (${reemitted.length} re-emitted), none of the ticketed ones`,
		reemitted,
	);
	verify(batch3, 'worker killed, then reconciliation');
	verify([...batch1, ...batch2], 'earlier batches after reconciliation (nothing repeated)');
	const all = [...batch1, ...batch2, ...batch3];
	const extra = jira
		.issues()
		.filter(
			(/** @type {any} */ i) =>
				!all.some((d) => i.summary.startsWith(`ExtraHop Detection: ${d.id}: `)),
		);
	check(
		jira.issues().length === all.length && extra.length === 0,
		`Jira holds exactly ${all.length} issues for ${all.length} detections (${jira.issues().length})`,
	);
}

main()
	.catch((error) => {
		check(false, 'test:queue ran to the end', error instanceof Error ? error.stack : String(error));
	})
	.finally(() => {
		process.stdout.write(`queue: ${report.passed} passed, ${report.failed} failed\n`);
		process.exit(report.failed === 0 ? 0 : 1);
	});
