/**
 * The webhook trigger's memory of what it has handled, which decides "created" vs "updated",
 * which changes count as updates, and which pushes are duplicates. The same rules as the
 * polling trigger (nodes/ExtraHop/trigger/cursor.ts): a detection the trigger remembers is
 * "updated"; an unknown one is "created" when it was created recently (`create_time`, else
 * `start_time`), and a change that leaves `contentFingerprint` unchanged only touched ticket
 * tracking fields, which "activity" mode ignores.
 *
 * Kept in the node's static data as `{ v, seen: { "d<id>": [mod_time | null, fingerprint, hash] } }`:
 * at most MAX_REMEMBERED detections, least recently pushed forgotten first ("d" keeps the keys
 * in insertion order: JSON objects list integer-like keys numerically).
 */

import type { IDataObject } from 'n8n-workflow';

import {
	contentFingerprint,
	stableHash,
	type DetectionEvent,
	type UpdateMode,
} from '../common/detectionEvents';

export const MEMORY_VERSION = 1;
export const MAX_REMEMBERED = 2000;
/** A detection unknown to the trigger counts as created if created at most this long before the pushed version. */
export const CREATED_WINDOW_MS = 10 * 60_000;
/** Versions emitted recently by this n8n process, across concurrent requests (see `recentlyEmitted`). */
export const MAX_RECENT_EMISSIONS = 2000;

/** [mod_time or null, content fingerprint, hash of everything but bookkeeping fields] */
export type SeenEntry = [number | null, string, string];

export interface Memory {
	v: number;
	seen: Record<string, SeenEntry>;
}

export interface Version {
	id: number;
	modTime: number | null;
	createdAt: number | null;
	fingerprint: string;
	hash: string;
}

export type Decision =
	| { emit: true; event: DetectionEvent }
	| {
			emit: false;
			event?: DetectionEvent;
			reason: 'duplicate' | 'stale' | 'trackingOnly' | 'eventNotSelected';
	  };

const BOOKKEEPING = new Set(['mod_time', 'modTime', 'url', 'event', 'activity_log']);

/** The version of a detection (full REST object, or a payload's view of one) the memory compares. */
export function versionOf(detection: IDataObject): Version {
	const everything: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(detection))
		if (!BOOKKEEPING.has(key)) everything[key] = value;
	const modTime = typeof detection.mod_time === 'number' ? detection.mod_time : null;
	const createdAt =
		typeof detection.create_time === 'number'
			? detection.create_time
			: typeof detection.start_time === 'number'
				? detection.start_time
				: null;
	return {
		id: Number(detection.id),
		modTime,
		createdAt,
		fingerprint: contentFingerprint(detection),
		hash: stableHash(everything),
	};
}

export function loadMemory(value: unknown): Memory {
	const m = value as Memory;
	if (
		m &&
		m.v === MEMORY_VERSION &&
		typeof m.seen === 'object' &&
		m.seen !== null &&
		!Array.isArray(m.seen)
	) {
		return { v: MEMORY_VERSION, seen: { ...m.seen } };
	}
	return { v: MEMORY_VERSION, seen: {} };
}

const keyOf = (id: number) => `d${id}`;

export function recall(memory: Memory, id: number): SeenEntry | undefined {
	const entry = memory.seen[keyOf(id)];
	return Array.isArray(entry) && entry.length === 3 ? entry : undefined;
}

/** Records a version as the most recent, dropping the least recently pushed beyond the bound. */
export function remember(memory: Memory, version: Version, max = MAX_REMEMBERED): Memory {
	const seen = { ...memory.seen };
	delete seen[keyOf(version.id)];
	seen[keyOf(version.id)] = [version.modTime, version.fingerprint, version.hash];
	const keys = Object.keys(seen);
	for (let i = 0; i < keys.length - max; i++) delete seen[keys[i]];
	return { v: MEMORY_VERSION, seen };
}

function classify(version: Version, known: boolean): DetectionEvent {
	if (known) return 'updated';
	// Nothing to tell by (a payload with only an id): the first push of a detection is its creation.
	if (version.createdAt === null) return 'created';
	const reference = version.modTime ?? version.createdAt;
	return version.createdAt >= reference - CREATED_WINDOW_MS ? 'created' : 'updated';
}

/**
 * What to do with a pushed version, given what the trigger remembers of the detection.
 * Duplicates: the same mod_time (or, without one, the same content hash). Stale: an older
 * mod_time than the one remembered (a push overtaken by a later one).
 */
export function decide(
	previous: SeenEntry | undefined,
	version: Version,
	events: DetectionEvent[],
	updateMode: UpdateMode,
): Decision {
	if (previous) {
		const [modTime, fingerprint, hash] = previous;
		if (version.modTime !== null && modTime !== null) {
			if (version.modTime === modTime) return { emit: false, reason: 'duplicate' };
			if (version.modTime < modTime) return { emit: false, reason: 'stale' };
		} else if (version.hash === hash) {
			return { emit: false, reason: 'duplicate' };
		}
		if (updateMode === 'activity' && version.fingerprint === fingerprint)
			return { emit: false, event: 'updated', reason: 'trackingOnly' };
	}
	const event = classify(version, previous !== undefined);
	if (!events.includes(event)) return { emit: false, event, reason: 'eventNotSelected' };
	return { emit: true, event };
}

/**
 * Merges two memories without losing an entry of either: the union of both, and for a detection
 * both know, the entry with the later mod_time (on a tie or without mod_times, `preferred`'s).
 * Entries of `preferred` count as the most recently pushed; the bound drops the oldest.
 */
export function mergeMemory(base: Memory, preferred: Memory, max = MAX_REMEMBERED): Memory {
	const seen: Record<string, SeenEntry> = { ...base.seen };
	for (const [key, entry] of Object.entries(preferred.seen)) {
		const other = seen[key];
		const otherIsNewer =
			Array.isArray(other) && other[0] !== null && entry[0] !== null && other[0] > entry[0];
		delete seen[key];
		seen[key] = otherIsNewer ? other : entry;
	}
	const keys = Object.keys(seen);
	for (let i = 0; i < keys.length - max; i++) delete seen[keys[i]];
	return { v: MEMORY_VERSION, seen };
}

/**
 * The memory this n8n process holds per workflow node, ahead of the static data. n8n loads a
 * webhook's static data afresh for every request and saves the whole object after it: two
 * concurrent requests each save what they loaded plus their own change, and the last save
 * wins. Every request therefore merges what it loaded into this process memory, decides
 * against the merge (synchronously, so concurrent requests see each other's entries), and puts
 * this process memory itself (one object per workflow node, whose `seen` is replaced on every
 * change) into the static data: n8n serialises the static data when it saves it, so every save,
 * also one of an earlier request, carries everything this process knows at that moment.
 */
const processMemory = new Map<string, Memory>();
/** Workflow nodes whose memory a process keeps (oldest dropped first beyond this). */
export const MAX_PROCESS_SCOPES = 200;

function holder(scope: string): Memory | undefined {
	const held = processMemory.get(scope);
	if (held) {
		processMemory.delete(scope);
		processMemory.set(scope, held);
	}
	return held;
}

/**
 * Merges `stored` (the static data's memory) into the process memory of `scope` and returns the
 * process memory: the same object for the same scope, to be put into the static data.
 */
export function syncMemory(scope: string, stored: Memory): Memory {
	const held = holder(scope);
	if (held) {
		held.seen = mergeMemory(stored, held).seen;
		return held;
	}
	const created: Memory = { v: MEMORY_VERSION, seen: { ...stored.seen } };
	processMemory.set(scope, created);
	while (processMemory.size > MAX_PROCESS_SCOPES) {
		const oldest = processMemory.keys().next().value;
		if (oldest === undefined) break;
		processMemory.delete(oldest);
	}
	return created;
}

/** Records a version in the process memory of `scope` (after `syncMemory`) and returns it. */
export function rememberInProcess(scope: string, version: Version): Memory {
	const held = holder(scope) ?? syncMemory(scope, { v: MEMORY_VERSION, seen: {} });
	held.seen = remember(held, version).seen;
	return held;
}

/** Forgets the process memory (tests: a fresh n8n process). */
export function resetProcessMemory(): void {
	processMemory.clear();
	recent.clear();
}

/**
 * Versions this n8n process emitted lately, per workflow node. n8n loads a webhook's static data
 * afresh for every request, so two pushes of one version arriving together would both pass the
 * static-data check; this process-wide record catches that on one instance. Bounded, oldest
 * first out; keys carry no payload data.
 */
const recent = new Map<string, true>();

export function versionKey(scope: string, version: Version): string {
	return `${scope}|${version.id}|${version.modTime ?? `#${version.hash}`}`;
}

export function recentlyEmitted(key: string): boolean {
	return recent.has(key);
}

export function markEmitted(key: string, max = MAX_RECENT_EMISSIONS): void {
	recent.delete(key);
	recent.set(key, true);
	while (recent.size > max) {
		const oldest = recent.keys().next().value;
		if (oldest === undefined) break;
		recent.delete(oldest);
	}
}
