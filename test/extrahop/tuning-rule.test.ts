import { START_TYPE } from '../harness/engine';
import { apiRequests, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const rule = (operation: string, parameters: Record<string, unknown> = {}, options = {}) =>
	extraHopNode({ resource: 'tuningRule', operation, ...parameters }, options);

describe('Tuning Rule', () => {
	it('Create after a node with 4 items asking for the same rule: one rule, every item outputs it, a hint says so; different rules are all created', async () => {
		const same = { detectionTypes: ['port_scan'], offender: '1900', victim: 'Any' };
		const run = await h.engine.runWorkflow([
			{ name: 'Start', type: START_TYPE, parameters: { items: JSON.stringify([{}, {}, {}, {}]) } },
			{ ...rule('create', same), name: 'Rule' },
		]);
		expect(run.data.resultData.error).toBeUndefined();
		const task = run.data.resultData.runData.Rule[0];
		const out = task.data!.main[0]!;
		expect(out.map((o) => o.json.id)).toEqual([1, 1, 1, 1]);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(apiRequests(h.sim).filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(task.hints).toEqual([
			{
				message:
					'Several items asked for the same tuning rule (first item 1); it was created once and every such item outputs it.',
				location: 'outputPane',
			},
		]);
		const different = await h.engine.runNode(
			rule('create', { ...same, offender: '={{ $json.offender }}' }),
			[{ offender: '1900' }, { offender: '1901' }, { offender: '1900' }],
		);
		expect(different.map((o) => o.json.id)).toEqual([2, 3, 2]);
		expect(apiRequests(h.sim).filter((r) => r.method === 'POST')).toHaveLength(3);
	});

	it('hides a detection type for an offender device and a victim IP, with expiry and description', async () => {
		const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
		const [out] = await h.engine.runNode(
			rule('create', {
				detectionTypes: ['port_scan'],
				offender: '1900',
				victim: '192.168.6.179',
				additionalFields: { expires, description: 'False positive, SOC-42' },
			}),
		);
		expect(out.json).toMatchObject({
			id: 1,
			detection_types: ['port_scan'],
			offender: { object_type: 'device', object_id: 1900 },
			victim: { object_type: 'ipaddr', object_value: '192.168.6.179' },
			expiration: Date.parse(expires),
			description: 'False positive, SOC-42',
			enabled: true,
		});
		expect(JSON.parse(apiRequests(h.sim).find((r) => r.method === 'POST')!.body)).toEqual({
			detection_types: ['port_scan'],
			offender: { object_type: 'device', object_id: 1900 },
			victim: { object_type: 'ipaddr', object_value: '192.168.6.179' },
			expiration: Date.parse(expires),
			description: 'False positive, SOC-42',
		});
	});

	it('"Any" participants, CIDR and device groups; no expiry is 0', async () => {
		await h.engine.runNode(
			rule('create', {
				detectionTypes: ['dns_tunnel', 'port_scan'],
				offender: 'any',
				victim: '10.0.0.0/8',
			}),
		);
		const body = JSON.parse(apiRequests(h.sim).find((r) => r.method === 'POST')!.body);
		expect(body).toMatchObject({
			offender: 'Any',
			victim: { object_type: 'ipaddr', object_value: '10.0.0.0/8' },
			expiration: 0,
		});
		expect(body.description).toBeUndefined();
	});

	it('lists (filtered, limited), updates, disables and deletes', async () => {
		await h.engine.runNode(
			rule('create', { detectionTypes: ['port_scan'], offender: '1900', victim: 'Any' }),
		);
		await h.engine.runNode(
			rule('create', { detectionTypes: ['dns_tunnel'], offender: 'Any', victim: '1901' }),
		);
		expect(
			(await h.engine.runNode(rule('getAll', { returnAll: true }))).map((o) => o.json.id),
		).toEqual([1, 2]);
		expect(
			(
				await h.engine.runNode(
					rule('getAll', { returnAll: true, filters: { detectionType: 'dns_tunnel' } }),
				)
			).map((o) => o.json.id),
		).toEqual([2]);
		const [updated] = await h.engine.runNode(
			rule('update', {
				ruleId: '1',
				updateFields: { enabled: false, description: 'paused', victim: 'group:4' },
			}),
		);
		expect(updated.json).toMatchObject({
			enabled: false,
			description: 'paused',
			victim: { object_type: 'device_group', object_id: 4 },
		});
		expect(
			(
				await h.engine.runNode(rule('getAll', { returnAll: true, filters: { enabledOnly: true } }))
			).map((o) => o.json.id),
		).toEqual([2]);
		const [deleted] = await h.engine.runNode(rule('delete', { ruleId: '2' }));
		expect(deleted.json).toEqual({ id: 2, deleted: true });
		expect(
			h.sim
				.soc()
				.tuning.rules()
				.map((r: { id: number }) => r.id),
		).toEqual([1]);
	});

	it('validates before any request, with the item index', async () => {
		const cases: Array<[string, Record<string, unknown>, RegExp]> = [
			[
				'create',
				{ detectionTypes: '={{ [] }}', offender: 'Any', victim: 'Any' },
				/at least one detection type/,
			],
			[
				'create',
				{ detectionTypes: ['port_scan'], offender: 'host-7', victim: 'Any' },
				/Invalid offender "host-7"/,
			],
			[
				'create',
				{ detectionTypes: ['port_scan'], offender: 'Any', victim: '10.1.1.300' },
				/Invalid victim/,
			],
			[
				'create',
				{
					detectionTypes: ['port_scan'],
					offender: 'Any',
					victim: 'Any',
					additionalFields: { expires: '2001-01-01T00:00:00Z' },
				},
				/in the past/,
			],
			['update', { ruleId: '1', updateFields: {} }, /Nothing to update/],
			[
				'update',
				{ ruleId: '1', updateFields: { neverExpires: true, expires: '2100-01-01T00:00:00Z' } },
				/not both/,
			],
			['delete', { ruleId: 'seven' }, /Invalid tuning rule ID "seven"/],
		];
		for (const [operation, parameters, message] of cases) {
			await expect(h.engine.runNode(rule(operation, parameters), [{}])).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 0 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('a missing rule: item index, and Continue On Fail keeps order', async () => {
		await h.engine.runNode(
			rule('create', { detectionTypes: ['port_scan'], offender: 'Any', victim: 'Any' }),
		);
		const out = await h.engine.runNode(
			rule('delete', { ruleId: '={{ $json.id }}' }, { continueOnFail: true }),
			[{ id: 5 }, { id: 1 }],
		);
		expect(out.map((o) => o.json)).toEqual([
			{ error: 'Tuning rule 5 not found', description: expect.any(String), httpCode: '404' },
			{ id: 1, deleted: true },
		]);
		await expect(
			h.engine.runNode(rule('get', { ruleId: '={{ $json.id }}' }), [{ id: 1 }, { id: 5 }]),
		).rejects.toMatchObject({ context: { itemIndex: 0 } });
	});
});
