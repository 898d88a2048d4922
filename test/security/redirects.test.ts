/**
 * Finding 1 of issue 20: a redirect to another host (or from https:// to http://) must not take a
 * credential along, for every request the package makes. Each test arms a hostile redirect on the
 * simulator to a second host (the catcher) and checks that nothing reached that host and that
 * the error names where the redirect pointed. Redirects are never followed (docs/security.md).
 */
import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { ExtraHopRevealX360Api } from '../../credentials/ExtraHopRevealX360Api.credentials';
import { testCredential } from '../harness/credential-test';
import {
	addExtraHopCredentials,
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';
import {
	createIncidentNode,
	logMuleCredentialData,
	startLogMule,
	testLogMuleCredential,
	type LogMuleSetup,
} from '../helpers/logmule';
import { TriggerHarness } from '../helpers/trigger';
import { startWebhookTrigger } from '../webhook/setup';
import { everything, failureOf, startCatcher, type Catcher } from './hostile';

let catcher: Catcher;
beforeAll(async () => {
	catcher = await startCatcher();
});
afterAll(async () => {
	await catcher.stop();
});

let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of stops) await stop();
	stops = [];
	catcher.server.clearRequestLog();
});

const stolen = () => `${catcher.url}/collect`;

/** Nothing, no request at all, reached the second host. */
function nothingReachedTheSecondHost() {
	expect(catcher.requests()).toEqual([]);
}

async function extraHop(options: Record<string, unknown> = {}): Promise<ExtraHopSetup> {
	const h = await startExtraHop(options);
	stops.push(() => h.sim.stop());
	return h;
}

async function logMule(options: Record<string, unknown> = {}): Promise<LogMuleSetup> {
	const h = await startLogMule(options);
	stops.push(() => h.sim.stop());
	return h;
}

const redirect = (pathPrefix: string, status = 302, location = stolen()) => ({
	kind: 'redirect' as const,
	pathPrefix,
	status,
	location,
	times: 10,
});

describe('finding 1: credentials never follow a redirect to another host', () => {
	it.each([301, 302, 303, 307, 308])(
		'ExtraHop API key: a %i on a read goes nowhere and names where it pointed',
		async (status) => {
			const h = await extraHop();
			h.sim.server.injectFault(redirect('/api/v1/detections/1002', status));
			const error = await failureOf(
				h.engine.runNode(
					extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId(1002) }),
				),
			);
			expect(error.message).toBe(
				`ExtraHop redirected GET /api/v1/detections/1002 (HTTP ${status}) to ${stolen()}`,
			);
			expect(error.description).toContain(
				`It pointed away from ${h.url}, the address in the credential.`,
			);
			expect(apiRequests(h.sim)).toHaveLength(1);
			nothingReachedTheSecondHost();
		},
	);

	it('RevealX 360: the token request (Basic client_id:client_secret) is not sent on', async () => {
		const h = await extraHop();
		h.sim.server.injectFault(redirect('/oauth2/token', 307));
		const error = await failureOf(
			h.engine.runNode(
				extraHopNode({
					authentication: 'revealX360',
					resource: 'detection',
					operation: 'get',
					detectionId: byId(1002),
				}),
			),
		);
		expect(error.message).toContain(
			`ExtraHop redirected POST /oauth2/token (HTTP 307) to ${stolen()} (RevealX 360 token request)`,
		);
		expect(everything(error)).not.toContain(h.sim.config.clientSecret);
		nothingReachedTheSecondHost();
	});

	it('RevealX 360: an API call does not send the bearer token on', async () => {
		const h = await extraHop();
		h.sim.server.injectFault(redirect('/api/v1/detections/1002', 302));
		const error = await failureOf(
			h.engine.runNode(
				extraHopNode({
					authentication: 'revealX360',
					resource: 'detection',
					operation: 'get',
					detectionId: byId(1002),
				}),
			),
		);
		expect(error.message).toBe(
			`ExtraHop redirected GET /api/v1/detections/1002 (HTTP 302) to ${stolen()}`,
		);
		expect(h.sim.server.requestLog('/oauth2/token')).toHaveLength(1);
		nothingReachedTheSecondHost();
	});

	it('a packet capture download (a streamed answer) is not fetched from the other host', async () => {
		const h = await extraHop();
		h.sim.server.injectFault(redirect('/api/v1/packets/search', 307));
		const error = await failureOf(
			h.engine.runNode(
				extraHopNode({
					resource: 'packet',
					operation: 'search',
					source: 'detection',
					detectionId: byId(1001),
					binaryPropertyName: 'data',
				}),
			),
		);
		expect(error.message).toBe(
			`ExtraHop redirected POST /api/v1/packets/search (HTTP 307) to ${stolen()}`,
		);
		nothingReachedTheSecondHost();
	});

	it('the poll trigger does not search the other host', async () => {
		const h = await extraHop();
		const t = new TriggerHarness(h.engine, { events: ['created', 'updated'] });
		h.sim.server.injectFault(redirect('/api/v1/detections/search', 302));
		const error = await failureOf(t.poll());
		expect(error.message).toBe(
			`ExtraHop redirected POST /api/v1/detections/search (HTTP 302) to ${stolen()}`,
		);
		nothingReachedTheSecondHost();
	});

	it('the push trigger does not register on the other host (activation)', async () => {
		const h = await startWebhookTrigger({
			parameters: { autoRegister: true, options: { n8nAddress: 'https://n8n.example.com' } },
		});
		stops.push(() => h.stop());
		h.sim.server.injectFault(redirect('/api/v1/odstargets/http', 308));
		const error = await failureOf(h.hook.activate());
		expect(error.message).toMatch(
			new RegExp(`^ExtraHop redirected GET /api/v1/odstargets/http/\\S+ \\(HTTP 308\\) to `),
		);
		expect(h.sim.odsTargets()).toEqual([]);
		nothingReachedTheSecondHost();
	});

	it('from https:// to plain http:// (a downgrade) the key is not sent, and the error says why', async () => {
		const h = await extraHop({ tls: true });
		addExtraHopCredentials(h.engine, h.sim, h.url, true);
		const plain = stolen().replace(/^https:/, 'http:');
		h.sim.server.injectFault(redirect('/api/v1/detections/1002', 301, plain));
		const error = await failureOf(
			h.engine.runNode(
				extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId(1002) }),
			),
		);
		expect(error.message).toBe(
			`ExtraHop redirected GET /api/v1/detections/1002 (HTTP 301) to ${plain}`,
		);
		expect(error.description).toContain(
			'It pointed from HTTPS to plain HTTP, where the credential would cross the network unencrypted.',
		);
		nothingReachedTheSecondHost();
	});

	describe.each([
		['Authorization: Bearer <token>', { authHeader: 'Authorization', authPrefix: 'Bearer' }],
		['X-API-Key: <token>', { authHeader: 'X-API-Key', authPrefix: '' }],
	])('LogMule, token as %s', (_form, auth) => {
		it('the node does not send the token on', async () => {
			const h = await logMule(auth);
			const result = h.sim.createResult({});
			h.sim.server.injectFault(redirect('/cruddy/v2', 307));
			const error = await failureOf(h.engine.runNode(createIncidentNode({ resultId: result.id })));
			expect(error.message).toBe(
				`LogMule redirected POST /logmule_go_results/${result.id}/create_incident (HTTP 307) to ${stolen()}`,
			);
			nothingReachedTheSecondHost();
		});

		it('the Test button does not send the token on', async () => {
			const h = await logMule(auth);
			h.sim.server.injectFault(redirect('/cruddy/v2', 302));
			const result = await testLogMuleCredential(h.engine, logMuleCredentialData(h.sim));
			expect(result.status).toBe('Error');
			expect(result.message).toContain(
				`LogMule redirected GET /logmule_go_results/00000000-0000-0000-0000-000000000000/create_incident (HTTP 302) to ${stolen()}. The request was not followed`,
			);
			expect(result.message).not.toContain(h.token);
			nothingReachedTheSecondHost();
		});
	});

	it('the ExtraHop API Test button does not send the key on', async () => {
		const h = await extraHop();
		h.sim.server.injectFault(redirect('/api/v1/extrahop', 302));
		const result = await testCredential(h.engine, new ExtraHopApi(), {
			url: h.url,
			apiKey: h.sim.config.apiKey,
			allowUnauthorizedCerts: false,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain(
			`ExtraHop redirected GET /api/v1/extrahop (HTTP 302) to ${stolen()}. The request was not followed`,
		);
		nothingReachedTheSecondHost();
	});

	it.each([
		['its token request', '/oauth2/token', 'RevealX 360 redirected POST /oauth2/token'],
		[
			'its test request with the bearer token',
			'/api/v1/extrahop',
			'ExtraHop redirected GET /api/v1/extrahop',
		],
	])('the RevealX 360 Test button does not follow a redirect of %s', async (_what, path, said) => {
		const h = await extraHop();
		h.sim.server.injectFault(redirect(path, 302));
		const result = await testCredential(h.engine, new ExtraHopRevealX360Api(), {
			url: h.url,
			clientId: h.sim.config.clientId,
			clientSecret: h.sim.config.clientSecret,
			allowUnauthorizedCerts: false,
			accessToken: '',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(said);
		nothingReachedTheSecondHost();
	});
});
