// @ts-check
'use strict';
/**
 * What the editor test (test/e2e/editor.e2e.js) opens in a real n8n: the simulators, the example
 * workflows with their credentials, and one "Panels" workflow holding each of the package's nodes
 * configured as a user would (credentials chosen, a detection picked from the list, a result ID),
 * for panel checks, output checks and the documentation screenshots.
 */
const net = require('node:net');
const { startN8n } = require('../../../tools/n8n-instance');
const examples = require('../../../tools/examples');
const { createExtraHopSimulator } = require('../../../tools/simulators/extrahop');
const { createServiceNowSimulator } = require('../../../tools/simulators/servicenow');
const { createJiraSimulator } = require('../../../tools/simulators/jira');
const { createLogMuleSimulator } = require('../../../tools/simulators/logmule');
const { createOpenAiSimulator } = require('../../../tools/simulators/openai');
const { triageModel } = require('../../../tools/simulators/openai/triage-model');
const { createSmtpSimulator } = require('../../../tools/simulators/smtp');

const PANELS_ID = 'exhEditorPanels001';
const WEBHOOK_ID = '0e7c1c5e-6d1a-4c41-9d3e-ed170e2e0001';
const SENDER_SECRET = 'editor-e2e-sender-secret-0123456789';
const SENDER_CREDENTIAL = {
	id: 'exhSenderSecret001',
	name: 'ExtraHop sender secret',
	type: 'extraHopWebhookSecretApi',
};
/** Names of the package nodes in the Panels workflow (also the screenshot names). */
const PANEL_NODES = Object.freeze({
	extraHop: 'Get Detection',
	trigger: 'ExtraHop Poll Trigger',
	webhook: 'ExtraHop Push Trigger',
	logMule: 'Create Incident',
});

const READS_ID = 'exhEditorReads00001';
const CONNECTIONS_ID = 'exhEditorConnect001';
/** Names of the nodes of the Reads workflow: new nodes' read operations, default parameters. */
const READ_NODES = Object.freeze({
	getMany: 'Get Many Detections',
	devices: 'Search Devices',
	investigations: 'Get Many Investigations',
	poll: 'New Poll Trigger',
});

/**
 * Where n8n runs into a connection failure at run time, one node per credential and failure
 * (named "<credential>: <failure>"), each credential pointing where its name says.
 * @typedef {{ node: string, credential: { id: string, name: string, type: string, data: Record<string, any> } }} FailingConnection
 */

/** A TCP port nothing listens on (taken, then released). */
async function closedPort() {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
			srv.close(() => resolve(port));
		});
	});
}

/**
 * @param {{ extrahop: any, logmule: any }} sims
 * @returns {Promise<FailingConnection[]>}
 */
async function failingConnections({ extrahop, logmule }) {
	const eh = extrahop.server.url;
	const noScheme = eh.replace(/^http:\/\//, '');
	const closed = `http://127.0.0.1:${await closedPort()}`;
	const lm = logmule.apiRoot();
	const lmPath = lm.replace(/^http:\/\/[^/]+/, '');
	const { apiKey, clientId, clientSecret } = extrahop.config;
	const logMule = {
		token: logmule.config.token,
		headerName: 'Authorization',
		headerPrefix: 'Bearer',
		allowUnauthorizedCerts: false,
	};
	/** @type {Array<[string, string, string, Record<string, any>]>} */
	const specs = [
		['ExtraHop API', 'no scheme', 'extraHopApi', { url: noScheme, apiKey }],
		['ExtraHop API', 'closed port', 'extraHopApi', { url: closed, apiKey }],
		[
			'RevealX 360',
			'no scheme',
			'extraHopRevealX360Api',
			{ url: noScheme, clientId, clientSecret },
		],
		[
			'RevealX 360',
			'closed port',
			'extraHopRevealX360Api',
			{ url: closed, clientId, clientSecret },
		],
		['LogMule', 'no scheme', 'logMuleApi', { url: lm.replace(/^http:\/\//, ''), ...logMule }],
		['LogMule', 'closed port', 'logMuleApi', { url: `${closed}${lmPath}`, ...logMule }],
	];
	return specs.map(([service, failure, type, data], index) => ({
		node: `${service}: ${failure}`,
		credential: {
			id: `exhEditorFailing0${index}`,
			name: `${service} (${failure})`,
			type,
			data,
		},
	}));
}

/** @param {FailingConnection[]} failing @param {string} resultId */
function connectionsWorkflow(failing, resultId) {
	return {
		id: CONNECTIONS_ID,
		name: 'Connection failures (editor test)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'c-manual',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			...failing.map((f, index) => {
				const { id, name, type } = f.credential;
				const position = [260 + 240 * (index % 2), 200 * Math.floor(index / 2)];
				return type === 'logMuleApi'
					? {
							id: `c-${index}`,
							name: f.node,
							type: 'n8n-nodes-extrahop.logMule',
							typeVersion: 1.1,
							position,
							parameters: {
								resource: 'correlationResult',
								operation: 'createIncident',
								resultId,
							},
							credentials: { [type]: { id, name } },
						}
					: {
							id: `c-${index}`,
							name: f.node,
							type: 'n8n-nodes-extrahop.extraHop',
							typeVersion: 1.2,
							position,
							parameters: {
								authentication: type === 'extraHopApi' ? 'apiKey' : 'revealX360',
								resource: 'detection',
								operation: 'getAll',
								limit: 1,
							},
							credentials: { [type]: { id, name } },
						};
			}),
		],
		connections: fromStart(failing.map((f) => f.node)),
	};
}

/** @param {string[]} names the nodes Start feeds */
function fromStart(names) {
	return { Start: { main: [names.map((node) => ({ node, type: 'main', index: 0 }))] } };
}

/** New ExtraHop nodes (version 1.2) doing each read with the parameters a new node starts with. */
function readsWorkflow() {
	const { extraHop } = examples.CREDENTIALS;
	const credentials = { extraHopApi: { id: extraHop.id, name: extraHop.name } };
	const node = (
		/** @type {string} */ id,
		/** @type {string} */ name,
		/** @type {number} */ y,
		/** @type {Record<string, any>} */ parameters,
	) => ({
		id,
		name,
		type: 'n8n-nodes-extrahop.extraHop',
		typeVersion: 1.2,
		position: [260, y],
		parameters: { authentication: 'apiKey', ...parameters },
		credentials,
	});
	return {
		id: READS_ID,
		name: 'Read operations, new nodes (editor test)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'r-manual',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			node('r-getmany', READ_NODES.getMany, -200, { resource: 'detection', operation: 'getAll' }),
			node('r-devices', READ_NODES.devices, 0, { resource: 'device', operation: 'search' }),
			node('r-inv', READ_NODES.investigations, 200, {
				resource: 'investigation',
				operation: 'getAll',
			}),
			{
				id: 'r-poll',
				name: READ_NODES.poll,
				type: 'n8n-nodes-extrahop.extraHopTrigger',
				typeVersion: 1.1,
				position: [0, 300],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					events: ['created', 'updated'],
				},
				credentials,
			},
		],
		connections: fromStart([READ_NODES.getMany, READ_NODES.devices, READ_NODES.investigations]),
	};
}

/**
 * @param {{ detection: Record<string, any>, resultId: string }} p
 */
function panelsWorkflow(p) {
	const { extraHop, logMule } = examples.CREDENTIALS;
	const ref = (/** @type {{ id: string, name: string }} */ c) => ({ id: c.id, name: c.name });
	return {
		id: PANELS_ID,
		name: 'Package nodes (editor test)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'p-manual',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'p-get',
				name: PANEL_NODES.extraHop,
				type: 'n8n-nodes-extrahop.extraHop',
				typeVersion: 1,
				position: [260, -120],
				parameters: {
					authentication: 'apiKey',
					resource: 'detection',
					operation: 'get',
					detectionId: {
						__rl: true,
						mode: 'list',
						value: String(p.detection.id),
						cachedResultName: `${p.detection.id}: ${p.detection.title}`,
					},
					simplify: true,
				},
				credentials: { extraHopApi: ref(extraHop) },
			},
			{
				id: 'p-logmule',
				name: PANEL_NODES.logMule,
				type: 'n8n-nodes-extrahop.logMule',
				typeVersion: 1,
				position: [260, 120],
				parameters: {
					resource: 'correlationResult',
					operation: 'createIncident',
					resultId: p.resultId,
				},
				credentials: { logMuleApi: ref(logMule) },
			},
			{
				id: 'p-poll',
				name: PANEL_NODES.trigger,
				type: 'n8n-nodes-extrahop.extraHopTrigger',
				typeVersion: 1,
				position: [0, 360],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					authentication: 'apiKey',
					events: ['created', 'updated'],
					updateMode: 'activity',
					filters: {},
					options: {},
				},
				credentials: { extraHopApi: ref(extraHop) },
			},
			{
				id: 'p-push',
				name: PANEL_NODES.webhook,
				type: 'n8n-nodes-extrahop.extraHopWebhookTrigger',
				typeVersion: 1,
				position: [0, 600],
				webhookId: WEBHOOK_ID,
				parameters: {
					events: ['created', 'updated'],
					senderAuthentication: 'headerSecret',
					authentication: 'apiKey',
					filters: { riskScoreMin: 90 },
				},
				credentials: {
					extraHopApi: ref(extraHop),
					extraHopWebhookSecretApi: ref(SENDER_CREDENTIAL),
				},
			},
		],
		connections: {
			Start: {
				main: [
					[
						{ node: PANEL_NODES.extraHop, type: 'main', index: 0 },
						{ node: PANEL_NODES.logMule, type: 'main', index: 0 },
					],
				],
			},
		},
	};
}

/**
 * Starts the simulators and n8n (examples imported, not active; the Panels workflow).
 * @param {{ keepData?: boolean }} [options]
 */
async function startEditorSetup(options = {}) {
	const jira = createJiraSimulator();
	const jiraCloud = createJiraSimulator({ deployment: 'cloud' });
	// n8n reaches https://<instance>.service-now.com through the simulator's proxy (its dropdowns load from it).
	const serviceNow = createServiceNowSimulator();
	const extrahop = createExtraHopSimulator();
	const logmule = createLogMuleSimulator();
	await jira.start();
	await jiraCloud.start();
	await serviceNow.start();
	await extrahop.start();
	await logmule.start();
	// Example 08's chat model and e-mail review: the model list loads from the model simulator.
	const model = createOpenAiSimulator({ script: triageModel });
	const mail = createSmtpSimulator();
	await model.start();
	await mail.start();
	const detection = extrahop.createDetection({ type: 'cifs_exfil_anomaly', risk_score: 30 });
	const result = logmule.createResult({ risklevel: 8, title: 'Brute force on vpn-gw-01' });
	// An investigation for Get Many Investigations to show, made as a user would (POST /investigations).
	const created = await fetch(`${extrahop.server.url}/api/v1/investigations`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Authorization: `ExtraHop apikey=${extrahop.config.apiKey}`,
		},
		body: JSON.stringify({ name: 'Lateral movement from fin-ws-114' }),
	});
	if (!created.ok) throw new Error(`creating an investigation answered ${created.status}`);
	const failing = await failingConnections({ extrahop, logmule });
	const credentials = [
		...examples.simulatorCredentials({
			extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
			jira: jira.credentials,
			logMule: {
				url: logmule.apiRoot(),
				token: logmule.config.token,
				headerName: 'Authorization',
				headerPrefix: 'Bearer',
				allowUnauthorizedCerts: false,
			},
			jiraCloud: jiraCloud.cloudCredentials,
			serviceNow: serviceNow.credentials,
			webhookSecret: { headerName: 'X-ExtraHop-Secret', secret: SENDER_SECRET },
			openAi: model.credentials(),
			smtp: mail.credentials(),
		}),
		{ ...SENDER_CREDENTIAL, data: { headerName: 'X-ExtraHop-Secret', secret: SENDER_SECRET } },
		...failing.map((f) => f.credential),
	];
	const n8n = await startN8n({
		env: serviceNow.n8nEnv(),
		credentials,
		// Every example of examples/ (by role), so each one's canvas and panels are checked.
		workflows: [
			...Object.keys(examples.WORKFLOWS).map((role) =>
				examples.workflowPath(/** @type {keyof typeof examples.WORKFLOWS} */ (role)),
			),
			panelsWorkflow({ detection, resultId: result.id }),
			readsWorkflow(),
			connectionsWorkflow(failing, result.id),
		],
		activate: [],
		keepData: options.keepData,
	});
	const stop = async () => {
		await n8n.stop().catch(() => undefined);
		await Promise.allSettled([
			jira.stop(),
			jiraCloud.stop(),
			serviceNow.stop(),
			extrahop.stop(),
			logmule.stop(),
			model.stop(),
			mail.stop(),
		]);
	};
	return { n8n, jira, extrahop, logmule, detection, result, failing, stop };
}

module.exports = {
	startEditorSetup,
	PANELS_ID,
	PANEL_NODES,
	READS_ID,
	READ_NODES,
	CONNECTIONS_ID,
	WEBHOOK_ID,
	SENDER_SECRET,
	SENDER_CREDENTIAL,
};

if (require.main === module) {
	// Development: start everything and wait (Ctrl-C stops). Prints where to log in.
	(async () => {
		const s = await startEditorSetup();
		const state = {
			baseUrl: s.n8n.baseUrl,
			email: s.n8n.email,
			password: s.n8n.password,
			extrahop: s.extrahop.server.url,
			apiKey: s.extrahop.config.apiKey,
			clientId: s.extrahop.config.clientId,
			clientSecret: s.extrahop.config.clientSecret,
			logmule: s.logmule.apiRoot(),
			token: s.logmule.config.token,
			detection: s.detection.id,
		};
		process.stdout.write(`${JSON.stringify(state)}\n`);
		require('node:fs').writeFileSync(
			process.env.EDITOR_STATE ?? '/tmp/editor-dev.json',
			JSON.stringify(state),
		);
		const shutdown = () => void s.stop().then(() => process.exit(0));
		process.on('SIGINT', shutdown);
		process.on('SIGTERM', shutdown);
		setInterval(() => undefined, 1 << 30);
	})();
}
