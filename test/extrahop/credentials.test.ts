import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { ExtraHopRevealX360Api } from '../../credentials/ExtraHopRevealX360Api.credentials';
import { testCredential } from '../harness/credential-test';
import { apiRequests, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
afterEach(async () => {
	await h.sim.stop();
});

const apiKey = (overrides: Record<string, unknown> = {}) => ({ url: h.url, apiKey: h.sim.config.apiKey, allowUnauthorizedCerts: false, ...overrides });
const client = (overrides: Record<string, unknown> = {}) => ({
	url: h.url,
	clientId: h.sim.config.clientId,
	clientSecret: h.sim.config.clientSecret,
	allowUnauthorizedCerts: false,
	accessToken: '',
	...overrides,
});

describe('credential tests, as n8n\'s credential tester runs them', () => {
	it('ExtraHop API: accepts a good key at GET /api/v1/extrahop, refuses a bad one', async () => {
		h = await startExtraHop();
		expect(await testCredential(h.engine, new ExtraHopApi(), apiKey())).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(apiRequests(h.sim).map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
			['GET', '/api/v1/extrahop', `ExtraHop apikey=${h.sim.config.apiKey}`],
		]);
		expect((await testCredential(h.engine, new ExtraHopApi(), apiKey({ apiKey: 'nope' }))).status).toBe('Error');
	});

	it('ExtraHop API: normalises the URL the user pasted', async () => {
		h = await startExtraHop();
		const result = await testCredential(h.engine, new ExtraHopApi(), apiKey({ url: ` ${h.url}/api/v1/ ` }));
		expect(result.status).toBe('OK');
		expect(apiRequests(h.sim)[0].path).toBe('/api/v1/extrahop');
	});

	it('ExtraHop API: honours the TLS flag', async () => {
		h = await startExtraHop({ tls: true });
		const refused = await testCredential(h.engine, new ExtraHopApi(), apiKey());
		expect(refused.status).toBe('Error');
		expect(apiRequests(h.sim)).toHaveLength(0);
		expect(await testCredential(h.engine, new ExtraHopApi(), apiKey({ allowUnauthorizedCerts: true }))).toMatchObject({ status: 'OK' });
	});

	it('RevealX 360: fetches a token and tests with it; a wrong secret fails without a token request succeeding', async () => {
		h = await startExtraHop();
		expect(await testCredential(h.engine, new ExtraHopRevealX360Api(), client())).toMatchObject({ status: 'OK' });
		expect(h.sim.server.requestLog('/oauth2/token').map((r: { status: number }) => r.status)).toEqual([200]);
		expect(apiRequests(h.sim)[0].headers.authorization).toMatch(/^Bearer [0-9a-f]{48}$/);
		const wrong = await testCredential(h.engine, new ExtraHopRevealX360Api(), client({ clientSecret: 'wrong-secret-456' }));
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/RevealX 360 refused the client ID or secret/);
		expect(wrong.message).not.toContain('wrong-secret-456');
	});
});
