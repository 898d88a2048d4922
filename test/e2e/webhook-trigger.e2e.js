// @ts-check
'use strict';
/**
 * The ExtraHop Webhook Trigger inside a real n8n 2.8.4 (part of `npm run test:e2e`; `npm run
 * build` first).
 *
 * Activates a workflow with automatic registration against the ExtraHop simulator and checks
 * what the in-process tests can only model: n8n registers the ODS target and trigger through the
 * node's create(), routes POST and GET on /webhook/<id>/extrahop to it, answers refusals and bad
 * bodies with the node's status codes (and its own 422 for unparsable application/json), starts
 * executions only for accepted pushes (including one sent by ExtraHop running the registered
 * trigger), persists the node's static data also after a push that started nothing, and removes
 * the registration on deactivation. The simulator is the strict one (ExtraHop's contract): any
 * request n8n sends that the vendor's API would refuse fails the run; re-activation with a changed
 * host replaces the target without duplicates; after deactivation GET /odstargets/http/{name}
 * answers 404.
 */
const { startN8n } = require('../../tools/n8n-instance');
const { Report } = require('./lib/report');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');
const { fireDetectionUpdate } = require('../../tools/simulators/extrahop/admin');

const SECRET = 'e2e-webhook-secret-0123456789';
const WORKFLOW_ID = 'ehWebhookE2e0001';
const WEBHOOK_ID = '11111111-2222-4333-8444-555555555555';
const NODE = 'ExtraHop Webhook Trigger';
const report = new Report();
const check = report.check.bind(report);

async function main() {
	report.section('Start');
	const sim = createExtraHopSimulator();
	const simUrl = await sim.start();
	const n8n = await startN8n({
		credentials: [
			{
				id: 'ehKeyE2e00000001',
				name: 'ExtraHop',
				type: 'extraHopApi',
				data: { url: simUrl, apiKey: sim.config.apiKey, allowUnauthorizedCerts: false },
			},
			{
				id: 'ehSecretE2e00001',
				name: 'Sender',
				type: 'extraHopWebhookSecretApi',
				data: { headerName: 'X-ExtraHop-Secret', secret: SECRET },
			},
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
						parameters: {
							authentication: 'apiKey',
							senderAuthentication: 'headerSecret',
							events: ['created', 'updated'],
							autoRegister: true,
						},
						credentials: {
							extraHopApi: { id: 'ehKeyE2e00000001', name: 'ExtraHop' },
							extraHopWebhookSecretApi: { id: 'ehSecretE2e00001', name: 'Sender' },
						},
					},
				],
			},
		],
		activateVia: 'rest',
		activate: [WORKFLOW_ID],
	});
	try {
		report.section('Registration on activation');
		const url = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/extrahop`;
		const post = async (
			/** @type {string} */ body,
			/** @type {Record<string, string>} */ headers = {},
		) => {
			const r = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', ...headers },
				body,
			});
			return { status: r.status, json: /** @type {any} */ (await r.json()) };
		};
		const auth = { 'X-ExtraHop-Secret': SECRET };
		/** ExtraHop's REST API as an administrator would read it. */
		const ehApi = async (/** @type {string} */ path) => {
			const r = await fetch(`${simUrl}/api/v1${path}`, {
				headers: { Authorization: `ExtraHop apikey=${sim.config.apiKey}` },
			});
			return { status: r.status, json: /** @type {any} */ (await r.json().catch(() => undefined)) };
		};
		const targets = sim.odsTargets();
		check(
			targets.length === 1 &&
				targets[0].additional_header === `X-ExtraHop-Secret: ${SECRET}` &&
				targets[0].port === Number(new URL(n8n.baseUrl).port),
			"one ODS HTTP target with the secret header and n8n's port",
			targets,
		);
		check(
			targets.length === 1 &&
				targets[0].pipeline === false &&
				targets[0].authentication?.auth_type === 'none' &&
				!('description' in targets[0]),
			"the target has exactly the spec's fields (authentication object, pipeline, no description)",
			targets.map((t) => Object.keys(t)),
		);
		const triggers = sim.triggers();
		check(
			triggers.length === 1 &&
				JSON.stringify(triggers[0].events) === '["DETECTION_UPDATE"]' &&
				String(triggers[0].script).includes(`path: '/webhook/${WEBHOOK_ID}/extrahop'`),
			"one DETECTION_UPDATE trigger posting to the node's production path",
			triggers.map((t) => t.events),
		);
		check(
			triggers.length === 1 &&
				triggers[0].apply_all === true &&
				triggers[0].disabled === false &&
				triggers[0].debug === false,
			'the trigger has apply_all, enabled, no debug',
			triggers,
		);
		const byName = await ehApi(`/odstargets/http/${encodeURIComponent(targets[0]?.name ?? '')}`);
		check(byName.status === 200, 'GET /odstargets/http/{name} finds the target', byName.status);
		check(
			sim.violations().length === 0,
			'the strict simulator accepted every request of the activation',
			sim.violations(),
		);

		report.section('Pushes');
		const missing = await post('{"id":1004}');
		check(missing.status === 401, 'no secret: 401', missing);
		const wrong = await post('{"id":1004}', { 'X-ExtraHop-Secret': 'wrong' });
		check(wrong.status === 403, 'wrong secret: 403', wrong);
		const unparsable = await post('{"id":', auth);
		check(unparsable.status === 422, "unparsable application/json: n8n's own 422", unparsable);
		const text = await post('{"id":', { ...auth, 'Content-Type': 'text/plain' });
		check(
			text.status === 400 && text.json.code === 'invalid_json',
			'not JSON: 400 invalid_json',
			text,
		);
		const noId = await post('{"x":1}', auth);
		check(
			noId.status === 400 && noId.json.code === 'no_detection_id',
			'no detection id: 400 no_detection_id',
			noId,
		);
		const accepted = await post('{"id":1004}', auth);
		check(
			accepted.status === 200 && accepted.json.event === 'created',
			'accepted push starts the workflow (created)',
			accepted,
		);
		const again = await post('{"id":1004}', auth);
		check(
			again.json.ignored === 'duplicate',
			'the same push again is ignored as a duplicate',
			again,
		);

		const setup = await fetch(url);
		const setupText = await setup.text();
		check(
			setup.status === 200 &&
				/Additional HTTP header: +X-ExtraHop-Secret: <the secret stored in the n8n credential>/.test(
					setupText,
				) &&
				!setupText.includes(SECRET),
			'GET on the same path shows the set-up page, without the secret',
			setup.status,
		);

		const d = sim.createDetection({ type: 'port_scan' });
		const [delivery] = await fireDetectionUpdate(sim, d.id);
		check(
			delivery?.status === 200,
			'ExtraHop running the registered trigger script delivers a detection',
			delivery,
		);

		sim.modifyDetection(1004, { fields: { ticket_id: 'SOC-1' } });
		const echo = await post('{"id":1004}', auth);
		check(
			echo.json.ignored === 'trackingOnly',
			'a ticket-ID-only change (a write-back) is ignored',
			echo,
		);

		await n8n.waitForExecutions(WORKFLOW_ID, 2, { timeoutMs: 20000 });
		const executions = await n8n.listExecutions({ workflowId: WORKFLOW_ID });
		check(
			executions.length === 2 && executions.every((/** @type {any} */ e) => e.status === 'success'),
			'exactly two executions, both successful',
			executions.map((/** @type {any} */ e) => e.status),
		);

		const workflow = await n8n.rest('GET', `/rest/workflows/${WORKFLOW_ID}`);
		const memory = workflow.staticData?.[`node:${NODE}`]?.memory;
		check(
			memory?.seen?.d1004?.[0] === sim.getDetection(1004)?.mod_time,
			'static data saved after the ignored push too',
			memory?.seen?.d1004,
		);
		check(!JSON.stringify(workflow.staticData).includes(SECRET), 'no secret in static data');

		report.section('Concurrent pushes in one n8n process (issue 11)');
		const forty = Array.from({ length: 40 }, () => sim.createDetection({}));
		const firsts = await Promise.all(forty.map((x) => post(JSON.stringify({ id: x.id }), auth)));
		check(
			firsts.every((r) => r.status === 200 && r.json.event === 'created'),
			'40 distinct concurrent pushes: all answered "workflow started"',
			firsts.filter((r) => r.json.event !== 'created').slice(0, 3),
		);
		for (const x of forty) sim.modifyDetection(x.id, { fields: { ticket_id: `SOC-${x.id}` } });
		const echoes = await Promise.all(forty.map((x) => post(JSON.stringify({ id: x.id }), auth)));
		check(
			echoes.every((r) => r.json.ignored === 'trackingOnly'),
			'their 40 write-back echoes: all ignored',
			echoes.filter((r) => r.json.ignored !== 'trackingOnly').slice(0, 3),
		);
		await n8n.waitForExecutions(WORKFLOW_ID, 42, { timeoutMs: 60000 });
		await new Promise((resolve) => setTimeout(resolve, 1500));
		check(
			(await n8n.countExecutions(WORKFLOW_ID)) === 42,
			'40 executions for the 40 pushes, 0 spurious',
			await n8n.countExecutions(WORKFLOW_ID),
		);
		const saved =
			(await n8n.rest('GET', `/rest/workflows/${WORKFLOW_ID}`)).staticData?.[`node:${NODE}`]?.memory
				?.seen ?? {};
		check(
			forty.every((x) => saved[`d${x.id}`]),
			'all 40 in the saved memory',
			forty.filter((x) => !saved[`d${x.id}`]).length,
		);
		const deep = await post(
			`{"id": 1004, "x": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
			auth,
		);
		check(
			deep.status === 400 && deep.json.code === 'body_too_deep',
			'a body nested 10,000 levels deep: 400 body_too_deep',
			deep.status,
		);
		check(
			(await n8n.countExecutions(WORKFLOW_ID)) === 42,
			'the deep body started no execution (not even an error one)',
		);

		report.section('Re-activation with a changed host');
		const name = sim.odsTargets()[0]?.name ?? '';
		await n8n.deactivateWorkflow(WORKFLOW_ID);
		check(
			sim.odsTargets().length === 0 && sim.triggers().length === 0,
			'deactivation removed target and trigger',
		);
		const stored = /** @type {any} */ (await n8n.rest('GET', `/rest/workflows/${WORKFLOW_ID}`));
		const moved = `http://n8n-moved.example:${new URL(n8n.baseUrl).port}`;
		stored.nodes[0].parameters.options = {
			...(stored.nodes[0].parameters.options ?? {}),
			n8nAddress: moved,
		};
		await n8n.rest('PATCH', `/rest/workflows/${WORKFLOW_ID}`, {
			versionId: stored.versionId,
			nodes: stored.nodes,
			connections: stored.connections,
			name: stored.name,
			settings: stored.settings,
		});
		await n8n.activateWorkflow(WORKFLOW_ID);
		const movedTargets = sim.odsTargets();
		check(
			movedTargets.length === 1 &&
				movedTargets[0].host === 'n8n-moved.example' &&
				movedTargets[0].name === name,
			'one target, same name, new host',
			movedTargets.map((t) => `${t.name} ${t.host}`),
		);
		check(
			sim.triggers().length === 1,
			'one trigger, no duplicate',
			sim.triggers().map((t) => t.id),
		);

		report.section('Deactivation');
		await n8n.deactivateWorkflow(WORKFLOW_ID);
		check(
			sim.odsTargets().length === 0 && sim.triggers().length === 0,
			'target and trigger removed on deactivation',
		);
		const gone = await ehApi(`/odstargets/http/${encodeURIComponent(name)}`);
		check(
			gone.status === 404,
			'GET /odstargets/http/{name} answers 404: the secret-bearing target is gone',
			gone.status,
		);
		const listed = await ehApi('/triggers');
		check(
			Array.isArray(listed.json) && listed.json.every((/** @type {any} */ t) => t.name !== name),
			'no trigger of that name is listed',
			listed.json,
		);
		check(
			sim.violations().length === 0,
			'the strict simulator accepted every request n8n made (no contract violation)',
			sim.violations(),
		);
	} catch (error) {
		check(
			false,
			'webhook trigger e2e ran to the end',
			error instanceof Error ? error.stack : String(error),
		);
	} finally {
		await n8n.stop();
		await sim.stop();
	}
	process.stdout.write(`webhook-trigger: ${report.passed} passed, ${report.failed} failed\n`);
	process.exit(report.failed === 0 ? 0 : 1);
}

main().catch((error) => {
	process.stdout.write(
		`  FAIL webhook trigger e2e could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
	);
	process.exit(1);
});
