#!/usr/bin/env node
// @ts-check
'use strict';
// e2e-schedule: weight=1 seconds=240
/**
 * End to end, in a real n8n (the pinned 2.8.4, this package installed from `npm pack`): example 07
 * (examples/07-extrahop-push-detection-to-jira.json), imported unchanged and activated, against
 * the strict ExtraHop simulator and the Jira simulator. Push for seconds, reconciliation for
 * completeness:
 *
 *   1. detections pushed to the ExtraHop Webhook Trigger -> one Jira issue each and its key
 *      written back within seconds (latency printed); the same push again and the write-back
 *      start nothing;
 *   2. a detection whose push never arrives, and two pushed during a Jira outage (their runs
 *      fail; for one of them a run that crashed after creating the issue left it labelled), then
 *      ExtraHop's clock 11 minutes on: the poll trigger in the same workflow ("Detection Still
 *      Without Ticket") emits the three, with no human step: two issues created, one linked, none
 *      doubled; the lookup-to-create window of that run is printed;
 *   3. ExtraHop's contract: no request the vendor's API would refuse.
 *
 *   npm run build && node test/e2e/push-to-jira.e2e.js
 */
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
const { settle, activeWorkflowIds } = require('./lib/ticketing');
const {
	reconcileAfterOutage,
	jiraOutage,
	crashedRunIssue,
	lookupToCreateMs,
	JIRA_WINDOW,
} = require('./lib/reconcile');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');

const W = examples.WORKFLOWS.pushToJira.id;
const HEADER = 'X-ExtraHop-Secret';
const SECRET = 'e2e-push-to-jira-secret-3c9d1b7e';
const report = new Report();
const check = report.check.bind(report);

async function main() {
	const jira = createJiraSimulator();
	const extrahop = createExtraHopSimulator({ seed: false });
	await jira.start();
	await extrahop.start();
	process.stdout.write(`simulators: ExtraHop ${extrahop.server.url}, Jira ${jira.url}\n`);
	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		report.section('Start');
		n8n = await startN8n({
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				jira: jira.credentials,
				webhookSecret: { headerName: HEADER, secret: SECRET },
			}),
			workflows: [examples.workflowPath('pushToJira')],
			activateVia: 'rest',
		});
		const instance = n8n;
		const active = await activeWorkflowIds(instance);
		check(active.includes(W), 'example 07 is imported with its id and active', active);
		// Reconciliation covers what changed from its first poll on.
		await waitFor(
			"the poll trigger's first poll",
			() => extrahop.server.requestLog('/api/v1/detections/search').length > 0,
			{ timeoutMs: 90_000 },
		);
		const workflow = examples.loadWorkflow('pushToJira');
		const hook = workflow.nodes.find(
			(/** @type {any} */ n) => n.name === 'ExtraHop Webhook Trigger',
		).webhookId;
		const pushUrl = instance.webhookUrl(`${hook}/extrahop`);
		const push = async (/** @type {number} */ id) =>
			fetch(pushUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', [HEADER]: SECRET },
				body: JSON.stringify({ id }),
			});
		const issuesOf = (/** @type {number} */ id) => jira.search(`labels = "extrahop-${id}"`);

		// ---- 1. pushes -----------------------------------------------------------------------------
		report.section('Pushed detections: a ticket within seconds');
		const pushed = Array.from({ length: 5 }, () => extrahop.createDetection({}));
		const latencies = [];
		for (const d of pushed) {
			const at = Date.now();
			const res = await push(d.id);
			if (res.status !== 200) check(false, `push of ${d.id} answered ${res.status}`);
			await waitFor(`the ticket ID of ${d.id}`, () => extrahop.getDetection(d.id)?.ticket_id, {
				timeoutMs: 30_000,
				intervalMs: 100,
			});
			latencies.push(Date.now() - at);
		}
		await settle(instance);
		latencies.sort((a, b) => a - b);
		check(
			pushed.every(
				(d) =>
					issuesOf(d.id).length === 1 &&
					extrahop.getDetection(d.id)?.ticket_id === issuesOf(d.id)[0].key,
			),
			`each of ${pushed.length} pushed detections: one issue, its key written back (push to ticket ID: median ${latencies[2]} ms, at most ${latencies[4]} ms)`,
			pushed.map((d) => [d.id, issuesOf(d.id).map((i) => i.key)]),
		);
		const runsBefore = (await instance.listExecutions({ workflowId: W })).length;
		const again = await (await push(pushed[0].id)).json().catch(() => ({}));
		await sleep(3000);
		await settle(instance);
		check(
			(await instance.listExecutions({ workflowId: W })).length === runsBefore &&
				issuesOf(pushed[0].id).length === 1,
			`the same detection pushed again after its write-back: ignored (${JSON.stringify(again).slice(0, 80)}), no run`,
		);

		// ---- 2. lost push, Jira outage, crash after create -------------------------------------------
		report.section('A lost push and a Jira outage: reconciled by the same workflow, no human step');
		const neverPushed = extrahop.createDetection({});
		const rec = await reconcileAfterOutage({
			n8n: instance,
			extrahop,
			workflowId: W,
			failedRuns: 2,
			outage: jiraOutage(jira),
			lose: async () => {
				const lost = [extrahop.createDetection({}), extrahop.createDetection({})];
				for (const d of lost) await push(d.id);
				return lost;
			},
			openTicket: crashedRunIssue(jira),
		});
		await waitFor(
			`the ticket ID of ${neverPushed.id} (never pushed)`,
			() => extrahop.getDetection(neverPushed.id)?.ticket_id,
			{ timeoutMs: 30_000 },
		);
		await settle(instance);
		const [failedA, crashedB] = rec.lost;
		check(
			rec.untouched && rec.failedRuns.every((s) => s === 'error'),
			`two pushes during the outage: both runs failed (${rec.failedRuns.join(', ')}), no ticket ID written`,
		);
		report.note(
			`ExtraHop's clock moved 11 minutes on: all three ticketed ${(rec.reconciledInMs / 1000).toFixed(1)} s later (the next poll)`,
		);
		for (const [d, what] of /** @type {const} */ ([
			[neverPushed, 'never pushed'],
			[failedA, 'run failed on the outage'],
		])) {
			const mine = issuesOf(d.id);
			check(
				mine.length === 1 && extrahop.getDetection(d.id)?.ticket_id === mine[0].key,
				`${d.id} (${what}): exactly one issue, its key written back (${mine[0]?.key})`,
				mine.map((i) => i.key),
			);
		}
		check(
			issuesOf(crashedB.id).length === 1 &&
				extrahop.getDetection(crashedB.id)?.ticket_id === rec.preexisting,
			`${crashedB.id} (a crashed run had opened ${rec.preexisting}): linked to it, no second issue`,
			issuesOf(crashedB.id).map((i) => i.key),
		);
		const reconciling = [];
		for (const e of await instance.listExecutions({ workflowId: W })) {
			const items = instance.nodeOutput(
				await instance.getExecution(e.id),
				'Detections Still Without Ticket',
			);
			if (items)
				reconciling.push(...items.map((/** @type {any} */ i) => [i.json.id, i.json.event]));
		}
		check(
			JSON.stringify(reconciling.sort()) ===
				JSON.stringify([neverPushed, failedA, crashedB].map((d) => [d.id, 'unticketed']).sort()),
			'the poll trigger emitted exactly those three, once each (event "unticketed"); none of the ticketed ones',
			reconciling,
		);
		// The remaining race: from the label lookup to the creation in that run.
		const windowMs = lookupToCreateMs(jira.server, rec.jumpedAt, ...JIRA_WINDOW);
		check(
			windowMs !== undefined,
			`lookup-to-create window in the reconciling run: ${windowMs ?? '?'} ms`,
		);
		check(
			jira.issues().length === pushed.length + 3,
			`Jira holds ${pushed.length + 3} issues for ${pushed.length + 3} detections (${jira.issues().length})`,
		);

		// ---- 3. contract ---------------------------------------------------------------------------
		report.section('ExtraHop contract');
		const violations = extrahop.violations();
		check(violations.length === 0, "no request the vendor's API would refuse", violations);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
		if (n8n) process.stdout.write(`--- n8n log tail ---\n${n8n.logTail(60)}\n`);
	} finally {
		if (n8n) await n8n.stop();
		await Promise.allSettled([jira.stop(), extrahop.stop()]);
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} push-to-jira in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
