/**
 * The polling trigger's delivery logic: which detection versions a poll emits, and the state it
 * leaves for the next poll. Kept free of n8n so it can be reasoned about and tested on its own.
 *
 * A detection version is the pair (id, mod_time). Versions are read in the one total order the
 * API can sort by, (mod_time asc, id asc), and the state holds:
 * - `w`, the watermark: every version at or before it in that order has been handled (emitted,
 *   or deliberately skipped: filtered event type, tracking-only change);
 * - `c`, the start of the lateness window: every version handled in [c, w] is remembered in
 *   `seen`. It follows the server's clock (Date header): c = server time - tolerance, so a late
 *   arrival (a version that becomes visible with an older mod_time) within the tolerance lies in
 *   [c, w], and once the clock has moved a tolerance past `w` the window is empty and an idle
 *   poll reads nothing but the watermark's own version;
 * - `seen`: the versions handled in the window, plus a few hundred most recent beyond it to
 *   recognise a workflow's own write-back (content fingerprints), packed column-wise;
 * - `floor`: when the window holds more entries than the state may keep, the oldest are
 *   forgotten and every version at or before `floor` counts as handled;
 * - `x`: set once the server showed that its `mod_time` filter is inclusive (on or after).
 *
 * A poll (1) reads on from the watermark (keyset paging, each new version read once); (2) checks
 * the window for late arrivals by asking for its IDs only, in order, and comparing them with
 * what it remembers; only if they differ (a version it never saw, or one out of order) does it
 * (3) re-read the window in full and emit what it has not handled, never twice.
 *
 * The API's `mod_time` filter is "updated after" in the vendor's spec and "on or after" in a peer's
 * documentation: every query asks for mod_time > t - 1 (the same as >= t on integer milliseconds)
 * until a response shows versions at t - 1, and from then on for >= t.
 *
 * Only server time is used: mod_time values and the server's Date header, never the local clock.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	contentFingerprint,
	type DetectionEvent,
	type UpdateMode,
} from '../common/detectionEvents';

export const STATE_VERSION = 2;
/**
 * 7,000: a 20,000-detection backlog (after downtime, or a first run with lookback) is emitted in
 * three polls, while one execution stays around 8 MB of detections (about 1.1 KB each).
 */
export const DEFAULT_MAX_PER_POLL = 7000;
/** The API's largest page: a 20,000 backlog can be emitted in one poll. */
export const MAX_MAX_PER_POLL = 20000;
/** In-window entries the state may hold before the oldest are folded into `floor`. */
export const MAX_WINDOW_ENTRIES = 5000;
/** Entries kept beyond the window, most recent first, for echo detection. */
export const RECENT_ENTRIES = 500;
/** How often one poll may restart a tie group that changed under it before leaving the rest to the next poll. */
export const MAX_GROUP_RESTARTS = 3;
export const MAX_PAGE = 20000;
export const MIN_PAGE = 20;
/** Characters of the 12-character content fingerprint kept in the state: 48 bits. */
export const FP_CHARS = 8;
/**
 * Versions the count probe reads after the watermark: more follow in full pages. Kept small, as
 * they are read again when the probe finds the window changed.
 */
export const PROBE_PAGE = 50;
/** The Date header counts whole seconds: server time is taken as a second before it. */
const DATE_RESOLUTION_MS = 1000;

export interface Key {
	t: number;
	i: number;
}

/**
 * Remembered versions, sorted by (mod_time, id), column-wise: `i` comma-separated base-36 id
 * deltas (the first from 0), `t` comma-separated base-36 mod_time deltas (the first back from
 * w.t, the others forward from the previous entry), `f` the fingerprints, FP_CHARS each.
 */
export interface PackedSeen {
	i: string;
	t: string;
	f: string;
}

export interface CursorState {
	v: number;
	w: Key;
	c: number;
	floor: Key | null;
	x?: 1;
	seen: PackedSeen;
}

/** The first version's state (before 0.2): `seen` as id -> [w.t - mod_time, fingerprint]. */
interface LegacyState {
	v: 1;
	w: Key;
	floor: Key | null;
	seen: Record<string, [number, string]>;
}

export interface PollSettings {
	filter: IDataObject;
	events: DetectionEvent[];
	updateMode: UpdateMode;
	maxPerPoll: number;
	latenessMs: number;
	lookbackMs: number;
}

export interface SearchResult {
	detections: IDataObject[];
	/** The server's Date header, if any: server time for the first run's lookback. */
	serverDate?: number;
}

export type Search = (body: IDataObject) => Promise<SearchResult>;

export interface Emission {
	detection: IDataObject;
	event: DetectionEvent;
}

export interface PollOutcome {
	emitted: Emission[];
	state: CursorState;
	requests: number;
	/** The poll stopped before reading everything (cap reached, or the server kept shifting). */
	more: boolean;
}

const compare = (a: Key, b: Key) => (a.t !== b.t ? a.t - b.t : a.i - b.i);
const keyOf = (d: IDataObject): Key => ({ t: Number(d.mod_time) || 0, i: Number(d.id) });
const tagOf = (k: Key) => `${k.i}@${k.t}`;
/** id_only answers IDs; a search that ignores it answers detections. */
const idOf = (x: unknown) =>
	Number(typeof x === 'object' && x !== null ? (x as IDataObject).id : x);
const SORT = [
	{ field: 'mod_time', direction: 'asc' },
	{ field: 'id', direction: 'asc' },
];

/** A remembered version: its mod_time and content fingerprint, computed only when needed. */
interface Entry {
	t: number;
	fp?: string;
	d?: IDataObject;
}

const fpOf = (e: Entry): string => (e.fp ??= contentFingerprint(e.d!).slice(0, FP_CHARS));

function baseBody(filter: IDataObject): IDataObject {
	return Object.keys(filter).length ? { filter } : {};
}

export function isValidState(value: unknown): value is CursorState {
	const s = value as CursorState;
	return (
		!!s &&
		s.v === STATE_VERSION &&
		typeof s.w?.t === 'number' &&
		typeof s.w?.i === 'number' &&
		typeof s.c === 'number' &&
		typeof s.seen?.i === 'string' &&
		typeof s.seen?.t === 'string' &&
		typeof s.seen?.f === 'string'
	);
}

function isLegacyState(value: unknown): value is LegacyState {
	const s = value as LegacyState;
	return (
		!!s &&
		s.v === 1 &&
		typeof s.w?.t === 'number' &&
		typeof s.w?.i === 'number' &&
		typeof s.seen === 'object' &&
		s.seen !== null
	);
}

export function unpackSeen(state: CursorState): Map<number, Entry> {
	const seen = new Map<number, Entry>();
	if (state.seen.i === '') return seen;
	const ids = state.seen.i.split(',');
	const times = state.seen.t.split(',');
	let id = 0;
	let t = state.w.t;
	for (let k = 0; k < ids.length; k++) {
		id += parseInt(ids[k], 36);
		t = k === 0 ? state.w.t - parseInt(times[0], 36) : t + parseInt(times[k], 36);
		seen.set(id, { t, fp: state.seen.f.slice(k * FP_CHARS, (k + 1) * FP_CHARS) });
	}
	return seen;
}

/** How many versions the state remembers. */
export const entryCount = (state: CursorState) =>
	state.seen.i === '' ? 0 : state.seen.i.split(',').length;

function packSeen(w: Key, entries: Array<[number, Entry]>): PackedSeen {
	entries.sort((a, b) => a[1].t - b[1].t || a[0] - b[0]);
	const ids: string[] = [];
	const times: string[] = [];
	const fps: string[] = [];
	let prevId = 0;
	let prevT = w.t;
	entries.forEach(([id, e], k) => {
		ids.push((id - prevId).toString(36));
		times.push((k === 0 ? w.t - e.t : e.t - prevT).toString(36));
		fps.push(fpOf(e).padEnd(FP_CHARS, '_'));
		prevId = id;
		prevT = e.t;
	});
	return { i: ids.join(','), t: times.join(','), f: fps.join('') };
}

/**
 * The first run: where the watermark starts. Without a lookback it is the newest matching
 * version (so only later changes are emitted); with one, that far back from the server's clock.
 */
async function initialState(
	run: (body: IDataObject) => Promise<SearchResult>,
	settings: PollSettings,
): Promise<CursorState> {
	const { detections, serverDate } = await run({
		...baseBody(settings.filter),
		sort: [
			{ field: 'mod_time', direction: 'desc' },
			{ field: 'id', direction: 'desc' },
		],
		limit: 1,
	});
	const newest = detections[0] ? keyOf(detections[0]) : undefined;
	let w: Key;
	if (settings.lookbackMs > 0) {
		const serverNow = serverDate ?? newest?.t ?? 0;
		w = { t: Math.max(0, serverNow - settings.lookbackMs), i: 0 };
	} else {
		w = newest ?? { t: serverDate ?? 0, i: 0 };
	}
	return {
		v: STATE_VERSION,
		w,
		c: w.t - settings.latenessMs,
		floor: null,
		seen: { i: '', t: '', f: '' },
	};
}

/**
 * One poll. Reads what is new since the watermark, checks the lateness window for late arrivals,
 * emits the versions not handled yet, and returns the new state; the caller commits it only if
 * the poll succeeded.
 */
export async function poll(
	search: Search,
	previous: unknown,
	settings: PollSettings,
): Promise<PollOutcome> {
	let requests = 0;
	let serverNow: number | undefined;
	const run = async (body: IDataObject): Promise<SearchResult> => {
		const result = await search(body);
		requests++;
		// The first answer's clock: everything visible then is read by the end of this poll.
		if (serverNow === undefined && result.serverDate !== undefined)
			serverNow = result.serverDate - DATE_RESOLUTION_MS;
		return result;
	};
	let baseline = false;
	let windowRead = false; // must the window be re-read in full?
	let start: CursorState;
	let seen: Map<number, Entry>;
	if (isValidState(previous)) {
		start = previous;
		seen = unpackSeen(previous);
	} else if (isLegacyState(previous)) {
		start = {
			v: STATE_VERSION,
			w: previous.w,
			c: previous.w.t - settings.latenessMs,
			floor: previous.floor,
			seen: { i: '', t: '', f: '' },
		};
		seen = new Map(
			Object.entries(previous.seen).map(([id, [delta, fp]]) => [
				Number(id),
				{ t: previous.w.t - delta, fp: fp.slice(0, FP_CHARS) },
			]),
		);
	} else {
		start = await initialState(run, settings);
		seen = new Map();
		// Versions at or before the starting watermark existed before activation: remember them, don't emit.
		baseline = true;
		windowRead = true;
	}

	const floor = start.floor;
	const c = start.c;
	let inclusive = start.x === 1;
	let w: Key = { ...start.w };
	const handled = new Set<string>();
	const emitted: Emission[] = [];
	const readPoint = Math.min(c, start.w.t - settings.latenessMs);
	const body = baseBody(settings.filter);

	const handle = (d: IDataObject) => {
		const key = keyOf(d);
		const tag = tagOf(key);
		if (handled.has(tag)) return;
		handled.add(tag);
		if (compare(key, w) > 0) w = key;
		const prev = seen.get(key.i);
		if (prev && prev.t >= key.t) return;
		if (floor && compare(key, floor) <= 0) return;
		const entry: Entry = { t: key.t, d };
		const remember = () => {
			seen.delete(key.i);
			seen.set(key.i, entry);
		};
		if (baseline && compare(key, start.w) <= 0) return remember();
		const event = classify(d, prev !== undefined, readPoint);
		remember();
		if (!settings.events.includes(event)) return;
		// A known detection whose content is unchanged: only tracking fields moved (a write-back).
		if (
			event === 'updated' &&
			settings.updateMode === 'activity' &&
			prev &&
			fpOf(prev) === fpOf(entry)
		)
			return;
		emitted.push({ detection: d, event });
	};

	let more = false;
	/**
	 * Reads every version from `from` on. Keyset paging: each page restarts at the last mod_time
	 * read, skipping the part of its tie group already read and overlapping by one version to
	 * prove the group did not shift.
	 */
	const readOn = async (start: Key | null, skipped: number, pageLimit: number) => {
		let from = start?.t ?? 0;
		let skip = skipped;
		let last = skip > 0 && start ? tagOf(start) : undefined;
		let restarts = 0;
		for (;;) {
			const overlap = skip > 0 ? 1 : 0;
			const { detections } = await run({
				...body,
				mod_time: inclusive ? from : from - 1,
				sort: SORT,
				limit: pageLimit,
				offset: skip - overlap,
			});
			if (!inclusive && detections.some((d) => keyOf(d).t < from)) {
				// Versions at from - 1: this server's mod_time means "on or after". Ask again.
				inclusive = true;
				continue;
			}
			let page = detections;
			if (overlap) {
				const first = page[0];
				if (!first || tagOf(keyOf(first)) !== last) {
					// A version in the tie group moved away or a late one moved in: offsets shifted.
					if (++restarts > MAX_GROUP_RESTARTS) {
						more = true;
						return;
					}
					skip = 0;
					continue;
				}
				page = page.slice(1);
			}
			for (const d of page) {
				handle(d);
				const key = keyOf(d);
				if (key.t === from) skip++;
				else {
					from = key.t;
					skip = 1;
				}
				last = tagOf(key);
				if (emitted.length >= settings.maxPerPoll) {
					more = true;
					return;
				}
			}
			if (detections.length < pageLimit) return;
		}
	};

	if (!windowRead) {
		const inWindow: Array<[number, Entry]> = [];
		for (const entry of seen)
			if (entry[1].t >= c && compare({ t: entry[1].t, i: entry[0] }, w) <= 0) inWindow.push(entry);
		inWindow.sort((a, b) => a[1].t - b[1].t || a[0] - b[0]);
		const expected = inWindow.map(([id]) => id);
		const newPage = Math.min(MAX_PAGE, Math.max(MIN_PAGE, settings.maxPerPoll + 1));
		let settled = false;
		if (floor && floor.t >= c) windowRead = true;
		else if (
			expected.length > 0 &&
			Object.keys(settings.filter).length === 0 &&
			expected.length <= MAX_PAGE
		) {
			// 1. Without filters a detection leaves the window only by being modified, which puts its
			// new version after the watermark. So if the window still counts as many versions as
			// remembered, the version at the watermark's position is the watermark itself, and none
			// after it is a remembered one, nothing arrived late: one request reads the watermark's
			// version and what is new.
			const probePage = Math.min(newPage, PROBE_PAGE);
			const { detections } = await run({
				...body,
				mod_time: inclusive ? c : c - 1,
				sort: SORT,
				limit: probePage,
				offset: expected.length - 1,
			});
			const ids = new Set(expected);
			const first = detections[0];
			if (
				first &&
				tagOf(keyOf(first)) === tagOf(w) &&
				!detections.slice(1).some((d) => ids.has(idOf(d)))
			) {
				settled = true;
				for (const d of detections) {
					handle(d);
					if (emitted.length >= settings.maxPerPoll) {
						more = true;
						break;
					}
				}
				if (!more && detections.length === probePage) {
					let atW = 0;
					for (const e of seen.values()) if (e.t === w.t) atW++;
					await readOn(w, atW, newPage);
				}
			}
		}
		if (!settled && !windowRead) {
			// 2. Late arrivals: the window's IDs, in order, against what is remembered.
			if (expected.length >= MAX_PAGE) windowRead = true;
			else if (expected.length > 0) {
				const { detections } = await run({
					...body,
					mod_time: inclusive ? c : c - 1,
					sort: SORT,
					limit: expected.length + 1,
					offset: 0,
					id_only: true,
				});
				windowRead = lastRemembered(detections.map(idOf), expected) < 0;
			}
			// 3. What is new: from the watermark on, skipping its tie group as far as it was read.
			if (!windowRead) {
				let atW = 0;
				for (const e of seen.values()) if (e.t === w.t) atW++;
				await readOn(w, atW, newPage);
			}
		}
	}
	let windowChecked = !windowRead;
	if (windowRead && emitted.length < settings.maxPerPoll) {
		// 4. The window and what follows, in full: emit what was not handled yet.
		const from = Math.max(c, floor?.t ?? c);
		let inWindow = 0;
		for (const e of seen.values()) if (e.t >= from) inWindow++;
		const wasMore = more;
		more = false;
		await readOn(
			{ t: from, i: 0 },
			0,
			Math.min(MAX_PAGE, Math.max(MIN_PAGE, inWindow + settings.maxPerPoll + 1)),
		);
		windowChecked = !more;
		more = more || wasMore;
	}

	// The window moves on with the server's clock, only once this poll checked all of it.
	const now = serverNow ?? w.t;
	const nextC = windowChecked ? Math.max(c, now - settings.latenessMs) : c;
	return { emitted, state: encodeState(w, nextC, floor, inclusive, seen), requests, more };
}

/**
 * Where the last remembered ID stands in the window's current IDs (in (mod_time, id) order, from
 * its start), if the IDs before it are remembered ones in the remembered order, some possibly
 * gone (modified since, or no longer matching the filters): then no version arrived late in the
 * window. -1 otherwise.
 */
function lastRemembered(ids: number[], expected: number[]): number {
	const position = new Map(expected.map((id, k) => [id, k]));
	let previous = -1;
	for (let j = 0; j < ids.length; j++) {
		const k = position.get(ids[j]);
		if (k === undefined || k <= previous) return -1;
		if (k === expected.length - 1) return j;
		previous = k;
	}
	return -1;
}

/**
 * created: the trigger holds no memory of the detection and it was created after the previous
 * read point (minus the tolerance). ExtraHop's `create_time` decides; firmware without it falls
 * back to `start_time`, the start of the detected activity.
 */
function classify(d: IDataObject, known: boolean, readPoint: number): DetectionEvent {
	if (known) return 'updated';
	const createdAt =
		typeof d.create_time === 'number'
			? d.create_time
			: typeof d.start_time === 'number'
				? d.start_time
				: undefined;
	return createdAt !== undefined && createdAt >= readPoint ? 'created' : 'updated';
}

/** Keeps the window's entries (at most MAX_WINDOW_ENTRIES) and the most recent others. */
function encodeState(
	w: Key,
	c: number,
	floor: Key | null,
	inclusive: boolean,
	seen: Map<number, Entry>,
): CursorState {
	const inWindow: Array<[number, Entry]> = [];
	const recent: Array<[number, Entry]> = [];
	for (const entry of seen) (entry[1].t >= c ? inWindow : recent).push(entry);
	let newFloor = floor;
	if (inWindow.length > MAX_WINDOW_ENTRIES) {
		inWindow.sort((a, b) => a[1].t - b[1].t || a[0] - b[0]);
		const dropped = inWindow.splice(0, inWindow.length - MAX_WINDOW_ENTRIES);
		const lastDropped = dropped[dropped.length - 1];
		const droppedKey = { t: lastDropped[1].t, i: lastDropped[0] };
		if (!newFloor || compare(droppedKey, newFloor) > 0) newFloor = droppedKey;
	}
	if (newFloor && newFloor.t < c) newFloor = null;
	recent.sort((a, b) => a[1].t - b[1].t || a[0] - b[0]);
	const state: CursorState = {
		v: STATE_VERSION,
		w,
		c,
		floor: newFloor,
		seen: packSeen(w, [...recent.slice(-RECENT_ENTRIES), ...inWindow]),
	};
	if (inclusive) state.x = 1;
	return state;
}
