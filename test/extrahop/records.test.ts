/**
 * Record > Search against the strict simulator (records.md "Record Log": POST /records/search,
 * POST /records/cursor), whose records come from the same traffic as its detections.
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

const record = (parameters: Record<string, unknown>, options = {}) =>
	extraHopNode({ resource: 'record', operation: 'search', ...parameters }, options);
const bodies = (path: string) => apiRequests(h.sim, path).map((r) => JSON.parse(r.body || '{}'));
type Source = Record<string, unknown>;
const sourceOf = (json: Record<string, unknown>) => json._source as Source;

describe('Record > Search of a detection', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it("finds the records of the detection's participants at its time, and asks for exactly them", async () => {
		const d = h.sim.getDetection(1001);
		const out = await h.engine.runNode(
			record({ source: 'detection', detectionId: byId(1001), types: ['~cifs'], returnAll: true }),
		);
		const [body] = bodies('/api/v1/records/search');
		expect(body).toEqual({
			types: ['~cifs'],
			from: d.start_time - 300_000,
			until: d.end_time + 300_000,
			filter: {
				operator: 'or',
				rules: [
					{ field: '.ipaddr', operator: '=', operand: '192.168.6.21' },
					{ field: '.ipaddr', operator: '=', operand: '192.168.6.179' },
				],
			},
			limit: 1000,
			context_ttl: 120_000,
		});
		const writes = out.filter((o) => sourceOf(o.json).method === 'SMB2_WRITE');
		expect(writes.length).toBe(8);
		for (const o of writes) {
			const s = sourceOf(o.json);
			expect(o.json._type).toBe('~cifs');
			expect([s.clientAddr, s.serverAddr]).toEqual(['192.168.6.21', '192.168.6.179']);
			expect(s.timestamp).toBeGreaterThanOrEqual(d.start_time);
			expect(s.timestamp).toBeLessThanOrEqual(d.end_time);
		}
	});

	it('simplifies each record to flat fields with ISO times', async () => {
		const out = await h.engine.runNode(
			record({
				source: 'detection',
				detectionId: byId(1001),
				types: ['~cifs'],
				limit: 1,
				simplify: true,
				options: { sortBy: 'timestamp', sortDirection: 'asc' },
			}),
		);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			type: '~cifs',
			clientAddr: '192.168.6.21',
			serverPort: 445,
			time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			first_time: expect.stringMatching(/Z$/),
		});
		expect(out[0].json._source).toBeUndefined();
		expect(bodies('/api/v1/records/search')[0]).toMatchObject({
			limit: 1,
			sort: [{ field: 'timestamp', direction: 'asc' }],
		});
	});
});

describe('Record > Search with a filter', () => {
	beforeEach(async () => {
		h = await startExtraHop();
	});

	it('builds the filter from IP address, port, text and conditions, all of them', async () => {
		const out = await h.engine.runNode(
			record({
				from: '-1d',
				ipAddress: '192.168.6.21',
				port: '445',
				text: 'archive-',
				conditions: { condition: [{ field: 'method', operator: 'equals', value: 'SMB2_WRITE' }] },
				returnAll: true,
			}),
		);
		const [body] = bodies('/api/v1/records/search');
		expect(body.filter).toEqual({
			operator: 'and',
			rules: [
				{ field: '.ipaddr', operator: '=', operand: '192.168.6.21' },
				{ field: '.port', operator: '=', operand: '445' },
				{ field: '.any', operator: '~', operand: 'archive-' },
				{ field: 'method', operator: '=', operand: 'SMB2_WRITE' },
			],
		});
		expect(body.from).toBe(-86_400_000);
		expect(body.until).toBe(0);
		expect(out.length).toBe(8);
		expect(out.every((o) => String(sourceOf(o.json).resource).includes('archive-'))).toBe(true);
	});

	it('sends a JSON filter with and/or/not groups, numbers and booleans as text', async () => {
		const out = await h.engine.runNode(
			record({
				from: '-2d',
				filterMode: 'json',
				types: ['~http'],
				filterJson: JSON.stringify({
					operator: 'and',
					rules: [
						{ field: 'statusCode', operator: '>=', operand: 400 },
						{
							operator: 'not',
							rules: [{ field: 'clientAddr', operator: '=', operand: '172.16.40.9' }],
						},
					],
				}),
				returnAll: true,
			}),
		);
		expect(bodies('/api/v1/records/search')[0].filter).toEqual({
			operator: 'and',
			rules: [
				{ field: 'statusCode', operator: '>=', operand: '400' },
				{
					operator: 'not',
					rules: [{ field: 'clientAddr', operator: '=', operand: '172.16.40.9' }],
				},
			],
		});
		expect(out.length).toBeGreaterThan(0);
		for (const o of out) {
			expect(sourceOf(o.json).statusCode).toBe(404);
			expect(sourceOf(o.json).clientAddr).toBe('192.168.6.21');
		}
	});

	it('checks every item before the first request, and names the item', async () => {
		const v = '={{ $json.v }}';
		const json = { filterMode: 'json', filterJson: v };
		// [parameters, a good value, a bad value, the error]
		const cases: Array<[Record<string, unknown>, string, string, RegExp]> = [
			[{ ipAddress: v }, '10.1.1.1', '300.1.1.1', /Invalid IP address/],
			[{ port: v }, '443', '70000', /Invalid port/],
			[{ from: v }, '-7d', '-8d', /longer than 7 days/],
			[{ until: v }, '0', '-2h', /From must be earlier than Until/],
			[{ from: v }, '-1h', 'yesterday-ish', /Invalid date for From/],
			[{ from: v }, '-1h', '-1M', /Invalid time for From/],
			[json, '{}', '{"field": ".ipaddr"', /not valid JSON/],
			[json, '{}', '{"operator": "xor", "rules": [{}]}', /needs operator "and", "or" or "not"/],
			[json, '{}', '{"field": "x", "operator": "==", "operand": "1"}', /unknown operator/],
			[
				json,
				'{}',
				'{"field": "x", "operator": "=", "operand": {"a": 1}}',
				/must be text, a number/,
			],
			[
				json,
				'{}',
				'{"field": "x", "operator": "=", "operand": "1", "extra": 1}',
				/unknown keys: extra/,
			],
			[
				{ conditions: { condition: [{ field: 'statusCode', operator: 'greaterThan', value: v }] } },
				'400',
				'',
				/needs a value/,
			],
		];
		for (const [parameters, good, bad, message] of cases) {
			const run = h.engine.runNode(record({ from: '-1h', ...parameters }), [
				{ v: good },
				{ v: bad },
			]);
			await expect(run).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 1 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('keeps order and pairing, and with Continue On Fail makes a missing detection an error item', async () => {
		const out = await h.engine.runNode(
			record(
				{ source: 'detection', detectionId: '={{ $json.id }}', types: ['~flow'], limit: 1 },
				{ continueOnFail: true },
			),
			[{ id: 1002 }, { id: 424242 }, { id: 1001 }],
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json._type).toBe('~flow');
		const ends = (n: number) => [
			sourceOf(out[n].json).senderAddr,
			sourceOf(out[n].json).receiverAddr,
		];
		expect(ends(0).some((ip) => ['10.1.4.55', '10.8.0.12'].includes(String(ip)))).toBe(true);
		expect(ends(2).some((ip) => ['192.168.6.21', '192.168.6.179'].includes(String(ip)))).toBe(true);
		expect(out[1].json).toMatchObject({ error: 'Detection 424242 not found', httpCode: '404' });
		expect(out).toHaveLength(3);
	});
});

describe('Record > Search paging, under each reading of the recordstore', () => {
	for (const recordPaging of ['cursor', 'offset', 'both'] as const) {
		it(`returns every record once across pages (${recordPaging})`, async () => {
			h = await startExtraHop({ recordPaging });
			const out = await h.engine.runNode(
				record({ from: '-2d', until: '-1d', types: ['~http'], returnAll: true }),
			);
			const searches = bodies('/api/v1/records/search');
			const cursors = bodies('/api/v1/records/cursor');
			const ids = out.map((o) => o.json._id);
			expect(new Set(ids).size).toBe(ids.length);
			// Two baseline HTTP conversations, one record every 15 minutes, for a day.
			expect(ids.length).toBe(2 * 96);
			expect(searches[0]).toMatchObject({ limit: 1000, context_ttl: 120_000, from: -172_800_000 });
			if (recordPaging === 'offset') {
				expect(cursors).toHaveLength(0);
			} else {
				expect(searches).toHaveLength(1);
			}
		});
	}

	it('pages a large search with the cursor, and with offset over the absolute window when there is none', async () => {
		h = await startExtraHop({ recordPaging: 'cursor' });
		const all = await h.engine.runNode(record({ from: '-3d', returnAll: true }));
		expect(all.length).toBeGreaterThan(2000);
		expect(bodies('/api/v1/records/cursor').length).toBe(Math.ceil(all.length / 1000) - 1);
		expect(apiRequests(h.sim, '/api/v1/records/cursor')[0].path).toBe('/api/v1/records/cursor');
		await h.sim.stop();

		h = await startExtraHop({ recordPaging: 'offset' });
		const again = await h.engine.runNode(record({ from: '-3d', returnAll: true }));
		const searches = bodies('/api/v1/records/search');
		expect(again.length).toBe(all.length);
		expect(searches.length).toBe(Math.ceil(again.length / 1000));
		expect(searches[1]).toMatchObject({ offset: 1000, limit: 1000 });
		expect(searches[1].from).toBeGreaterThan(1e12);
		expect(searches[1].until).toBeGreaterThan(searches[1].from);
		expect(searches[1].context_ttl).toBeUndefined();
	});

	it('stops at the limit with one request', async () => {
		h = await startExtraHop();
		const out = await h.engine.runNode(record({ from: '-1d', limit: 7 }));
		expect(out).toHaveLength(7);
		expect(bodies('/api/v1/records/search').map((b) => b.limit)).toEqual([7]);
		expect(bodies('/api/v1/records/cursor')).toHaveLength(0);
	});
});

describe('Record > Search under the readings of what a record holds', () => {
	it('simplifies addresses and devices written as objects the same as plain ones', async () => {
		const run = async (recordValueShape: string) => {
			h = await startExtraHop({ recordValueShape });
			const out = await h.engine.runNode(
				record({
					source: 'detection',
					detectionId: byId(1002),
					types: ['~ssh_open'],
					returnAll: true,
					simplify: true,
				}),
			);
			await h.sim.stop();
			return out.map((o) => o.json);
		};
		const plain = await run('plain');
		const typed = await run('typed');
		// The two simulators started at different times: compare what does not depend on the clock.
		const timeless = (list: Array<Record<string, unknown>>) =>
			list.map(({ id, time, first_time, last_time, timestamp, first, last, ...rest }) => ({
				...rest,
				times: [id, time, first_time, last_time, timestamp, first, last].map((t) => typeof t),
			}));
		expect(plain.length).toBeGreaterThan(0);
		expect(timeless(typed)).toEqual(timeless(plain));
		expect(typed[0]).toMatchObject({
			clientAddr: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
			client: expect.stringMatching(/^[0-9a-f]{16}$/),
		});
		h = await startExtraHop();
	});

	it('finds plain text whether ExtraHop reads ~ as a regular expression or as a substring', async () => {
		for (const recordTilde of ['regex', 'substring']) {
			h = await startExtraHop({ recordTilde });
			const out = await h.engine.runNode(
				record({ from: '-1d', text: 'exfil-cdn.net', returnAll: true }),
			);
			expect(out.length).toBe(15);
			await h.sim.stop();
		}
		h = await startExtraHop();
	});
});
