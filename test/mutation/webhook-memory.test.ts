/**
 * The push trigger's memory (webhook/memory.ts), exactly: the version it takes of a detection,
 * created vs updated, duplicates and stale pushes, tracking-only changes, the bounds, the merge of
 * concurrent requests' memories, and the per-process record of emitted versions.
 */
import { contentFingerprint, stableHash } from '../../nodes/ExtraHop/common/detectionEvents';
import {
	CREATED_WINDOW_MS,
	MAX_PROCESS_SCOPES,
	MAX_RECENT_EMISSIONS,
	MAX_REMEMBERED,
	MEMORY_VERSION,
	decide,
	loadMemory,
	markEmitted,
	mergeMemory,
	recall,
	recentlyEmitted,
	remember,
	rememberInProcess,
	resetProcessMemory,
	syncMemory,
	versionKey,
	versionOf,
	type Memory,
	type SeenEntry,
	type Version,
} from '../../nodes/ExtraHop/webhook/memory';

beforeEach(() => resetProcessMemory());

const MINUTE = 60_000;
const version = (over: Partial<Version> = {}): Version => ({
	id: 7,
	modTime: 1000,
	createdAt: 1000,
	fingerprint: 'fp',
	hash: 'h',
	...over,
});
const memoryOf = (seen: Record<string, SeenEntry>): Memory => ({ v: MEMORY_VERSION, seen });

describe('constants', () => {
	it('bounds and window', () => {
		expect([MEMORY_VERSION, MAX_REMEMBERED, CREATED_WINDOW_MS, MAX_RECENT_EMISSIONS]).toEqual([
			1, 2000, 600_000, 2000,
		]);
		expect(MAX_PROCESS_SCOPES).toBe(200);
	});
});

describe('versionOf', () => {
	it('takes id, mod_time, create_time, the content fingerprint and a hash without bookkeeping', () => {
		const detection = {
			id: '42',
			mod_time: 5000,
			create_time: 4000,
			start_time: 3000,
			title: 'Port Scan',
			url: 'https://eh/42',
			event: 'updated',
			activity_log: [{ x: 1 }],
			modTime: 5000,
		};
		expect(versionOf(detection)).toEqual({
			id: 42,
			modTime: 5000,
			createdAt: 4000,
			fingerprint: contentFingerprint(detection),
			hash: stableHash({ id: '42', create_time: 4000, start_time: 3000, title: 'Port Scan' }),
		});
	});

	it('bookkeeping changes leave the hash alone; any other field changes it', () => {
		const base = { id: 1, title: 'A', status: 'new' };
		const { hash } = versionOf(base);
		expect(
			versionOf({ ...base, mod_time: 9, modTime: 9, url: 'u', event: 'e', activity_log: [] }).hash,
		).toBe(hash);
		expect(versionOf({ ...base, status: 'closed' }).hash).not.toBe(hash);
		expect(versionOf({ ...base, recommended: true }).hash).not.toBe(hash);
	});

	it('start_time when there is no create_time; null when neither is a number; mod_time null unless a number', () => {
		expect(versionOf({ id: 1, start_time: 3000, mod_time: '5' })).toMatchObject({
			createdAt: 3000,
			modTime: null,
		});
		expect(versionOf({ id: 1, create_time: '4000', start_time: '3000' })).toMatchObject({
			createdAt: null,
			modTime: null,
		});
		expect(versionOf({ id: 1, create_time: 0, start_time: 3000, mod_time: 0 })).toMatchObject({
			createdAt: 0,
			modTime: 0,
		});
	});
});

describe('loadMemory and recall', () => {
	it('keeps a valid memory as a copy', () => {
		const stored = memoryOf({ d1: [1, 'f', 'h'] });
		const loaded = loadMemory(stored);
		expect(loaded).toEqual(stored);
		expect(loaded).not.toBe(stored);
		expect(loaded.seen).not.toBe(stored.seen);
	});

	it.each([
		[undefined],
		[null],
		['text'],
		[{ v: 2, seen: { d1: [1, 'f', 'h'] } }],
		[{ seen: { d1: [1, 'f', 'h'] } }],
		[{ v: 1, seen: null }],
		[{ v: 1, seen: [[1, 'f', 'h']] }],
		[{ v: 1, seen: 'd1' }],
		[{ v: 1 }],
	])('starts afresh from %j', (value) => {
		expect(loadMemory(value)).toEqual({ v: 1, seen: {} });
	});

	it('recall answers only well-formed entries', () => {
		const memory = memoryOf({
			d1: [1, 'f', 'h'],
			d2: [1, 'f'] as unknown as SeenEntry,
			d3: 'x' as unknown as SeenEntry,
			d4: [null, 'f', 'h'],
		});
		expect(recall(memory, 1)).toEqual([1, 'f', 'h']);
		expect(recall(memory, 2)).toBeUndefined();
		expect(recall(memory, 3)).toBeUndefined();
		expect(recall(memory, 4)).toEqual([null, 'f', 'h']);
		expect(recall(memory, 5)).toBeUndefined();
	});
});

describe('remember', () => {
	it('records the version as the most recent, without changing the memory given', () => {
		const before = memoryOf({ d1: [1, 'a', 'b'], d2: [2, 'c', 'd'] });
		const after = remember(before, version({ id: 1, modTime: 9, fingerprint: 'x', hash: 'y' }));
		expect(Object.entries(after.seen)).toEqual([
			['d2', [2, 'c', 'd']],
			['d1', [9, 'x', 'y']],
		]);
		expect(after.v).toBe(1);
		expect(before.seen).toEqual({ d1: [1, 'a', 'b'], d2: [2, 'c', 'd'] });
	});

	it('forgets the least recently pushed beyond the bound, keeping exactly the bound', () => {
		let memory = memoryOf({});
		for (const id of [1, 2, 3, 4]) memory = remember(memory, version({ id }), 3);
		expect(Object.keys(memory.seen)).toEqual(['d2', 'd3', 'd4']);
		memory = remember(memory, version({ id: 2 }), 3);
		memory = remember(memory, version({ id: 5 }), 3);
		expect(Object.keys(memory.seen)).toEqual(['d4', 'd2', 'd5']);
	});

	it('the default bound is MAX_REMEMBERED', () => {
		const full: Record<string, SeenEntry> = {};
		for (let id = 1; id <= MAX_REMEMBERED; id++) full[`d${id}`] = [id, 'fp', 'h'];
		let memory = memoryOf(full);
		for (const id of [MAX_REMEMBERED + 1, MAX_REMEMBERED + 2])
			memory = remember(memory, version({ id }));
		const keys = Object.keys(memory.seen);
		expect(keys).toHaveLength(MAX_REMEMBERED);
		expect(keys[0]).toBe('d3');
		expect(keys.at(-1)).toBe(`d${MAX_REMEMBERED + 2}`);
	});
});

describe('decide', () => {
	const both = ['created', 'updated'] as ('created' | 'updated')[];

	it('an unknown detection created within the window is created; older than the window, updated', () => {
		const modTime = 100 * MINUTE;
		const at = (createdAt: number) =>
			decide(undefined, version({ modTime, createdAt }), both, 'anyChange');
		expect(at(modTime)).toEqual({ emit: true, event: 'created' });
		expect(at(modTime - CREATED_WINDOW_MS)).toEqual({ emit: true, event: 'created' });
		expect(at(modTime - CREATED_WINDOW_MS - 1)).toEqual({ emit: true, event: 'updated' });
	});

	it('an unknown detection without a creation time, or without mod_time, is created', () => {
		expect(decide(undefined, version({ createdAt: null }), both, 'activity')).toEqual({
			emit: true,
			event: 'created',
		});
		expect(
			decide(undefined, version({ modTime: null, createdAt: 1 }), ['created'], 'activity'),
		).toEqual({ emit: true, event: 'created' });
	});

	it('a remembered detection is updated; the same mod_time is a duplicate, an older one stale', () => {
		const previous: SeenEntry = [1000, 'fp-old', 'h-old'];
		expect(
			decide(previous, version({ modTime: 1001, createdAt: 1001 }), both, 'anyChange'),
		).toEqual({
			emit: true,
			event: 'updated',
		});
		expect(decide(previous, version({ modTime: 1000 }), both, 'anyChange')).toEqual({
			emit: false,
			reason: 'duplicate',
		});
		expect(decide(previous, version({ modTime: 999 }), both, 'anyChange')).toEqual({
			emit: false,
			reason: 'stale',
		});
	});

	it('without mod_time on either side, the content hash tells duplicates', () => {
		const previous: SeenEntry = [null, 'fp', 'h'];
		expect(decide(previous, version({ modTime: 5, hash: 'h' }), both, 'anyChange')).toEqual({
			emit: false,
			reason: 'duplicate',
		});
		expect(decide(previous, version({ modTime: 5, hash: 'other' }), both, 'anyChange')).toEqual({
			emit: true,
			event: 'updated',
		});
		expect(
			decide([5, 'fp', 'h'], version({ modTime: null, hash: 'h' }), both, 'anyChange'),
		).toEqual({ emit: false, reason: 'duplicate' });
		// A newer mod_time is no duplicate however equal the hash.
		expect(decide([5, 'fp', 'h'], version({ modTime: 6, hash: 'h' }), both, 'anyChange')).toEqual({
			emit: true,
			event: 'updated',
		});
	});

	it('"activity" ignores a change of tracking fields only; "anyChange" does not', () => {
		const previous: SeenEntry = [1000, 'fp', 'h-old'];
		const tracking = version({ modTime: 2000, fingerprint: 'fp', hash: 'h-new' });
		expect(decide(previous, tracking, both, 'activity')).toEqual({
			emit: false,
			event: 'updated',
			reason: 'trackingOnly',
		});
		expect(decide(previous, tracking, both, 'anyChange')).toEqual({ emit: true, event: 'updated' });
		expect(
			decide(previous, version({ modTime: 2000, fingerprint: 'fp2' }), both, 'activity'),
		).toEqual({ emit: true, event: 'updated' });
	});

	it('an event not selected is not emitted, and says which it was', () => {
		expect(decide([1, 'a', 'b'], version({ modTime: 2 }), ['created'], 'anyChange')).toEqual({
			emit: false,
			event: 'updated',
			reason: 'eventNotSelected',
		});
		expect(decide(undefined, version(), ['updated'], 'anyChange')).toEqual({
			emit: false,
			event: 'created',
			reason: 'eventNotSelected',
		});
	});
});

describe('mergeMemory', () => {
	it('keeps every entry of both; for a shared detection the later mod_time, on a tie the preferred', () => {
		const base = memoryOf({
			d1: [10, 'base', 'b'],
			d2: [30, 'base', 'b'],
			d3: [5, 'base', 'b'],
			d4: [null, 'base', 'b'],
			d5: [7, 'base', 'b'],
		});
		const preferred = memoryOf({
			d2: [20, 'pref', 'p'],
			d3: [5, 'pref', 'p'],
			d4: [9, 'pref', 'p'],
			d5: [null, 'pref', 'p'],
			d6: [1, 'pref', 'p'],
		});
		const merged = mergeMemory(base, preferred);
		expect(Object.entries(merged.seen)).toEqual([
			['d1', [10, 'base', 'b']],
			['d2', [30, 'base', 'b']],
			['d3', [5, 'pref', 'p']],
			['d4', [9, 'pref', 'p']],
			['d5', [null, 'pref', 'p']],
			['d6', [1, 'pref', 'p']],
		]);
		expect(merged.v).toBe(1);
		expect(base.seen.d2).toEqual([30, 'base', 'b']);
	});

	it("counts the preferred memory's entries as the most recent when bounding", () => {
		const base = memoryOf({ d1: [1, 'a', 'a'], d2: [1, 'a', 'a'], d3: [1, 'a', 'a'] });
		const preferred = memoryOf({ d1: [2, 'b', 'b'], d4: [1, 'b', 'b'] });
		expect(Object.keys(mergeMemory(base, preferred, 3).seen)).toEqual(['d3', 'd1', 'd4']);
		expect(Object.keys(mergeMemory(base, preferred).seen)).toEqual(['d2', 'd3', 'd1', 'd4']);
	});
});

describe('process memory', () => {
	it('one object per scope, merged with what each request loaded', () => {
		const first = syncMemory('wf/node', memoryOf({ d1: [1, 'a', 'a'] }));
		expect(first.seen).toEqual({ d1: [1, 'a', 'a'] });
		const second = syncMemory('wf/node', memoryOf({ d2: [2, 'b', 'b'], d1: [0, 'old', 'old'] }));
		expect(second).toBe(first);
		// The process memory is preferred; the later mod_time wins: d1 stays.
		expect(Object.entries(second.seen)).toEqual([
			['d2', [2, 'b', 'b']],
			['d1', [1, 'a', 'a']],
		]);
		expect(syncMemory('wf/other', memoryOf({}))).not.toBe(first);
	});

	it('a new scope copies what was loaded instead of sharing it', () => {
		const stored = memoryOf({ d1: [1, 'a', 'a'] });
		const held = syncMemory('s', stored);
		expect(held).not.toBe(stored);
		rememberInProcess('s', version({ id: 2 }));
		expect(stored.seen).toEqual({ d1: [1, 'a', 'a'] });
	});

	it('rememberInProcess records into the held memory (creating it when missing) and returns it', () => {
		const held = syncMemory('s', memoryOf({ d1: [1, 'a', 'a'] }));
		const after = rememberInProcess(
			's',
			version({ id: 1, modTime: 2, fingerprint: 'x', hash: 'y' }),
		);
		expect(after).toBe(held);
		expect(held.seen).toEqual({ d1: [2, 'x', 'y'] });
		const fresh = rememberInProcess('new', version({ id: 3 }));
		expect(fresh.seen).toEqual({ d3: [1000, 'fp', 'h'] });
		expect(syncMemory('new', memoryOf({}))).toBe(fresh);
	});

	it(`keeps at most ${MAX_PROCESS_SCOPES} scopes, dropping the least recently used`, () => {
		const firsts = Array.from({ length: MAX_PROCESS_SCOPES }, (_, i) =>
			syncMemory(`s${i}`, memoryOf({})),
		);
		// s0 used again: s1 is now the least recently used.
		expect(syncMemory('s0', memoryOf({}))).toBe(firsts[0]);
		syncMemory('one more', memoryOf({}));
		expect(syncMemory('s0', memoryOf({}))).toBe(firsts[0]);
		expect(syncMemory('s2', memoryOf({}))).toBe(firsts[2]);
		expect(syncMemory('s1', memoryOf({}))).not.toBe(firsts[1]);
	});

	it('resetProcessMemory forgets the memories and the emitted versions', () => {
		const held = syncMemory('s', memoryOf({}));
		markEmitted('k');
		resetProcessMemory();
		expect(syncMemory('s', memoryOf({}))).not.toBe(held);
		expect(recentlyEmitted('k')).toBe(false);
	});
});

describe('emitted versions', () => {
	it('the key names scope, id and mod_time, or the hash without one', () => {
		expect(versionKey('wf/n', version({ id: 3, modTime: 77 }))).toBe('wf/n|3|77');
		expect(versionKey('wf/n', version({ id: 3, modTime: 0 }))).toBe('wf/n|3|0');
		expect(versionKey('wf/n', version({ id: 3, modTime: null, hash: 'abc' }))).toBe('wf/n|3|#abc');
	});

	it('remembers what was marked, bounded, the least recently marked dropped first', () => {
		expect(recentlyEmitted('a')).toBe(false);
		markEmitted('a', 3);
		markEmitted('b', 3);
		markEmitted('c', 3);
		markEmitted('a', 3);
		markEmitted('d', 3);
		expect(['a', 'b', 'c', 'd'].map(recentlyEmitted)).toEqual([true, false, true, true]);
	});

	it(`the default bound is ${MAX_RECENT_EMISSIONS}`, () => {
		for (let i = 0; i <= MAX_RECENT_EMISSIONS; i++) markEmitted(`k${i}`);
		expect(recentlyEmitted('k0')).toBe(false);
		expect(recentlyEmitted('k1')).toBe(true);
		expect(recentlyEmitted(`k${MAX_RECENT_EMISSIONS}`)).toBe(true);
	});
});
