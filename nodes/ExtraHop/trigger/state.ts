/**
 * The poll trigger's memory between polls (the workflow's static data, `cursor`): its format,
 * packing and unpacking, and the conversion of the format before 0.2. See cursor.ts for what the
 * fields mean to a poll.
 *
 * A detection version is the pair (id, mod_time), ordered by (mod_time, id). The state holds:
 * - `w`, the watermark: every version at or before it has been handled (emitted, or deliberately
 *   skipped: filtered event type, tracking-only change);
 * - `c`, the start of the lateness window: every version handled in [c, w] is remembered in `seen`;
 * - `seen`: the versions handled in the window, plus a few hundred most recent beyond it to
 *   recognise a workflow's own write-back (content fingerprints), packed column-wise;
 * - `floor`: when the window holds more entries than the state may keep, the oldest are forgotten
 *   and every version at or before `floor` counts as handled. Whole tie groups are forgotten
 *   (`floor.i` is then WHOLE_GROUP) unless the cut falls in the watermark's own group, which
 *   may not be read to its end; states saved by earlier versions may hold a floor inside a group;
 * - `x`: set once the server showed that its `mod_time` filter is inclusive (on or after).
 */
import type { IDataObject } from 'n8n-workflow';

import { contentFingerprint } from '../common/detectionEvents';

export const STATE_VERSION = 2;
/** In-window entries the state may hold before the oldest are folded into `floor`. */
export const MAX_WINDOW_ENTRIES = 5000;
/** Entries kept beyond the window, most recent first, for echo detection. */
export const RECENT_ENTRIES = 500;
/** Characters of the 12-character content fingerprint kept in the state: 48 bits. */
export const FP_CHARS = 8;
/** `floor.i` when the floor covers its whole tie group: the window to check starts after floor.t. */
export const WHOLE_GROUP = Number.MAX_SAFE_INTEGER;

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

/** A remembered version: its mod_time and content fingerprint, computed only when needed. */
export interface Entry {
	t: number;
	fp?: string;
	d?: IDataObject;
}

/** Remembered versions by detection ID. */
export type Seen = Map<number, Entry>;

export const compare = (a: Key, b: Key) => (a.t !== b.t ? a.t - b.t : a.i - b.i);
export const keyOf = (d: IDataObject): Key => ({ t: Number(d.mod_time) || 0, i: Number(d.id) });
export const tagOf = (k: Key) => `${k.i}@${k.t}`;
export const fpOf = (e: Entry): string => (e.fp ??= contentFingerprint(e.d!).slice(0, FP_CHARS));
const byKey = (a: [number, Entry], b: [number, Entry]) => a[1].t - b[1].t || a[0] - b[0];

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

/**
 * The saved state and what it remembers, converted from the format before 0.2 if need be (its
 * window then starts a tolerance before the watermark); undefined when there is none to read.
 */
export function loadState(
	saved: unknown,
	latenessMs: number,
): { state: CursorState; seen: Seen } | undefined {
	if (isValidState(saved)) return { state: saved, seen: unpackSeen(saved) };
	if (!isLegacyState(saved)) return undefined;
	const { w, floor } = saved;
	return {
		state: { v: STATE_VERSION, w, c: w.t - latenessMs, floor, seen: { i: '', t: '', f: '' } },
		seen: new Map(
			Object.entries(saved.seen).map(([id, [delta, fp]]) => [
				Number(id),
				{ t: w.t - delta, fp: fp.slice(0, FP_CHARS) },
			]),
		),
	};
}

/** A state that remembers nothing: the first run's. */
export const emptyState = (w: Key, c: number): CursorState => ({
	v: STATE_VERSION,
	w,
	c,
	floor: null,
	seen: { i: '', t: '', f: '' },
});

export function unpackSeen(state: CursorState): Seen {
	const seen: Seen = new Map();
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
	entries.sort(byKey);
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

/** Keeps the window's entries (at most MAX_WINDOW_ENTRIES) and the most recent others. */
export function encodeState(
	w: Key,
	c: number,
	floor: Key | null,
	inclusive: boolean,
	seen: Seen,
): CursorState {
	const inWindow: Array<[number, Entry]> = [];
	const recent: Array<[number, Entry]> = [];
	for (const entry of seen) (entry[1].t >= c ? inWindow : recent).push(entry);
	let newFloor = floor;
	if (inWindow.length > MAX_WINDOW_ENTRIES) {
		inWindow.sort(byKey);
		let cut = inWindow.length - MAX_WINDOW_ENTRIES;
		const [lastId, { t }] = inWindow[cut - 1];
		// A group before the watermark's was read to its end: forget all of it, so that the window
		// can be checked from a mod_time on (the search cannot start inside a group).
		const whole = t < w.t;
		if (whole) while (cut < inWindow.length && inWindow[cut][1].t === t) cut++;
		inWindow.splice(0, cut);
		const droppedKey = { t, i: whole ? WHOLE_GROUP : lastId };
		if (!newFloor || compare(droppedKey, newFloor) > 0) newFloor = droppedKey;
	}
	if (newFloor && newFloor.t < c) newFloor = null;
	recent.sort(byKey);
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
