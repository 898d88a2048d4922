/**
 * The LogMule simulator itself, over HTTP, as the demo and the e2e tests use it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLogMuleSimulator } = require('../../tools/simulators/logmule');

type Sim = ReturnType<typeof createLogMuleSimulator>;

/** The keys of the documented incident, in the documentation's order (the seed's table). */
const INCIDENT_KEYS = [
	'id',
	'created_at',
	'updated_at',
	'trace_id',
	'description',
	'risk_impact',
	'solution',
	'mitigation',
	'status',
	'risklevel',
	'service_asset_id',
	'finding_id',
	'analysis_output',
	'synopsis',
	'title',
	'risk',
	'acknowledged_at',
	'alert_type',
	'client_note',
	'internal_note',
	'external',
	'immediate_action_score',
	'throughput_period',
	'throughput_period_change',
	'customer_created',
	'c_visible_since',
	'c_visible_since_in_days',
	'c_reopened_count',
	'c_last_customer_status_change',
	'logmule_identifier',
	'c_remote_exploitable',
	'c_occurrence_count',
	'\u0441_customer_retention_time',
	'last_occurrence_id',
	'itsm_last_synced_at',
	'itsm_sync_status',
	'external_id',
	'itsm_sync_error',
	'user_id',
	'updated_by',
	'group_id',
	'acknowledged_by',
	'created_by_customer',
	'edited_by',
	'incident_group_id',
	'reopened_at',
	'display_id',
];

let sim: Sim;
let url: string;
let api: string;
let auth: Record<string, string>;

beforeEach(async () => {
	sim = createLogMuleSimulator();
	url = await sim.start();
	api = sim.apiRoot();
	auth = { Authorization: `Bearer ${sim.config.token}` };
});
afterEach(async () => {
	await sim.stop();
});

async function call(
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
) {
	const response = await fetch(path.startsWith('http') ? path : `${url}${path}`, {
		method,
		headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text, headers: response.headers };
}

const createIncident = (id: string, headers = auth) =>
	call('POST', `${api}/logmule_go_results/${id}/create_incident`, undefined, headers);

describe('LogMule simulator', () => {
	it('answers with the full documented incident shape, Cyrillic key included, in order', async () => {
		const result = (
			await call('POST', '/_sim/results', { service_asset_id: 'a', finding_id: 'f', risklevel: 3 })
		).json;
		const { status, json } = await createIncident(result.id);
		expect(status).toBe(200);
		expect(Object.keys(json)).toEqual(INCIDENT_KEYS);
		expect(json.status).toBe('new');
		expect(json.risk).toBe('low');
		expect(json.c_occurrence_count).toBe(1);
		expect(json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
	});

	it('find-or-create: append to open, reopen closed (policy reopen), create new (policy create)', async () => {
		const results = [];
		for (let i = 0; i < 4; i++)
			results.push(
				(await call('POST', '/_sim/results', { service_asset_id: 'a', finding_id: 'f' })).json,
			);
		const first = (await createIncident(results[0].id)).json;
		const appended = (await createIncident(results[1].id)).json;
		expect(appended.id).toBe(first.id);
		expect(appended.c_occurrence_count).toBe(2);

		expect((await call('POST', `/_sim/incidents/${first.id}/close`)).json.status).toBe('closed');
		const reopened = (await createIncident(results[2].id)).json;
		expect(reopened.id).toBe(first.id);
		expect(reopened.c_reopened_count).toBe(1);
		expect(reopened.reopened_at).toBe(reopened.updated_at);
		expect(reopened.c_occurrence_count).toBe(3);

		await call('POST', `/_sim/incidents/${first.id}/close`);
		expect(
			(await call('PATCH', '/_sim/config', { closedIncidentPolicy: 'create' })).json
				.closedIncidentPolicy,
		).toBe('create');
		const recreated = (await createIncident(results[3].id)).json;
		expect(recreated.id).not.toBe(first.id);
		expect(recreated.display_id).toBe(2);
		expect((await call('GET', `/_sim/incidents/${first.id}`)).json.status).toBe('closed');

		const occurrences = (await call('GET', '/_sim/occurrences')).json;
		expect(occurrences.map((o: { action: string }) => o.action)).toEqual([
			'created',
			'appended',
			'reopened',
			'created',
		]);
		expect(
			(await call('PATCH', '/_sim/config', { closedIncidentPolicy: 'sometimes' })).status,
		).toBe(400);
	});

	it('documented errors with {"error","error_code"} bodies: 400 empty id, 404 unknown result, 500 injected', async () => {
		expect(await createIncident('')).toMatchObject({
			status: 400,
			json: { error: 'Bad Request: id is empty', error_code: 400 },
		});
		expect(await createIncident('%20')).toMatchObject({
			status: 400,
			json: { error: 'Bad Request: id is empty', error_code: 400 },
		});
		expect(await createIncident('not-a-uuid')).toMatchObject({
			status: 400,
			json: { error_code: 400 },
		});
		expect(await createIncident('497f6eca-6276-4993-bfeb-53cbbbba6f08')).toMatchObject({
			status: 404,
			json: { error: 'Result Not Found', error_code: 404 },
		});
		const result = (await call('POST', '/_sim/results', {})).json;
		expect((await call('POST', '/_sim/failures', { status: 500, afterEffect: true })).status).toBe(
			204,
		);
		expect(await createIncident(result.id)).toMatchObject({
			status: 500,
			json: { error: 'Internal Server Error', error_code: 500 },
		});
		// afterEffect: the incident exists although the call failed.
		expect((await call('GET', '/_sim/incidents')).json).toHaveLength(1);
	});

	it('token auth: 401 without or with a wrong token (before anything else), header name and prefix configurable', async () => {
		const result = (await call('POST', '/_sim/results', {})).json;
		expect(await createIncident(result.id, {})).toMatchObject({
			status: 401,
			json: { error: 'Unauthorized', error_code: 401 },
		});
		expect((await createIncident(result.id, { Authorization: 'Bearer nope' })).status).toBe(401);
		expect((await createIncident('', {})).status).toBe(401);
		await call('PATCH', '/_sim/config', { authHeader: 'X-API-Key', authPrefix: '' });
		expect((await createIncident(result.id)).status).toBe(401);
		expect((await createIncident(result.id, { 'X-API-Key': sim.config.token })).status).toBe(200);
		const config = (await call('GET', '/_sim/config')).json;
		expect(config.token).toBeUndefined();
	});

	it('other methods and paths under the API root: authenticated, then 405 / 404', async () => {
		expect(
			(await call('GET', `${api}/logmule_go_results/x/create_incident`, undefined, auth)).status,
		).toBe(405);
		expect((await call('GET', `${api}/logmule_go_results/x`, undefined, auth)).status).toBe(404);
		expect((await call('GET', `${api}/logmule_go_results/x`)).status).toBe(401);
		expect((await call('GET', '/_sim/incidents')).json).toHaveLength(0);
	});

	it('faults from the control API; the request log and in-flight stats', async () => {
		const result = (await call('POST', '/_sim/results', {})).json;
		await call('POST', '/_sim/faults', {
			kind: 'status',
			status: 503,
			retryAfter: 2,
			pathPrefix: '/cruddy/v2',
		});
		const faulted = await createIncident(result.id);
		expect(faulted.status).toBe(503);
		expect(faulted.headers.get('retry-after')).toBe('2');
		expect((await createIncident(result.id)).status).toBe(200);
		expect(
			(await call('GET', '/_sim/requests')).json.map((r: { status: number }) => r.status),
		).toEqual([503, 200]);
		expect((await call('GET', '/_sim/stats')).json).toEqual({ inFlight: 0, maxInFlight: 1 });
	});

	it('the board at / lists incidents: display ID, title, status, occurrences, reopened count, external ID', async () => {
		const result = (
			await call('POST', '/_sim/results', {
				title: 'Beaconing <to> C2',
				service_asset_id: 'a',
				finding_id: 'f',
			})
		).json;
		const incident = (await createIncident(result.id)).json;
		await call('PUT', `/_sim/incidents/${incident.id}/external_id`, { external_id: 'SEC-7' });
		const page = await call('GET', '/');
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toContain('text/html');
		expect(page.text).toContain('Beaconing &lt;to&gt; C2');
		expect(page.text).toContain('<td data-display-id>#1</td>');
		expect(page.text).toContain('<td data-occurrences>1</td>');
		expect(page.text).toContain('<td data-reopened>0</td>');
		expect(page.text).toContain('<td data-external-id>SEC-7</td>');
		expect(page.text).toContain('New');
		expect((await call('GET', `/_sim/incidents/${incident.id}`)).json.itsm_sync_status).toBe(
			'synced',
		);
	});
});
