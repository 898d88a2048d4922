#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, this package installed from `npm pack`): the
 * ServiceNow two-way mirroring example (examples/12), imported unchanged and activated, against the
 * ExtraHop simulator and the ServiceNow simulator (through its HTTPS proxy, as
 * test/e2e/servicenow.e2e.js). A scripted sequence of changes on both sides, as people make them
 * (an analyst in ServiceNow, an analyst in ExtraHop), then:
 *
 *   1. every pair consistent: incident state and resolution code = the detection's status and
 *      resolution, the same assignee;
 *   2. no echo: every write to ExtraHop answers one change made in ServiceNow by a person, every
 *      write to ServiceNow one change made in ExtraHop by a person (counted in the simulators'
 *      request logs); the ServiceNow query never returns the workflow's own changes;
 *   3. a conflict: the same field changed on both sides between polls; the newer record wins;
 *   4. no failed execution, no request ExtraHop's contract would refuse, no ServiceNow warning.
 *
 *   npm run build && node test/e2e/mirroring-servicenow.e2e.js     (about 5 minutes)
 */
// e2e-schedule: weight=1 seconds=330
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report, sleep, waitFor } = require('./lib/report');
const t = require('./lib/ticketing');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { createServiceNowSimulator } = require('../../tools/simulators/servicenow');

const report = new Report();
const check = report.check.bind(report);
const W = examples.WORKFLOWS.serviceNowMirror.id;

/** Incident state and resolution code in ExtraHop's terms, as example 12 maps them. */
function expectedDetectionState(
	/** @type {{ stateValue: string, close_code: string | null }} */ incident,
) {
	const status =
		{ 1: 'acknowledged', 2: 'in_progress', 3: 'in_progress', 6: 'closed', 7: 'closed' }[
			incident.stateValue
		] ?? 'closed';
	if (status !== 'closed') return { status, resolution: null };
	const code = String(incident.close_code ?? '').toLowerCase();
	const resolution = [
		'duplicate',
		'user error',
		'no resolution provided',
		'resolved by caller',
	].includes(code)
		? 'no_action_taken'
		: code
			? 'action_taken'
			: null;
	return { status, resolution };
}

async function main() {
	const sn = createServiceNowSimulator();
	const extrahop = createExtraHopSimulator();
	await sn.start();
	await extrahop.start();
	extrahop.config.ticketUrlTemplate = `${sn.url}/nav_to.do?uri=incident.do?sysparm_query=number=$ticket_id`;
	const polls = () => t.triggerPolls(extrahop);
	/** Completed ServiceNow polls of example 12 (its incident query). */
	const snPolls = () =>
		sn.state.queries.filter(
			(/** @type {any} */ q) => q.table === 'incident' && q.query.includes('sys_updated_by!='),
		);
	const integration = sn.credentials.user;
	report.section('ServiceNow: example 12-servicenow-two-way-mirror.json');

	// Two pairs as workflow 05 leaves them: incident In Progress, assigned; detection in progress.
	const pairs = [1, 2].map((n) => {
		const d = extrahop.createDetection({ type: n === 1 ? 'cifs_exfil_anomaly' : 'dns_tunnel' });
		const inc = sn.createIncident(
			{
				short_description: `ExtraHop Detection: ${d.id}: ${d.title}`,
				correlation_id: `extrahop-${d.id}`,
				correlation_display: 'ExtraHop',
				assigned_to: sn.userId('escalations.team'),
				state: '2',
			},
			integration,
		);
		extrahop.modifyDetection(d.id, {
			fields: { ticket_id: inc.number, status: 'in_progress', assignee: 'escalations.team' },
		});
		return { id: d.id, number: inc.number };
	});
	const [p1, p2] = pairs;

	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		n8n = await startN8n({
			env: sn.n8nEnv(),
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
				serviceNow: sn.credentials,
			}),
			workflows: [examples.workflowPath('serviceNowMirror')],
			activateVia: 'rest',
		});
		const instance = n8n;
		const active = await t.activeWorkflowIds(instance);
		check(
			active.includes(W),
			'12-servicenow-two-way-mirror.json imported with its id and active',
			active,
		);
		await waitFor(
			'the first polls of both sides',
			() => polls().length >= 1 && snPolls().length >= 1,
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		await t.settle(instance);
		const started = Date.now();

		// ---- ServiceNow side: an analyst assigns one incident, moves the other back to New -------
		sn.assignIncident(p1.number, 'soc.analyst', { as: 'soc.analyst' });
		sn.setIncidentState(p2.number, '1', { as: 'soc.analyst' });
		await waitFor(
			'the ServiceNow changes in ExtraHop',
			() =>
				extrahop.getDetection(p1.id)?.assignee === 'soc.analyst' &&
				extrahop.getDetection(p2.id)?.status === 'acknowledged',
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		check(
			true,
			`ServiceNow -> ExtraHop on the next poll: ${p1.number} assigned to soc.analyst, ${p2.number} back to New`,
		);
		await t.settle(instance);

		// ---- ExtraHop side: an analyst in ExtraHop closes one, reassigns and restarts the other ---
		await sleep(1100); // sys_updated_on counts whole seconds
		extrahop.modifyDetection(p1.id, { fields: { status: 'closed', resolution: 'action_taken' } });
		extrahop.modifyDetection(p2.id, { fields: { assignee: 'soc.analyst', status: 'in_progress' } });
		await waitFor(
			'the ExtraHop changes in ServiceNow',
			() =>
				sn.incident(p1.number)?.stateValue === '6' &&
				sn.incident(p2.number)?.assigned_to === 'soc.analyst' &&
				sn.incident(p2.number)?.stateValue === '2',
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		check(
			sn.incident(p1.number)?.close_code === 'Solution provided',
			`ExtraHop -> ServiceNow on the next poll: ${p1.number} Resolved (Solution provided), ${p2.number} In Progress and assigned to soc.analyst`,
			[sn.incident(p1.number), sn.incident(p2.number)],
		);
		await t.settle(instance);

		// ---- conflict: the same field on both sides between polls; the newer record wins ---------
		await sleep(1100);
		extrahop.modifyDetection(p2.id, { fields: { assignee: 'escalations.team' } });
		await sleep(1100);
		sn.assignIncident(p2.number, 'read.only', { as: 'soc.analyst' });
		sn.setIncidentState(p1.number, '2', { as: 'soc.analyst' });
		const conflictAt = Date.now();
		await waitFor(
			'a poll of each side after the conflict',
			() =>
				polls().some((r) => r.at > conflictAt + 500) &&
				snPolls().some((/** @type {any} */ q) => q.at > conflictAt + 500),
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		await sleep(3000);
		await t.settle(instance);
		check(
			sn.incident(p2.number)?.assigned_to === 'read.only' &&
				extrahop.getDetection(p2.id)?.assignee === 'read.only',
			`conflict on ${p2.number}: assigned in ExtraHop, then in ServiceNow; the newer (ServiceNow's read.only) wins on both sides`,
			{ sn: sn.incident(p2.number)?.assigned_to, extrahop: extrahop.getDetection(p2.id)?.assignee },
		);
		check(
			sn.incident(p1.number)?.stateValue === '2' &&
				extrahop.getDetection(p1.id)?.status === 'in_progress' &&
				extrahop.getDetection(p1.id)?.resolution == null,
			`${p1.number} reopened in ServiceNow: detection ${p1.id} back in progress, resolution cleared`,
			extrahop.getDetection(p1.id),
		);

		// ---- one more poll of each side: nothing left to mirror ----------------------------------
		const settledAt = Date.now();
		await waitFor(
			'one more poll of each side',
			() =>
				polls().some((r) => r.at > settledAt) &&
				snPolls().some((/** @type {any} */ q) => q.at > settledAt),
			{ timeoutMs: t.POLL_TIMEOUT_MS },
		);
		await sleep(3000);
		await t.settle(instance);

		report.section('Both sides consistent, no echo');
		for (const p of pairs) {
			const inc = /** @type {any} */ (sn.incident(p.number));
			const d = /** @type {any} */ (extrahop.getDetection(p.id));
			const want = expectedDetectionState(inc);
			check(
				d.status === want.status &&
					(d.resolution ?? null) === want.resolution &&
					d.assignee === inc.assigned_to,
				`${p.number} (${inc.state}${inc.close_code ? `, ${inc.close_code}` : ''}, ${inc.assigned_to}) = detection ${p.id} (${d.status}, ${d.resolution ?? 'no resolution'}, ${d.assignee})`,
				{ inc, detection: { status: d.status, resolution: d.resolution, assignee: d.assignee } },
			);
		}
		const toServiceNow = sn.server.requests.filter(
			(r) => r.at >= started && r.method === 'PATCH' && /\/table\/incident\//.test(r.path),
		);
		const toExtraHop = extrahop.server.requests.filter(
			(r) => r.at >= started && r.method === 'PATCH' && /^\/api\/v1\/detections\/\d+$/.test(r.path),
		);
		// Person-made changes: ServiceNow 4 (assign, New, assign, reopen); ExtraHop 3 field moves
		// (close, reassign + restart) and the conflict's assignment, which the newer ServiceNow one beats.
		check(
			toServiceNow.length === 3,
			`writes to ServiceNow: 3 (${p1.number} resolved, ${p2.number} In Progress, ${p2.number} assigned to soc.analyst), one per change made in ExtraHop; none answered a change the workflow made itself`,
			toServiceNow.map((r) => `${r.method} ${r.path} ${r.body}`),
		);
		check(
			toExtraHop.length === 4,
			'writes to ExtraHop: 4 detection updates (assignee, New, assignee, reopen), one per change made in ServiceNow; none answered a change the workflow made itself',
			toExtraHop.map((r) => `${r.method} ${r.path} ${r.body}`),
		);
		// Executions: the ExtraHop polls also carry the detections the workflow itself changed (from
		// ServiceNow); those must stop at "Differs from Incident?". The ServiceNow query leaves out
		// the workflow's own changes, so they start nothing.
		const writers = [
			'Mirror State to Detection',
			'Mirror Assignee to Detection',
			'Set Incident State',
			'Assign Incident',
		];
		const executions = await instance.listExecutions({ workflowId: W });
		let wroteRuns = 0;
		let quietRuns = 0;
		for (const e of executions) {
			const full = await instance.getExecution(e.id);
			const wrote = writers.some((name) => (instance.nodeOutput(full, name) ?? []).length > 0);
			if (wrote) wroteRuns += 1;
			else if ((instance.nodeOutput(full, 'Get Incident') ?? []).length > 0) quietRuns += 1;
		}
		const ownInQuery = sn.state.queries.filter(
			(/** @type {any} */ q) => q.table === 'incident' && q.query.includes('sys_updated_by!='),
		).length;
		check(
			toServiceNow.length + toExtraHop.length === 7 && wroteRuns <= 7,
			`echo: 0 executions wrote anything because of an echo (7 writes for 7 changes made by people, in ${wroteRuns} executions); ${quietRuns} ExtraHop poll(s) carrying detections already equal to their incidents stopped at "Differs from Incident?"; the ServiceNow query (${ownInQuery} polls) leaves out the workflow's own changes`,
			{ wroteRuns, quietRuns, executions: executions.length },
		);
		// n8n's ServiceNow panels flag a Fields entry that is not a column (assigned_to.user_name):
		// the assignee is read as its sys_id and looked up in sys_user instead.
		const dotWalked = sn.state.queries.filter((/** @type {any} */ q) =>
			String(q.fields)
				.split(',')
				.some((f) => f.includes('.')),
		);
		const userLookups = sn.state.queries.filter(
			(/** @type {any} */ q) => q.at >= started && q.table === 'sys_user',
		);
		check(
			dotWalked.length === 0 &&
				userLookups.length > 0 &&
				userLookups.every(
					(/** @type {any} */ q) =>
						/^(sys_id|user_name)=[^^]+$/.test(q.query) && q.fields === 'sys_id,user_name',
				),
			`no dot-walked field read; the assignees looked up in sys_user by sys_id or user name, one record each (${userLookups.length} lookups)`,
			{
				dotWalked: dotWalked.map((/** @type {any} */ q) => q.fields),
				userLookups: userLookups.map((/** @type {any} */ q) => q.query),
			},
		);
		check(
			extrahop.violations().length === 0,
			"ExtraHop's contract: no request refused",
			extrahop.violations(),
		);
		check(
			sn.state.warnings.length === 0,
			'ServiceNow: no warning (no unknown field or value)',
			sn.state.warnings,
		);
		const errors = (await instance.listExecutions({ status: ['error', 'crashed'] })).map(
			(e) => `${e.workflowId}#${e.id}`,
		);
		check(errors.length === 0, 'no failed execution', errors);
		process.stdout.write(
			`  executions of the workflow: ${executions.length} (ServiceNow polls ${snPolls().length}, ExtraHop polls ${polls().length})\n`,
		);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
		if (n8n) process.stdout.write(`--- n8n log tail ---\n${n8n.logTail(60)}\n`);
		if (process.env.MIRROR_DEBUG && n8n) {
			for (const e of await n8n.listExecutions()) {
				const full = await n8n.getExecution(e.id);
				const rd = full.data?.resultData;
				process.stdout.write(
					`DEBUG ${JSON.stringify({ id: e.id, status: e.status, error: rd?.error?.message, nodes: Object.fromEntries(Object.entries(rd?.runData ?? {}).map(([k, v]) => [k, { items: /** @type {any} */ (v)[0]?.data?.main?.map((/** @type {any} */ o) => o?.length), error: /** @type {any} */ (v)[0]?.error?.message, first: JSON.stringify(/** @type {any} */ (v)[0]?.data?.main?.[0]?.[0]?.json ?? null).slice(0, 500) }])) })}\n`,
				);
			}
		}
	} finally {
		if (n8n) await n8n.stop();
		await Promise.allSettled([sn.stop(), extrahop.stop()]);
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} mirroring-servicenow in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
