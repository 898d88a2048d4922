import { apiRequests, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const group = (operation: string, parameters: Record<string, unknown> = {}, options = {}) =>
	extraHopNode({ resource: 'deviceGroup', operation, ...parameters }, options);

describe('Device Group > Get Many', () => {
	it('lists every group by default, or those whose name matches, of one type', async () => {
		const all = await h.engine.runNode(group('getAll', { returnAll: true }));
		expect(all.map((o) => o.json.name)).toEqual([
			'Finance workstations',
			'Crown jewels',
			'Database servers',
		]);
		expect(apiRequests(h.sim).at(-1)!.path).toBe('/api/v1/devicegroups');

		const found = await h.engine.runNode(
			group('getAll', {
				returnAll: true,
				filters: { name: '^(Crown|Data)', type: 'user_created' },
			}),
		);
		expect(found.map((o) => o.json.id)).toEqual([8]);
		expect(await h.engine.runNode(group('getAll', { limit: 2 }))).toHaveLength(2);
	});

	it('refuses an invalid regular expression before any request, naming the item', async () => {
		await expect(
			h.engine.runNode(group('getAll', { filters: { name: '={{ $json.name }}' } }), [
				{ name: 'ok' },
				{ name: '(unclosed' },
			]),
		).rejects.toMatchObject({
			message: '"(unclosed" is not a valid regular expression',
			context: { itemIndex: 1 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});
});

describe('Device Group > Get Devices', () => {
	it('returns one item per member with its page link, paging with Return All or Limit', async () => {
		const members = await h.engine.runNode(
			group('getDevices', { deviceGroupId: '8', returnAll: true }),
		);
		expect(members.map((o) => o.json.id)).toEqual([1901, 1904]);
		expect(members[0].json).toMatchObject({
			device_group_id: 8,
			display_name: 'corpshare.example.com',
			url: expect.stringContaining('/extrahop/#/metrics/devices/'),
		});
		const limited = await h.engine.runNode(group('getDevices', { deviceGroupId: '8', limit: 1 }));
		expect(limited.map((o) => o.json.id)).toEqual([1901]);
		expect(apiRequests(h.sim).at(-1)!.path).toBe('/api/v1/devicegroups/8/devices');
		// A dynamic group's members follow its filter (role db_server).
		const dynamic = await h.engine.runNode(
			group('getDevices', { deviceGroupId: '9', returnAll: true }),
		);
		expect(dynamic.map((o) => o.json.id)).toEqual([1904]);
	});

	it('says which group is missing; Continue On Fail keeps order and pairing', async () => {
		const out = await h.engine.runNode(
			group(
				'getDevices',
				{ deviceGroupId: '={{ $json.id }}', returnAll: true },
				{ continueOnFail: true },
			),
			[{ id: 99 }, { id: 7 }],
		);
		expect(out[0].json).toMatchObject({ error: 'Device group 99 not found', httpCode: '404' });
		expect(out[1].json.id).toBe(1900);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		await expect(
			h.engine.runNode(group('getDevices', { deviceGroupId: '={{ $json.id }}' }), [{ id: 99 }]),
		).rejects.toMatchObject({ message: 'Device group 99 not found', context: { itemIndex: 0 } });
	});
});

describe('Device Group > Add Devices / Remove Devices', () => {
	it('changes a static group with one assignment request per item', async () => {
		const [added] = await h.engine.runNode(
			group('addDevices', { deviceGroupId: '7', deviceIds: '1905, 1902, 1905' }),
		);
		expect(added.json).toEqual({ device_group_id: 7, added_device_ids: [1905, 1902] });
		expect(JSON.parse(apiRequests(h.sim).at(-1)!.body)).toEqual({ assign: [1905, 1902] });
		expect(h.sim.soc().deviceGroups.memberIds(7)).toEqual([1900, 1902, 1905]);

		const [removed] = await h.engine.runNode(
			group('removeDevices', { deviceGroupId: '7', deviceIds: '={{ [1900] }}' }),
		);
		expect(removed.json).toEqual({ device_group_id: 7, removed_device_ids: [1900] });
		expect(JSON.parse(apiRequests(h.sim).at(-1)!.body)).toEqual({ unassign: [1900] });
		expect(h.sim.soc().deviceGroups.memberIds(7)).toEqual([1902, 1905]);
	});

	it('validates every item before any request, naming the item', async () => {
		const cases: Array<[Record<string, string>, RegExp]> = [
			[{ deviceGroupId: 'x', deviceIds: '1900' }, /Invalid device group ID "x"/],
			[{ deviceGroupId: '7', deviceIds: '1900, y' }, /Invalid device ID "y"/],
			[{ deviceGroupId: '7', deviceIds: '' }, /No device IDs given/],
		];
		for (const [parameters, message] of cases) {
			await expect(
				h.engine.runNode(
					group('addDevices', { deviceGroupId: '={{ $json.g }}', deviceIds: '={{ $json.d }}' }),
					[
						{ g: '7', d: '1900' },
						{ g: parameters.deviceGroupId, d: parameters.deviceIds },
					],
				),
			).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 1 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it("reports ExtraHop's refusal for a dynamic group as that item's error", async () => {
		const out = await h.engine.runNode(
			group(
				'addDevices',
				{ deviceGroupId: '={{ $json.g }}', deviceIds: '1900' },
				{ continueOnFail: true },
			),
			[{ g: 9 }, { g: 8 }],
		);
		expect(out[0].json).toMatchObject({ httpCode: '400' });
		expect(String(out[0].json.error) + String(out[0].json.description)).toMatch(/dynamic/);
		expect(out[1].json).toEqual({ device_group_id: 8, added_device_ids: [1900] });
	});
});
