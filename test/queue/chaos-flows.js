// @ts-check
'use strict';
/**
 * The two workflows the chaos test (test/queue/chaos.js) runs at once, each against its own
 * ExtraHop (two systems, detection ids that never meet) and both against one Jira, both the
 * shipped examples with nothing but their timings and credentials changed:
 *   - the poll flow: examples/01 (ExtraHop Trigger polling every minute for created and updated
 *     detections and for those still without a ticket -> Jira issue looked up by its label
 *     before it is created, its key written back to the detection);
 *   - the push flow: examples/07 (the same ticketing steps behind an ExtraHop Push Trigger, with
 *     the poll trigger's "Detection Still Without Ticket" as its backstop), registered on ExtraHop
 *     automatically, so the simulator's own pushes reach it through nginx.
 * The reconciliation timings (minimum age, check interval, lateness tolerance) come from the
 * variant (test/queue/chaos-plan.js): shorter in the compressed run of `npm test`.
 */
const examples = require('../../tools/examples');

const POLL_WORKFLOW_ID = examples.WORKFLOWS.detectionToJira.id;
const PUSH_WORKFLOW_ID = examples.WORKFLOWS.pushToJira.id;
const PUSH_EXTRAHOP_CREDENTIAL = {
	id: 'chaosExtraHopPush01',
	name: 'ExtraHop (push flow)',
	type: 'extraHopApi',
};
const SECRET = 'chaos-webhook-secret-0123456789';

/**
 * @typedef {{ minAgeMinutes: number, checkEveryMinutes: number, latenessMinutes: number }} ReconcileTimings
 */

/**
 * @param {{ poll: { url: string, apiKey: string }, push: { url: string, apiKey: string },
 *   jira: { email: string, password: string, domain: string } }} targets
 */
function credentials(targets) {
	return [
		...examples.simulatorCredentials({
			extraHop: targets.poll,
			jira: targets.jira,
			webhookSecret: { headerName: 'X-ExtraHop-Secret', secret: SECRET },
		}),
		{
			...PUSH_EXTRAHOP_CREDENTIAL,
			data: { url: targets.push.url, apiKey: targets.push.apiKey, allowUnauthorizedCerts: false },
		},
	];
}

/**
 * The poll trigger's reconciliation timings set on every ExtraHop Trigger of a workflow.
 * @param {any} wf
 * @param {ReconcileTimings} timings
 */
function setTimings(wf, timings) {
	const triggers = wf.nodes.filter(
		(/** @type {any} */ n) => n.type === 'n8n-nodes-extrahop.extraHopTrigger',
	);
	if (triggers.length !== 1) throw new Error(`${wf.name}: expected one ExtraHop Trigger`);
	for (const t of triggers) {
		if (!t.parameters.events.includes('unticketed'))
			throw new Error(`${wf.name}: its ExtraHop Trigger does not reconcile`);
		t.parameters.reconciliation = {
			...t.parameters.reconciliation,
			minAgeMinutes: timings.minAgeMinutes,
			checkEveryMinutes: timings.checkEveryMinutes,
		};
		t.parameters.options = { ...t.parameters.options, latenessMinutes: timings.latenessMinutes };
	}
	return wf;
}

/** @param {ReconcileTimings} timings examples/01 */
function pollWorkflow(timings) {
	return setTimings(examples.loadWorkflow('detectionToJira'), timings);
}

/** @param {ReconcileTimings} timings examples/07 on the push flow's ExtraHop, self-registering */
function pushWorkflow(timings) {
	const wf = setTimings(examples.loadWorkflow('pushToJira'), timings);
	const push = wf.nodes.find(
		(/** @type {any} */ n) => n.type === 'n8n-nodes-extrahop.extraHopWebhookTrigger',
	);
	if (!push) throw new Error('examples/07 has no ExtraHop Push Trigger');
	push.parameters.autoRegister = true;
	const ref = { id: PUSH_EXTRAHOP_CREDENTIAL.id, name: PUSH_EXTRAHOP_CREDENTIAL.name };
	for (const node of wf.nodes)
		if (node.credentials?.extraHopApi) node.credentials.extraHopApi = ref;
	return { ...wf, active: false };
}

/**
 * The workflows to import, in the form startStack's `main` options take.
 * @param {ReconcileTimings} timings
 */
function workflows(timings) {
	return [{ ...pollWorkflow(timings), active: false }, pushWorkflow(timings)];
}

module.exports = {
	POLL_WORKFLOW_ID,
	PUSH_WORKFLOW_ID,
	credentials,
	workflows,
};
