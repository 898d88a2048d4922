/**
 * The polling trigger's delivery logic: which detection versions a poll emits, and the state it
 * leaves for the next poll. Kept free of n8n so it can be reasoned about and tested on its own.
 *
 * A detection version is the pair (id, mod_time). Versions are read in the one total order the
 * API can sort by, (mod_time asc, id asc), and the state holds:
 * - `w`, the watermark: every version at or before it in that order has been handled (emitted,
 *   or deliberately skipped: filtered event type, tracking-only change);
 * - `seen`: id -> [watermark.t - mod_time, content fingerprint] of recently handled detections.
 *   Entries whose mod_time lies within the lateness tolerance of the watermark let a poll re-read
 *   that stretch and emit only what it has not handled (late arrivals), never twice. A few hundred
 *   most recent entries are also kept beyond it, to recognise a workflow's own write-back;
 * - `floor`: when the tolerance window holds more entries than the state may keep, the oldest
 *   are forgotten and every version at or before `floor` counts as handled.
 *
 * Only server time is used: mod_time values, never the local clock.
 */
import type { IDataObject } from 'n8n-workflow';

import { contentFingerprint, type DetectionEvent, type UpdateMode } from '../ExtraHop/helpers/detectionEvents';

export const STATE_VERSION = 1;
/** In-window entries the state may hold before the oldest are folded into `floor`. */
export const MAX_WINDOW_ENTRIES = 5000;
/** Entries kept beyond the window, most recent first, for echo detection. */
export const RECENT_ENTRIES = 500;
/** How often one poll may restart a tie group that changed under it before leaving the rest to the next poll. */
export const MAX_GROUP_RESTARTS = 3;
export const MAX_PAGE = 20000;
export const MIN_PAGE = 20;

export interface Key {
	t: number;
	i: number;
}

export interface CursorState {
	v: number;
	w: Key;
	floor: Key | null;
	/** id -> [w.t - mod_time, fingerprint], oldest first. */
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
const SORT = [
	{ field: 'mod_time', direction: 'asc' },
	{ field: 'id', direction: 'asc' },
];

function baseBody(filter: IDataObject): IDataObject {
	return Object.keys(filter).length ? { filter } : {};
}

/**
 * The first run: where the watermark starts. Without a lookback it is the newest matching
 * version (so only later changes are emitted); with one, that far back from the server's clock.
 */
async function initialState(search: Search, settings: PollSettings): Promise<{ state: CursorState; requests: number }> {
	const { detections, serverDate } = await search({
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
	return { state: { v: STATE_VERSION, w, floor: null, seen: {} }, requests: 1 };
}

export function isValidState(value: unknown): value is CursorState {
	const s = value as CursorState;
	return (
		!!s &&
		s.v === STATE_VERSION &&
		typeof s.w?.t === 'number' &&
		typeof s.w?.i === 'number' &&
		typeof s.seen === 'object' &&
		s.seen !== null
	);
}

/**
 * One poll. Reads every matching version from (watermark - tolerance) on, emits the ones not
 * handled yet, and returns the new state; the caller commits it only if the poll succeeded.
 */
export async function poll(search: Search, previous: CursorState | undefined, settings: PollSettings): Promise<PollOutcome> {
	let requests = 0;
	let baseline = false;
	let start: CursorState;
	if (previous && isValidState(previous)) {
		start = previous;
	} else {
		const init = await initialState(search, settings);
		requests += init.requests;
		start = init.state;
		// Versions at or before the starting watermark existed before activation: remember them, don't emit.
		baseline = true;
	}

	// Decode `seen` relative to the starting watermark.
	const seen = new Map<string, { t: number; fp: string }>();
	for (const [id, [delta, fp]] of Object.entries(start.seen)) seen.set(id, { t: start.w.t - delta, fp });
	const floor = start.floor;
	let w: Key = { ...start.w };
	const readFrom = Math.max(0, start.w.t - settings.latenessMs, floor?.t ?? 0);
	const handled = new Set<string>();
	const emitted: Emission[] = [];
	const pageLimit = Math.min(
		MAX_PAGE,
		Math.max(MIN_PAGE, countInWindow(seen, start.w.t - settings.latenessMs) + settings.maxPerPoll + 1),
	);

	const handle = (d: IDataObject) => {
		const key = keyOf(d);
		const id = String(d.id);
		const tag = `${id}@${key.t}`;
		if (handled.has(tag)) return;
		handled.add(tag);
		if (compare(key, w) > 0) w = key;
		const prev = seen.get(id);
		if (prev && prev.t >= key.t) return;
		if (floor && compare(key, floor) <= 0) return;
		const fp = contentFingerprint(d);
		const remember = () => {
			seen.delete(id);
			seen.set(id, { t: key.t, fp });
		};
		if (baseline && compare(key, start.w) <= 0) return remember();
		const event = classify(d, prev !== undefined, start.w.t - settings.latenessMs);
		remember();
		if (!settings.events.includes(event)) return;
		// A known detection whose content is unchanged: only tracking fields moved (a write-back).
		if (event === 'updated' && settings.updateMode === 'activity' && prev && prev.fp === fp) return;
		emitted.push({ detection: d, event });
	};

	let from = readFrom;
	let skip = 0;
	let last: string | undefined;
	let restarts = 0;
	let more = false;
	for (;;) {
		// Keyset paging: restart each page at the last mod_time read, skipping the part of its tie
		// group already read and overlapping by one version to prove the group did not shift.
		const overlap = skip > 0 ? 1 : 0;
		const { detections } = await search({
			...baseBody(settings.filter),
			mod_time: from,
			sort: SORT,
			limit: pageLimit,
			offset: skip - overlap,
		});
		requests++;
		let page = detections;
		if (overlap) {
			const first = page[0];
			if (!first || `${String(first.id)}@${keyOf(first).t}` !== last) {
				// A version in the tie group moved away or a late one moved in: offsets shifted.
				if (++restarts > MAX_GROUP_RESTARTS) {
					more = true;
					break;
				}
				skip = 0;
				continue;
			}
			page = page.slice(1);
		}
		let capped = false;
		for (const d of page) {
			handle(d);
			const key = keyOf(d);
			if (key.t === from) skip++;
			else {
				from = key.t;
				skip = 1;
			}
			last = `${String(d.id)}@${key.t}`;
			if (emitted.length >= settings.maxPerPoll) {
				capped = true;
				break;
			}
		}
		if (capped) {
			more = true;
			break;
		}
		if (detections.length < pageLimit) break;
	}

	return { emitted, state: encodeState(w, floor, seen, settings.latenessMs), requests, more };
}

/**
 * created: the trigger holds no memory of the detection and it was created after the previous
 * read point (minus the tolerance). ExtraHop's `create_time` decides; firmware without it falls
 * back to `start_time`, the start of the detected activity.
 */
function classify(d: IDataObject, known: boolean, readPoint: number): DetectionEvent {
	if (known) return 'updated';
	const createdAt = typeof d.create_time === 'number' ? d.create_time : typeof d.start_time === 'number' ? d.start_time : undefined;
	return createdAt !== undefined && createdAt >= readPoint ? 'created' : 'updated';
}

function countInWindow(seen: Map<string, { t: number }>, windowStart: number): number {
	let n = 0;
	for (const entry of seen.values()) if (entry.t >= windowStart) n++;
	return n;
}

/** Keeps the window's entries (at most MAX_WINDOW_ENTRIES) and the most recent others. */
function encodeState(w: Key, floor: Key | null, seen: Map<string, { t: number; fp: string }>, latenessMs: number): CursorState {
	const windowStart = w.t - latenessMs;
	const inWindow: Array<[string, { t: number; fp: string }]> = [];
	const recent: Array<[string, { t: number; fp: string }]> = [];
	for (const entry of seen) (entry[1].t >= windowStart ? inWindow : recent).push(entry);
	let newFloor = floor;
	if (inWindow.length > MAX_WINDOW_ENTRIES) {
		inWindow.sort((a, b) => compare({ t: a[1].t, i: Number(a[0]) }, { t: b[1].t, i: Number(b[0]) }));
		const dropped = inWindow.splice(0, inWindow.length - MAX_WINDOW_ENTRIES);
		const lastDropped = dropped[dropped.length - 1];
		const droppedKey = { t: lastDropped[1].t, i: Number(lastDropped[0]) };
		if (!newFloor || compare(droppedKey, newFloor) > 0) newFloor = droppedKey;
	}
	if (newFloor && newFloor.t < windowStart) newFloor = null;
	// By mod_time, not by key order: JSON objects list integer-like keys numerically.
	recent.sort((a, b) => a[1].t - b[1].t);
	const out: Record<string, [number, string]> = {};
	for (const [id, entry] of [...recent.slice(-RECENT_ENTRIES), ...inWindow]) out[id] = [w.t - entry.t, entry.fp];
	return { v: STATE_VERSION, w, floor: newFloor, seen: out };
}
