import { apiRequests, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const node = (
	resource: string,
	operation: string,
	parameters: Record<string, unknown> = {},
	options = {},
) => extraHopNode({ resource, operation, ...parameters }, options);

describe('Watchlist', () => {
	it('adds and removes devices with one assignment request, and lists the watchlist', async () => {
		const [added] = await h.engine.runNode(
			node('watchlist', 'add', { deviceIds: '1900, 1901, 1900' }),
		);
		expect(added.json).toEqual({ watchlist: 'added', device_ids: [1900, 1901] });
		expect(JSON.parse(apiRequests(h.sim).at(-1)!.body)).toEqual({ assign: [1900, 1901] });
		expect(
			(await h.engine.runNode(node('watchlist', 'getAll', { returnAll: true }))).map(
				(o) => o.json.id,
			),
		).toEqual([1900, 1901]);
		await h.engine.runNode(node('watchlist', 'remove', { deviceIds: '={{ [1900] }}' }));
		expect(JSON.parse(apiRequests(h.sim).at(-1)!.body)).toEqual({ unassign: [1900] });
		expect(h.sim.soc().devices.device(1900).on_watchlist).toBe(false);
		expect(h.sim.soc().devices.device(1901).on_watchlist).toBe(true);
	});

	it('validates before any request; an unknown device fails its item only with Continue On Fail', async () => {
		await expect(
			h.engine.runNode(node('watchlist', 'add', { deviceIds: '={{ $json.ids }}' }), [
				{ ids: '1900' },
				{ ids: '1900, x' },
			]),
		).rejects.toMatchObject({
			message: expect.stringContaining('Invalid device ID "x"'),
			context: { itemIndex: 1 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
		const out = await h.engine.runNode(
			node('watchlist', 'add', { deviceIds: '={{ $json.ids }}' }, { continueOnFail: true }),
			[{ ids: '424242' }, { ids: '1902' }],
		);
		expect(out[0].json).toMatchObject({ httpCode: '404' });
		expect(out[1].json).toEqual({ watchlist: 'added', device_ids: [1902] });
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Tag', () => {
	it('creates a tag once (reusing it by name), assigns and unassigns devices by tag name or ID', async () => {
		const [created] = await h.engine.runNode(node('tag', 'create', { name: 'quarantine' }));
		expect(created.json).toMatchObject({ id: 1, name: 'quarantine', created: true });
		const [again] = await h.engine.runNode(node('tag', 'create', { name: 'quarantine' }));
		expect(again.json).toMatchObject({ id: 1, created: false });
		expect(h.sim.soc().devices.tags()).toHaveLength(1);
		const [assigned] = await h.engine.runNode(
			node('tag', 'assign', { tag: 'quarantine', deviceIds: '1900, 1903' }),
		);
		expect(assigned.json).toEqual({ tag_id: 1, assigned_device_ids: [1900, 1903] });
		expect(h.sim.soc().devices.taggedDevices(1)).toEqual([1900, 1903]);
		await h.engine.runNode(node('tag', 'unassign', { tag: '1', deviceIds: '1900' }));
		expect(h.sim.soc().devices.taggedDevices(1)).toEqual([1903]);
		expect(
			(await h.engine.runNode(node('tag', 'getAll', { returnAll: true }))).map((o) => o.json.name),
		).toEqual(['quarantine']);
		// Devices can then be searched by tag.
		const tagged = await h.engine.runNode(
			node('device', 'search', { filters: { tag: 'quarantine' }, returnAll: true }),
		);
		expect(tagged.map((o) => o.json.id)).toEqual([1903]);
	});

	it('says when a named tag does not exist, with the item index', async () => {
		await expect(
			h.engine.runNode(node('tag', 'assign', { tag: '={{ $json.tag }}', deviceIds: '1900' }), [
				{ tag: 'nope' },
			]),
		).rejects.toMatchObject({
			message: 'No tag named "nope"',
			context: { itemIndex: 0 },
		});
		await expect(
			h.engine.runNode(node('tag', 'create', { name: '={{ " " }}' })),
		).rejects.toMatchObject({ message: 'The tag needs a name', context: { itemIndex: 0 } });
	});
});
