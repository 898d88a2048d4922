import type { IDataObject } from 'n8n-workflow';

import {
	RESULT_ID_FROM_ITEM,
	apiRequests,
	createCalls,
	createIncidentNode,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';

interface NodeErrorShape {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	context?: { itemIndex?: number };
}

let h: LogMuleSetup;
beforeEach(async () => {
	h = await startLogMule();
});
afterEach(async () => {
	await h.sim.stop();
});

async function runExpectingError(
	items: IDataObject[],
	parameters: Record<string, unknown> = {},
): Promise<NodeErrorShape> {
	let caught: unknown;
	try {
		await h.engine.runNode(
			createIncidentNode({ resultId: RESULT_ID_FROM_ITEM, ...parameters }),
			items,
		);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeDefined();
	return caught as NodeErrorShape;
}

const UNKNOWN_ID = '6d1f0c8e-0b4e-4a59-9d0c-3c5b8f7e2a11';

describe('LogMule errors', () => {
	it('404: "No correlation result with ID …", with the item index, nothing created', async () => {
		const good = h.sim.createResult({});
		const error = await runExpectingError([{ resultId: good.id }, { resultId: UNKNOWN_ID }], {
			requestOptions: { parallelRequests: 1 },
		});
		expect(error.message).toBe(`No correlation result with ID "${UNKNOWN_ID}"`);
		expect(error.description).toContain('Result Not Found');
		expect(error.httpCode).toBe('404');
		expect(error.context?.itemIndex).toBe(1);
		const calls = createCalls(h.sim);
		expect(calls.map((c) => c.status)).toEqual([200, 404]);
		expect(h.sim.incidents()).toHaveLength(1);
	});

	it('400 (node version 1, which sends any ID): names the result ID as what LogMule refused, quoting LogMule once', async () => {
		const error = await runExpectingError([{ resultId: 'rule-42-result' }]);
		expect(error.message).toBe(
			'LogMule rejected the result ID "rule-42-result" (HTTP 400) as missing or of the wrong type',
		);
		expect(error.description).toBe(
			'Nothing was created. Create Incident sends only the result ID (in the URL path), so that is what LogMule refused (it said "Bad Request: id must be a UUID"). Use the ID of a correlation-rule result, a UUID such as 497f6eca-6276-4993-bfeb-53cbbbba6f08.',
		);
		expect(`${error.message} ${error.description}`.split('id must be a UUID')).toHaveLength(2);
		expect(error.httpCode).toBe('400');
		expect(error.context?.itemIndex).toBe(0);
		expect(createCalls(h.sim)).toHaveLength(1);
	});

	it("500: server failure in LogMule's words, not retried, with a warning to check LogMule", async () => {
		const result = h.sim.createResult({});
		h.sim.armFailure({
			status: 500,
			afterEffect: false,
			error: 'Internal Server Error: database is read-only',
		});
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe(
			`LogMule failed to create the incident for result "${result.id}" (HTTP 500): Internal Server Error: database is read-only`,
		);
		expect(error.description).toContain('not retried');
		expect(error.description).toContain(
			'Check the incident in LogMule before running this item again',
		);
		expect(error.httpCode).toBe('500');
		expect(createCalls(h.sim)).toHaveLength(1);
	});

	it('401: the token is rejected, one request, nothing is created', async () => {
		h.engine.addCredential('lm', {
			url: h.apiRoot,
			token: 'wrong-token-123',
			headerName: 'Authorization',
			headerPrefix: 'Bearer',
		});
		const result = h.sim.createResult({});
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe('LogMule rejected the token (HTTP 401)');
		expect(error.description).toContain('header name and prefix');
		expect(error.httpCode).toBe('401');
		expect(createCalls(h.sim).map((c) => c.status)).toEqual([401]);
		expect(h.sim.incidents()).toHaveLength(0);
	});

	it('401 when the token goes in the wrong header', async () => {
		h.sim.config.authHeader = 'X-API-Key';
		h.sim.config.authPrefix = '';
		const result = h.sim.createResult({});
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe('LogMule rejected the token (HTTP 401)');
	});

	it('403: the token may not create incidents', async () => {
		h.sim.config.forbiddenTokens = ['read-only-token-9'];
		h.engine.addCredential('lm', {
			url: h.apiRoot,
			token: 'read-only-token-9',
			headerName: 'Authorization',
			headerPrefix: 'Bearer',
		});
		const result = h.sim.createResult({});
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe(
			`The LogMule token may not do POST /logmule_go_results/${result.id}/create_incident (HTTP 403)`,
		);
		expect(error.description).toContain('Forbidden: this token may not create incidents');
		expect(h.sim.incidents()).toHaveLength(0);
	});

	it('an HTML page from a proxy is reported as such, and a 502 is not retried', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({ kind: 'html', status: 502, pathPrefix: '/cruddy/v2' });
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe(
			`LogMule answered POST /logmule_go_results/${result.id}/create_incident with an HTML page titled "502 Bad Gateway" (HTTP 502), not JSON`,
		);
		expect(error.description).toContain('not retried');
		expect(createCalls(h.sim)).toHaveLength(1);
	});

	it('a 200 answer that is not JSON is an error, not an incident', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({ kind: 'status', status: 200, body: 'OK', pathPrefix: '/cruddy/v2' });
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe(
			`LogMule answered POST /logmule_go_results/${result.id}/create_incident with text (HTTP 200), not JSON`,
		);
	});

	it("a URL that is not the API root: a 404 that is not LogMule's says so", async () => {
		h.engine.addCredential('lm', {
			url: `${h.url}/cruddy/v9`,
			token: h.token,
			headerName: 'Authorization',
			headerPrefix: 'Bearer',
		});
		const result = h.sim.createResult({});
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe(
			`No LogMule API at ${h.url}/cruddy/v9 (HTTP 404 for POST /logmule_go_results/${result.id}/create_incident: No route for POST /cruddy/v9/logmule_go_results/${result.id}/create_incident)`,
		);
		expect(error.description).toContain('API root');
	});

	it('a redirect is reported, not followed (a redirected POST could turn into a GET)', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({
			kind: 'status',
			status: 308,
			pathPrefix: '/cruddy/v2',
			body: { error: 'Permanent Redirect', error_code: 308 },
		});
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe(
			`LogMule redirected POST /logmule_go_results/${result.id}/create_incident (HTTP 308)`,
		);
		expect(error.description).toContain('API root');
		expect(apiRequests(h.sim)).toHaveLength(1);
	});

	it('an invalid header name in the credential is reported before anything is sent', async () => {
		h.engine.addCredential('lm', {
			url: h.apiRoot,
			token: h.token,
			headerName: 'X API Key',
			headerPrefix: '',
		});
		const result = h.sim.createResult({});
		const error = await runExpectingError([{ resultId: result.id }]);
		expect(error.message).toBe(
			'The header name "X API Key" in the "LogMule API" credential is not a valid HTTP header name',
		);
		expect(error.context?.itemIndex).toBe(0);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('an unreachable host: connection refused, nothing sent', async () => {
		await h.sim.stop();
		const started = Date.now();
		const error = await runExpectingError([{ resultId: UNKNOWN_ID }]);
		expect(error.message).toMatch(/^127\.0\.0\.1:\d+ refused the connection \(4 attempts\)$/);
		expect(error.description).toMatch(
			/^Nothing was sent, so nothing was created\. Nothing answers on that host and port\. Check the host name and port in the URL in the "LogMule API" credential/,
		);
		// Three backoffs of at least 250, 500 and 1000 ms happened between the four attempts.
		expect(Date.now() - started).toBeGreaterThanOrEqual(1750);
	});

	it('continueOnFail: failing items become error items, the others go on, pairedItem on all', async () => {
		const first = h.sim.createResult({});
		const last = h.sim.createResult({});
		const out = await h.engine.runNode(
			createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }, { continueOnFail: true }),
			[
				{ resultId: first.id },
				{ resultId: UNKNOWN_ID },
				{ resultId: '../etc/passwd' },
				{ resultId: last.id },
			],
		);
		expect(out).toHaveLength(4);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(out[0].json.outcome).toBe('new');
		expect(out[0].json.id).toBe(h.sim.incidents()[0].id);
		expect(out[1].json).toEqual({
			error: `No correlation result with ID "${UNKNOWN_ID}"`,
			description: expect.stringContaining('HTTP 404'),
			httpCode: '404',
		});
		expect(out[2].json.error).toBe(
			'Invalid result ID "../etc/passwd": it contains a slash; it must be a single ID, not a path or a URL',
		);
		expect(out[3].json.outcome).toBe('new');
		// The invalid item never reached LogMule.
		expect(createCalls(h.sim).map((c) => c.path)).toEqual(
			expect.arrayContaining(
				[first.id, UNKNOWN_ID, last.id].map(
					(id) => `/cruddy/v2/logmule_go_results/${id}/create_incident`,
				),
			),
		);
		expect(apiRequests(h.sim)).toHaveLength(3);
	});
});
