import { LogMuleApi } from '../../credentials/LogMuleApi.credentials';
import { LOGMULE_TEST_RESULT_ID } from '../../nodes/LogMule/transport/credentialTest';
import {
	apiRequests,
	logMuleCredentialData,
	startLogMule,
	testLogMuleCredential,
	type LogMuleSetup,
} from '../helpers/logmule';

let h: LogMuleSetup | undefined;
afterEach(async () => {
	await h?.sim.stop();
	h = undefined;
});

const TOKEN_REJECTED =
	'LogMule rejected the token (HTTP 401). Check the token, and the header name and prefix your LogMule expects.';

describe('LogMule API credential', () => {
	it('declares the fields the issue asks for, the token as a password', () => {
		const credential = new LogMuleApi();
		expect(credential.name).toBe('logMuleApi');
		expect(credential.displayName).toBe('LogMule API');
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(byName.token.typeOptions?.password).toBe(true);
		expect(byName.headerName.default).toBe('Authorization');
		expect(byName.headerPrefix.default).toBe('Bearer');
		expect(byName.allowUnauthorizedCerts.default).toBe(false);
		expect('test' in credential).toBe(false);
	});

	it('test: a GET on the documented endpoint for the nil UUID (cannot create anything), token in the configured header; OK for a good token', async () => {
		h = await startLogMule();
		const result = h.sim.createResult({});
		const outcome = await testLogMuleCredential(h.engine, logMuleCredentialData(h.sim));
		expect(outcome).toEqual({
			status: 'OK',
			message: `Connected to the LogMule API at ${h.apiRoot}. Warning: the URL begins with http://, so the token crosses the network unencrypted, readable by anyone on the path; use https:// unless that network is trusted`,
		});
		const requests = apiRequests(h.sim);
		expect(requests).toHaveLength(1);
		expect(requests[0].method).toBe('GET');
		expect(requests[0].path).toBe(
			`/cruddy/v2/logmule_go_results/${LOGMULE_TEST_RESULT_ID}/create_incident`,
		);
		// The route exists and refuses the method: the proof that the API URL is right.
		expect(requests[0].status).toBe(405);
		expect(requests[0].headers.authorization).toBe(`Bearer ${h.token}`);
		// Nothing was created, not even for a result that exists.
		expect(h.sim.incidents()).toHaveLength(0);
		expect(h.sim.occurrences()).toHaveLength(0);
		expect(h.sim.results().map((r: { id: string }) => r.id)).toEqual([result.id]);
	});

	it('test: fails for a wrong token, with a message naming token, header and prefix', async () => {
		h = await startLogMule();
		const outcome = await testLogMuleCredential(
			h.engine,
			logMuleCredentialData(h.sim, { token: 'not-the-token' }),
		);
		expect(outcome).toEqual({ status: 'Error', message: TOKEN_REJECTED });
		expect(apiRequests(h.sim).map((r) => r.status)).toEqual([401]);
	});

	it('test: fails for a wrong API URL (base path), which answers 404, whatever the token', async () => {
		h = await startLogMule();
		for (const url of [
			h.apiRoot.replace('/cruddy/v2', '/cruddy/v1'),
			h.apiRoot.replace('/cruddy/v2', ''),
			`${h.apiRoot}/extra`,
		]) {
			const outcome = await testLogMuleCredential(h.engine, logMuleCredentialData(h.sim, { url }));
			expect(outcome).toEqual({
				status: 'Error',
				message: `No LogMule API at ${url} (HTTP 404 for its create_incident endpoint). Enter the API root up to and including the version, e.g. https://siem.example.com/cruddy/v2.`,
			});
		}
		expect(h.sim.incidents()).toHaveLength(0);
	});

	it('test: honours a custom header name and an empty prefix', async () => {
		h = await startLogMule({ authHeader: 'X-API-Key', authPrefix: '' });
		const right = await testLogMuleCredential(
			h.engine,
			logMuleCredentialData(h.sim, { headerName: 'X-API-Key', headerPrefix: '' }),
		);
		expect(right.status).toBe('OK');
		expect(apiRequests(h.sim)[0].headers['x-api-key']).toBe(h.token);
		const wrongHeader = await testLogMuleCredential(
			h.engine,
			logMuleCredentialData(h.sim, { headerName: 'Authorization', headerPrefix: 'Bearer' }),
		);
		expect(wrongHeader).toEqual({ status: 'Error', message: TOKEN_REJECTED });
	});

	it('test: normalises the URL like the node (pasted endpoint tail and trailing slash cut off)', async () => {
		h = await startLogMule();
		const outcome = await testLogMuleCredential(
			h.engine,
			logMuleCredentialData(h.sim, {
				url: `${h.apiRoot}/logmule_go_results/some-id/create_incident/`,
			}),
		);
		expect(outcome.status).toBe('OK');
		expect(apiRequests(h.sim).map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /cruddy/v2/logmule_go_results/${LOGMULE_TEST_RESULT_ID}/create_incident`,
		]);
	});

	it('test: fails on a self-signed certificate unless "Ignore SSL Issues" is on', async () => {
		h = await startLogMule({ tls: true });
		const refused = await testLogMuleCredential(h.engine, logMuleCredentialData(h.sim));
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(
			/^The TLS certificate of [\w.-]+:\d+ is not trusted \(.+\)\. .*"Ignore SSL Issues"/,
		);
		expect(apiRequests(h.sim)).toHaveLength(0);
		const accepted = await testLogMuleCredential(
			h.engine,
			logMuleCredentialData(h.sim, { allowUnauthorizedCerts: true }),
		);
		expect(accepted.status).toBe('OK');
	});

	it('test: fails when LogMule cannot be reached', async () => {
		h = await startLogMule();
		const data = logMuleCredentialData(h.sim);
		await h.sim.stop();
		const outcome = await testLogMuleCredential(h.engine, data);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(
			/^127\.0\.0\.1:\d+ refused the connection\. Nothing answers on that host and port\. Check the host name and port in the URL in the credential/,
		);
	});
});
