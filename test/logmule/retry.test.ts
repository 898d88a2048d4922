import {
	createCalls,
	createIncidentNode,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';

const API = '/cruddy/v2';

let h: LogMuleSetup;
beforeEach(async () => {
	h = await startLogMule();
});
afterEach(async () => {
	await h.sim.stop();
});

async function runError(resultId: string, parameters: Record<string, unknown> = {}) {
	let caught: unknown;
	try {
		await h.engine.runNode(createIncidentNode({ resultId, ...parameters }));
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeDefined();
	return caught as {
		message: string;
		description: string;
		httpCode?: string;
		context?: { itemIndex?: number };
	};
}

describe('LogMule retry policy: no duplicate side effects', () => {
	it('a 500 after LogMule changed the incident is not retried: exactly one request, one occurrence', async () => {
		const first = h.sim.createResult({ service_asset_id: 'a', finding_id: 'f' });
		const second = h.sim.createResult({ service_asset_id: 'a', finding_id: 'f' });
		await h.engine.runNode(createIncidentNode({ resultId: first.id }));
		h.sim.server.clearRequestLog();
		h.sim.armFailure({ status: 500, afterEffect: true });

		const error = await runError(second.id);
		expect(error.httpCode).toBe('500');
		expect(error.description).toContain('not retried');
		expect(createCalls(h.sim)).toHaveLength(1);
		// LogMule did append before failing: a retry would have made it 3.
		expect(h.sim.incidents()[0].c_occurrence_count).toBe(2);
		expect(
			h.sim.occurrences().filter((o: { result_id: string }) => o.result_id === second.id),
		).toHaveLength(1);
	});

	it('a 503 is retried (Retry-After honoured) and the incident is created once', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({
			kind: 'status',
			status: 503,
			retryAfter: 0,
			times: 2,
			pathPrefix: API,
			body: { error: 'Service Unavailable', error_code: 503 },
		});
		const out = await h.engine.runNode(createIncidentNode({ resultId: result.id }));
		expect(out[0].json.outcome).toBe('new');
		expect(createCalls(h.sim).map((c) => c.status)).toEqual([503, 503, 200]);
		expect(h.sim.incidents()).toHaveLength(1);
		expect(h.sim.occurrences()).toHaveLength(1);
	});

	it('a 503 without Retry-After is retried with exponential backoff', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({
			kind: 'status',
			status: 503,
			times: 2,
			pathPrefix: API,
			body: { error: 'Service Unavailable', error_code: 503 },
		});
		await h.engine.runNode(createIncidentNode({ resultId: result.id }));
		const calls = createCalls(h.sim) as Array<{ status: number; at?: number }>;
		const log = h.sim.server.requests.filter((r: { path: string }) => r.path.startsWith(API));
		expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
		const gaps = [log[1].at - log[0].at, log[2].at - log[1].at];
		// Backoff with jitter: attempt n waits between base*2^n/2 and base*2^n (base 500 ms).
		expect(gaps[0]).toBeGreaterThanOrEqual(240);
		expect(gaps[1]).toBeGreaterThanOrEqual(490);
	});

	it('a 429 waits for Retry-After before trying again', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({
			kind: 'status',
			status: 429,
			retryAfter: 1,
			pathPrefix: API,
			body: { error: 'Too Many Requests', error_code: 429 },
		});
		await h.engine.runNode(createIncidentNode({ resultId: result.id }));
		const log = h.sim.server.requests.filter((r: { path: string }) => r.path.startsWith(API));
		expect(log.map((r: { status: number }) => r.status)).toEqual([429, 200]);
		expect(log[1].at - log[0].at).toBeGreaterThanOrEqual(990);
	});

	it('stops instead of retrying early when Retry-After is longer than the node waits', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({
			kind: 'status',
			status: 503,
			retryAfter: 120,
			pathPrefix: API,
			body: { error: 'Maintenance', error_code: 503 },
		});
		const error = await runError(result.id);
		expect(error.message).toBe(
			'LogMule is unavailable (HTTP 503: Maintenance); LogMule asked to retry after 120 s',
		);
		expect(error.description).toContain('nothing was created');
		expect(createCalls(h.sim)).toHaveLength(1);
	});

	it('gives up after 4 attempts when LogMule stays unavailable; nothing was created', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({
			kind: 'status',
			status: 503,
			retryAfter: 0,
			times: 10,
			pathPrefix: API,
			body: { error: 'Service Unavailable', error_code: 503 },
		});
		const error = await runError(result.id);
		expect(error.message).toBe(
			'LogMule is unavailable (HTTP 503: Service Unavailable) after 4 attempts',
		);
		expect(createCalls(h.sim)).toHaveLength(4);
		expect(h.sim.incidents()).toHaveLength(0);
	});

	it('connection refused is retried: LogMule coming back during the backoff gets exactly one request', async () => {
		const result = h.sim.createResult({});
		const port = Number(new URL(h.url).port);
		await h.sim.stop();
		const restart = new Promise<void>((resolve, reject) => {
			setTimeout(() => h.sim.start(port).then(() => resolve(), reject), 150);
		});
		const out = await h.engine.runNode(createIncidentNode({ resultId: result.id }));
		await restart;
		expect(out[0].json.outcome).toBe('new');
		expect(createCalls(h.sim)).toHaveLength(1);
		expect(h.sim.incidents()).toHaveLength(1);
	});

	it('a connection dropped mid-request is not retried', async () => {
		const result = h.sim.createResult({});
		h.sim.server.injectFault({ kind: 'drop', pathPrefix: API, times: 5 });
		const error = await runError(result.id);
		expect(error.message).toMatch(
			/^The connection to LogMule was lost during POST \/logmule_go_results\/[0-9a-f-]+\/create_incident \(ECONNRESET\)$/,
		);
		expect(error.description).toContain('not retried');
		expect(
			h.sim.server.requests.filter((r: { path: string }) => r.path.startsWith(API)),
		).toHaveLength(1);
	});

	it('a timeout is not retried, although LogMule did create the incident', async () => {
		const result = h.sim.createResult({});
		h.sim.armFailure({ delayMs: 1500 });
		const error = await runError(result.id, { requestOptions: { timeout: 300 } });
		expect(error.message).toBe(
			`LogMule did not answer POST /logmule_go_results/${result.id}/create_incident within 0.3 s`,
		);
		expect(error.description).toContain(
			'Check the incident in LogMule before running this item again',
		);
		expect(
			h.sim.server.requests.filter((r: { path: string }) => r.path.startsWith(API)),
		).toHaveLength(1);
		// The slow answer was for a call that took effect: repeating it would have appended the result again.
		expect(h.sim.incidents()).toHaveLength(1);
		expect(h.sim.incidents()[0].c_occurrence_count).toBe(1);
	});
});
