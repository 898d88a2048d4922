/**
 * The poll cursor and the server's clock, to the millisecond, against the in-memory search: which
 * answer's clock moves the window, a clock set back, the window's start landing exactly on a
 * floor or on a crowded millisecond, and the read point that tells created from updated. Each
 * test names the one-line bug it is there to catch.
 */
import {
	DEFAULT_SETTINGS as BASE,
	MIN,
	MemoryExtraHop,
	MemoryTrigger as Trigger,
	keysOf,
} from '../helpers/memory-extrahop';

/** The server's Date header counts whole seconds: the cursor takes server time as a second before it. */
const DATE_RESOLUTION = 1000;

describe.each([
	['exclusive', false],
	['inclusive', true],
])('ExtraHop Trigger cursor and the server clock, mod_time %s', (_reading, inclusive) => {
	let s: MemoryExtraHop;
	beforeEach(() => {
		s = new MemoryExtraHop(inclusive);
	});

	// Bug: the clock taken from the poll's last answer instead of its first: a version that became
	// visible during the poll, within the tolerance, falls before the window's next start.
	it("the window follows the clock of the poll's first answer", async () => {
		const t = new Trigger(s, { ...BASE, filter: { status: ['.none'] } });
		s.create();
		await t.poll();
		s.now += 10_000;
		s.create();
		expect(await t.poll()).toHaveLength(1);
		s.now += 10_000;
		let answers = 0;
		let late = 0;
		// The poll asks twice (the window's IDs, then what is new). A minute after the first answer
		// a late arrival appears, within the tolerance by 10 seconds; the second answer comes two
		// minutes later still.
		s.onSearch = () => {
			if (++answers > 1) return;
			s.now += MIN;
			late = s.create({ mod_time: s.now - BASE.latenessMs + 10_000 }).id as number;
			s.now += 2 * MIN;
		};
		expect(await t.poll()).toEqual([]);
		expect(answers).toBe(2);
		s.onSearch = null;
		expect(await t.poll()).toEqual(keysOf(s, [late]));
	});

	// Bug: the window's start taken from the clock alone (no Math.max with the previous start): a
	// clock set back moves it back, over versions no longer remembered, read again as new.
	it('a server clock set back an hour does not move the window back', async () => {
		const t = new Trigger(s, BASE);
		s.create();
		await t.poll();
		for (let minute = 0; minute < 60; minute++) {
			s.now += MIN;
			for (let k = 0; k < 20; k++) s.create({ mod_time: s.now - 20_000 + k * 1000 });
			expect(await t.poll()).toHaveLength(20);
		}
		s.now -= 60 * MIN;
		for (let p = 0; p < 3; p++) {
			s.now += MIN;
			expect(await t.poll()).toEqual([]);
		}
		const fresh = s.create({ mod_time: s.now + 70 * MIN }).id as number;
		expect(await t.poll()).toEqual(keysOf(s, [fresh]));
		expect(new Set(t.all).size).toBe(1201);
	});

	// Bug: a floor dropped when the window's start reaches its mod_time exactly (< turned <=):
	// the forgotten versions at that millisecond are read again as unknown.
	it("a window starting exactly at the floor's millisecond keeps the floor", async () => {
		const t = new Trigger(s, { ...BASE, maxPerPoll: 20_000 });
		s.create();
		await t.poll();
		s.now += 3 * MIN;
		for (let k = 0; k < 6000; k++) s.create({ mod_time: s.now - 2 * MIN + k * 15 });
		expect(await t.poll()).toHaveLength(6000);
		const floor = t.state!.floor!;
		s.now = floor.t + BASE.latenessMs + DATE_RESOLUTION;
		expect(await t.poll()).toEqual([]);
		expect(t.state!.c).toBe(floor.t);
		expect(t.state!.floor).toEqual(floor);
		expect(await t.poll()).toEqual([]);
		expect(new Set(t.all).size).toBe(6000);
	});

	// Bug: a remembered version at exactly the window's start counted as beyond it (>= turned >):
	// more than the 500 kept beyond the window share that millisecond, so some are forgotten.
	it('600 versions at exactly the millisecond the window starts at are all still remembered', async () => {
		const t = new Trigger(s, BASE);
		s.create();
		await t.poll();
		s.now += MIN;
		const at = s.now;
		for (let k = 0; k < 600; k++) s.create({ mod_time: at });
		expect(await t.poll()).toHaveLength(600);
		s.now = at + BASE.latenessMs + DATE_RESOLUTION;
		expect(await t.poll()).toEqual([]);
		expect(t.state!.c).toBe(at);
		expect(await t.poll()).toEqual([]);
		expect(new Set(t.all).size).toBe(600);
	});

	// Bugs: the read point moved to the window's start, or the equal case excluded (>= turned >):
	// a detection first seen late, created at or after the previous watermark less the tolerance,
	// is 'created'; before it, 'updated'.
	it('a detection it never saw is created when created at or after the previous watermark less the tolerance', async () => {
		const t = new Trigger(s, BASE);
		const last = s.create().mod_time as number;
		await t.poll();
		s.now += 30 * MIN;
		expect(await t.poll()).toEqual([]);
		const readPoint = last - BASE.latenessMs;
		const exact = s.create({ create_time: readPoint }).id as number;
		const before = s.create({ create_time: readPoint - 1 }).id as number;
		const meanwhile = s.create({ create_time: last + 5 * MIN }).id as number;
		await t.poll();
		const [a, b, c] = keysOf(s, [exact, before, meanwhile]);
		expect(t.events).toEqual([`${a} created`, `${b} updated`, `${c} created`]);
	});
});
