/**
 * The poll trigger's saved state on its own (nodes/ExtraHop/trigger/state.ts): which saved values
 * it accepts, what an empty state holds, and what encodeState keeps when the window holds more
 * than the state may (which versions, which floor). Exact values, no server.
 */
import {
	MAX_WINDOW_ENTRIES,
	RECENT_ENTRIES,
	WHOLE_GROUP,
	emptyState,
	encodeState,
	entryCount,
	loadState,
	unpackSeen,
	type Entry,
	type Seen,
} from '../../nodes/ExtraHop/trigger/state';

const FP = 'abcdef01';
const valid = {
	v: 2,
	w: { t: 5000, i: 7 },
	c: 4000,
	floor: null,
	seen: { i: '7', t: '0', f: FP },
};

/** Entries inserted in a scrambled order: a Map keeps the order of first insertion, not of keys. */
function scrambled(entries: Array<[number, Entry]>): Seen {
	const order = entries.map((_, k) => (k * 7919) % entries.length);
	return new Map(order.map((k) => entries[k]));
}

const ids = (seen: Seen) => [...seen.keys()].sort((a, b) => a - b);

describe('loadState: what it accepts', () => {
	it('a valid v2 state, as saved', () => {
		const loaded = loadState(valid, 60_000);
		expect(loaded?.state).toBe(valid);
		expect([...(loaded?.seen ?? [])]).toEqual([[7, { t: 5000, fp: FP }]]);
	});

	it.each([
		['no state', undefined],
		['null', null],
		['another version', { ...valid, v: 3 }],
		['no watermark', { ...valid, w: undefined }],
		['a watermark time that is text', { ...valid, w: { t: '5000', i: 7 } }],
		['a watermark without id', { ...valid, w: { t: 5000 } }],
		['no window start', { ...valid, c: undefined }],
		['no seen', { ...valid, seen: undefined }],
		['seen ids not text', { ...valid, seen: { ...valid.seen, i: [7] } }],
		['seen times not text', { ...valid, seen: { ...valid.seen, t: 0 } }],
		['seen fingerprints not text', { ...valid, seen: { ...valid.seen, f: null } }],
	])('refuses %s (the poll starts afresh)', (_, saved) => {
		expect(loadState(saved, 60_000)).toBeUndefined();
	});

	it('converts the format before 0.2: its window starts a tolerance before the watermark', () => {
		const legacy = { v: 1, w: { t: 9000, i: 3 }, floor: null, seen: { 3: [0, 'fp3fp3fp3fp3'] } };
		const loaded = loadState(legacy, 1000);
		expect(loaded?.state).toEqual({
			v: 2,
			w: { t: 9000, i: 3 },
			c: 8000,
			floor: null,
			seen: { i: '', t: '', f: '' },
		});
		expect(entryCount(loaded!.state)).toBe(0);
		expect([...loaded!.seen]).toEqual([[3, { t: 9000, fp: 'fp3fp3fp' }]]);
	});

	it.each([
		['another version', { v: 0, w: { t: 1, i: 1 }, floor: null, seen: {} }],
		['no watermark', { v: 1, floor: null, seen: {} }],
		['a watermark time that is text', { v: 1, w: { t: '1', i: 1 }, floor: null, seen: {} }],
		['a watermark without id', { v: 1, w: { t: 1 }, floor: null, seen: {} }],
		['seen that is text', { v: 1, w: { t: 1, i: 1 }, floor: null, seen: 'x' }],
		['seen null', { v: 1, w: { t: 1, i: 1 }, floor: null, seen: null }],
	])('refuses a state before 0.2 with %s', (_, saved) => {
		expect(loadState(saved, 1000)).toBeUndefined();
	});
});

describe('an empty state', () => {
	it('remembers nothing: no entry counted, none unpacked', () => {
		const state = emptyState({ t: 100, i: 1 }, 50);
		expect(state).toEqual({
			v: 2,
			w: { t: 100, i: 1 },
			c: 50,
			floor: null,
			seen: { i: '', t: '', f: '' },
		});
		expect(entryCount(state)).toBe(0);
		expect(unpackSeen(state).size).toBe(0);
	});

	it('a short fingerprint (a state before 0.2 may hold one) is padded: the next ones stay in place', () => {
		const seen: Seen = new Map([
			[1, { t: 100, fp: 'ab' }],
			[2, { t: 100, fp: FP }],
		]);
		const state = encodeState({ t: 100, i: 2 }, 50, null, false, seen);
		expect(state.seen.f).toBe(`ab______${FP}`);
		expect(unpackSeen(state).get(2)).toEqual({ t: 100, fp: FP });
	});

	it('entryCount counts what is packed', () => {
		expect(entryCount(valid)).toBe(1);
		expect(entryCount({ ...valid, seen: { i: '1,2,3', t: '0,0,0', f: FP.repeat(3) } })).toBe(3);
	});
});

describe('encodeState: a window holding more than the state may keep', () => {
	const T = 1_000_000;

	it("in the watermark's own tie group: the oldest by id are forgotten, the floor is the last of them", () => {
		const n = MAX_WINDOW_ENTRIES + 3;
		const entries: Array<[number, Entry]> = [];
		for (let id = 1; id <= n; id++) entries.push([id, { t: T, fp: FP }]);
		const state = encodeState({ t: T, i: n }, T - 1000, null, false, scrambled(entries));
		expect(state.floor).toEqual({ t: T, i: 3 });
		expect(entryCount(state)).toBe(MAX_WINDOW_ENTRIES);
		expect(ids(unpackSeen(state))).toEqual(entries.slice(3).map(([id]) => id));
	});

	it('a group before the watermark is forgotten whole, also when it is all the window holds', () => {
		const n = MAX_WINDOW_ENTRIES + 1;
		const entries: Array<[number, Entry]> = [];
		for (let id = 1; id <= n; id++) entries.push([id, { t: T, fp: FP }]);
		const state = encodeState({ t: T + 5, i: 99_999 }, T - 1000, null, false, new Map(entries));
		expect(state.floor).toEqual({ t: T, i: WHOLE_GROUP });
		expect(entryCount(state)).toBe(0);
	});

	it('a group before the watermark: forgotten whole, the later versions all kept', () => {
		const entries: Array<[number, Entry]> = [];
		for (let id = 1; id <= 10; id++) entries.push([id, { t: T, fp: FP }]);
		for (let id = 11; id <= MAX_WINDOW_ENTRIES + 5; id++) entries.push([id, { t: T + id, fp: FP }]);
		const w = { t: T + MAX_WINDOW_ENTRIES + 5, i: MAX_WINDOW_ENTRIES + 5 };
		const state = encodeState(w, T - 1000, null, false, scrambled(entries));
		expect(state.floor).toEqual({ t: T, i: WHOLE_GROUP });
		expect(entryCount(state)).toBe(MAX_WINDOW_ENTRIES - 5);
	});

	it('an older floor is replaced by the new one; a newer one is kept', () => {
		const n = MAX_WINDOW_ENTRIES + 2;
		const entries: Array<[number, Entry]> = [];
		for (let id = 1; id <= n; id++) entries.push([id, { t: T + id, fp: FP }]);
		const w = { t: T + n, i: n };
		const older = encodeState(w, T - 1000, { t: T - 500, i: 4 }, false, new Map(entries));
		expect(older.floor).toEqual({ t: T + 2, i: WHOLE_GROUP });
		const newer = encodeState(w, T - 1000, { t: T + 40, i: 4 }, false, new Map(entries));
		expect(newer.floor).toEqual({ t: T + 40, i: 4 });
	});

	it('a floor the window has left behind is dropped; one at its start is kept', () => {
		const seen: Seen = new Map([[1, { t: T, fp: FP }]]);
		expect(encodeState({ t: T, i: 1 }, T - 10, { t: T - 11, i: 2 }, false, seen).floor).toBe(null);
		expect(encodeState({ t: T, i: 1 }, T - 10, { t: T - 10, i: 2 }, false, seen).floor).toEqual({
			t: T - 10,
			i: 2,
		});
	});

	it(`beyond the window it keeps the ${RECENT_ENTRIES} most recent versions, whatever the order they were remembered in`, () => {
		const entries: Array<[number, Entry]> = [];
		for (let id = 1; id <= RECENT_ENTRIES + 50; id++) entries.push([id, { t: T + id, fp: FP }]);
		const w = { t: T + 10_000, i: 1 };
		const state = encodeState(w, T + 5000, null, true, scrambled(entries));
		expect(ids(unpackSeen(state))).toEqual(entries.slice(50).map(([id]) => id));
		expect(state.x).toBe(1);
	});
});
