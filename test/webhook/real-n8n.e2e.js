// @ts-check
'use strict';
/**
 * The ExtraHop Webhook Trigger inside a real n8n 2.8.4 (opt-in, ~1 minute; run `npm run build`
 * first): `node test/webhook/real-n8n.e2e.js`.
 *
 * Activates a workflow with automatic registration against the ExtraHop simulator and checks
 * what the in-process tests can only model: n8n registers the ODS target and trigger through the
 * node's create(), routes POST and GET on /webhook/<id>/extrahop to it, answers refusals and bad
 * bodies with the node's status codes (and its own 422 for unparsable application/json), starts
 * executions only for accepted pushes (including one sent by ExtraHop running the registered
 * trigger), persists the node's static data also after a push that started nothing, and removes
 * the registration on deactivation.
 */
const assert = require('node:assert/strict');

const { startN8n } = require('../e2e/lib/n8n-instance');
const { createExtraHopSimulator } = require('../simulators/extrahop');
const { fireDetectionUpdate } = require('../simulators/extrahop/admin');

const SECRET = 'e2e-webhook-secret-0123456789';
const WORKFLOW_ID = 'ehWebhookE2e0001';
const WEBHOOK_ID = '11111111-2222-4333-8444-555555555555';
const NODE = 'ExtraHop Webhook Trigger';

async function main() {
	const sim = createExtraHopSimulator();
	const simUrl = await sim.start();
	const n8n = await startN8n({
		credentials: [
			{ id: 'ehKeyE2e00000001', name: 'ExtraHop', type: 'extraHopApi', data: { url: simUrl, apiKey: sim.config.apiKey, allowUnauthorizedCerts: false } },
			{ id: 'ehSecretE2e00001', name: 'Sender', type: 'extraHopWebhookSecretApi', data: { headerName: 'X-ExtraHop-Secret', secret: SECRET } },
		],
		workflows: [
			{
				id: WORKFLOW_ID,
				name: 'ExtraHop webhook e2e',
				active: false,
				settings: {},
				connections: {},
				nodes: [
					{
						id: 'node-1',
						name: NODE,
						type: 'n8n-nodes-extrahop.extraHopWebhookTrigger',
						typeVersion: 1,
						position: [0, 0],
						webhookId: WEBHOOK_ID,
						parameters: { authentication: 'apiKey', senderAuthentication: 'headerSecret', events: ['created', 'updated'], autoRegister: true },
						credentials: { extraHopApi: { id: 'ehKeyE2e00000001', name: 'ExtraHop' }, extraHopWebhookSecretApi: { id: 'ehSecretE2e00001', name: 'Sender' } },
					},
				],
			},
		],
		activateVia: 'rest',
		activate: [WORKFLOW_ID],
	});
	try {
		const url = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/extrahop`;
		const post = async (/** @type {string} */ body, /** @type {Record<string, string>} */ headers = {}) => {
			const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
			return { status: r.status, json: /** @type {any} */ (await r.json()) };
		};
		const auth = { 'X-ExtraHop-Secret': SECRET };

		// create() registered the target (with the secret header) and the trigger.
		assert.equal(sim.odsTargets().length, 1);
		assert.equal(sim.odsTargets()[0].additional_header, `X-ExtraHop-Secret: ${SECRET}`);
		assert.equal(sim.odsTargets()[0].port, Number(new URL(n8n.baseUrl).port));
		assert.deepEqual(sim.triggers().map((t) => t.events), [['DETECTION_UPDATE']]);
		assert.ok(sim.triggers()[0].script.includes(`path: '/webhook/${WEBHOOK_ID}/extrahop'`));

		assert.equal((await post('{"id":1004}')).status, 401);
		assert.equal((await post('{"id":1004}', { 'X-ExtraHop-Secret': 'wrong' })).status, 403);
		assert.equal((await post('{"id":', auth)).status, 422, 'n8n refuses unparsable application/json itself');
		assert.deepEqual((await post('{"id":', { ...auth, 'Content-Type': 'text/plain' })).json.code, 'invalid_json');
		assert.deepEqual((await post('{"x":1}', auth)).json.code, 'no_detection_id');
		assert.deepEqual(await post('{"id":1004}', auth), { status: 200, json: { message: 'Detection 1004 received: workflow started', event: 'created' } });
		assert.equal((await post('{"id":1004}', auth)).json.ignored, 'duplicate');

		const setup = await fetch(url);
		assert.equal(setup.status, 200);
		assert.match(await setup.text(), /Additional HTTP header: +X-ExtraHop-Secret: <the secret stored in the n8n credential>/);

		const d = sim.createDetection({ type: 'port_scan' });
		const [delivery] = await fireDetectionUpdate(sim, d.id);
		assert.equal(delivery.status, 200);

		sim.modifyDetection(1004, { fields: { ticket_id: 'SOC-1' } });
		assert.equal((await post('{"id":1004}', auth)).json.ignored, 'trackingOnly');

		await n8n.waitForExecutions(WORKFLOW_ID, 2, { timeoutMs: 20000 });
		const executions = await n8n.listExecutions({ workflowId: WORKFLOW_ID });
		assert.deepEqual(executions.map((/** @type {any} */ e) => e.status), ['success', 'success']);

		// Saved after the tracking-only push although no execution ran.
		const workflow = await n8n.rest('GET', `/rest/workflows/${WORKFLOW_ID}`);
		const memory = workflow.staticData[`node:${NODE}`].memory;
		assert.equal(memory.seen.d1004[0], sim.getDetection(1004)?.mod_time);
		assert.ok(!JSON.stringify(workflow.staticData).includes(SECRET));

		await n8n.deactivateWorkflow(WORKFLOW_ID);
		assert.equal(sim.odsTargets().length, 0);
		assert.equal(sim.triggers().length, 0);
		console.log('real n8n: ExtraHop Webhook Trigger OK');
	} finally {
		await n8n.stop();
		await sim.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
