/**
 * "Detection Still Without Ticket": the poll trigger's reconciliation, on n8n's engine against
 * the ExtraHop simulator. Time passes on the simulator's clock (the trigger follows the server's
 * Date header and mod_time values, never n8n's clock).
 */
import type { IDataObject } from 'n8n-workflow';

import { apiRequests, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { TriggerHarness } from '../helpers/trigger';

const MIN = 60_000;
const NODE_KEY = 'node:ExtraHop Trigger';

describe('ExtraHop Trigger: Detection Still Without Ticket', () => {
	let h: ExtraHopSetup;

	beforeEach(async () => {
		h = await startExtraHop({ seed: false });
	});
	afterEach(async () => {
		await h.sim.stop();
	});

	const advance = (ms: number) => {
		h.sim.config.clockOffsetMs += ms;
	};
	const ticket = (id: number, key = `SOC-${id}`) =>
		h.sim.modifyDetection(id, { fields: { ticket_id: key, status: 'in_progress' } });
	const searches = () =>
		apiRequests(h.sim, '/api/v1/detections/search').map((r) => JSON.parse(r.body) as IDataObject);

	function trigger(parameters: IDataObject = {}) {
		return new TriggerHarness(h.engine, {
			events: ['created', 'updated', 'unticketed'],
			reconciliation: { minAgeMinutes: 10, checkEveryMinutes: 5 },
			...parameters,
		});
	}
	const reemitted = (out: IDataObject[] | null) =>
		(out ?? []).filter((x) => x.event === 'unticketed').map((x) => [x.id, x.reconcileAttempt]);
	const reconcileState = (t: TriggerHarness) =>
		(t.snapshot()[NODE_KEY] as IDataObject | undefined)?.reconcile as IDataObject | undefined;

	it('re-emits exactly the open matching detections still without a ticket once they are older than the minimum age', async () => {
		const t = trigger({ filters: { categories: ['sec'] } });
		expect(await t.poll()).toBeNull();
		const lost = h.sim.createDetection({ type: 'port_scan' });
		const ticketed = h.sim.createDetection({ type: 'port_scan' });
		const closed = h.sim.createDetection({ type: 'port_scan', status: 'closed' });
		const otherCategory = h.sim.createDetection({ type: 'db_slow_queries' });
		const out = await t.poll();
		expect(out!.map((x) => [x.id, x.event])).toEqual([
			[lost.id, 'created'],
			[ticketed.id, 'created'],
			[closed.id, 'created'],
		]);
		ticket(ticketed.id);
		advance(11 * MIN);
		const young = h.sim.createDetection({ type: 'port_scan' });
		const later = await t.poll();
		// The new one by the cursor; the one whose execution never ticketed it, again.
		expect(later!.map((x) => [x.id, x.event, x.reconcileAttempt])).toEqual([
			[young.id, 'created', undefined],
			[lost.id, 'unticketed', 1],
		]);
		expect(later![1]).toMatchObject({
			title: 'Port Scan',
			ticket_id: null,
			url: expect.any(String),
		});
		expect(otherCategory.id).toBeGreaterThan(0);
		// The candidates were asked for with the trigger's filters, no ticket and not closed.
		const idQuery = searches().find(
			(b) => b.id_only === true && (b.filter as IDataObject | undefined)?.ticket_id,
		)!;
		expect(idQuery.filter).toEqual({
			categories: ['sec'],
			ticket_id: ['.none'],
			status: ['.none', 'new', 'in_progress', 'acknowledged'],
		});
		expect(await t.poll()).toBeNull();
	});

	it('never re-emits while an emission may still run: the minimum age counts from the last change, the cursor emission and the last re-emission, then backs off', async () => {
		const t = trigger();
		await t.poll();
		const d = h.sim.createDetection({});
		expect((await t.poll())!.map((x) => x.id)).toEqual([d.id]);
		advance(6 * MIN);
		expect(await t.poll()).toBeNull(); // a check ran: 6 minutes is too young
		advance(5 * MIN);
		expect(reemitted(await t.poll())).toEqual([[d.id, 1]]);
		// Then waits of the minimum age (10 minutes), 20, 40, each lengthened by up to a quarter
		// (by detection ID), seen at the next check (every 5 minutes).
		const schedule: Array<[number, number]> = [];
		for (let minute = 0; minute < 100; minute += 5) {
			advance(5 * MIN);
			const out = reemitted(await t.poll());
			if (out.length) schedule.push([minute + 5, out[0][1] as number]);
		}
		expect(schedule.map(([, attempt]) => attempt)).toEqual([2, 3, 4]);
		const waits = schedule.map(([minute], i) => minute - (i ? schedule[i - 1][0] : 0));
		[10, 20, 40].forEach((base, i) => {
			expect(waits[i]).toBeGreaterThanOrEqual(base);
			expect(waits[i]).toBeLessThan(base * 1.25 + 5);
		});
		// Ticketed at last: never emitted again, and forgotten.
		ticket(d.id);
		for (let i = 0; i < 40; i++) {
			advance(5 * MIN);
			expect(await t.poll()).toBeNull();
		}
		expect((reconcileState(t)!.e as IDataObject).i).toBe('');
	});

	it('new activity the cursor emits restarts the wait from the minimum age; a tracking-only change does not', async () => {
		const t = trigger();
		await t.poll();
		const d = h.sim.createDetection({});
		await t.poll();
		advance(11 * MIN);
		expect(reemitted(await t.poll())).toEqual([[d.id, 1]]);
		advance(13 * MIN); // 10 minutes, lengthened by up to a quarter
		expect(reemitted(await t.poll())).toEqual([[d.id, 2]]);
		h.sim.modifyDetection(d.id, { fields: { assignee: 'alice' } });
		advance(11 * MIN);
		expect(await t.poll()).toBeNull(); // still waiting 20 minutes after the second
		h.sim.modifyDetection(d.id, { activity: true });
		expect((await t.poll())!.map((x) => [x.id, x.event])).toEqual([[d.id, 'updated']]);
		advance(6 * MIN);
		expect(await t.poll()).toBeNull();
		advance(5 * MIN);
		expect(reemitted(await t.poll())).toEqual([[d.id, 1]]);
	});

	it('an old detection emitted late by the cursor (First Run Lookback) waits the minimum age after that emission', async () => {
		const now = h.sim.now();
		const old = h.sim.createDetection({ mod_time: now - 30 * MIN, create_time: now - 30 * MIN });
		const t = trigger({ options: { lookbackMinutes: 60 } });
		expect((await t.poll())!.map((x) => [x.id, x.event])).toEqual([[old.id, 'created']]);
		advance(6 * MIN);
		expect(await t.poll()).toBeNull();
		advance(5 * MIN);
		expect(reemitted(await t.poll())).toEqual([[old.id, 1]]);
	});

	it('does not check while the cursor still has a backlog to emit', async () => {
		const t = trigger({ options: { maxPerPoll: 5 } });
		await t.poll();
		const early = h.sim.createDetection({});
		await t.poll();
		advance(11 * MIN);
		const backlog = Array.from({ length: 12 }, () => h.sim.createDetection({}));
		h.sim.server.clearRequestLog();
		const first = await t.poll();
		expect(first!.map((x) => x.id)).toEqual(backlog.slice(0, 5).map((d) => d.id));
		expect(searches().some((b) => b.id_only === true && b.filter !== undefined)).toBe(false);
		await t.poll();
		const last = await t.poll();
		// Backlog drained: the check runs in the same poll.
		expect(last!.map((x) => [x.id, x.event])).toEqual([
			[backlog[10].id, 'created'],
			[backlog[11].id, 'created'],
			[early.id, 'unticketed'],
		]);
	});

	it('the minimum age is at least the lateness tolerance when the cursor runs', async () => {
		const t = trigger({
			reconciliation: { minAgeMinutes: 2, checkEveryMinutes: 1 },
			options: { latenessMinutes: 4 },
		});
		await t.poll();
		const d = h.sim.createDetection({});
		await t.poll();
		advance(3 * MIN);
		expect(await t.poll()).toBeNull();
		advance(2 * MIN);
		expect(reemitted(await t.poll())).toEqual([[d.id, 1]]);
	});

	it('recognises the write-back of a re-emitted detection the cursor no longer remembers: no echo', async () => {
		const t = trigger();
		await t.poll();
		const d = h.sim.createDetection({});
		await t.poll();
		// 600 newer (ticketed) detections push it out of the cursor's memory (500 most recent versions).
		for (let i = 0; i < 600; i++) h.sim.createDetection({ ticket_id: `SOC-X${i}` });
		await t.poll();
		advance(11 * MIN);
		expect(reemitted(await t.poll())).toEqual([[d.id, 1]]);
		ticket(d.id); // the workflow's write-back
		expect(await t.poll()).toBeNull();
		// Real new activity on it is still an update.
		h.sim.modifyDetection(d.id, { activity: true });
		expect((await t.poll())!.map((x) => [x.id, x.event])).toEqual([[d.id, 'updated']]);
	});

	it('reconciles only (push flows): no cursor, a detection nobody emitted (a lost push) is emitted after the minimum age', async () => {
		const t = trigger({ events: ['unticketed'] });
		expect(await t.poll()).toBeNull();
		const lost = h.sim.createDetection({});
		const pushed = h.sim.createDetection({});
		ticket(pushed.id); // the push flow did its job
		advance(4 * MIN);
		expect(await t.poll()).toBeNull();
		advance(7 * MIN);
		const out = await t.poll();
		expect(out!.map((x) => [x.id, x.event, x.reconcileAttempt])).toEqual([
			[lost.id, 'unticketed', 1],
		]);
		expect((t.snapshot()[NODE_KEY] as IDataObject).cursor).toBeUndefined();
		// Idle polls between checks ask for the server's clock only (one ID); at a check, two ID
		// lists too (and nothing more when none is due: a young one is known by its ID alone).
		h.sim.server.clearRequestLog();
		advance(MIN);
		await t.poll();
		expect(searches()).toEqual([
			{ sort: [{ field: 'mod_time', direction: 'desc' }], limit: 1, id_only: true },
		]);
		advance(4 * MIN);
		h.sim.createDetection({});
		h.sim.server.clearRequestLog();
		advance(MIN);
		expect(await t.poll()).toBeNull();
		expect(searches().map((b) => [b.id_only, b.limit])).toEqual([
			[true, 1],
			[true, 20000],
			[true, 20000],
		]);
	});

	it('reconciles nothing when the filters ask only for certain tickets or only closed detections', async () => {
		for (const filters of [{ ticketId: 'SOC-1' }, { status: ['closed'] }]) {
			const t = trigger({ events: ['unticketed'], filters });
			await t.poll();
			h.sim.createDetection({ ticket_id: null });
			advance(20 * MIN);
			h.sim.server.clearRequestLog();
			expect(await t.poll()).toBeNull();
			expect(searches().filter((b) => b.filter !== undefined)).toHaveLength(0);
		}
		// A status filter keeps its open statuses.
		const t = trigger({ events: ['unticketed'], filters: { status: ['new', 'closed'] } });
		await t.poll();
		const fresh = h.sim.createDetection({ status: 'new' });
		advance(20 * MIN);
		expect(reemitted(await t.poll())).toEqual([[fresh.id, 1]]);
		expect(searches().at(-1)!.filter).toEqual({ status: ['new'], ticket_id: ['.none'] });
	});

	it('starts with the event: detections changed before it was switched on are not reconciled, unless First Run Lookback reaches them', async () => {
		const before = h.sim.createDetection({});
		advance(30 * MIN);
		const t = trigger({ events: ['unticketed'] });
		await t.poll();
		advance(20 * MIN);
		expect(await t.poll()).toBeNull();
		const withLookback = trigger({ events: ['unticketed'], options: { lookbackMinutes: 60 } });
		await withLookback.poll();
		advance(6 * MIN);
		expect(reemitted(await withLookback.poll())).toEqual([[before.id, 1]]);
	});

	it('gives up on detections whose last change is older than Give Up After', async () => {
		const t = trigger({
			events: ['unticketed'],
			reconciliation: { minAgeMinutes: 10, checkEveryMinutes: 30, giveUpDays: 1, maxWaitHours: 2 },
		});
		await t.poll();
		const d = h.sim.createDetection({});
		let last = 0;
		for (let minute = 30; minute <= 30 * 60; minute += 30) {
			advance(30 * MIN);
			if (reemitted(await t.poll()).length) last = minute;
		}
		// The last re-emission at most the longest wait (2 hours, and a quarter) before the day ends.
		expect(last).toBeGreaterThan(24 * 60 - 150 - 30);
		expect(last).toBeLessThanOrEqual(24 * 60);
		expect(d.id).toBeGreaterThan(0);
	});

	it('caps re-emissions per check and continues at the next poll, oldest first, each once', async () => {
		const t = trigger({
			events: ['unticketed'],
			reconciliation: { minAgeMinutes: 10, checkEveryMinutes: 5, maxPerCheck: 4 },
		});
		await t.poll();
		const all = Array.from({ length: 10 }, () => h.sim.createDetection({}).id);
		advance(11 * MIN);
		const seen: number[] = [];
		for (let i = 0; i < 3; i++) {
			const out = reemitted(await t.poll());
			expect(out.length).toBeLessThanOrEqual(4);
			seen.push(...out.map(([id]) => id as number));
		}
		expect(seen).toEqual(all);
	});

	it('reads due detections by runs: close ones in one request, the other candidates as IDs only', async () => {
		const t = trigger({ events: ['unticketed'] });
		await t.poll();
		const base = h.sim.now() + 1000;
		const ids = Array.from(
			{ length: 50 },
			(_, i) => h.sim.createDetection({ mod_time: base + i * 1000 }).id,
		);
		advance(11 * MIN);
		h.sim.server.clearRequestLog();
		expect(reemitted(await t.poll()).map(([id]) => id)).toEqual(ids);
		const full = searches().filter((b) => !b.id_only);
		expect(full).toHaveLength(1);
		expect(full[0]).toMatchObject({ offset: 0, limit: 50 });
		// Four that arrived late between them (due now; the 50 wait for their backoff): positions 4
		// and 7 (two between: one read), 28 and 51.
		const late = [3500, 5500, 25500, 47500].map(
			(offset) => h.sim.createDetection({ mod_time: base + offset }).id,
		);
		advance(5 * MIN);
		h.sim.server.clearRequestLog();
		expect(reemitted(await t.poll()).map(([id]) => id)).toEqual(late);
		expect(
			searches()
				.filter((b) => !b.id_only)
				.map((b) => [b.offset, b.limit]),
		).toEqual([
			[4, 4],
			[28, 1],
			[51, 1],
		]);
	});

	it('keeps the state format of saved workflows when the event is not selected, and drops its own when it is switched off', async () => {
		const plain = new TriggerHarness(h.engine, { events: ['created', 'updated'] });
		await plain.poll();
		h.sim.createDetection({});
		await plain.poll();
		expect(Object.keys(plain.snapshot()[NODE_KEY] as IDataObject)).toEqual(['cursor']);
		const t = trigger();
		await t.poll();
		expect(Object.keys(t.snapshot()[NODE_KEY] as IDataObject).sort()).toEqual([
			'cursor',
			'reconcile',
		]);
		// The same workflow with the event switched off again.
		Object.assign(plain.workflow.staticData, t.snapshot());
		await plain.poll();
		expect(Object.keys(plain.snapshot()[NODE_KEY] as IDataObject)).toEqual(['cursor']);
	});

	it('Fetch Test Event with only this event shows the most recent detection it could emit', async () => {
		const t = trigger({ events: ['unticketed'] });
		const older = h.sim.createDetection({});
		h.sim.createDetection({ ticket_id: 'SOC-9' });
		const sample = await t.poll('manual');
		expect(sample!.map((x) => [x.id, x.event])).toEqual([[older.id, 'unticketed']]);
		expect(t.snapshot()[NODE_KEY]).toBeUndefined();
	});
});
