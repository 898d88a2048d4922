import {
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';
import { assertSameAppliance } from '../../nodes/ExtraHop/common/validation';
import type { INode } from 'n8n-workflow';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const device = (operation: string, parameters: Record<string, unknown> = {}, options = {}) =>
	extraHopNode({ resource: 'device', operation, ...parameters }, options);

describe('Device > Get', () => {
	it('gets a device by ID with a link to its page', async () => {
		const [out] = await h.engine.runNode(device('get', { deviceId: byId(1900) }));
		expect(out.json).toMatchObject({
			id: 1900,
			display_name: 'AccountingLaptop',
			ipaddr4: '192.168.6.21',
			role: 'pc',
		});
		expect(out.json.url).toBe(
			`${h.url}/extrahop/#/metrics/devices/${String(out.json.discovery_id)}/overview`,
		);
	});

	it('accepts the URL of a device page (discovery ID, with or without the appliance prefix)', async () => {
		const target = h.sim.soc().devices.device(1901);
		for (const key of [
			target.discovery_id,
			`6c078a2ea98c42378048f72636c371c8.${String(target.discovery_id)}`,
		]) {
			const [out] = await h.engine.runNode(
				device('get', {
					deviceId: {
						__rl: true,
						mode: 'url',
						value: `${h.url}/extrahop/#/metrics/devices/${key}/overview`,
					},
				}),
			);
			expect(out.json.id).toBe(1901);
		}
	});

	it('a malformed % in a device URL is a clear error naming the item, not "URI malformed", and sends nothing', async () => {
		const run = h.engine.runNode(
			device('get', {
				deviceId: {
					__rl: true,
					mode: 'url',
					value: `${h.url}/extrahop/#/metrics/devices/0a1b%zz2c3d/overview`,
				},
			}),
		);
		await expect(run).rejects.toMatchObject({
			message: 'The device URL holds a malformed percent escape ("0a1b%zz2c3d")',
			context: { itemIndex: 0 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it("refuses another appliance's device URL before any request, naming the item", async () => {
		const key = String(h.sim.soc().devices.device(1901).discovery_id);
		const page = (base: string) => ({
			__rl: true,
			mode: 'url',
			value: `${base}/extrahop/#/metrics/devices/${key}/overview`,
		});
		const run = h.engine.runNode(device('get', { deviceId: '={{ $json.page }}' }), [
			{ page: page(h.url) },
			{ page: page('https://other-sensor.example.com') },
		]);
		await expect(run).rejects.toMatchObject({
			message: expect.stringContaining(
				"points at other-sensor.example.com, not at this credential's appliance",
			),
			context: { itemIndex: 1 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it("takes RevealX 360's page host and API host of one tenant as the same appliance", () => {
		const node = { name: 'ExtraHop' } as INode;
		const page = 'https://acme.cloud.extrahop.com/extrahop/#/metrics/devices/0a1b/overview';
		expect(() =>
			assertSameAppliance(node, page, 'https://acme.api.cloud.extrahop.com', 0),
		).not.toThrow();
		expect(() =>
			assertSameAppliance(node, page, 'https://acme.cloud.extrahop.com', 0),
		).not.toThrow();
		expect(() =>
			assertSameAppliance(node, page, 'https://other.api.cloud.extrahop.com', 0),
		).toThrow(/points at acme.cloud.extrahop.com/);
	});

	it('validates every item before the first request, and names the item', async () => {
		const run = h.engine.runNode(device('get', { deviceId: '={{ $json.id }}' }), [
			{ id: 1900 },
			{ id: 'abc' },
		]);
		await expect(run).rejects.toMatchObject({
			message: expect.stringContaining('Invalid device ID "abc"'),
			context: { itemIndex: 1 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('keeps order and pairing, and with Continue On Fail turns a missing device into an error item', async () => {
		const out = await h.engine.runNode(
			device('get', { deviceId: '={{ $json.id }}' }, { continueOnFail: true }),
			[{ id: 1902 }, { id: 777 }, { id: 1900 }],
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.id).toBe(1902);
		expect(out[1].json).toMatchObject({ error: 'Device 777 not found', httpCode: '404' });
		expect(out[2].json.id).toBe(1900);
	});

	it('without Continue On Fail, a missing device fails with the item index', async () => {
		const run = h.engine.runNode(device('get', { deviceId: '={{ $json.id }}' }), [
			{ id: 1902 },
			{ id: 777 },
		]);
		await expect(run).rejects.toMatchObject({
			message: 'Device 777 not found',
			context: { itemIndex: 1 },
		});
	});
});

describe('Device > Search', () => {
	it("searches by IP, name, MAC (any of them) and sends the spec's filter shape", async () => {
		const target = h.sim.soc().devices.device(1904);
		const out = await h.engine.runNode(
			device('search', {
				filters: {
					ipaddr: '192.168.6.21',
					name: 'hr-db',
					macaddr: String(target.macaddr).toUpperCase(),
				},
				match: 'or',
				returnAll: true,
			}),
		);
		expect(out.map((o) => o.json.id).sort()).toEqual([1900, 1904]);
		const body = JSON.parse(apiRequests(h.sim).at(-1)!.body);
		expect(body.filter).toEqual({
			operator: 'or',
			rules: [
				{ field: 'name', operator: '~', operand: 'hr-db' },
				{ field: 'ipaddr', operator: '=', operand: '192.168.6.21' },
				{ field: 'macaddr', operator: '=', operand: String(target.macaddr) },
			],
		});
	});

	it('matches all filters by default, CIDR included, and honours the limit with paging', async () => {
		const all = await h.engine.runNode(
			device('search', { filters: { ipaddr: '192.168.0.0/16', role: 'pc' }, returnAll: true }),
		);
		expect(all.map((o) => o.json.id)).toEqual([1900]);
		const limited = await h.engine.runNode(device('search', { limit: 2, simplify: true }));
		expect(limited).toHaveLength(2);
		expect(Object.keys(limited[0].json).sort()).toEqual([
			'id',
			'ipaddrs',
			'macaddr',
			'name',
			'on_watchlist',
			'role',
			'url',
			'vendor',
		]);
		expect(JSON.parse(apiRequests(h.sim).at(-1)!.body).limit).toBe(2);
	});

	it('refuses a malformed IP or MAC before any request', async () => {
		for (const filters of [{ ipaddr: '300.1.1.1' }, { macaddr: 'zz:zz' }, { name: '(unclosed' }]) {
			await expect(h.engine.runNode(device('search', { filters }))).rejects.toMatchObject({
				context: { itemIndex: 0 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});
});

describe('Device > Get Many From Detection', () => {
	it('returns the device behind each participant, and says when there is none', async () => {
		const out = await h.engine.runNode(device('getParticipants', { detectionId: byId(1001) }));
		expect(
			out.map((o) => [
				o.json.participant && (o.json.participant as { role: string }).role,
				o.json.id,
			]),
		).toEqual([
			['offender', 1900],
			['victim', 1901],
		]);
		expect(out[0].json).toMatchObject({ display_name: 'AccountingLaptop', detection_id: 1001 });
		// A victim known only by IP: found through a device search on that IP.
		expect(out[1].json).toMatchObject({
			display_name: 'corpshare.example.com',
			ipaddr4: '192.168.6.179',
		});
		const only = await h.engine.runNode(
			device('getParticipants', {
				detectionId: byId(1001),
				participantRole: 'victim',
				simplify: true,
			}),
		);
		expect(only.map((o) => o.json.name)).toEqual(['corpshare.example.com']);
	});

	it('reports a participant ExtraHop has no device for', async () => {
		const d = h.sim.createDetection({ type: 'port_scan' });
		d.participants[1].object_value = '203.0.113.77';
		const out = await h.engine.runNode(
			device('getParticipants', { detectionId: byId(d.id), participantRole: 'victim' }),
		);
		expect(out[0].json).toMatchObject({
			id: null,
			device: null,
			note: 'ExtraHop has no device for this participant',
		});
	});
});

describe('IP address validation (node:net is not allowed in community nodes)', () => {
	it('agrees with node:net on IPv4 and IPv6, and checks CIDR prefixes', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { isIP } = require('node:net') as typeof import('node:net');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { ipVersion, isIpOrCidr } =
			require('../../nodes/ExtraHop/common/validation') as typeof import('../../nodes/ExtraHop/common/validation');
		const cases = [
			'10.1.1.1',
			'255.255.255.255',
			'256.1.1.1',
			'01.1.1.1',
			'1.1.1',
			'::1',
			'::',
			'fe80::1',
			'2001:db8::ff00:42:8329',
			'2001:0db8:0000:0000:0000:ff00:0042:8329',
			'::ffff:10.1.2.3',
			'1::2::3',
			'12345::',
			'g::1',
			'1:2:3:4:5:6:7:8',
			'1:2:3:4:5:6:7:8:9',
			'1:2:3:4:5:6:7::',
			'abc',
			'',
			'1:2:3:4:5:6:1.2.3.4',
			'::1.2.3.4',
			'1:2:3:4:5:6:7:1.2.3.4',
		];
		expect(cases.map((c) => [c, ipVersion(c)])).toEqual(cases.map((c) => [c, isIP(c)]));
		expect([
			isIpOrCidr('10.0.0.0/8'),
			isIpOrCidr('10.0.0.0/33'),
			isIpOrCidr('fe80::/10'),
			isIpOrCidr('fe80::/129'),
			isIpOrCidr('10.0.0.0/8/1'),
		]).toEqual([true, false, true, false, false]);
	});
});
