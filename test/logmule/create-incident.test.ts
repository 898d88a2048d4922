import {
	createCalls,
	createIncidentNode,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';

const CYRILLIC_KEY = '\u0441_customer_retention_time';

let h: LogMuleSetup;
beforeEach(async () => {
	h = await startLogMule();
});
afterEach(async () => {
	await h.sim.stop();
});

/** The action the simulator recorded for a result: its ground truth for `outcome`. */
function actionOf(resultId: string): string {
	const matches = h.sim
		.occurrences()
		.filter((o: { result_id: string }) => o.result_id === resultId);
	expect(matches).toHaveLength(1);
	return ({ created: 'new', appended: 'appended', reopened: 'reopened' } as Record<string, string>)[
		matches[0].action
	];
}

async function create(resultId: string, parameters: Record<string, unknown> = {}) {
	const out = await h.engine.runNode(createIncidentNode({ resultId, ...parameters }));
	expect(out).toHaveLength(1);
	return out[0].json;
}

describe('Correlation Result > Create Incident', () => {
	it('creates a new incident: POST to the result path without a body, token in the header, full incident out', async () => {
		const result = h.sim.createResult({
			service_asset_id: 'asset-1',
			finding_id: 'finding-1',
			title: 'Brute force on SSH',
		});
		const out = await h.engine.runNode(createIncidentNode({ resultId: result.id }));
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });

		const [incident] = h.sim.incidents();
		const json = out[0].json;
		// Every key LogMule sent, with its value, is in the output.
		for (const [key, value] of Object.entries(incident)) expect(json[key]).toEqual(value);
		expect(json.title).toBe('Brute force on SSH');
		expect(json.outcome).toBe('new');
		expect(actionOf(result.id)).toBe('new');

		const calls = createCalls(h.sim);
		expect(calls).toHaveLength(1);
		expect(calls[0].path).toBe(`/cruddy/v2/logmule_go_results/${result.id}/create_incident`);
		expect(calls[0].body).toBe('');
		expect(calls[0].headers.authorization).toBe(`Bearer ${h.token}`);
		expect(calls[0].headers.accept).toBe('application/json');
	});

	it('keeps the Cyrillic key and adds the Latin alias c_customer_retention_time', async () => {
		const result = h.sim.createResult({});
		const json = await create(result.id);
		const raw = h.sim.incidents()[0];
		expect(Object.keys(raw)).toContain(CYRILLIC_KEY);
		expect(Object.keys(raw)).not.toContain('c_customer_retention_time');
		expect(json[CYRILLIC_KEY]).toBe(raw[CYRILLIC_KEY]);
		expect(json.c_customer_retention_time).toBe(raw[CYRILLIC_KEY]);
		expect('c_customer_retention_time'.charCodeAt(0)).toBe(0x63);
		expect(CYRILLIC_KEY.charCodeAt(0)).toBe(0x441);
	});

	it('appends a second result for the same asset and finding to the open incident', async () => {
		const first = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const second = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const a = await create(first.id);
		const b = await create(second.id);
		expect(h.sim.incidents()).toHaveLength(1);
		expect(b.id).toBe(a.id);
		expect(b.c_occurrence_count).toBe(2);
		expect(b.last_occurrence_id).not.toBe(a.last_occurrence_id);
		expect(a.outcome).toBe('new');
		expect(b.outcome).toBe('appended');
		expect(actionOf(second.id)).toBe('appended');
	});

	it('a different finding on the same asset is a new incident', async () => {
		const first = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const other = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-2' });
		const a = await create(first.id);
		const b = await create(other.id);
		expect(b.id).not.toBe(a.id);
		expect(b.outcome).toBe('new');
		expect(h.sim.incidents()).toHaveLength(2);
	});

	it('reopens a closed incident (policy "reopen"): outcome reopened, then appended once time has passed', async () => {
		const first = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const second = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const third = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const a = await create(first.id);
		h.sim.advanceClock(60_000);
		h.sim.closeIncident(a.id);
		h.sim.advanceClock(60_000);

		const b = await create(second.id);
		expect(b.id).toBe(a.id);
		expect(b.status).toBe('new');
		expect(b.c_reopened_count).toBe(1);
		expect(b.reopened_at).toBe(b.updated_at);
		expect(b.c_occurrence_count).toBe(2);
		expect(b.outcome).toBe('reopened');
		expect(actionOf(second.id)).toBe('reopened');

		h.sim.advanceClock(5_000);
		const c = await create(third.id);
		expect(c.id).toBe(a.id);
		expect(c.c_reopened_count).toBe(1);
		expect(c.outcome).toBe('appended');
		expect(actionOf(third.id)).toBe('appended');
	});

	it('reads a reopen as reopened when the server stamps reopened_at slightly apart from updated_at', async () => {
		h.sim.config.reopenSkewMs = 250;
		const first = h.sim.createResult({ service_asset_id: 'a', finding_id: 'f' });
		const second = h.sim.createResult({ service_asset_id: 'a', finding_id: 'f' });
		const a = await create(first.id);
		h.sim.advanceClock(10_000);
		h.sim.closeIncident(a.id);
		const b = await create(second.id);
		expect(b.reopened_at).not.toBe(b.updated_at);
		expect(b.outcome).toBe('reopened');
	});

	it('creates a new incident in place of a closed one (policy "create"): outcome new, the old one stays closed', async () => {
		h.sim.config.closedIncidentPolicy = 'create';
		const first = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const second = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const third = h.sim.createResult({ service_asset_id: 'asset-1', finding_id: 'finding-1' });
		const a = await create(first.id);
		h.sim.closeIncident(a.id);
		h.sim.advanceClock(1_000);

		const b = await create(second.id);
		expect(b.id).not.toBe(a.id);
		expect(b.display_id).toBe((a.display_id as number) + 1);
		expect(b.c_occurrence_count).toBe(1);
		expect(b.outcome).toBe('new');
		expect(actionOf(second.id)).toBe('new');
		expect(h.sim.getIncident(a.id).status).toBe('closed');

		const c = await create(third.id);
		expect(c.id).toBe(b.id);
		expect(c.outcome).toBe('appended');
	});

	it('within one execution only the first result on a closed incident is "reopened", the others "appended"', async () => {
		const first = h.sim.createResult({ service_asset_id: 'a', finding_id: 'f' });
		const a = await create(first.id);
		h.sim.advanceClock(30_000);
		h.sim.closeIncident(a.id);
		h.sim.advanceClock(30_000);
		const burst = [1, 2, 3, 4].map(() =>
			h.sim.createResult({ service_asset_id: 'a', finding_id: 'f' }),
		);

		const out = await h.engine.runNode(
			createIncidentNode({
				resultId: '={{ $json.resultId }}',
				requestOptions: { parallelRequests: 4 },
			}),
			burst.map((r: { id: string }) => ({ resultId: r.id })),
		);
		expect(out.map((o) => o.json.outcome)).toEqual(
			burst.map((r: { id: string }) => actionOf(r.id)),
		);
		expect(out.filter((o) => o.json.outcome === 'reopened')).toHaveLength(1);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	});

	it('Simplify returns the ticket fields and the outcome only', async () => {
		const first = h.sim.createResult({ service_asset_id: 'a', finding_id: 'f', risklevel: 8 });
		const second = h.sim.createResult({ service_asset_id: 'a', finding_id: 'f', risklevel: 8 });
		await create(first.id);
		h.sim.updateIncident(h.sim.incidents()[0].id, { external_id: 'SEC-42' });
		const json = await create(second.id, { simplify: true });
		const raw = h.sim.incidents()[0];
		expect(Object.keys(json).sort()).toEqual(
			[
				'id',
				'display_id',
				'title',
				'status',
				'risk',
				'risklevel',
				'service_asset_id',
				'finding_id',
				'c_occurrence_count',
				'c_reopened_count',
				'external_id',
				'created_at',
				'updated_at',
				'reopened_at',
				'outcome',
			].sort(),
		);
		for (const key of Object.keys(json).filter((k) => k !== 'outcome'))
			expect(json[key]).toEqual(raw[key]);
		expect(json.external_id).toBe('SEC-42');
		expect(json.risk).toBe('high');
		expect(json.outcome).toBe('appended');
	});

	it('sends the token in the header and with the prefix the credential names', async () => {
		await h.sim.stop();
		h = await startLogMule({ authHeader: 'X-API-Key', authPrefix: '' });
		const result = h.sim.createResult({});
		const json = await create(result.id);
		expect(json.outcome).toBe('new');
		const [call] = createCalls(h.sim);
		expect(call.headers['x-api-key']).toBe(h.token);
		expect(call.headers.authorization).toBeUndefined();
	});

	it('accepts a credential URL pasted with the endpoint tail', async () => {
		h.engine.addCredential('lm', {
			url: `${h.apiRoot}/logmule_go_results/{id}/create_incident`,
			token: h.token,
			headerName: 'Authorization',
			headerPrefix: 'Bearer',
			allowUnauthorizedCerts: false,
		});
		const result = h.sim.createResult({});
		await create(result.id);
		expect(createCalls(h.sim).map((c) => c.path)).toEqual([
			`/cruddy/v2/logmule_go_results/${result.id}/create_incident`,
		]);
	});
});
