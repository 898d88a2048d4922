/**
 * What "Detection Still Without Ticket" costs when the workflow never tickets the open detections
 * it gets (the worst case: each one re-emitted again and again), on n8n's engine against the
 * ExtraHop simulator, with the node's defaults (minimum age 10 minutes, a check every 5, waits
 * doubling up to 24 hours and a quarter).
 *
 * 1. The schedule, on 300 detections over three simulated days: re-emissions per detection.
 * 2. The cost of each kind of poll at 10,000 open detections: an idle poll (the server's clock),
 *    a check with nothing due (the candidates' IDs), and a due detection (read in full).
 * The hourly figure at 10,000 combines the two; it is printed (docs/nodes/extrahop-trigger.md
 * quotes it) and held to bounds. (Simulating days at 10,000 takes the simulator hours: it filters
 * and sorts every detection for every search.)
 */
import type { IDataObject } from 'n8n-workflow';

import { apiRequests, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { TriggerHarness } from '../helpers/trigger';

const MIN = 60_000;
const OPEN = 10_000;

describe('ExtraHop Trigger: cost of reconciliation', () => {
	let h: ExtraHopSetup;
	let bytes = 0;

	beforeEach(async () => {
		h = await startExtraHop({ seed: false });
		bytes = 0;
		h.sim.setOnSearch(({ page }: { body: IDataObject; page: unknown[] }) => {
			bytes += JSON.stringify(page).length;
		});
	});
	afterEach(async () => {
		await h.sim.stop();
	});

	const advance = (ms: number) => {
		h.sim.config.clockOffsetMs += ms;
	};
	const searches = () => apiRequests(h.sim, '/api/v1/detections/search').length;
	const measure = async (step: () => Promise<unknown>) => {
		h.sim.server.clearRequestLog();
		bytes = 0;
		await step();
		return { requests: searches(), bytes };
	};

	/** Re-emissions per detection per day once every wait reached its longest, measured on 300. */
	let dailyRate = 0;

	it('the schedule: about eight re-emissions in the first day, then one a day or a little less (waits of 24 hours, up to a quarter longer)', async () => {
		const n = 200;
		// A check every 10 minutes (polls every 10 simulated minutes) keeps the simulation short.
		const t = new TriggerHarness(h.engine, {
			events: ['unticketed'],
			reconciliation: { checkEveryMinutes: 10 },
		});
		await t.poll();
		for (let i = 0; i < n; i++) h.sim.createDetection({});
		const counts = new Map<number, number>();
		const day = async () => {
			const before = new Map(counts);
			for (let minute = 0; minute < 24 * 60; minute += 10) {
				advance(10 * MIN);
				for (const item of (await t.poll()) ?? [])
					counts.set(item.id as number, (counts.get(item.id as number) ?? 0) + 1);
			}
			return [...counts].map(([id, c]) => c - (before.get(id) ?? 0));
		};
		const days = [await day(), await day(), await day(), await day()];
		expect(counts.size).toBe(n);
		const range = (d: number[]) => `${Math.min(...d)}-${Math.max(...d)}`;
		const average = (d: number[]) => d.reduce((a, b) => a + b, 0) / n;
		process.stdout.write(
			`reconciliation schedule, ${n} detections never ticketed: re-emissions per detection ` +
				`day 1 ${range(days[0])}, day 2 ${range(days[1])}, day 3 ${range(days[2])}, ` +
				`day 4 ${average(days[3]).toFixed(2)} on average; state ${t.stateBytes()} bytes\n`,
		);
		// After 10, 20, 40, ... 640 minutes, each up to a quarter longer: 6 to 8 the first day.
		expect(Math.min(...days[0])).toBeGreaterThanOrEqual(6);
		expect(Math.max(...days[0])).toBeLessThanOrEqual(8);
		dailyRate = average(days[3]);
		// 24 hours and up to a quarter: between 0.8 and 1 a day each.
		expect(dailyRate).toBeGreaterThan(0.75);
		expect(dailyRate).toBeLessThanOrEqual(1);
	}, 300_000);

	it(`the cost per hour at ${OPEN.toLocaleString('en')} open detections`, async () => {
		// A minimum age of an hour, so that after the first re-emission of all of them nothing is due
		// for an hour: the checks in between show their own cost (which does not depend on it).
		const t = new TriggerHarness(h.engine, {
			events: ['unticketed'],
			reconciliation: { minAgeMinutes: 60 },
		});
		await t.poll();
		const start = h.sim.now();
		for (let i = 0; i < OPEN; i++) h.sim.createDetection({});
		advance(61 * MIN);
		// The first check after the minimum age: every one due, read in runs of 1,000 (the cap per check).
		const emitted: number[] = [];
		const burst = await measure(async () => {
			for (let i = 0; i < 10; i++) emitted.push(((await t.poll()) ?? []).length);
		});
		expect(emitted).toEqual(Array(10).fill(1000));
		advance(MIN);
		const idle = await measure(() => t.poll());
		advance(4 * MIN); // 5 minutes after the last check: a check, nothing due
		const check = await measure(() => t.poll());
		expect(idle.requests).toBe(1);
		expect(check.requests).toBe(3);
		// One due detection among them (never emitted, changed long enough ago): one more read.
		const lost = h.sim.createDetection({ mod_time: start + 5 * MIN });
		advance(5 * MIN);
		let out: IDataObject[] | null = null;
		const one = await measure(async () => (out = await t.poll()));
		expect(out!.map((x) => x.id)).toEqual([lost.id]);
		expect(one.requests - check.requests).toBe(1);
		const read = one.bytes - check.bytes;

		const rate = dailyRate || 1;
		const dueHourly = (OPEN * rate) / 24;
		const hourly = {
			requests: 60 * idle.requests + 12 * (check.requests - idle.requests) + dueHourly,
			bytes: 60 * idle.bytes + 12 * (check.bytes - idle.bytes) + dueHourly * read,
		};
		process.stdout.write(
			`reconciliation at ${OPEN} open detections never ticketed (a check every 5 minutes, a poll a minute):\n` +
				`  idle poll: ${idle.requests} request, ${idle.bytes} bytes; check, nothing due: ${check.requests} requests, ` +
				`${(check.bytes / 1024).toFixed(0)} KB (${((check.bytes - idle.bytes) / OPEN).toFixed(1)} bytes per candidate); ` +
				`a due detection: 1 request, ${read} bytes\n` +
				`  first check after the minimum age: ${burst.requests} requests, ${(burst.bytes / 1048576).toFixed(1)} MB over 10 polls\n` +
				`  per hour, steady (${rate.toFixed(2)} re-emissions a day each): ${Math.round(hourly.requests)} requests, ` +
				`${(hourly.bytes / 1048576).toFixed(2)} MB, ${Math.round(dueHourly)} detections re-emitted; state ${t.stateBytes()} bytes\n`,
		);
		expect(hourly.requests).toBeLessThan(600);
		expect(hourly.bytes).toBeLessThan(2 * 1048576);
		expect(t.stateBytes()).toBeLessThan(OPEN * 12);
	}, 300_000);
});
