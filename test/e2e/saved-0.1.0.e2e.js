#!/usr/bin/env node
// @ts-check
'use strict';
// e2e-schedule: weight=1 seconds=170
/**
 * The examples of 0.1.0 still run in real n8n (issue 18): examples 01 (ExtraHop detection to Jira)
 * and 02 (Jira resolved to ExtraHop) exactly as 0.1.0 shipped them (test/compat/saved-0.1.0, read
 * from disk and imported unchanged) in the pinned n8n with today's packed package, against the
 * strict ExtraHop simulator and the Jira simulator, with the credentials the examples reference
 * (same ids and names, tools/examples.js).
 *
 *   1. New detections: exactly one Jira issue each, its key written back as the ticket ID, the
 *      detection in progress.
 *   2. Jira resolutions (Done, Won't Do) close their detections (action taken, no action taken).
 *   3. New activity on a detection: a comment on its issue, no second issue.
 *   4. No failed execution; no request ExtraHop's API would refuse.
 *
 *   npm run build && node test/e2e/saved-0.1.0.e2e.js
 */
const path = require('node:path');
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, waitFor } = require('./lib/report');
const t = require('./lib/ticketing');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createJiraSimulator } = require('../../tools/simulators/jira');

const SAVED_DIR = path.resolve(__dirname, '..', 'compat', 'saved-0.1.0');
const W1 = examples.WORKFLOWS.detectionToJira.id;
const W2 = examples.WORKFLOWS.jiraToExtraHop.id;

const report = new Report();
const check = report.check.bind(report);

async function main() {
	const jira = createJiraSimulator();
	const extrahop = createExtraHopSimulator();
	await jira.start();
	await extrahop.start();
	extrahop.config.ticketUrlTemplate = `${jira.url}/browse/$ticket_id`;
	process.stdout.write(`simulators: ExtraHop ${extrahop.server.url}, Jira ${jira.url}\n`);

	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		report.section('Start: the saved 0.1.0 examples 01 and 02, imported unchanged');
		const saved = {
			detectionToJira: examples.loadWorkflow('detectionToJira', SAVED_DIR),
			jiraToExtraHop: examples.loadWorkflow('jiraToExtraHop', SAVED_DIR),
		};
		n8n = await startN8n({
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				jira: jira.credentials,
			}),
			workflows: [
				examples.workflowPath('detectionToJira', SAVED_DIR),
				examples.workflowPath('jiraToExtraHop', SAVED_DIR),
			],
			activateVia: 'rest',
		});
		const instance = n8n;
		process.stdout.write(
			`  n8n ${instance.version} ${instance.baseUrl} ready in ${(instance.timings.totalMs / 1000).toFixed(1)} s\n`,
		);
		if (instance.traits.activateReturnsBeforeFirstPoll) {
			// The activate call may answer before the trigger's first poll, which sets its start.
			await waitFor("the trigger's first poll", () => t.triggerPolls(extrahop).length > 0, {
				timeoutMs: 60000,
			});
		}
		const active = await t.activeWorkflowIds(instance);
		check(
			[W1, W2].every((id) => active.includes(id)),
			`the saved workflows ${W1} and ${W2} are imported with their ids and active`,
			active,
		);
		for (const [role, workflow] of Object.entries(saved)) {
			const stored = await instance.rest('GET', `/rest/workflows/${workflow.id}`);
			const shape = (/** @type {any} */ w) =>
				JSON.stringify(
					w.nodes.map((/** @type {any} */ n) => [n.name, n.type, n.typeVersion, n.parameters]),
				);
			check(
				shape(stored) === shape(workflow),
				`${role}: n8n holds the saved nodes as 0.1.0 wrote them (names, types, versions, parameters)`,
			);
		}
		const hookUrl = instance.webhookUrl(`${saved.jiraToExtraHop.nodes[0].webhookId}/webhook`);
		check(
			jira.state.webhooks.length === 1 && jira.state.webhooks[0].url === hookUrl,
			'the saved Jira Trigger registered its webhook in Jira',
			jira.state.webhooks,
		);

		report.section('New detections: one issue each, the ticket ID written back');
		// Synchronous: one tick of the simulator's event loop, so one poll sees them all.
		const fresh = [
			extrahop.createDetection({ type: 'cifs_exfil_anomaly', risk_score: 83 }),
			extrahop.createDetection({ type: 'port_scan', risk_score: 45 }),
			extrahop.createDetection({ type: 'dns_tunnel', risk_score: null }),
		];
		const createdAt = Date.now();
		process.stdout.write(`  created detections ${fresh.map((d) => d.id).join(', ')}\n`);
		await waitFor(
			'a ticket ID on every new detection',
			() => fresh.every((d) => extrahop.getDetection(d.id)?.ticket_id),
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		report.note(
			`all tickets written back ${((Date.now() - createdAt) / 1000).toFixed(1)} s after creation`,
		);
		await t.settle(instance);
		const issueOf = (/** @type {any} */ d) =>
			jira.issues().filter((i) => i.summary.startsWith(`ExtraHop Detection: ${d.id}: `));
		check(
			jira.issues().length === fresh.length,
			`Jira holds ${jira.issues().length} issues for ${fresh.length} detections`,
			jira.issues().map((i) => i.summary),
		);
		for (const d of fresh) {
			const mine = issueOf(d);
			const now = extrahop.getDetection(d.id);
			check(
				mine.length === 1 && now?.ticket_id === mine[0].key && now?.status === 'in_progress',
				`detection ${d.id}: exactly one issue (${mine.map((i) => i.key).join(', ')}), ticket ID ${now?.ticket_id}, status ${now?.status}`,
				{ issues: mine.map((i) => i.key), ticket_id: now?.ticket_id, status: now?.status },
			);
		}

		report.section('Jira resolutions close detections; new activity adds a comment');
		const [updated, done, wontDo] = fresh;
		const changedAt = Date.now();
		extrahop.modifyDetection(updated.id, { activity: true });
		const resolutions = /** @type {const} */ ([
			[done, 'Done', 'action_taken'],
			[wontDo, "Won't Do", 'no_action_taken'],
		]);
		await t.resolveIssuesAndAwaitClosure(
			jira,
			extrahop,
			resolutions,
			(d) => /** @type {string} */ (issueOf(d)[0]?.key),
		);
		for (const [d, resolution, expected] of resolutions) {
			const now = extrahop.getDetection(d.id);
			check(
				now?.status === 'closed' &&
					now?.resolution === expected &&
					now?.ticket_id === issueOf(d)[0]?.key,
				`issue ${issueOf(d)[0]?.key} resolved "${resolution}" -> detection ${d.id} closed, resolution ${expected}`,
				{ status: now?.status, resolution: now?.resolution, ticket_id: now?.ticket_id },
			);
		}
		await waitFor(
			"a comment on the updated detection's issue",
			() => (issueOf(updated)[0]?.comments.length ?? 0) >= 1,
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		report.note(
			`comment added ${((Date.now() - changedAt) / 1000).toFixed(1)} s after the activity`,
		);
		await t.settle(instance);
		const updatedIssues = issueOf(updated);
		const comments = updatedIssues[0]?.comments ?? [];
		check(
			updatedIssues.length === 1 &&
				comments.length === 1 &&
				comments[0].body.startsWith(`ExtraHop reports new activity on detection ${updated.id} (`),
			`new activity on ${updated.id}: one comment on ${updatedIssues[0]?.key}, no second issue`,
			{ issues: updatedIssues.map((i) => i.key), comments: comments.map((c) => c.body) },
		);
		const updatedNow = extrahop.getDetection(updated.id);
		check(
			updatedNow?.ticket_id === updatedIssues[0]?.key && updatedNow?.status === 'in_progress',
			`detection ${updated.id} keeps ${updatedNow?.ticket_id}, in progress`,
			{ ticket_id: updatedNow?.ticket_id, status: updatedNow?.status },
		);
		check(
			jira.issues().length === fresh.length,
			`still ${fresh.length} issues in Jira`,
			jira.issues().map((i) => i.key),
		);
		const perDetection = await t.triggerEventsPerDetection(instance, W1);
		check(
			t.triggerRunsAsExpected(
				perDetection,
				fresh.map((d) => d.id),
				updated.id,
			),
			`the trigger emitted each detection once (created), ${updated.id} twice (created, updated); write-backs and closures emitted nothing`,
			Object.fromEntries(perDetection),
		);

		report.section('Executions and the ExtraHop contract');
		const closing = await t.nodesRun(instance, W2, (name) => name.startsWith('Close'));
		check(
			JSON.stringify(closing.sort()) ===
				JSON.stringify(['Close: Action Taken', 'Close: No Action Taken']),
			'Jira-to-ExtraHop closed through "Close: Action Taken" once and "Close: No Action Taken" once',
			closing,
		);
		const failed = (await instance.listExecutions({ status: ['error', 'crashed'] })).map(
			(e) => `${e.workflowId}#${e.id}`,
		);
		check(failed.length === 0, 'no failed execution', failed);
		const violations = extrahop.violations();
		check(
			violations.length === 0,
			"no request n8n sent was one ExtraHop's API would refuse",
			violations,
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
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} saved-0.1.0 in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
