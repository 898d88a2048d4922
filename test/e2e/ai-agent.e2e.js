#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, or N8N_BIN=<another install>): example 08
 * (examples/08-extrahop-ai-triage-agent.json), imported unchanged and activated: n8n's AI Agent
 * with the ExtraHop node's operations as tools, its OpenAI Chat Model pointed at an
 * OpenAI-compatible scripted model (tools/simulators/openai, playing ExtraHop's L1 triage
 * workflow: tools/simulators/openai/triage-model.js), human review by e-mail (an SMTP mailbox:
 * tools/simulators/smtp) and the strict ExtraHop simulator.
 *
 *   0. The webhook: a request without the sender's header (credential "AI triage sender") or with
 *      a wrong value gets 403 and starts nothing.
 *   1. Tool schemas: every tool n8n offers the model has a valid name, a description and
 *      parameters a model can fill (each with a type and a description); the state-changing tools
 *      are offered only through the human review.
 *   2. Approve everything: the read-only calls reach ExtraHop as the triage workflow orders them
 *      (bulk search, detection types, prior dispositions, then detail and device for the one
 *      escalation candidate); nothing changes on ExtraHop before the first approval; after each
 *      approval exactly the approved change is made; at the end the two benign port scans are
 *      closed (no action taken), the ransomware detection is in an investigation, a tuning rule
 *      hides port scans from the scanner, each action has its note, the rest is untouched.
 *   3. Reject: the same queue, the first close declined -> nothing changes on ExtraHop.
 *   4. ExtraHop's contract: no request the vendor's API would refuse.
 *
 *   npm run build && node test/e2e/ai-agent.e2e.js
 *   (N8N_E2E_LOG_LEVEL=debug: n8n logs at debug level; its log tail is printed on failure)
 */
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createOpenAiSimulator } = require('../../tools/simulators/openai');
const { triageModel, TOOLS } = require('../../tools/simulators/openai/triage-model');
const { createSmtpSimulator, BROWSER_USER_AGENT } = require('../../tools/simulators/smtp');
const { seedTriageQueue } = require('../../tools/simulators/openai/triage-queue');

const W = examples.WORKFLOWS.aiTriageAgent.id;
/** The example's human review node (Send Email, "Approve by e-mail"). */
const REVIEW_NODE = 'Approve by e-mail';
const report = new Report();
const check = report.check.bind(report);

/** Requests that change something on ExtraHop (anything but reads and searches). */
function writes(/** @type {ReturnType<typeof createExtraHopSimulator>} */ extrahop) {
	return extrahop.server.requests.filter(
		(r) => r.method !== 'GET' && !(r.method === 'POST' && /\/search$/.test(r.path)),
	);
}

/**
 * The open queue's state: status and resolution of each detection, notes, investigations, rules.
 * @param {ReturnType<typeof createExtraHopSimulator>} extrahop
 */
function state(extrahop) {
	return {
		detections: Object.fromEntries(
			[3001, 3002, 3003, 3004].map((id) => {
				const d = /** @type {any} */ (extrahop.getDetection(id));
				return [id, `${d.status}/${d.resolution}`];
			}),
		),
		notes: Object.fromEntries([3001, 3002, 3003, 3004].map((id) => [id, extrahop.note(id) ?? ''])),
		investigations: extrahop.soc().investigations.investigations(),
		rules: extrahop.soc().tuning.rules(),
	};
}

async function main() {
	const extrahop = createExtraHopSimulator({ seed: false });
	const model = createOpenAiSimulator({ script: triageModel });
	const mail = createSmtpSimulator();
	await extrahop.start();
	await model.start();
	await mail.start();
	process.stdout.write(`simulators: ExtraHop ${extrahop.server.url}, model ${model.url}\n`);
	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	/** @type {{ link?: string, status: number, body: string }[]} */
	const clicks = [];
	try {
		report.section('Start');
		seedTriageQueue(extrahop);
		n8n = await startN8n({
			logLevel: process.env.N8N_E2E_LOG_LEVEL === 'debug' ? 'debug' : undefined,
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				openAi: model.credentials(),
				smtp: mail.credentials(),
			}),
			workflows: [examples.workflowPath('aiTriageAgent')],
			activateVia: 'rest',
		});
		const instance = n8n;
		const workflow = examples.loadWorkflow('aiTriageAgent');
		const startUrl = instance.webhookUrl(
			workflow.nodes.find((/** @type {any} */ n) => n.name === 'Start triage').parameters.path,
		);
		const openAiCredential = examples.simulatorCredentials({ openAi: model.credentials() })[0];
		const tested = await instance.testCredential(openAiCredential);
		check(
			tested?.status === 'OK',
			'the OpenAI credential pointed at the simulator passes its test',
			tested,
		);

		/** Waits for the nth review e-mail and returns its approve and decline links. */
		/** The nth e-mail is this many reviews into its own execution (run 2 starts afresh). */
		let firstMailOfRun = 1;
		const reviewsInRun = (/** @type {number} */ n) => n - firstMailOfRun + 1;
		const reviewMail = async (/** @type {number} */ n) => {
			await waitFor(`review e-mail ${n}`, () => mail.messages().length >= n, {
				timeoutMs: 90_000,
			});
			const message = mail.messages()[n - 1];
			const approve = message.links.find((l) => /[?&]approved=true/.test(l));
			const decline = message.links.find((l) => /[?&]approved=false/.test(l));
			// n8n sends the e-mail before it stores the execution as waiting; a link followed in
			// between is refused (409 "running already"). A reviewer takes longer than that: wait
			// until this review's wait is stored (this review's run of the node, status waiting).
			const executionId = /\/webhook-waiting\/([^/]+)\//.exec(String(approve))?.[1];
			await waitFor(
				`execution ${executionId} stored as waiting for review e-mail ${n}`,
				async () => {
					const detail = await instance.getExecution(String(executionId)).catch(() => undefined);
					const reviews = detail?.data?.resultData?.runData?.[REVIEW_NODE] ?? [];
					return (
						detail?.status === 'waiting' &&
						Boolean(detail?.data?.waitTill) &&
						reviews.length >= reviewsInRun(n)
					);
				},
				{ timeoutMs: 30_000, intervalMs: 200 },
			);
			return { message, approve, decline };
		};
		/** Follows a review link as the reviewer's browser does (see BROWSER_USER_AGENT). */
		const click = async (/** @type {string | undefined} */ link) => {
			const response = await fetch(String(link), { headers: { 'user-agent': BROWSER_USER_AGENT } });
			clicks.push({ link, status: response.status, body: (await response.text()).slice(0, 300) });
			return response.status;
		};

		const sender = { [examples.AI_TRIAGE_SENDER.name]: examples.AI_TRIAGE_SENDER.value };
		const start = async (/** @type {Record<string, string>} */ auth = sender) =>
			await fetch(startUrl, { method: 'POST', headers: auth, body: '{}' });

		// ---- 0. only the sender starts a run -------------------------------------------------------
		report.section('The webhook refuses a request without the sender header');
		const before = {
			completions: model.completions().length,
			requests: extrahop.server.requests.length,
			mails: mail.messages().length,
		};
		const anonymous = await start({});
		const forged = await start({ [examples.AI_TRIAGE_SENDER.name]: 'guessed-value' });
		await sleep(2000);
		const executions = await instance.listExecutions({ workflowId: W });
		const after = {
			completions: model.completions().length,
			requests: extrahop.server.requests.length,
			mails: mail.messages().length,
		};
		check(
			anonymous.status === 403 &&
				forged.status === 403 &&
				executions.length === 0 &&
				JSON.stringify(after) === JSON.stringify(before),
			'without the header or with a wrong value n8n answers 403 and starts nothing (no execution, no model call, no ExtraHop request, no e-mail)',
			{ anonymous: anonymous.status, forged: forged.status, executions, before, after },
		);

		// ---- 1. approve every change ---------------------------------------------------------------
		report.section('Run 1: the reviewer approves every change');
		const started = await start();
		check(started.status === 200, `POST ${startUrl} starts a triage run (HTTP ${started.status})`);
		const first = await reviewMail(1);

		const offered = model.completions()[0]?.tools ?? [];
		const names = offered.map((/** @type {any} */ t) => t.function.name).sort();
		check(
			JSON.stringify(names) === JSON.stringify(Object.values(TOOLS).sort()),
			`n8n offers the model the ${Object.keys(TOOLS).length} ExtraHop tools of the example`,
			names,
		);
		check(
			model.problems().length === 0,
			'every tool schema is valid (name, description, typed and described parameters) and every scripted call fits its schema',
			model.problems(),
		);
		const gated = offered
			.filter((/** @type {any} */ t) => t.function.parameters?.properties?.toolParameters)
			.map((/** @type {any} */ t) => t.function.name)
			.sort();
		check(
			JSON.stringify(gated) === JSON.stringify([TOOLS.close, TOOLS.investigate, TOOLS.tune].sort()),
			'exactly the state-changing tools (close, investigation, tuning rule) go through the human review',
			gated,
		);
		const closeParams = offered.find((/** @type {any} */ t) => t.function.name === TOOLS.close)
			?.function.parameters.properties.toolParameters;
		check(
			closeParams?.properties?.detectionId?.type === 'number' &&
				(closeParams?.required ?? []).includes('detectionId'),
			'Close detection asks the model for one number, detectionId',
			closeParams,
		);
		check(
			offered.every((/** @type {any} */ t) =>
				/cheap|costly|state-changing|one call per/i.test(t.function.description),
			),
			'every tool description says what the call costs or that it changes state',
			offered.map((/** @type {any} */ t) => t.function.description),
		);

		const reads = extrahop.server.requests.map((r) => `${r.method} ${r.path}`);
		const searches = extrahop.server
			.requestLog('/api/v1/detections/search')
			.map((r) => JSON.parse(r.body));
		check(
			searches.length === 2 &&
				JSON.stringify(searches[0].filter?.status) ===
					JSON.stringify(['.none', 'new', 'in_progress']) &&
				Math.abs(Date.now() - 24 * 3_600_000 - Number(searches[0].from)) < 5 * 60_000 &&
				JSON.stringify(searches[1].filter) ===
					JSON.stringify({ status: ['closed'], types: ['port_scan'] }),
			'the queue is pulled in one bulk search (open statuses, 24 hours), then one scoped search of closed port scans',
			searches,
		);
		check(
			reads.includes('GET /api/v1/detections/formats') &&
				reads.includes('GET /api/v1/detections/3003') &&
				reads.includes('GET /api/v1/devices/1900') &&
				!reads.some((r) => /^GET \/api\/v1\/detections\/300[124]$/.test(r)),
			'detection types once, then per-detection detail and device only for the escalation candidate (3003)',
			reads,
		);
		check(
			writes(extrahop).length === 0,
			'nothing is written to ExtraHop before the reviewer answers',
			writes(extrahop),
		);
		check(
			/Close_detection/.test(first.message.subject) &&
				first.message.text.includes('3001') &&
				first.message.to.includes('soc-lead@example.com') &&
				Boolean(first.approve && first.decline),
			'the first review e-mail asks the SOC lead to approve closing 3001, with Approve and Decline links',
			first.message,
		);

		check((await click(first.approve)) === 200, 'the reviewer approves closing 3001');
		const second = await reviewMail(2);
		let now = state(extrahop);
		check(
			now.detections[3001] === 'closed/no_action_taken' &&
				now.detections[3002] === 'null/null' &&
				/AI triage: False Positive/.test(now.notes[3001]),
			'after the first approval exactly 3001 is closed (no action taken), with its note',
			now,
		);
		check(
			/Close_detection/.test(second.message.subject) && second.message.text.includes('3002'),
			'the second review asks to close 3002',
			second.message.subject,
		);
		await click(second.approve);
		const third = await reviewMail(3);
		check(
			/Create_investigation/.test(third.message.subject) &&
				extrahop.soc().investigations.investigations().length === 0,
			'the third review asks to open an investigation, and none exists before it is approved',
			third.message.subject,
		);
		await click(third.approve);
		const fourth = await reviewMail(4);
		check(
			/Create_tuning_rule/.test(fourth.message.subject) &&
				extrahop.soc().tuning.rules().length === 0,
			'the fourth review asks to create a tuning rule, and none exists before it is approved',
			fourth.message.subject,
		);
		await click(fourth.approve);
		await instance.waitForExecutions(W, 1, { timeoutMs: 90_000 });
		const [run1] = await instance.listExecutions({ workflowId: W });
		check(run1?.status === 'success', `the triage run ends successfully (${run1?.status})`);

		now = state(extrahop);
		check(
			JSON.stringify(now.detections) ===
				JSON.stringify({
					3001: 'closed/no_action_taken',
					3002: 'closed/no_action_taken',
					3003: 'null/null',
					3004: 'null/null',
				}),
			'exactly the approved detections are closed (3001, 3002); the ransomware and the bystander stay open',
			now.detections,
		);
		const investigation = now.investigations[0];
		check(
			now.investigations.length === 1 &&
				JSON.stringify(investigation.detections) === JSON.stringify([3003]) &&
				/Malicious True Positive/.test(String(investigation.notes)),
			'one investigation holds the ransomware detection 3003, its notes say why',
			now.investigations,
		);
		const rule = now.rules[0];
		const days = (Number(rule?.expiration) - Date.now()) / 86_400_000;
		check(
			now.rules.length === 1 &&
				JSON.stringify(rule.detection_types) === JSON.stringify(['port_scan']) &&
				rule.offender?.object_type === 'device' &&
				rule.offender?.object_id === 1903 &&
				rule.victim === 'Any' &&
				days > 89 &&
				days <= 90.01 &&
				/2901, 2902/.test(String(rule.description)),
			'one tuning rule hides port_scan from the scanner (device 1903), any victim, 90 days, naming the prior closes',
			now.rules,
		);
		check(
			/False Positive/.test(now.notes[3001]) &&
				/tuning rule created/.test(now.notes[3001]) &&
				/False Positive/.test(now.notes[3002]) &&
				/Malicious True Positive/.test(now.notes[3003]) &&
				now.notes[3004] === '',
			'each approved action has its note saying what was concluded and why; 3004 has none',
			now.notes,
		);
		const last = model.completions().at(-1)?.answer?.content ?? '';
		check(
			/L1 triage done: 4 approved action/.test(last),
			'the model ends with its summary once the tools report the approved actions',
			last,
		);

		// ---- 2. reject ---------------------------------------------------------------------------
		report.section('Run 2: the reviewer declines');
		extrahop.reset();
		seedTriageQueue(extrahop);
		const mailsBefore = mail.messages().length;
		firstMailOfRun = mailsBefore + 1;
		await start();
		const review = await reviewMail(mailsBefore + 1);
		check((await click(review.decline)) === 200, 'the reviewer declines closing 3001');
		await instance.waitForExecutions(W, 2, { timeoutMs: 90_000 });
		await sleep(1000);
		now = state(extrahop);
		check(
			writes(extrahop).length === 0 &&
				Object.values(now.detections).every((s) => s === 'null/null') &&
				Object.values(now.notes).every((n) => n === '') &&
				now.investigations.length === 0 &&
				now.rules.length === 0,
			'a declined review changes nothing on ExtraHop (no write, no note, no investigation, no rule)',
			{ writes: writes(extrahop), now },
		);
		check(
			mail.messages().length === mailsBefore + 1,
			'the agent stops after the decline: no further review is asked for',
			mail.messages().length - mailsBefore,
		);
		check(
			/Stopped: the reviewer rejected Close_detection/.test(
				model.completions().at(-1)?.answer?.content ?? '',
			),
			'the model is told the call was rejected and stops',
			model.completions().at(-1)?.answer,
		);

		// ---- 3. contract -------------------------------------------------------------------------
		report.section('ExtraHop contract and schemas');
		check(
			extrahop.violations().length === 0,
			"no request n8n sent was one ExtraHop's API would refuse",
			extrahop.violations(),
		);
		check(
			model.problems().length === 0,
			'no tool schema or scripted call problem in either run',
			model.problems(),
		);
		const failed = await instance.listExecutions({ workflowId: W, status: ['error', 'crashed'] });
		check(
			failed.length === 0,
			'no failed execution of example 08',
			failed.map((e) => e.id),
		);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
		// What the model saw last and how the executions ended: enough to tell where the run stopped.
		for (const c of model.completions().slice(-2)) {
			const seen = c.messages.slice(-4).map((/** @type {any} */ m) => ({
				role: m.role,
				calls: m.tool_calls?.map((/** @type {any} */ t) => t.function.name),
				content: String(
					typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
				).slice(0, 300),
			}));
			process.stdout.write(
				`  model saw ${JSON.stringify(seen)} -> ${JSON.stringify(c.answer).slice(0, 300)}\n`,
			);
		}
		process.stdout.write(`  review links clicked: ${JSON.stringify(clicks)}\n`);
		process.stdout.write(
			`  ExtraHop writes: ${JSON.stringify(writes(extrahop).map((r) => `${r.method} ${r.path}`))}\n`,
		);
		if (n8n) {
			const runs = await n8n.listExecutions({ workflowId: W }).catch(() => []);
			for (const run of runs) {
				const detail = await n8n.getExecution(run.id).catch(() => undefined);
				const error = detail?.data?.resultData?.error;
				process.stdout.write(
					`  execution ${run.id}: ${run.status}, last node ${detail?.data?.resultData?.lastNodeExecuted}${error ? `, error ${error.message}` : ''}\n`,
				);
				const runData = detail?.data?.resultData?.runData ?? {};
				const stack = detail?.data?.executionData?.nodeExecutionStack ?? [];
				process.stdout.write(
					`    runs per node ${JSON.stringify(Object.fromEntries(Object.entries(runData).map(([k, v]) => [k, /** @type {any[]} */ (v).length])))}, stack ${JSON.stringify(stack.map((/** @type {any} */ e) => e.node?.name))}, waitTill ${detail?.waitTill}\n`,
				);
			}
			process.stdout.write(`--- n8n log tail ---\n${n8n.logTail(60)}\n`);
		}
	} finally {
		if (n8n) await n8n.stop();
		await Promise.allSettled([extrahop.stop(), model.stop(), mail.stop()]);
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} ai-agent in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
