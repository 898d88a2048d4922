/**
 * What one poll of the ExtraHop Trigger costs ExtraHop, request by request, on the in-memory
 * search: each step of the cursor (count probe, list of the window's IDs, reading what is new,
 * reading the window again) is asked only when the step before could not settle the poll. Bugs
 * that emit the right detections at the price of extra searches on every poll (a probe whose
 * answer is ignored, a window list in the wrong order, remembered versions before the window
 * counted in it) pass every test that checks only what is emitted.
 */
import { poll } from '../../nodes/ExtraHop/trigger/cursor';
import { MAX_GROUP_RESTARTS } from '../../nodes/ExtraHop/trigger/server';
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
])('ExtraHop Trigger requests per poll, mod_time %s', (_reading, inclusive) => {
	let s: MemoryExtraHop;
	let t: Trigger;
	/** The requests and the search bodies of the next poll, and what it emitted. */
	const pollCounted = async () => {
		const before = s.requests;
		const first = s.bodies.length;
		const emitted = await t.poll();
		return { emitted, requests: s.requests - before, bodies: s.bodies.slice(first) };
	};

	beforeEach(async () => {
		s = new MemoryExtraHop(inclusive);
		t = new Trigger(s, BASE);
		// Versions remembered from before the window (older than the lateness tolerance now) and in it.
		for (let k = 0; k < 5; k++) s.create({ mod_time: s.now - 2 * MIN + k });
		await t.poll();
		s.now += 15 * MIN;
		// One exactly where the window will start after the next polls: the server's clock (a
		// second before its Date header) 10 seconds on, minus the tolerance.
		s.create({ mod_time: s.now + 10_000 - 1000 - BASE.latenessMs });
		for (let k = 0; k < 3; k++) s.create({ mod_time: s.now - 2 * MIN + k * 1000 });
		expect(await t.poll()).toHaveLength(4);
		s.now += 10_000;
		await t.poll();
		expect(t.state!.c).toBe(s.now - 1000 - BASE.latenessMs);
	});

	it('nothing new: one request, the count probe', async () => {
		s.now += MIN;
		const { emitted, requests } = await pollCounted();
		expect(emitted).toEqual([]);
		expect(requests).toBe(1);
	});

	it('nothing new for longer than the tolerance (nothing remembered in the window): one request from the watermark', async () => {
		s.now += 15 * MIN;
		await t.poll();
		const watermark = t.state!.w.t;
		s.now += MIN;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual([]);
		expect(requests).toBe(1);
		expect(bodies[0]).toMatchObject({
			mod_time: t.state!.x === 1 ? watermark : watermark - 1,
			offset: 0,
		});
	});

	it('new detections, fewer than the probe page: one request reads the watermark and them', async () => {
		s.now += MIN;
		const fresh = [s.create().id as number, s.create().id as number];
		const { emitted, requests } = await pollCounted();
		expect(emitted).toEqual(keysOf(s, fresh));
		expect(requests).toBe(1);
	});

	it('more new detections than the probe page: the probe, then one page of what is new', async () => {
		s.now += MIN;
		const fresh = Array.from({ length: 80 }, () => s.create().id as number);
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual(keysOf(s, fresh));
		expect(requests).toBe(2);
		// The 80 share one mod_time: the page goes on past the 49 of them the probe read, overlapping
		// by one.
		expect(bodies[1].offset).toBe(48);
	});

	it("a late arrival in the window: the probe, the window's IDs, the window read again", async () => {
		// Before the watermark, within the lateness tolerance.
		const late = s.create({ mod_time: t.state!.w.t - 30_000 }).id as number;
		s.now += MIN;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual(keysOf(s, [late]));
		expect(requests).toBe(3);
		expect(bodies.map((b) => b.id_only === true)).toEqual([false, true, false]);
		// The window in one page: the 4 versions remembered in it (one at its very start), as many
		// as the poll may emit, and one more.
		expect(bodies[2].limit).toBe(4 + BASE.maxPerPoll + 1);
	});

	it('a remembered version in the window modified: its IDs show nothing late, so only what is new is read', async () => {
		const [, second] = [...s.rows.values()].filter((d) => (d.mod_time as number) > s.now - 5 * MIN);
		s.now += MIN;
		const watermark = t.state!.w.t;
		s.modify(second.id as number, { activity: true });
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual(keysOf(s, [second.id as number]));
		expect(requests).toBe(3);
		expect(bodies.map((b) => b.id_only === true)).toEqual([false, true, false]);
		// From the watermark on, not from the window's start.
		expect(bodies[2].mod_time).toBe(t.states.at(-2)!.x === 1 ? watermark : watermark - 1);
	});

	it("a remembered version in the window deleted, nothing new: the probe answers nothing, the window's IDs show nothing late", async () => {
		const [first] = [...s.rows.values()].filter((d) => (d.mod_time as number) > s.now - 5 * MIN);
		s.rows.delete(first.id as number);
		s.now += MIN;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual([]);
		expect(requests).toBe(3);
		expect(bodies.map((b) => b.id_only === true)).toEqual([false, true, false]);
	});

	it("the watermark's own detection deleted: the window's IDs end without it, the window is read again from its start", async () => {
		s.rows.delete(t.state!.w.i);
		const windowStart = t.state!.c;
		s.now += MIN;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual([]);
		expect(requests).toBe(3);
		expect(bodies.map((b) => b.id_only === true)).toEqual([false, true, false]);
		expect(bodies[2]).toMatchObject({ mod_time: bodies[1].mod_time, offset: 0 });
		expect([windowStart - 1, windowStart]).toContain(bodies[2].mod_time);
	});

	it('a late arrival and a remembered version modified in the same interval (the count unchanged): the late one is emitted', async () => {
		const [first] = [...s.rows.values()].filter((d) => (d.mod_time as number) > s.now - 5 * MIN);
		const late = s.create({ mod_time: t.state!.w.t - 500 }).id as number;
		s.now += MIN;
		s.modify(first.id as number, { activity: true });
		const { emitted, requests } = await pollCounted();
		expect(emitted).toEqual(keysOf(s, [late, first.id as number]));
		expect(requests).toBe(3);
	});

	it("with a filter (no count probe): the window's IDs show nothing late, so only what is new is read", async () => {
		const filtered = new Trigger(s, { ...BASE, filter: { status: ['.none'] } });
		filtered.state = t.state;
		t = filtered;
		// The first poll may learn the reading of mod_time (a version at from - 1 answered).
		await t.poll();
		const watermark = t.state!.w.t;
		s.now += MIN;
		const fresh = s.create().id as number;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual(keysOf(s, [fresh]));
		expect(requests).toBe(2);
		expect(bodies[0].id_only).toBe(true);
		// From the watermark on, not from the window's start.
		expect(bodies[1].mod_time).toBe(t.states.at(-2)!.x === 1 ? watermark : watermark - 1);
	});

	// A v1 state lists what it remembers by ID (JSON objects order integer-like keys numerically):
	// the window's IDs are compared in (mod_time, id) order all the same.
	it("a v1 state remembering IDs out of mod_time order: the window's IDs still show nothing late", async () => {
		const w = s.now - 30_000;
		const a = s.create({ id: 3001, mod_time: w - 30_000 });
		const b = s.create({ id: 3002, mod_time: w - 90_000 });
		const c = s.create({ id: 3003, mod_time: w });
		const legacy = {
			v: 1,
			w: { t: w, i: 3003 },
			floor: null,
			seen: Object.fromEntries(
				[a, b, c].map((d) => [String(d.id), [w - (d.mod_time as number), 'fingerprint1']]),
			),
		};
		s.rows = new Map([a, b, c].map((d) => [d.id as number, d]));
		t = new Trigger(s, { ...BASE, filter: { status: ['.none'] } });
		t.state = legacy as never;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual([]);
		expect(requests).toBe(2);
		expect(bodies[0].id_only).toBe(true);
		expect(bodies[1].mod_time).toBe(w - 1);
	});

	// A v1 state's floor may lie before the window a v2 state starts at (w - lateness tolerance):
	// such a floor is ignored. One exactly at the window's start, inside a tie group, makes the
	// poll read the window again in full (forgotten versions there cannot be told from late ones).
	it.each([
		['20 minutes before the window: ignored, the count probe settles the poll', 20 * MIN, 2, 50],
		["at the window's start: the window is read again in full", 10 * MIN, 0, 7004],
	])('a v1 state with a floor %s', async (_case, back, offset, limit) => {
		const w = s.now - 30_000;
		const rows = [
			s.create({ id: 3001, mod_time: w - 30_000 }),
			s.create({ id: 3002, mod_time: w - 20_000 }),
			s.create({ id: 3003, mod_time: w }),
		];
		s.rows = new Map(rows.map((d) => [d.id as number, d]));
		t.state = {
			v: 1,
			w: { t: w, i: 3003 },
			floor: { t: w - back, i: 2999 },
			seen: Object.fromEntries(
				rows.map((d) => [String(d.id), [w - (d.mod_time as number), 'fingerprint1']]),
			),
		} as never;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual([]);
		expect(requests).toBe(1);
		expect(bodies[0]).toMatchObject({ mod_time: w - 10 * MIN - 1, offset, limit });
	});

	// `more` tells the node the cursor stopped early (the reconciliation waits for a poll that read
	// everything): set wherever the per-poll cap stops a step, and only then.
	it.each([
		['nothing stops it', 200, 10, false, false],
		['the window read again to its end', 200, 0, true, false],
		['the cap stops the count probe', 30, 80, false, true],
		['the cap stops the page of what is new', 60, 80, false, true],
		['the cap stops the window read again', 5, 0, true, true],
	])('a poll tells whether it stopped early: %s', async (_case, maxPerPoll, fresh, late, more) => {
		if (late) for (let k = 0; k < 8; k++) s.create({ mod_time: t.state!.w.t - 30_000 + k });
		s.now += MIN;
		for (let k = 0; k < fresh; k++) s.create();
		const outcome = await poll(s.search, t.state, { ...BASE, maxPerPoll });
		expect(outcome.emitted).toHaveLength(Math.min(maxPerPoll, fresh + (late ? 8 : 0)));
		expect(outcome.more).toBe(more);
		// The watermark never moves back (late arrivals lie before it).
		if (fresh === 0) expect(outcome.state.w).toEqual(t.state!.w);
	});

	it('with a filter, the watermark the only remembered version left in the window: its ID first in the list, nothing late', async () => {
		const filtered = new Trigger(s, { ...BASE, filter: { status: ['.none'] } });
		filtered.state = t.state;
		t = filtered;
		await t.poll();
		const watermark = t.state!.w;
		for (const d of [...s.rows.values()])
			if ((d.mod_time as number) >= t.state!.c && d.id !== watermark.i)
				s.rows.delete(d.id as number);
		s.now += MIN;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual([]);
		expect(requests).toBe(2);
		expect(bodies[0].id_only).toBe(true);
		expect(bodies[1].mod_time).toBe(t.states.at(-2)!.x === 1 ? watermark.t : watermark.t - 1);
	});

	// The window's IDs in another order than remembered (with a filter, where the IDs are asked
	// for): a remembered detection got a new version that arrived late, inside the window. (Without
	// filters the count probe does not see it: docs/maintainers/mutation-testing.md.)
	it('with a filter, a late new version of a remembered detection, moved inside the window: emitted', async () => {
		const filtered = new Trigger(s, { ...BASE, filter: { status: ['.none'] } });
		filtered.state = t.state;
		t = filtered;
		await t.poll();
		const [a, b] = [...s.rows.values()].filter((d) => (d.mod_time as number) > s.now - 5 * MIN);
		s.modify(a.id as number, { activity: true, mod_time: (b.mod_time as number) + 500 });
		s.now += MIN;
		const { emitted, requests, bodies } = await pollCounted();
		expect(emitted).toEqual(keysOf(s, [a.id as number]));
		expect(requests).toBe(2);
		expect(bodies.map((x) => x.id_only === true)).toEqual([true, false]);
	});

	// Without a Date header the server's clock is unknown: the window's start follows the
	// watermark (the newest version read) instead.
	it('a server without a Date header: the window moves on with the watermark', async () => {
		const search = s.search;
		s.now += 20 * MIN;
		const fresh = s.create().id as number;
		const outcome = await poll(
			async (body) => ({ detections: (await search(body)).detections }),
			t.state,
			BASE,
		);
		expect(outcome.emitted.map((e) => e.detection.id)).toEqual([fresh]);
		expect(outcome.state.c).toBe((s.rows.get(fresh)!.mod_time as number) - BASE.latenessMs);
	});

	// A tie group that shifts under the keyset paging (a version appears at its start after every
	// answer) is restarted at most MAX_GROUP_RESTARTS times in one poll, then left to the next.
	it(`a tie group that keeps shifting: restarted ${MAX_GROUP_RESTARTS} times, then the poll stops`, async () => {
		const settings = { ...BASE, events: ['created' as const], maxPerPoll: 19 };
		t = new Trigger(s, settings);
		s.create();
		await t.poll();
		s.now += MIN;
		const group = s.now - 1000;
		const old = { mod_time: group, create_time: group - 60 * MIN };
		for (let k = 0; k < 200; k++) s.create(old);
		let lowId = 900;
		s.onSearch = () => void s.create({ ...old, id: lowId-- });
		const outcome = await poll(s.search, t.state, settings);
		s.onSearch = null;
		expect(outcome.emitted).toEqual([]);
		expect(outcome.more).toBe(true);
		// The count probe, then per restart a page that finds the group shifted and one read again
		// from its start; the last restart is the one too many.
		expect(outcome.requests).toBe(2 + 2 * MAX_GROUP_RESTARTS);
	});

	// Keyset paging in pages of 20 (nothing emitted: only created detections are asked for, these
	// were created an hour before): each page starts at the last mod_time read, past the part of its
	// tie group already read, and overlaps by one version.
	describe('keyset paging in pages of 20', () => {
		const settings = { ...BASE, events: ['created' as const], maxPerPoll: 19 };
		const pages = (count: number) => Math.ceil(count / 19);
		let group: number;
		beforeEach(async () => {
			t = new Trigger(s, settings);
			s.create();
			await t.poll();
			s.now += MIN;
			group = s.now - 10_000;
		});
		const old = (modTime: number) => ({ mod_time: modTime, create_time: modTime - 60 * MIN });

		it('a tie group of 100: the count probe, then a page per 19 versions, no restart', async () => {
			for (let k = 0; k < 100; k++) s.create(old(group));
			const outcome = await poll(s.search, t.state, settings);
			expect(outcome.more).toBe(false);
			// The probe reads 19 of them; each page reads 19 more past its overlap.
			expect(outcome.requests).toBe(1 + pages(100 - 19 + 1));
		});

		it('100 distinct mod_times, a version arriving behind the page position: no restart', async () => {
			// 2 ms apart: nothing at from - 1 to teach the inclusive reading (one more request).
			for (let k = 0; k < 100; k++) s.create(old(group + 2 * k));
			let answers = 0;
			s.onSearch = () => {
				// After the first page of what is new: a late version among those it read.
				if (++answers === 2) s.create({ ...old(group + 61), id: 900 });
			};
			const outcome = await poll(s.search, t.state, settings);
			s.onSearch = null;
			expect(outcome.more).toBe(false);
			expect(outcome.requests).toBe(1 + pages(100 - 19 + 1));
		});
	});

	// The first poll remembers what existed when it started (up to the newest version then) and
	// emits what appeared while it read the window.
	it('the first poll emits a detection created between its first request and its read of the window', async () => {
		const first = new MemoryExtraHop(inclusive);
		first.create({ mod_time: first.now - MIN });
		let fresh = 0;
		first.onSearch = () => {
			if (fresh === 0) fresh = first.create({ mod_time: first.now + 1 }).id as number;
		};
		const outcome = await poll(first.search, undefined, BASE);
		expect(outcome.emitted.map((e) => `${String(e.detection.id)} ${e.event}`)).toEqual([
			`${fresh} created`,
		]);
	});
});
