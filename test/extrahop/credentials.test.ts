import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { ExtraHopRevealX360Api } from '../../credentials/ExtraHopRevealX360Api.credentials';
import { testCredential } from '../harness/credential-test';
import { apiRequests, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
afterEach(async () => {
	await h.sim.stop();
});

const apiKey = (overrides: Record<string, unknown> = {}) => ({
	url: h.url,
	apiKey: h.sim.config.apiKey,
	allowUnauthorizedCerts: false,
	...overrides,
});
const client = (overrides: Record<string, unknown> = {}) => ({
	url: h.url,
	clientId: h.sim.config.clientId,
	clientSecret: h.sim.config.clientSecret,
	allowUnauthorizedCerts: false,
	accessToken: '',
	...overrides,
});

describe("credential tests, as n8n's credential tester runs them", () => {
	it('ExtraHop API: accepts a good key at GET /api/v1/extrahop, refuses a bad one', async () => {
		h = await startExtraHop();
		expect(await testCredential(h.engine, new ExtraHopApi(), apiKey())).toEqual({
			status: 'OK',
			message:
				'Connected to ExtraHop sim-sensor.example.com (firmware 9.6.2.1620). Warning: the URL begins with http://, so the API key crosses the network unencrypted, readable by anyone on the path; use https:// unless that network is trusted',
		});
		expect(apiRequests(h.sim).map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
			['GET', '/api/v1/extrahop', `ExtraHop apikey=${h.sim.config.apiKey}`],
		]);
		const wrong = await testCredential(
			h.engine,
			new ExtraHopApi(),
			apiKey({ apiKey: 'nope-wrong-key' }),
		);
		// The package's own words, not n8n's generic "Authorization failed".
		expect(wrong).toEqual({
			status: 'Error',
			message:
				'ExtraHop rejected the API key (HTTP 401). Check the key: it is generated under Administration > Access Settings > API Access, and stops working when its user is disabled.',
		});
		expect(wrong.message).not.toContain('nope-wrong-key');
	});

	it('ExtraHop API: a URL without scheme against a plain HTTP port says so, not OpenSSL\'s "wrong version number"', async () => {
		h = await startExtraHop();
		const hostPort = h.url.replace(/^http:\/\//, '');
		const result = await testCredential(h.engine, new ExtraHopApi(), apiKey({ url: hostPort }));
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`${hostPort} does not answer HTTPS on this port (it answered in plain HTTP or another protocol). "https://" was assumed because the URL in the credential has no scheme: if this address serves plain HTTP, begin the URL with http://; otherwise check the port.`,
		);
		expect(result.message).not.toMatch(/EPROTO|wrong version number/i);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('ExtraHop API: a wrong base path or another web server fails, naming the URL to fix', async () => {
		h = await startExtraHop();
		const wrongPath = await testCredential(
			h.engine,
			new ExtraHopApi(),
			apiKey({ url: `${h.url}/extrahop` }),
		);
		expect(wrongPath).toEqual({
			status: 'Error',
			message: `No ExtraHop REST API at ${h.url}/extrahop/api/v1 (HTTP 404). Enter the address of the sensor or console as you open it in a browser, without a path.`,
		});
		await h.sim.stop();
		const refused = await testCredential(h.engine, new ExtraHopApi(), apiKey());
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(
			/refused the connection\. Nothing answers on that host and port\. Check the host name and port in the URL/,
		);
	});

	it('ExtraHop API: normalises the URL the user pasted', async () => {
		h = await startExtraHop();
		const result = await testCredential(
			h.engine,
			new ExtraHopApi(),
			apiKey({ url: ` ${h.url}/api/v1/ ` }),
		);
		expect(result.status).toBe('OK');
		expect(apiRequests(h.sim)[0].path).toBe('/api/v1/extrahop');
	});

	it('ExtraHop API: honours the TLS flag', async () => {
		h = await startExtraHop({ tls: true });
		const refused = await testCredential(h.engine, new ExtraHopApi(), apiKey());
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(
			/^The TLS certificate of [\w.-]+:\d+ is not trusted \(.+\)\. .*"Ignore SSL Issues"/,
		);
		expect(apiRequests(h.sim)).toHaveLength(0);
		expect(
			await testCredential(h.engine, new ExtraHopApi(), apiKey({ allowUnauthorizedCerts: true })),
		).toMatchObject({ status: 'OK' });
	});

	it('RevealX 360: fetches a token and tests with it; a wrong secret fails without a token request succeeding', async () => {
		h = await startExtraHop();
		expect(await testCredential(h.engine, new ExtraHopRevealX360Api(), client())).toMatchObject({
			status: 'OK',
		});
		expect(
			h.sim.server.requestLog('/oauth2/token').map((r: { status: number }) => r.status),
		).toEqual([200]);
		expect(apiRequests(h.sim)[0].headers.authorization).toMatch(/^Bearer [0-9a-f]{48}$/);
		const wrong = await testCredential(
			h.engine,
			new ExtraHopRevealX360Api(),
			client({ clientSecret: 'wrong-secret-456' }),
		);
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/RevealX 360 refused the client ID or secret/);
		expect(wrong.message).not.toContain('wrong-secret-456');
	});
});
