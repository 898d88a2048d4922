/**
 * Device > Get Peers / Get Protocols against the strict simulator (metrics.md "Activity Map":
 * POST /activitymaps/query), whose topology comes from the same traffic as its detections.
 */
import {
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';

let h: ExtraHopSetup;
afterEach(async () => {
	await h.sim.stop();
});

const device = (operation: string, parameters: Record<string, unknown>, options = {}) =>
	extraHopNode({ resource: 'device', operation, ...parameters }, options);
const bodies = (path: string) => apiRequests(h.sim, path).map((r) => JSON.parse(r.body || '{}'));

function aroundExfil() {
	const d = h.sim.getDetection(1001);
	return { d, from: String(d.start_time - 60_000), until: String(d.end_time + 60_000) };
}

describe('Device > Get Peers', () => {
	for (const activityMapNodes of [false, true]) {
		it(`ranks the exfiltration victim first, outbound over CIFS, with bytes and links (edges by ${activityMapNodes ? 'node' : 'device'} ID)`, async () => {
			h = await startExtraHop({ activityMapNodes });
			const { from, until } = aroundExfil();
			const out = await h.engine.runNode(
				device('getPeers', { deviceId: byId(1900), from, until, returnAll: true }),
			);
			expect(bodies('/api/v1/activitymaps/query')).toEqual([
				{
					edge_annotations: ['protocols'],
					from: Number(from),
					until: Number(until),
					weighting: 'bytes',
					walks: [
						{
							origins: [{ object_type: 'device', object_id: 1900 }],
							steps: [{ relationships: [{ protocol: 'any', role: 'any' }] }],
						},
					],
				},
			]);
			const laptop = h.sim.soc().devices.device(1900);
			expect(out[0].json).toMatchObject({
				device_id: 1900,
				device_name: 'AccountingLaptop',
				peer_id: 1901,
				peer_name: 'corpshare.example.com',
				peer_ipaddrs: ['192.168.6.179'],
				direction: 'outbound',
				peer_role: 'server',
				weighting: 'bytes',
				protocols: ['CIFS'],
				protocol_stacks: [
					{ protocol: 'IPv4:TCP:CIFS', direction: 'outbound', weight: expect.any(Number) },
				],
				peer_device: expect.objectContaining({ id: 1901, name: 'corpshare.example.com' }),
				peer_url: `${h.url}/extrahop/#/metrics/devices/${String(h.sim.soc().devices.device(1901).discovery_id)}/overview`,
				activity_map_url: `${h.url}/extrahop/#/activitymaps?discovery_id=${String(laptop.discovery_id)}&from=${Math.floor(Number(from) / 1000)}&interval_type=DT&object_type=device&protocol=any&role=any&until=${Math.ceil(Number(until) / 1000)}`,
				from: new Date(Number(from)).toISOString(),
			});
			expect(out[0].json.weight as number).toBeGreaterThan(1e9);
			const weights = out.map((o) => o.json.weight as number);
			expect(weights).toEqual([...weights].sort((a, b) => b - a));
			// The port scan (build-runner-07) reached the laptop as a client in the same window.
			expect(out.find((o) => o.json.peer_name === 'build-runner-07')?.json.direction).toBe('both');
		});
	}

	it('filters by peer role and protocol, and simplifies', async () => {
		h = await startExtraHop();
		const { from, until } = aroundExfil();
		const servers = await h.engine.runNode(
			device('getPeers', {
				deviceId: byId(1900),
				from,
				until,
				peerRole: 'server',
				protocol: 'HTTP',
				simplify: true,
			}),
		);
		expect(bodies('/api/v1/activitymaps/query')[0].walks[0].steps).toEqual([
			{ relationships: [{ protocol: 'HTTP', role: 'server' }] },
		]);
		expect(servers.map((o) => [o.json.peer_name, o.json.direction, o.json.protocols])).toEqual([
			['build-runner-07', 'outbound', ['HTTP']],
		]);
		expect(servers[0].json.peer_device).toBeUndefined();
		expect(servers[0].json.protocol_stacks).toBeUndefined();
		const clients = await h.engine.runNode(
			device('getPeers', {
				deviceId: byId(1901),
				from,
				until,
				peerRole: 'client',
				weighting: 'connections',
			}),
		);
		expect(clients.map((o) => o.json.peer_role)).toEqual(clients.map(() => 'client'));
		expect(clients.map((o) => o.json.peer_id)).toContain(1900);
	});

	it('reads each distinct peer device once per execution, and not at all when told not to', async () => {
		h = await startExtraHop();
		const { from, until } = aroundExfil();
		await h.engine.runNode(
			device('getPeers', { deviceId: '={{ $json.id }}', from, until, returnAll: true }),
			[{ id: 1900 }, { id: 1900 }],
		);
		const reads = apiRequests(h.sim, '/api/v1/devices/')
			.filter((r) => r.method === 'GET')
			.map((r) => r.path);
		// Two reads of the origin (one per item), one of each peer.
		expect(reads.filter((p) => p === '/api/v1/devices/1900')).toHaveLength(2);
		expect(new Set(reads).size).toBe(reads.length - 1);
		h.sim.server.clearRequestLog();
		await h.engine.runNode(
			device('getPeers', { deviceId: byId(1900), from, until, options: { lookUpPeers: false } }),
		);
		expect(apiRequests(h.sim, '/api/v1/devices/').map((r) => r.path)).toEqual([
			'/api/v1/devices/1900',
		]);
	});

	it('checks every item before the first request, and makes a missing device an error item with Continue On Fail', async () => {
		h = await startExtraHop();
		const v = '={{ $json.v }}';
		const cases: Array<[Record<string, unknown>, string, string, RegExp]> = [
			[{ deviceId: v }, '1900', 'abc', /Invalid device ID "abc"/],
			[{ from: v }, '-1h', 'soon', /Invalid date for From/],
			[{ until: v }, '0', '-3h', /From must be earlier than Until/],
			[{ peerRole: v }, 'any', 'neighbour', /Invalid peer role/],
			[{ protocol: v }, 'SSH', 'SSH;rm', /Invalid protocol/],
			[{ weighting: v }, 'bytes', 'packets', /Invalid weighting/],
		];
		for (const [parameters, good, bad, message] of cases) {
			const run = h.engine.runNode(device('getPeers', { deviceId: byId(1900), ...parameters }), [
				{ v: good },
				{ v: bad },
			]);
			await expect(run).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 1 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
		const out = await h.engine.runNode(
			device('getProtocols', { deviceId: '={{ $json.id }}' }, { continueOnFail: true }),
			[{ id: 1902 }, { id: 777 }, { id: 1900 }],
		);
		const items = out.map((o) => o.pairedItem as { item: number });
		expect(items.map((p) => p.item)).toEqual([...items.map((p) => p.item)].sort());
		expect(out.find((o) => o.json.error)?.json).toMatchObject({
			error: 'Device 777 not found',
			httpCode: '404',
		});
		expect(out.find((o) => o.json.error)?.pairedItem).toEqual({ item: 1 });
		expect(
			out.some((o) => (o.pairedItem as { item: number }).item === 2 && o.json.device_id === 1900),
		).toBe(true);
	});
});

describe('Device > Get Protocols', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it("lists the device's protocols as client and server, heaviest first, from a device page URL", async () => {
		const { from, until } = aroundExfil();
		const corpshare = h.sim.soc().devices.device(1901);
		const out = await h.engine.runNode(
			device('getProtocols', {
				deviceId: {
					__rl: true,
					mode: 'url',
					value: `${h.url}/extrahop/#/metrics/devices/${String(corpshare.discovery_id)}/overview`,
				},
				from,
				until,
				returnAll: true,
			}),
		);
		expect(bodies('/api/v1/activitymaps/query')[0].walks[0].steps).toEqual([{}]);
		expect(out[0].json).toMatchObject({
			device_id: 1901,
			protocol: 'CIFS',
			stack: 'IPv4:TCP:CIFS',
			role: 'server',
			peer_count: 1,
			peer_ids: [1900],
		});
		expect(out.map((o) => `${o.json.role}:${o.json.protocol}`)).toEqual(
			expect.arrayContaining(['server:SSL', 'server:TCP']),
		);
		const first = await h.engine.runNode(
			device('getProtocols', { deviceId: byId(1901), from, until, limit: 1 }),
		);
		expect(first).toHaveLength(1);
	});
});
