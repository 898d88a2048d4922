/**
 * The poll cursor's edges, each pinned by a deterministic test against the in-memory search
 * (exact times, no HTTP): a window re-read stopped by the per-poll cap, the floor a burst leaves,
 * tie groups under the exclusive reading with no window to fall back on, versions read again in
 * Any Change mode, what one uncapped poll reads, and the state's bounds. Each test names the
 * one-line bug it is there to catch.
 */
import { MAX_WINDOW_ENTRIES, RECENT_ENTRIES } from '../../nodes/ExtraHop/trigger/cursor';
import {
	DEFAULT_SETTINGS as BASE,
	MIN,
	MemoryExtraHop,
	MemoryTrigger as Trigger,
	keysOf,
} from '../helpers/memory-extrahop';

describe.each([
	['exclusive', false],
	['inclusive', true],
])('ExtraHop Trigger cursor, mod_time %s', (_reading, inclusive) => {
	let s: MemoryExtraHop;
	beforeEach(() => {
		s = new MemoryExtraHop(inclusive);
	});

	// Bug: the window's start moves on with the clock although the capped re-read did not reach
	// the end of the window (windowChecked taken as true).
	it('the window does not move on while the per-poll cap stops its re-read: late arrivals at its start are all emitted', async () => {
		const t = new Trigger(s, { ...BASE, maxPerPoll: 5 });
		for (let k = 0; k < 3; k++) s.create({ mod_time: s.now - MIN + k });
		expect(await t.poll()).toEqual([]);
		s.now += 10_000;
		const fresh = [s.create().id as number, s.create().id as number];
		expect(await t.poll()).toEqual(keysOf(s, fresh));
		// Twelve late arrivals 9 minutes back, then 2 minutes pass: the clock alone would move the
		// window's start past the ones the capped re-read has not reached.
		const late = Array.from(
			{ length: 12 },
			(_, k) => s.create({ mod_time: s.now - 9 * MIN + k }).id as number,
		);
		s.now += 2 * MIN;
		expect(await t.poll()).toEqual(keysOf(s, late.slice(0, 5)));
		expect(t.state!.c).toBeLessThan(s.rows.get(late[5])!.mod_time as number);
		await t.drain();
		expect(t.all).toEqual(keysOf(s, [...fresh, ...late]));
	});

	// Bugs: the floor a burst leaves not saved, or not moved up by a later burst: the forgotten
	// versions are read again as unknown and emitted twice.
	it('a burst larger than the state keeps: its floor is saved and moves up, nothing forgotten is emitted again', async () => {
		const t = new Trigger(s, { ...BASE, maxPerPoll: 20_000 });
		s.create();
		await t.poll();
		s.now += 3 * MIN;
		const first = Array.from(
			{ length: 6000 },
			(_, k) => s.create({ mod_time: s.now - 2 * MIN + Math.floor(k * 15) }).id as number,
		);
		expect(await t.poll()).toHaveLength(6000);
		const floor = t.state!.floor!;
		expect(floor).not.toBeNull();
		expect(floor.t).toBeGreaterThanOrEqual(t.state!.c);
		// A late arrival after the floor: the window is read again, from the floor on.
		s.now += 10_000;
		const late = s.create({ mod_time: (s.rows.get(first[5500])!.mod_time as number) + 1 })
			.id as number;
		expect(await t.poll()).toEqual(keysOf(s, [late]));
		// A second burst: the floor moves up.
		s.now += MIN;
		const second = Array.from(
			{ length: 6000 },
			(_, k) => s.create({ mod_time: s.now - MIN + Math.floor(k * 10) }).id as number,
		);
		expect(await t.poll()).toHaveLength(6000);
		expect(t.state!.floor!.t).toBeGreaterThan(floor.t);
		for (let minute = 0; minute < 12; minute++) {
			s.now += MIN;
			expect(await t.poll()).toEqual([]);
		}
		expect(t.all).toEqual(keysOf(s, [...first, late, ...second]));
	});

	// Bug: under the exclusive reading, keyset paging asks for mod_time after `from` instead of
	// after from - 1, skipping the rest of the tie group at `from`. A lateness tolerance of 0
	// leaves no window re-read to make up for it.
	it('reads a tie group across capped polls by keyset paging alone (lateness tolerance 0)', async () => {
		const t = new Trigger(s, { ...BASE, maxPerPoll: 7, latenessMs: 0 });
		s.create();
		await t.poll();
		s.now += MIN;
		const ties = Array.from({ length: 60 }, () => s.create({ mod_time: s.now }).id as number);
		s.now += MIN;
		const polls = await t.drain();
		expect(polls).toBe(9);
		expect(t.all).toEqual(keysOf(s, ties));
	});

	// Bug: a version counts as new when its mod_time equals the remembered one (>= turned >):
	// in Any Change mode the watermark's own version, read by every poll, is emitted again.
	it("Any Change mode: a version read again (the watermark's own, the window read again) is not emitted again", async () => {
		const t = new Trigger(s, { ...BASE, updateMode: 'anyChange' });
		s.create();
		await t.poll();
		s.now += 10_000;
		const a = s.create().id as number;
		const b = s.create().id as number;
		expect(await t.poll()).toEqual(keysOf(s, [a, b]));
		s.now += 10_000;
		expect(await t.poll()).toEqual([]);
		const late = s.create({ mod_time: (s.rows.get(a)!.mod_time as number) - 1000 }).id as number;
		s.now += 10_000;
		expect(await t.poll()).toEqual(keysOf(s, [late]));
		s.modify(b, { fields: { ticket_id: 'SOC-1' } });
		expect(await t.poll()).toEqual(keysOf(s, [b]));
		expect(await t.poll()).toEqual([]);
	});

	// Bugs: a full page taken for the last one, or no page after a full count probe: an uncapped
	// poll leaves versions for the next one.
	it('a poll below the cap reads everything visible: past full pages of write-backs it does not emit, and past a full count probe', async () => {
		const t = new Trigger(s, { ...BASE, maxPerPoll: 10 });
		const known = Array.from(
			{ length: 60 },
			(_, k) => s.create({ mod_time: s.now - 5 * MIN + k * 1000 }).id as number,
		);
		await t.poll();
		s.now += MIN;
		for (const id of known.slice(0, 50)) s.modify(id, { fields: { assignee: 'analyst1' } });
		const fresh = [0, 1, 2].map(() => s.create({ mod_time: s.now + 1 }).id as number);
		expect(await t.poll()).toEqual(keysOf(s, fresh));

		const wide = new Trigger(s, { ...BASE, maxPerPoll: 1000 });
		wide.state = t.state;
		s.now += MIN;
		const many = Array.from(
			{ length: 60 },
			(_, k) => s.create({ mod_time: s.now + k }).id as number,
		);
		expect(await wide.poll()).toEqual(keysOf(s, many));
	});

	// Bug: a floor set inside the watermark's own tie group taken as covering the whole group:
	// the part of the group not read yet would count as handled.
	it('a tie group larger than the window may hold, across capped polls: all of it once', async () => {
		const t = new Trigger(s, { ...BASE, maxPerPoll: 5500 });
		s.create();
		await t.poll();
		s.now += MIN;
		const ties = Array.from({ length: 6000 }, () => s.create({ mod_time: s.now }).id as number);
		expect(await t.poll()).toHaveLength(5500);
		await t.drain();
		expect(t.all).toEqual(keysOf(s, ties));
	});

	// Bugs: the wrong end of the remembered versions kept beyond the window, or another number of
	// them than documented (the 500 most recent).
	it(`write-backs on the ${RECENT_ENTRIES} most recent detections are recognised after the window passed them, not on older ones`, async () => {
		const t = new Trigger(s, BASE);
		s.create();
		await t.poll();
		s.now += MIN;
		const ids = Array.from(
			{ length: 600 },
			(_, k) => s.create({ mod_time: s.now - 30_000 + k * 10 }).id as number,
		);
		expect(await t.poll()).toHaveLength(600);
		s.now += 30 * MIN;
		expect(await t.poll()).toEqual([]);
		for (const id of ids.slice(100)) s.modify(id, { fields: { ticket_id: `SOC-${id}` } });
		s.modify(ids[99], { fields: { ticket_id: 'SOC-old' } });
		expect(await t.poll()).toEqual(keysOf(s, [ids[99]]));
	});

	// Bug: fewer versions kept in the window than documented (5,000): the tolerance shrinks for
	// bursts it should cover.
	it(`a burst within the state's bound (${MAX_WINDOW_ENTRIES} in the window) keeps the whole tolerance: a late arrival before it is emitted`, async () => {
		const t = new Trigger(s, BASE);
		s.create();
		await t.poll();
		s.now += 3 * MIN;
		Array.from({ length: MAX_WINDOW_ENTRIES - 100 }, (_, k) =>
			s.create({ mod_time: s.now - 2 * MIN + k * 20 }),
		);
		expect(await t.poll()).toHaveLength(MAX_WINDOW_ENTRIES - 100);
		expect(t.state!.floor).toBeNull();
		const late = s.create({ mod_time: s.now - 9 * MIN }).id as number;
		s.now += 10_000;
		expect(await t.poll()).toEqual(keysOf(s, [late]));
	});

	// Bugs: the window checked from the floor's own mod_time (its forgotten group counted), or
	// the mod_time reading taken as inclusive on a version at the window's first millisecond.
	it('a burst of versions a millisecond apart, larger than the state keeps: each read once, the reading learned only from the server', async () => {
		const t = new Trigger(s, BASE);
		s.create();
		await t.poll();
		s.now += 3 * MIN;
		const burst = Array.from(
			{ length: 12_000 },
			(_, k) => s.create({ mod_time: s.now - 2 * MIN + k }).id as number,
		);
		s.detectionsRead = 0;
		const polls = await t.drain();
		for (let minute = 0; minute < 11; minute++) {
			s.now += MIN;
			expect(await t.poll()).toEqual([]);
		}
		expect(polls).toBe(2);
		expect(t.all).toEqual(keysOf(s, burst));
		// An inclusive server shows itself once, on a page then asked for again (x is saved).
		expect(s.detectionsRead).toBeLessThanOrEqual(
			12_000 + 3 * (polls + 1 + 11) + (inclusive ? BASE.maxPerPoll : 0),
		);
		if (!inclusive) for (const state of t.states) expect(state.x).toBeUndefined();
	});
});
