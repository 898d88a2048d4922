/**
 * The reconciliation's memory in the workflow's static data (key `reconcile`, next to the
 * cursor's), kept small and bounded: numbers, and column-wise packed strings of base-36 deltas.
 */

export const RECONCILE_STATE_VERSION = 1;
/** Detections under backoff the state keeps (about 9 bytes each); beyond it the soonest due are dropped. */
export const MAX_BACKOFF_ENTRIES = 20000;
/** Recent re-emissions kept to recognise their write-back (about 14 bytes each). */
export const MAX_ECHO_ENTRIES = 5000;
/** Polls whose emissions are remembered for the minimum age. */
export const MAX_EMISSION_RANGES = 200;
/** Characters of the content fingerprint kept per re-emission. */
export const ECHO_FP_CHARS = 8;
const MINUTE = 60_000;

/** A detection the reconciliation re-emitted: how often since its last change, and when last. */
export interface BackoffEntry {
	/** Re-emissions since the detection last changed (1 or more). */
	attempts: number;
	/** Server time of the last re-emission (rounded up to the minute: never earlier than it was). */
	at: number;
}

/** A re-emission whose ticket write-back (a tracking-only change) the cursor must not emit again. */
export interface EchoEntry {
	fp: string;
	at: number;
}

/** What the cursor emitted in one poll: the range of mod_time values, and when (server time). */
export type EmissionRange = [at: number, lo: number, hi: number];

export interface Packed {
	i: string;
	/** backoff: attempts, one base-36 digit each (capped at 35); echo: fingerprints */
	a: string;
	/** minutes before the state's `p`, comma-separated base 36 */
	t: string;
}

export interface ReconcileState {
	v: number;
	/** Server time from which detections are reconciled (the first check, minus any lookback). */
	s: number;
	/** Server time of the last check (0: none yet). */
	p: number;
	/** Server clock minus n8n's clock, as last observed (ms). */
	o: number;
	/** Set when the last check left due detections for the next poll. */
	m?: 1;
	r: EmissionRange[];
	e: Packed;
	g: Packed;
}

export interface ReconcileMemory {
	since: number;
	lastCheck: number;
	offset: number;
	more: boolean;
	ranges: EmissionRange[];
	backoff: Map<number, BackoffEntry>;
	echoes: Map<number, EchoEntry>;
}

export function isReconcileState(value: unknown): value is ReconcileState {
	const s = value as ReconcileState;
	return (
		!!s &&
		s.v === RECONCILE_STATE_VERSION &&
		typeof s.s === 'number' &&
		typeof s.p === 'number' &&
		typeof s.o === 'number' &&
		Array.isArray(s.r) &&
		typeof s.e?.i === 'string' &&
		typeof s.g?.i === 'string'
	);
}

function unpack(
	packed: Packed,
	reference: number,
	width: number,
): Array<[id: number, value: string, at: number]> {
	if (packed.i === '') return [];
	const ids = packed.i.split(',');
	const minutes = packed.t.split(',');
	const out: Array<[number, string, number]> = [];
	let id = 0;
	for (let k = 0; k < ids.length; k++) {
		id += parseInt(ids[k], 36);
		const at = reference - parseInt(minutes[k], 36) * MINUTE;
		out.push([id, packed.a.slice(k * width, (k + 1) * width), at]);
	}
	return out;
}

function pack(entries: Array<[id: number, value: string, at: number]>, reference: number): Packed {
	entries.sort((x, y) => x[0] - y[0]);
	const ids: string[] = [];
	const minutes: string[] = [];
	let values = '';
	let previous = 0;
	for (const [id, value, at] of entries) {
		ids.push((id - previous).toString(36));
		// Rounded down: decoded, the time is never earlier than the real one (backoff waits, never shrinks).
		minutes.push(Math.max(0, Math.floor((reference - at) / MINUTE)).toString(36));
		values += value;
		previous = id;
	}
	return { i: ids.join(','), a: values, t: minutes.join(',') };
}

export function decodeReconcileState(state: ReconcileState): ReconcileMemory {
	const backoff = new Map<number, BackoffEntry>();
	for (const [id, attempts, at] of unpack(state.e, state.p, 1))
		backoff.set(id, { attempts: parseInt(attempts, 36), at });
	const echoes = new Map<number, EchoEntry>();
	for (const [id, fp, at] of unpack(state.g, state.p, ECHO_FP_CHARS)) echoes.set(id, { fp, at });
	return {
		since: state.s,
		lastCheck: state.p,
		offset: state.o,
		more: state.m === 1,
		ranges: state.r.filter((r) => Array.isArray(r) && r.length === 3),
		backoff,
		echoes,
	};
}

/**
 * The state to store. Bounds: the newest MAX_EMISSION_RANGES ranges, the newest MAX_ECHO_ENTRIES
 * echoes, and MAX_BACKOFF_ENTRIES backoff entries (keeping those due last: a dropped entry only
 * makes its detection due now, once).
 */
export function encodeReconcileState(
	memory: ReconcileMemory,
	dueAt: (id: number, entry: BackoffEntry) => number,
): ReconcileState {
	const reference = memory.lastCheck;
	let backoff = [...memory.backoff];
	if (backoff.length > MAX_BACKOFF_ENTRIES) {
		backoff.sort((x, y) => dueAt(y[0], y[1]) - dueAt(x[0], x[1]));
		backoff = backoff.slice(0, MAX_BACKOFF_ENTRIES);
	}
	let echoes = [...memory.echoes];
	if (echoes.length > MAX_ECHO_ENTRIES) {
		echoes.sort((x, y) => y[1].at - x[1].at);
		echoes = echoes.slice(0, MAX_ECHO_ENTRIES);
	}
	const state: ReconcileState = {
		v: RECONCILE_STATE_VERSION,
		s: memory.since,
		p: reference,
		o: memory.offset,
		r: memory.ranges.slice(-MAX_EMISSION_RANGES),
		e: pack(
			backoff.map(([id, e]) => [id, Math.min(35, e.attempts).toString(36), e.at]),
			reference,
		),
		g: pack(
			echoes.map(([id, e]) => [id, e.fp.padEnd(ECHO_FP_CHARS, '_').slice(0, ECHO_FP_CHARS), e.at]),
			reference,
		),
	};
	if (memory.more) state.m = 1;
	return state;
}

export function emptyMemory(since: number, offset: number): ReconcileMemory {
	return {
		since,
		lastCheck: 0,
		offset,
		more: false,
		ranges: [],
		backoff: new Map(),
		echoes: new Map(),
	};
}
