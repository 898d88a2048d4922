import { apiRequests, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const custom = (operation: string, parameters: Record<string, unknown> = {}, options = {}) =>
	extraHopNode({ resource: 'customDevice', operation, ...parameters }, options);

describe('Custom Device', () => {
	it('creates one from addresses and CIDRs, lists (with or without criteria) and deletes', async () => {
		const [created] = await h.engine.runNode(
			custom('create', {
				name: 'Partner VPN',
				addresses: '203.0.113.0/24, 198.51.100.7, 203.0.113.0/24',
				additionalFields: { description: 'Acme partner range' },
			}),
		);
		expect(JSON.parse(apiRequests(h.sim).find((r) => r.method === 'POST')!.body)).toEqual({
			name: 'Partner VPN',
			disabled: false,
			criteria: [{ ipaddr: '203.0.113.0/24' }, { ipaddr: '198.51.100.7' }],
			description: 'Acme partner range',
		});
		expect(created.json).toMatchObject({
			id: 1,
			name: 'Partner VPN',
			extrahop_id: 'Partner_VPN',
			criteria: [{ ipaddr: '203.0.113.0/24' }, { ipaddr: '198.51.100.7' }],
		});
		await h.engine.runNode(custom('create', { name: 'Lab', addresses: '10.99.0.0/16' }));

		const listed = await h.engine.runNode(custom('getAll', { returnAll: true }));
		expect(listed.map((o) => o.json.name)).toEqual(['Partner VPN', 'Lab']);
		expect(listed[0].json).not.toHaveProperty('criteria');
		const withCriteria = await h.engine.runNode(
			custom('getAll', { limit: 1, includeCriteria: true }),
		);
		expect(withCriteria).toHaveLength(1);
		expect(withCriteria[0].json.criteria).toHaveLength(2);

		const [deleted] = await h.engine.runNode(custom('delete', { customDeviceId: '1' }));
		expect(deleted.json).toEqual({ id: 1, deleted: true });
		expect(
			h.sim
				.soc()
				.customDevices.customDevices()
				.map((d: { id: number }) => d.id),
		).toEqual([2]);
	});

	it('validates every item before any request, naming the item', async () => {
		const cases: Array<[string, Record<string, unknown>, RegExp]> = [
			['create', { name: ' ', addresses: '10.0.0.1' }, /needs a name/],
			['create', { name: 'x', addresses: '={{ "" }}' }, /No IP addresses or CIDRs given/],
			[
				'create',
				{ name: 'x', addresses: '10.0.0.1, 10.0.0.300' },
				/Invalid IP address or CIDR "10.0.0.300"/,
			],
			[
				'create',
				{ name: 'x', addresses: '10.0.0.1', additionalFields: { extrahopId: 'a b' } },
				/cannot contain spaces/,
			],
			['delete', { customDeviceId: '-1' }, /Invalid custom device ID "-1"/],
		];
		for (const [operation, parameters, message] of cases) {
			await expect(h.engine.runNode(custom(operation, parameters), [{}])).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 0 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('Continue On Fail keeps order and pairing; a missing one is named', async () => {
		await h.engine.runNode(custom('create', { name: 'Lab', addresses: '10.99.0.0/16' }));
		const out = await h.engine.runNode(
			custom('delete', { customDeviceId: '={{ $json.id }}' }, { continueOnFail: true }),
			[{ id: 5 }, { id: 1 }],
		);
		expect(out[0].json).toMatchObject({ error: 'Custom device 5 not found', httpCode: '404' });
		expect(out[1].json).toEqual({ id: 1, deleted: true });
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
