/**
 * Metric > Query / Get Total / Get Total by Object against the strict simulator (metrics.md
 * "Metrics"), whose values come from the same traffic as its detections, under every reading of
 * the undocumented metric_response.
 */
import { apiRequests, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
afterEach(async () => {
	await h.sim.stop();
});

const metric = (operation: string, parameters: Record<string, unknown>, options = {}) =>
	extraHopNode({ resource: 'metric', operation, ...parameters }, options);
const bodies = (path: string) => apiRequests(h.sim, path).map((r) => JSON.parse(r.body || '{}'));

/** The window of detection 1001 (the exfiltration) with ten minutes either side, as dates. */
function aroundExfil() {
	const d = h.sim.getDetection(1001);
	return {
		d,
		from: new Date(d.start_time - 600_000).toISOString(),
		until: new Date(d.end_time + 600_000).toISOString(),
	};
}

describe('Metric > Query', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it("shows the exfiltration offender's bytes out rising during its detection, one item per bucket", async () => {
		const { d, from, until } = aroundExfil();
		const out = await h.engine.runNode(
			metric('query', {
				objectIds: '1900',
				metricCategory: 'net',
				metricNames: 'bytes_out, bytes_in',
				cycle: '30sec',
				from,
				until,
				returnAll: true,
			}),
		);
		expect(bodies('/api/v1/metrics')).toEqual([
			{
				cycle: '30sec',
				from: Date.parse(from),
				until: Date.parse(until),
				metric_category: 'net',
				metric_specs: [{ name: 'bytes_out' }, { name: 'bytes_in' }],
				object_ids: [1900],
				object_type: 'device',
			},
		]);
		expect(out.length).toBeGreaterThanOrEqual(40);
		const during = out.filter(
			(o) => (o.json.time as number) >= d.start_time && (o.json.until as number) <= d.end_time,
		);
		const before = out.filter((o) => (o.json.until as number) <= d.start_time - 60_000);
		const bytesOut = (o: (typeof out)[0]) => (o.json.metrics as Record<string, number>).bytes_out;
		expect(during.length).toBeGreaterThan(0);
		expect(Math.min(...during.map(bytesOut))).toBeGreaterThan(
			100 * Math.max(...before.map(bytesOut)),
		);
		expect(out[0].json).toMatchObject({
			object_type: 'device',
			object_id: 1900,
			metric_category: 'net',
			cycle: '30sec',
			duration_ms: 30_000,
			time_iso: expect.stringMatching(/Z$/),
			values: [expect.any(Number), expect.any(Number)],
		});
	});

	it("shows a port scanner's connections fanning out, simplified under the metric names", async () => {
		const scan = h.sim.getDetection(1003);
		const scanner = scan.participants[0].object_id as number;
		const out = await h.engine.runNode(
			metric('query', {
				objectIds: String(scanner),
				metricCategory: 'tcp',
				metricNames: 'connected, aborted',
				cycle: '30sec',
				from: String(scan.start_time - 300_000),
				until: String(scan.end_time + 300_000),
				returnAll: true,
				simplify: true,
			}),
		);
		const peak = out.reduce((a, b) =>
			(a.json.connected as number) > (b.json.connected as number) ? a : b,
		);
		expect(peak.json).toMatchObject({
			object_id: scanner,
			time: expect.stringMatching(/Z$/),
			aborted: expect.any(Number),
		});
		expect(peak.json.connected as number).toBeGreaterThan(500);
		expect(peak.json.values).toBeUndefined();
	});

	it('names top-N values by key with Metric Specs (JSON), and stops at the limit', async () => {
		const { from, until } = aroundExfil();
		const out = await h.engine.runNode(
			metric('query', {
				objectIds: '1900',
				metricCategory: 'net_detail',
				cycle: '5min',
				from,
				until,
				limit: 2,
				simplify: true,
				options: { metricSpecs: '[{"name": "bytes_out"}]' },
			}),
		);
		expect(out).toHaveLength(2);
		const busiest = out.find(
			(o) => Array.isArray(o.json.bytes_out) && (o.json.bytes_out as unknown[]).length > 0,
		)!;
		expect((busiest.json.bytes_out as Array<Record<string, unknown>>)[0]).toMatchObject({
			key: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
			device_id: expect.any(Number),
			value: expect.any(Number),
		});
	});
});

describe('Metric > Get Total / Get Total by Object', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it('answers one total for all objects, and one per object', async () => {
		const { from, until } = aroundExfil();
		const common = {
			objectIds: '1900, 1901',
			metricCategory: 'net',
			metricNames: 'bytes_out',
			cycle: '30sec',
			from,
			until,
		};
		const [total] = await h.engine.runNode(metric('total', common));
		const byObject = await h.engine.runNode(metric('totalByObject', { ...common, simplify: true }));
		expect(apiRequests(h.sim).map((r) => r.path)).toEqual([
			'/api/v1/metrics/total',
			'/api/v1/metrics/totalbyobject',
		]);
		expect(total.json).toMatchObject({
			object_id: null,
			object_ids: [1900, 1901],
			metrics: { bytes_out: expect.any(Number) },
		});
		expect(byObject.map((o) => o.json.object_id)).toEqual([1900, 1901]);
		const sum = byObject.reduce((n, o) => n + (o.json.bytes_out as number), 0);
		expect((total.json.metrics as Record<string, number>).bytes_out).toBe(sum);
		expect(byObject[0].json.bytes_out as number).toBeGreaterThan(1e9);
	});
});

describe('Metric responses under each reading (sensor, console, deferred)', () => {
	for (const metricResponseShape of ['sensors', 'list', 'xid'] as const) {
		it(`reads per-sensor blocks without summing them (${metricResponseShape})`, async () => {
			h = await startExtraHop({ metricResponseShape });
			const { from, until } = aroundExfil();
			const out = await h.engine.runNode(
				metric('totalByObject', {
					objectIds: '1900',
					metricCategory: 'net',
					metricNames: 'bytes_out',
					cycle: '30sec',
					from,
					until,
				}),
			);
			expect(out.map((o) => [o.json.sensor_id, o.json.object_id])).toEqual([
				[1, 1900],
				[2, 1900],
			]);
			const values = out.map((o) => (o.json.metrics as Record<string, number>).bytes_out);
			expect(values[0]).toBeGreaterThan(values[1]);
			if (metricResponseShape === 'xid') {
				// Each sensor's block answered "again" once before it came.
				expect(apiRequests(h.sim, '/api/v1/metrics/next/').map((r) => r.status)).toEqual([
					200, 200, 200, 200,
				]);
			}
		});
	}

	it('passes on the truncation ExtraHop reports', async () => {
		h = await startExtraHop({ metricCellLimit: 5 });
		const out = await h.engine.runNode(
			metric('query', {
				objectIds: '1900',
				metricCategory: 'net',
				metricNames: 'bytes_in',
				cycle: '30sec',
				from: '-1h',
				returnAll: true,
			}),
		);
		expect(out).toHaveLength(5);
		expect(out[0].json.truncated).toMatchObject({
			effective_limit: 5,
			omitted_time_buckets: expect.any(Number),
		});
	});
});

describe('Metric checks and errors', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it('checks every item before the first request, and names the item', async () => {
		const v = '={{ $json.v }}';
		const cases: Array<[Record<string, unknown>, string, string, RegExp]> = [
			[{ objectIds: v }, '1900', '1900, abc', /Invalid object ID "abc"/],
			[{ objectIds: v }, '1900', ' , ', /Object IDs is empty/],
			[{ metricNames: v }, 'bytes_in', '', /Metric Names is empty/],
			[{ metricCategory: v }, 'net', 'net; drop', /Invalid metric category/],
			[{ cycle: v }, '1hr', 'hourly', /Invalid cycle/],
			[{ from: v }, '-1h', '-1y', /Invalid time for From/],
			[{ until: v }, '0', '-2h', /From must be earlier than Until/],
			[
				{ options: { metricSpecs: v } },
				'[{"name": "bytes_in"}]',
				'[{"nom": "x"}]',
				/must be a list of/,
			],
			[{ options: { metricSpecs: v } }, '[{"name": "bytes_in"}]', '[{', /not valid JSON/],
		];
		for (const [parameters, good, bad, message] of cases) {
			const run = h.engine.runNode(
				metric('query', {
					objectIds: '1900',
					metricCategory: 'net',
					metricNames: 'bytes_in',
					...parameters,
				}),
				[{ v: good }, { v: bad }],
			);
			await expect(run).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 1 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('explains a metric name ExtraHop does not know, keeps order and pairing with Continue On Fail', async () => {
		const out = await h.engine.runNode(
			metric(
				'total',
				{
					objectIds: '1900',
					metricCategory: '={{ $json.category }}',
					metricNames: '={{ $json.name }}',
					from: '-1h',
				},
				{ continueOnFail: true },
			),
			[
				{ category: 'net', name: 'bytes_in' },
				{ category: 'ssh_server', name: 'connected' },
				{ category: 'tcp', name: 'accepted' },
			],
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.metric_category).toBe('net');
		expect(out[1].json).toMatchObject({
			error: expect.stringContaining('ExtraHop refused the metric query'),
			description: expect.stringContaining('Metric Catalog'),
		});
		expect(out[2].json.metric_category).toBe('tcp');
		const failing = h.engine.runNode(
			metric('query', {
				objectIds: '1900',
				metricCategory: 'net',
				metricNames: 'bytes',
				from: '-1h',
			}),
		);
		await expect(failing).rejects.toMatchObject({ context: { itemIndex: 0 } });
	});
});
