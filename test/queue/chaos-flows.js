// @ts-check
'use strict';
/**
 * The two workflows the chaos test (test/queue/chaos.js) runs at once, each against its own
 * ExtraHop (two systems, detection ids that never meet) and both against one Jira:
 *   - the poll flow: examples/01 (ExtraHop Trigger polling every minute -> Jira issue, its key
 *     written back to the detection), imported unchanged;
 *   - the push flow: the same ticketing steps behind an ExtraHop Push Trigger (created and
 *     updated detections, new activity only, sender secret header, registered on ExtraHop
 *     automatically, so the simulator's own pushes reach it through nginx).
 */
const examples = require('../../tools/examples');

const POLL_WORKFLOW_ID = examples.WORKFLOWS.detectionToJira.id;
const PUSH_WORKFLOW_ID = 'chaosPushToJira0001';
const PUSH_WEBHOOK_ID = 'c4a05000-0000-4000-8000-000000000019';
const PUSH_EXTRAHOP_CREDENTIAL = {
	id: 'chaosExtraHopPush01',
	name: 'ExtraHop (push flow)',
	type: 'extraHopApi',
};
const SECRET = 'chaos-webhook-secret-0123456789';

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

/** examples/01 with its polling trigger replaced by the Push Trigger, on the push flow's ExtraHop. */
function pushWorkflow() {
	const wf = examples.loadWorkflow('detectionToJira');
	const trigger = wf.nodes.find(
		(/** @type {any} */ n) => n.type === 'n8n-nodes-extrahop.extraHopTrigger',
	);
	if (!trigger) throw new Error('examples/01 has no ExtraHop Trigger');
	const ref = { id: PUSH_EXTRAHOP_CREDENTIAL.id, name: PUSH_EXTRAHOP_CREDENTIAL.name };
	Object.assign(trigger, {
		type: 'n8n-nodes-extrahop.extraHopWebhookTrigger',
		typeVersion: 1,
		webhookId: PUSH_WEBHOOK_ID,
		parameters: {
			authentication: 'apiKey',
			senderAuthentication: 'headerSecret',
			events: ['created', 'updated'],
			updateMode: 'activity',
			filters: {},
			autoRegister: true,
			options: {},
		},
		credentials: {
			extraHopApi: ref,
			extraHopWebhookSecretApi: {
				id: examples.CREDENTIALS.webhookSecret.id,
				name: examples.CREDENTIALS.webhookSecret.name,
			},
		},
	});
	for (const node of wf.nodes)
		if (node !== trigger && node.credentials?.extraHopApi) node.credentials.extraHopApi = ref;
	return {
		...wf,
		id: PUSH_WORKFLOW_ID,
		name: 'Chaos: ExtraHop push -> Jira',
		active: false,
		nodes: wf.nodes.filter((/** @type {any} */ n) => n.type !== 'n8n-nodes-base.stickyNote'),
	};
}

/** The workflows to import, in the form startStack's `main` options take. */
function workflows() {
	return [examples.workflowPath('detectionToJira'), pushWorkflow()];
}

module.exports = {
	POLL_WORKFLOW_ID,
	PUSH_WORKFLOW_ID,
	PUSH_WEBHOOK_ID,
	credentials,
	workflows,
};
