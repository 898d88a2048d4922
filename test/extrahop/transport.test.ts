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

let h: ExtraHopSetup;
afterEach(async () => {
	await h?.sim.stop();
});

const getDetection = (id: number | string, extra: Record<string, unknown> = {}) =>
	extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId(id), ...extra });
const get360 = (id: number | string) => getDetection(id, { authentication: 'revealX360' });

describe('RevealX 360 client credentials', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it('gets a token once, sends it as Bearer and reuses it', async () => {
		await h.engine.runNode(get360(1001));
		await h.engine.runNode(get360(1002));
		const tokenRequests = h.sim.server.requestLog('/oauth2/token');
		expect(tokenRequests).toHaveLength(1);
		expect(tokenRequests[0].headers.authorization).toBe(
			`Basic ${Buffer.from(`${h.sim.config.clientId}:${h.sim.config.clientSecret}`).toString('base64')}`,
		);
		const calls = apiRequests(h.sim).filter((r) => r.status === 200);
		expect(calls).toHaveLength(2);
		const stored = h.engine.credentials.store.get('eh-360')!;
		for (const call of calls)
			expect(call.headers.authorization).toBe(`Bearer ${stored.accessToken}`);
	});

	// Every stale-token answer RevealX 360 is known to give, under every answer to a request without a
	// token (nothing public says which): 20 items in parallel, all tokens expired mid-run.
	const STALE = ['specifiedInvalid', 'invalid', 'invalidAccessToken', 'errorGettingUser'] as const;
	it.each(
		STALE.flatMap((answer) =>
			([400, 401, 403] as const).map((unauthenticated) => [answer, unauthenticated] as const),
		),
	)(
		'20 parallel items recover from a stale token answered %s (no-token requests answered %i) with one token request per expiry',
		async (answer, unauthenticated) => {
			h.sim.config.staleTokenAnswer = answer;
			h.sim.config.unauthenticatedStatus = unauthenticated;
			const items = Array.from({ length: 40 }, (_, i) => ({ id: i % 2 ? 1001 : 1002 }));
			let served = 0;
			const original = h.sim.server.handle.bind(h.sim.server);
			h.sim.server.handle = async (req: any, res: any) => {
				// Expire every token once 10 detection reads have arrived: the rest of the run holds a stale one.
				if (String(req.url).startsWith('/api/v1/detections/') && ++served === 10)
					h.sim.expireTokens();
				return original(req, res);
			};
			const out = await h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'get',
					authentication: 'revealX360',
					detectionId: byId('={{ $json.id }}'),
					requestOptions: { parallelRequests: 20 },
				}),
				items,
			);
			expect(out.map((o) => o.json.id)).toEqual(items.map((i) => i.id));
			// One token at the start, one for the expiry: counted by the simulator.
			expect(h.sim.tokenRequests()).toBe(2);
			const rejected = apiRequests(h.sim).filter((r) => r.status !== 200);
			const stale = {
				specifiedInvalid: 400,
				invalid: 400,
				invalidAccessToken: 401,
				errorGettingUser: 401,
			}[answer];
			expect(rejected.length).toBeGreaterThan(0);
			// Only the requests already carrying the stale token were refused, each once, and never for a missing token.
			expect(
				rejected.every((r) => r.status === stale && typeof r.headers.authorization === 'string'),
			).toBe(true);
			expect(rejected.length).toBeLessThanOrEqual(20);
			expect(
				apiRequests(h.sim).every((r) => /^Bearer /.test(String(r.headers.authorization))),
			).toBe(true);
		},
	);

	it('refreshes before sending once expires_in has passed', async () => {
		h.sim.config.tokenLifetimeSec = 1;
		await h.engine.runNode(get360(1001));
		// The credential keeps a margin: a 1 s token counts as expired after half its life.
		await new Promise((resolve) => setTimeout(resolve, 700));
		await h.engine.runNode(get360(1002));
		expect(h.sim.server.requestLog('/oauth2/token')).toHaveLength(2);
		expect(apiRequests(h.sim).filter((r) => r.status === 200)).toHaveLength(2);
		// The expired token itself was never sent.
		const bearer = apiRequests(h.sim)
			.filter((r) => r.headers.authorization)
			.map((r) => r.headers.authorization);
		expect(new Set(bearer).size).toBe(2);
	});

	it('says the client ID or secret is wrong, without echoing the secret', async () => {
		h.engine.addCredential('eh-360', {
			url: h.url,
			clientId: 'someone',
			clientSecret: 'wrong-secret-123',
			allowUnauthorizedCerts: false,
			accessToken: '',
		});
		const error = await h.engine.runNode(get360(1001)).catch((e) => e);
		expect(error.message).toMatch(/RevealX 360 refused the client ID or secret/);
		expect(JSON.stringify(error)).not.toContain('wrong-secret-123');
		expect(String(error.stack)).not.toContain('wrong-secret-123');
	});

	it('a wrong API endpoint path: the Test button and the node say the same (token URL, status, what answered, what to check)', async () => {
		const data = {
			url: `${h.url}/tenant`,
			clientId: h.sim.config.clientId,
			clientSecret: h.sim.config.clientSecret,
			allowUnauthorizedCerts: false,
			accessToken: '',
		};
		const reason = `${h.url}/tenant/oauth2/token answered HTTP 404 with JSON of another shape, not a RevealX 360 token`;
		const fix =
			'Check the API endpoint in the "ExtraHop RevealX 360 API" credential: the one shown under Administration > API Access in RevealX 360 (note the ".api." part), without a path.';
		const tested = await testCredential(h.engine, new ExtraHopRevealX360Api(), data);
		expect(tested).toEqual({ status: 'Error', message: `${reason}. ${fix}` });
		h.engine.addCredential('eh-360', data);
		const error = await h.engine.runNode(get360(1001)).catch((e) => e);
		expect(`${error.message} ${error.description}`).toContain(reason);
		expect(`${error.message} ${error.description}`).toContain(fix);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});
});

describe('TLS', () => {
	beforeEach(async () => {
		h = await startExtraHop({ tls: true });
	});

	it('refuses a self-signed certificate by default, with the way out', async () => {
		const error = await h.engine.runNode(getDetection(1001)).catch((e) => e);
		expect(error.message).toMatch(/TLS certificate of localhost:\d+ is not trusted/);
		expect(error.description).toMatch(/Ignore SSL Issues/);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('accepts it when the credential explicitly allows it', async () => {
		addExtraHopCredentials(h.engine, h.sim, h.url, true);
		const [out] = await h.engine.runNode(getDetection(1001));
		expect(out.json.id).toBe(1001);
		const [out360] = await h.engine.runNode(get360(1002));
		expect(out360.json.id).toBe(1002);
	});
});

describe('Retries and errors', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it('honours Retry-After on 429', async () => {
		h.sim.server.injectFault({
			kind: 'status',
			status: 429,
			retryAfter: 1,
			pathPrefix: '/api/v1/detections',
		});
		const started = Date.now();
		const [out] = await h.engine.runNode(getDetection(1001));
		expect(out.json.id).toBe(1001);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(apiRequests(h.sim).map((r) => r.status)).toEqual([429, 200]);
	});

	it('retries 502/503/504 and dropped connections, then succeeds', async () => {
		for (const status of [502, 503, 504])
			h.sim.server.injectFault({ kind: 'status', status, retryAfter: 0, pathPrefix: '/api/v1' });
		h.sim.server.injectFault({ kind: 'drop', pathPrefix: '/api/v1' });
		const [out] = await h.engine.runNode(getDetection(1003));
		expect(out.json.id).toBe(1003);
		expect(apiRequests(h.sim).map((r) => r.status)).toEqual([502, 503, 504, -1, 200]);
	});

	it("does not retry a 500, and reports the server's words", async () => {
		h.sim.server.injectFault({
			kind: 'status',
			status: 500,
			body: { error_message: 'database is locked' },
			pathPrefix: '/api/v1',
		});
		const error = await h.engine.runNode(getDetection(1003)).catch((e) => e);
		expect(error.message).toBe('ExtraHop failed to process GET /api/v1/detections/1003 (HTTP 500)');
		expect(error.description).toBe('ExtraHop said: database is locked');
		expect(apiRequests(h.sim)).toHaveLength(1);
	});

	it('gives up after the retry budget with a clear message', async () => {
		h.sim.server.injectFault({
			kind: 'status',
			status: 503,
			retryAfter: 0,
			times: 10,
			pathPrefix: '/api/v1',
		});
		const error = await h.engine.runNode(getDetection(1003)).catch((e) => e);
		expect(error.message).toBe(
			'ExtraHop failed to process GET /api/v1/detections/1003 (HTTP 503) after 5 attempts',
		);
		expect(apiRequests(h.sim)).toHaveLength(5);
	});

	it('recognises an HTML page from a proxy', async () => {
		h.sim.server.injectFault({ kind: 'html', status: 502, times: 10, pathPrefix: '/api/v1' });
		const error = await h.engine.runNode(getDetection(1003)).catch((e) => e);
		expect(error.message).toMatch(
			/answered GET \/api\/v1\/detections\/1003 with an HTML page titled "502 Bad Gateway" \(HTTP 502\), not JSON/,
		);
		expect(error.description).toMatch(/proxy or load balancer/);
	});

	it('explains a wrong API key, and insufficient privileges', async () => {
		h.engine.addCredential('eh-key', {
			url: h.url,
			apiKey: 'not-the-key-987',
			allowUnauthorizedCerts: false,
		});
		const error = await h.engine.runNode(getDetection(1001)).catch((e) => e);
		expect(error.message).toBe('ExtraHop rejected the credentials (HTTP 401)');
		expect(error.description).toMatch(/API key/);
		expect(JSON.stringify(error)).not.toContain('not-the-key-987');
		expect(apiRequests(h.sim)).toHaveLength(1);
	});

	it('reports an unreachable host after retrying a refused connection', async () => {
		const url = h.url;
		await h.sim.stop();
		h.engine.addCredential('eh-key', { url, apiKey: 'k', allowUnauthorizedCerts: false });
		const error = await h.engine.runNode(getDetection(1001)).catch((e) => e);
		expect(error.message).toMatch(/^127\.0\.0\.1:\d+ refused the connection \(5 attempts\)$/);
		expect(error.description).toMatch(
			/Check the host name and port in the URL in the "ExtraHop API" credential/,
		);
		h = await startExtraHop();
	}, 30_000);

	it('normalises the URL: scheme added, trailing slash and /api/v1 removed', async () => {
		h.engine.addCredential('eh-key', {
			url: `${h.url.replace('http://', 'http://')}/api/v1/`,
			apiKey: h.sim.config.apiKey,
			allowUnauthorizedCerts: false,
		});
		const [out] = await h.engine.runNode(getDetection(1001));
		expect(out.json.id).toBe(1001);
		expect(apiRequests(h.sim)[0].path).toBe('/api/v1/detections/1001');
	});
});

describe('Many items', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it('Continue On Fail: failing items become error items, paired to their input', async () => {
		const out = await h.engine.runNode(
			{ ...getDetection('={{ $json.id }}'), continueOnFail: true },
			[{ id: 1001 }, { id: 999999 }, { id: 'x' }, { id: 1002 }],
		);
		expect(out.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(out[0].json.id).toBe(1001);
		expect(out[1].json).toMatchObject({ error: 'Detection 999999 not found', httpCode: '404' });
		expect(out[2].json.error).toMatch(/Invalid detection ID "x"/);
		expect(out[3].json.id).toBe(1002);
	});

	it('runs with bounded concurrency and keeps input order', async () => {
		const ids = Array.from({ length: 24 }, () => h.sim.createDetection({}).id);
		let inFlight = 0;
		let maxInFlight = 0;
		const original = h.sim.server.handle.bind(h.sim.server);
		h.sim.server.handle = async (req: any, res: any) => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await new Promise((resolve) => setTimeout(resolve, 30));
			res.on('finish', () => inFlight--);
			return original(req, res);
		};
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'get',
				detectionId: byId('={{ $json.id }}'),
				requestOptions: { parallelRequests: 3 },
			}),
			ids.map((id) => ({ id })),
		);
		expect(out.map((o) => o.json.id)).toEqual(ids);
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual(ids.map((_, i) => i));
		expect(maxInFlight).toBe(3);
	});

	it('never puts a secret in outputs or errors', async () => {
		const secrets = [h.sim.config.apiKey, h.sim.config.clientSecret];
		const ok = await h.engine.runNode(getDetection(1001));
		const ok360 = await h.engine.runNode(get360(1001));
		secrets.push(String(h.engine.credentials.store.get('eh-360')!.accessToken));
		h.sim.server.injectFault({
			kind: 'status',
			status: 400,
			body: { error_message: `bad header: ExtraHop apikey=${h.sim.config.apiKey}` },
			pathPrefix: '/api/v1',
		});
		const echoed = await h.engine.runNode(getDetection(1001)).catch((e) => e);
		const failed = await h.engine.runNode({ ...getDetection(424242), continueOnFail: true });
		const texts = [
			JSON.stringify(ok),
			JSON.stringify(ok360),
			JSON.stringify(failed),
			JSON.stringify(echoed),
			String(echoed.stack),
			String(echoed.message),
			String(echoed.description),
		];
		expect(echoed.message).toMatch(/\[redacted\]/);
		for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
	});
});
