/**
 * Reconciliation ("Detection Still Without Ticket"): besides its cursor, the poll trigger finds,
 * every few minutes, the matching detections that are still open and have no ticket ID although
 * their last change (and the trigger's last emission of them) is older than a minimum age, and
 * emits them again, so that a workflow that crashed, was never started (a lost push) or failed
 * on a ticketing outage gets another run without anyone noticing. Kept free of n8n.
 *
 * One check:
 * 1. the IDs of every candidate (the trigger's filters, `ticket_id` .none, any status but closed,
 *    changed since reconciliation began and within the give-up horizon), in (mod_time, id)
 *    order: `id_only`, a few bytes each;
 * 2. the IDs of the candidates changed within the minimum age (too young, skipped);
 * 3. of the rest, those not waiting out their backoff are read in full, by runs of positions in
 *    that same order (one request per run), checked again, and emitted.
 *
 * Never a second emission while the first may still run: a detection is re-emitted only when its
 * last change, the cursor's emission of it (remembered per poll as a range of mod_time values)
 * and its own last re-emission are all at least the minimum age old; the minimum age must be
 * longer than the workflow's longest execution. With the cursor, it is at least the lateness
 * tolerance (a late arrival the cursor may still emit is never re-emitted first), and no check
 * runs while the cursor has a backlog to emit. Re-emissions back off (minimum age, then doubling,
 * up to a maximum), so detections a workflow deliberately leaves without a ticket cost little.
 *
 * The server's clock decides (the `Date` header of its answers), like the cursor's.
 */
import type { IDataObject } from 'n8n-workflow';

import { contentFingerprint } from '../common/detectionEvents';
import {
	ECHO_FP_CHARS,
	decodeReconcileState,
	emptyMemory,
	encodeReconcileState,
	isReconcileState,
	type BackoffEntry,
	type ReconcileMemory,
	type ReconcileState,
} from './reconcileState';

export interface ReconcileSettings {
	/** The trigger's search filter. */
	filter: IDataObject;
	minAgeMs: number;
	intervalMs: number;
	maxBackoffMs: number;
	giveUpMs: number;
	maxPerCheck: number;
	/** First Run Lookback: how far before the first check reconciliation reaches. */
	lookbackMs: number;
	/** Set when the cursor runs too (Created / Updated selected). */
	cursor?: {
		latenessMs: number;
		/** Its write-backs are recognised when it ignores tracking-only changes. */
		ignoresTrackingChanges: boolean;
	};
}

export interface ReconcileSearchResult {
	detections: IDataObject[];
	serverDate?: number;
}

export type ReconcileSearch = (body: IDataObject) => Promise<ReconcileSearchResult>;

/** What the cursor emitted this poll (its `Emission`). */
export interface CursorEmission {
	detection: IDataObject;
	event: string;
}

export interface Reemission {
	detection: IDataObject;
	/** 1 for the first re-emission since the detection's last change. */
	attempt: number;
}

export interface ReconcileOutcome<E extends CursorEmission> {
	/** The cursor's emissions without the write-backs of re-emitted detections. */
	cursorEmitted: E[];
	emitted: Reemission[];
	state: ReconcileState;
	requests: number;
	/** Whether a check ran this poll. */
	checked: boolean;
}

export const OPEN_STATUSES = ['.none', 'new', 'in_progress', 'acknowledged'];
export const ID_PAGE = 20000;
/** Candidates one check reads at most (5 pages of IDs). */
export const MAX_CANDIDATES = 100000;
/** Read requests one check makes at most for runs; what is left is due at the next poll. */
export const MAX_RUN_REQUESTS = 200;
/** Due detections this close in the order are read in one request, with those between. */
export const RUN_GAP = 2;
/** Waits are lengthened by up to this fraction (by detection ID). */
export const BACKOFF_JITTER = 0.25;
/** Polls come a minute apart give or take a few seconds: a check is not put off by that. */
export const INTERVAL_SLACK_MS = 10_000;
/** A re-emission's write-back is recognised for this many minimum ages (at least 30 minutes). */
const ECHO_WINDOW_MIN_AGES = 3;
const MINUTE = 60_000;
const SORT = [
	{ field: 'mod_time', direction: 'asc' },
	{ field: 'id', direction: 'asc' },
];

const idOf = (x: unknown) =>
	Number(typeof x === 'object' && x !== null ? (x as IDataObject).id : x);

/**
 * The search filter of the candidates: the trigger's, narrowed to no ticket and not closed. Null
 * when nothing can match (the trigger's filters ask only for certain tickets, or only closed).
 */
export function reconcileFilter(filter: IDataObject): IDataObject | null {
	const tickets = filter.ticket_id as string[] | undefined;
	if (Array.isArray(tickets) && tickets.length && !tickets.includes('.none')) return null;
	const statuses = Array.isArray(filter.status) ? (filter.status as string[]) : OPEN_STATUSES;
	const open = statuses.filter((s) => s !== 'closed');
	if (open.length === 0) return null;
	return { ...filter, ticket_id: ['.none'], status: open };
}

/**
 * How long a detection waits after its `attempts`-th re-emission: the minimum age, doubling up to
 * the maximum, each lengthened by up to a quarter, by the ID, so that detections re-emitted
 * together drift apart instead of returning in one burst every day.
 */
export function backoffMs(id: number, attempts: number, settings: ReconcileSettings): number {
	const minAge = effectiveMinAge(settings);
	const base = Math.min(
		minAge * 2 ** Math.max(0, attempts - 1),
		Math.max(minAge, settings.maxBackoffMs),
	);
	const hash = (Math.imul((id % 2 ** 31) | 0, 0x9e3779b1) ^ Math.imul(attempts, 0x85ebca6b)) >>> 0;
	return Math.round(base * (1 + (hash / 2 ** 32) * BACKOFF_JITTER));
}

export function effectiveMinAge(settings: ReconcileSettings): number {
	return Math.max(settings.minAgeMs, settings.cursor?.latenessMs ?? 0);
}

const hasTicket = (d: IDataObject) =>
	d.ticket_id !== null && d.ticket_id !== undefined && d.ticket_id !== '';

/** Keeps the latest server time seen in the answers of a search function. */
export function watchServerTime(search: ReconcileSearch) {
	let latest: number | undefined;
	return {
		search: async (body: IDataObject) => {
			const result = await search(body);
			if (result.serverDate !== undefined) latest = Math.max(latest ?? 0, result.serverDate);
			return result;
		},
		latest: () => latest,
	};
}

/**
 * One poll's share of reconciliation: records the cursor's emissions, drops the write-backs of
 * re-emitted detections from them, and, when a check is due, runs it.
 */
export async function reconcile<E extends CursorEmission>(
	search: ReconcileSearch,
	previous: unknown,
	settings: ReconcileSettings,
	cursorEmitted: E[],
	observed: { serverTime?: number; localNow: number; cursorHasMore: boolean },
): Promise<ReconcileOutcome<E>> {
	let requests = 0;
	let serverTime = observed.serverTime;
	const run = async (body: IDataObject) => {
		const result = await search(body);
		requests++;
		if (result.serverDate !== undefined) serverTime = Math.max(serverTime ?? 0, result.serverDate);
		return result;
	};
	const minAge = effectiveMinAge(settings);
	if (serverTime === undefined) {
		// Reconciling only (no cursor asked anything this poll): the server's clock, for a few bytes.
		await run({ sort: [{ field: 'mod_time', direction: 'desc' }], limit: 1, id_only: true });
	}
	let memory: ReconcileMemory;
	if (isReconcileState(previous)) memory = decodeReconcileState(previous);
	else {
		const now = serverTime ?? observed.localNow;
		memory = emptyMemory(now - settings.lookbackMs, now - observed.localNow);
		// Reconciliation starts with the next check: nothing is old enough yet, bar a lookback the
		// cursor is emitting now.
		memory.lastCheck = now;
	}
	if (serverTime !== undefined) memory.offset = serverTime - observed.localNow;
	const estimate = () => serverTime ?? observed.localNow + memory.offset;

	// 1. The write-backs of re-emitted detections: tracking-only changes the cursor could not know.
	const echoHorizon = estimate() - Math.max(ECHO_WINDOW_MIN_AGES * minAge, 30 * MINUTE);
	for (const [id, echo] of memory.echoes) if (echo.at < echoHorizon) memory.echoes.delete(id);
	let kept = cursorEmitted;
	if (settings.cursor?.ignoresTrackingChanges && memory.echoes.size) {
		// The cursor calls a version of a detection it does not remember "created" or "updated" by
		// its creation time; either way, with the content re-emitted, it is the write-back.
		kept = cursorEmitted.filter(({ detection }) => {
			const echo = memory.echoes.get(idOf(detection));
			if (!echo) return true;
			if (contentFingerprint(detection).slice(0, ECHO_FP_CHARS) !== echo.fp) return true;
			memory.echoes.delete(idOf(detection));
			return false;
		});
	}
	// 2. What the cursor emitted this poll: not re-emitted for the minimum age, and then as a first
	// re-emission (new activity or content restarts the backoff).
	for (const { detection } of kept) memory.backoff.delete(idOf(detection));
	if (kept.length) {
		const times = kept.map((e) => Number(e.detection.mod_time) || 0);
		memory.ranges.push([estimate(), Math.min(...times), Math.max(...times)]);
	}
	memory.ranges = memory.ranges.filter(([at]) => at > estimate() - minAge);

	const dueAt = (id: number, entry: BackoffEntry) =>
		entry.at + backoffMs(id, entry.attempts, settings);
	const result = (emitted: Reemission[], checked: boolean): ReconcileOutcome<E> => ({
		cursorEmitted: kept,
		emitted,
		state: encodeReconcileState(memory, dueAt),
		requests,
		checked,
	});
	const checkDue =
		memory.more || estimate() - memory.lastCheck >= settings.intervalMs - INTERVAL_SLACK_MS;
	const filter = reconcileFilter(settings.filter);
	if (!checkDue || observed.cursorHasMore || !filter) return result([], false);

	// 3. The check. One lower bound for every read, so that positions in the order agree.
	const since = Math.max(memory.since, estimate() - settings.giveUpMs);
	const candidates: number[] = [];
	let complete = true;
	for (let offset = 0; ; offset += ID_PAGE) {
		const { detections } = await run({
			filter,
			mod_time: since,
			sort: SORT,
			limit: ID_PAGE,
			offset,
			id_only: true,
		});
		candidates.push(...detections.map(idOf));
		if (detections.length < ID_PAGE) break;
		if (candidates.length >= MAX_CANDIDATES) {
			complete = false;
			break;
		}
	}
	const now = estimate();
	memory.lastCheck = now;
	memory.more = false;
	if (complete) {
		const present = new Set(candidates);
		for (const id of memory.backoff.keys()) if (!present.has(id)) memory.backoff.delete(id);
	}
	if (candidates.length === 0) return result([], true);

	const young = new Set<number>();
	for (let offset = 0; ; offset += ID_PAGE) {
		const { detections } = await run({
			filter,
			mod_time: now - minAge,
			sort: SORT,
			limit: ID_PAGE,
			offset,
			id_only: true,
		});
		for (const d of detections) young.add(idOf(d));
		if (detections.length < ID_PAGE || young.size >= MAX_CANDIDATES) break;
	}
	const emittedNow = new Set(kept.map((e) => idOf(e.detection)));
	const isDue = (id: number) => {
		if (young.has(id) || emittedNow.has(id)) return false;
		const entry = memory.backoff.get(id);
		return !entry || dueAt(id, entry) <= now;
	};
	const positions: number[] = [];
	candidates.forEach((id, position) => {
		if (isDue(id)) positions.push(position);
	});

	const emitted: Reemission[] = [];
	let runRequests = 0;
	let k = 0;
	while (k < positions.length && emitted.length < settings.maxPerCheck) {
		if (runRequests >= MAX_RUN_REQUESTS) break;
		const start = positions[k];
		let end = start;
		const budget = settings.maxPerCheck - emitted.length;
		let taken = 1;
		while (
			k + taken < positions.length &&
			taken < budget &&
			positions[k + taken] - end <= RUN_GAP + 1 &&
			positions[k + taken] - start < ID_PAGE
		) {
			end = positions[k + taken];
			taken++;
		}
		const wanted = new Set(positions.slice(k, k + taken).map((p) => candidates[p]));
		k += taken;
		runRequests++;
		const { detections } = await run({
			filter,
			mod_time: since,
			sort: SORT,
			limit: end - start + 1,
			offset: start,
		});
		for (const d of detections) {
			const id = idOf(d);
			if (!wanted.delete(id) || !stillDue(d, now)) continue;
			const attempts = (memory.backoff.get(id)?.attempts ?? 0) + 1;
			memory.backoff.set(id, { attempts, at: now });
			if (settings.cursor?.ignoresTrackingChanges)
				memory.echoes.set(id, { fp: contentFingerprint(d).slice(0, ECHO_FP_CHARS), at: now });
			emitted.push({ detection: d, attempt: attempts });
			if (emitted.length >= settings.maxPerCheck) break;
		}
	}
	memory.more = k < positions.length;
	return result(emitted, true);

	function stillDue(d: IDataObject, at: number): boolean {
		if (hasTicket(d) || d.status === 'closed') return false;
		const modTime = Number(d.mod_time);
		if (!Number.isFinite(modTime) || at - modTime < minAge) return false;
		// Emitted by the cursor within the minimum age: its execution may still run.
		return !memory.ranges.some(([, lo, hi]) => modTime >= lo && modTime <= hi);
	}
}
