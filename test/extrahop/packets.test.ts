import {
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';
import { countPcapPackets } from '../../nodes/ExtraHop/actions/helpers/pcap';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const packets = (parameters: Record<string, unknown> = {}, options = {}) =>
	extraHopNode(
		{ resource: 'packet', operation: 'search', binaryPropertyName: 'data', ...parameters },
		options,
	);

async function binaryBytes(item: { binary?: Record<string, { data: string; id?: string }> }) {
	const binary = item.binary!.data;
	// In-memory binary data mode: base64 in `data`.
	return Buffer.from(binary.data, 'base64');
}

describe('Packet > Search', () => {
	it("returns a detection's packets as a PCAP file in binary data, searched on its participants and time", async () => {
		const [out] = await h.engine.runNode(packets({ source: 'detection', detectionId: byId(1001) }));
		expect(out.binary?.data).toMatchObject({
			fileName: 'detection-1001.pcap',
			mimeType: 'application/vnd.tcpdump.pcap',
		});
		const bytes = await binaryBytes(out as never);
		expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
		expect(countPcapPackets(bytes)).toBe(6);
		expect(out.json).toMatchObject({
			found: true,
			bytes: bytes.length,
			packet_count: 6,
			detection_id: 1001,
			ip1: '192.168.6.21',
			ip2: '192.168.6.179',
			output: 'pcap',
		});
		const detection = h.sim.getDetection(1001);
		const body = JSON.parse(apiRequests(h.sim).at(-1)!.body);
		expect(body).toEqual({
			output: 'pcap',
			always_return_body: false,
			limit_bytes: String(25 * 1024 * 1024),
			ip1: '192.168.6.21',
			ip2: '192.168.6.179',
			from: String(detection.start_time - 300_000),
			until: String(detection.end_time + 300_000),
		});
	});

	it('searches addresses, ports, a BPF filter and a relative time range', async () => {
		const [out] = await h.engine.runNode(
			packets({
				source: 'manual',
				from: '-2h',
				until: '0',
				ip1: '10.8.0.12',
				port1: '',
				ip2: '172.16.40.9',
				port2: '443',
				options: { bpf: 'tcp', fileName: 'x.pcap', maxFileMb: 2 },
			}),
		);
		expect(out.json).toMatchObject({ found: true, packet_count: 6, file_name: 'x.pcap' });
		expect(JSON.parse(apiRequests(h.sim).at(-1)!.body)).toMatchObject({
			from: '-2h',
			until: '0',
			ip1: '10.8.0.12',
			ip2: '172.16.40.9',
			port2: '443',
			bpf: 'tcp',
			limit_bytes: String(2 * 1024 * 1024),
		});
	});

	it('says so when nothing matched (204), without a file', async () => {
		const [out] = await h.engine.runNode(
			packets({ source: 'manual', from: '-1h', ip1: '198.51.100.9' }),
		);
		expect(out.json).toMatchObject({ found: false, bytes: 0 });
		expect(out.binary).toBeUndefined();
	});

	it('stops reading past Max File Size with a clear error, even from an endless capture', async () => {
		h.sim.soc().packets.setMode({ endless: true });
		const run = h.engine.runNode(
			packets({ source: 'detection', detectionId: '={{ $json.id }}', options: { maxFileMb: 1 } }),
			[{ id: 1001 }],
		);
		await expect(run).rejects.toMatchObject({
			message: expect.stringContaining('larger than the 1 MB Max File Size'),
			context: { itemIndex: 0 },
		});
		const [download] = h.sim.soc().packets.downloads();
		// The node hung up: the simulator never finished, and sent little past the cap.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(download.finished).toBe(false);
		expect(download.closedEarly).toBe(true);
		expect(download.bytesSent).toBeLessThan(64 * 1024 * 1024);
	});

	it('keeps a capture under the cap, and with Continue On Fail reports the one over it in its place', async () => {
		h.sim.soc().packets.setMode({ bytes: 3 * 1024 * 1024 });
		const out = await h.engine.runNode(
			packets(
				{
					source: 'detection',
					detectionId: '={{ $json.id }}',
					options: { maxFileMb: '={{ $json.cap }}' },
				},
				{ continueOnFail: true },
			),
			[
				{ id: 1001, cap: 8 },
				{ id: 1001, cap: 1 },
			],
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json.found).toBe(true);
		expect((out[0].json.bytes as number) > 3 * 1024 * 1024).toBe(true);
		expect(countPcapPackets(await binaryBytes(out[0] as never))).toBe(out[0].json.packet_count);
		expect(out[1].json.error).toMatch(/larger than the 1 MB Max File Size/);
	});

	it('validates every item before the first request', async () => {
		const cases = [
			{ source: 'manual', from: 'yesterday', ip1: '10.1.1.1' },
			{ source: 'manual', from: '-1h', ip1: '10.1.1.999' },
			{ source: 'manual', from: '-1h', ip1: '10.1.1.1', port1: '70000' },
			{ source: 'manual', from: '-1h' },
			{ source: 'detection', detectionId: '={{ "abc" }}' },
		];
		for (const parameters of cases) {
			const run = h.engine.runNode(packets(parameters), [{}]);
			await expect(run).rejects.toMatchObject({ context: { itemIndex: 0 } });
		}
		const mixed = h.engine.runNode(
			packets({ source: 'manual', from: '-1h', ip1: '={{ $json.ip }}' }),
			[{ ip: '192.168.6.21' }, { ip: 'nope' }],
		);
		await expect(mixed).rejects.toMatchObject({
			message: 'Invalid IP Address 1 "nope"',
			context: { itemIndex: 1 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});
});
