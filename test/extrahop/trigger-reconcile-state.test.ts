/**
 * The reconciliation's state (nodes/ExtraHop/trigger/reconcileState.ts): round trip, rounding
 * that never shortens a wait, and its bounds.
 */
import {
	MAX_BACKOFF_ENTRIES,
	MAX_ECHO_ENTRIES,
	MAX_EMISSION_RANGES,
	decodeReconcileState,
	emptyMemory,
	encodeReconcileState,
	isReconcileState,
	type BackoffEntry,
} from '../../nodes/ExtraHop/trigger/reconcileState';

const MIN = 60_000;
const NOW = 1_800_000_000_000;

describe('reconciliation state', () => {
	const dueAt = (_id: number, e: BackoffEntry) => e.at + 10 * MIN * 2 ** (e.attempts - 1) + _id;

	it('round-trips, with times rounded so that a wait never gets shorter', () => {
		const memory = emptyMemory(NOW - 3600_000, 1234);
		memory.lastCheck = NOW;
		memory.more = true;
		memory.ranges = [[NOW - 5 * MIN, NOW - 7 * MIN, NOW - 6 * MIN]];
		memory.backoff.set(25769803828, { attempts: 3, at: NOW - 90 * MIN - 30_000 });
		memory.backoff.set(2001, { attempts: 40, at: NOW });
		memory.echoes.set(2001, { fp: 'abcdefgh', at: NOW - 2 * MIN });
		const state = encodeReconcileState(memory, dueAt);
		expect(isReconcileState(JSON.parse(JSON.stringify(state)))).toBe(true);
		const back = decodeReconcileState(state);
		expect(back.since).toBe(NOW - 3600_000);
		expect(back.offset).toBe(1234);
		expect(back.more).toBe(true);
		expect(back.ranges).toEqual(memory.ranges);
		expect(back.backoff.get(2001)).toEqual({ attempts: 35, at: NOW });
		const rounded = back.backoff.get(25769803828)!;
		expect(rounded.attempts).toBe(3);
		expect(rounded.at).toBeGreaterThanOrEqual(NOW - 90 * MIN - 30_000);
		expect(rounded.at - (NOW - 90 * MIN - 30_000)).toBeLessThan(MIN);
		expect(back.echoes.get(2001)).toEqual({ fp: 'abcdefgh', at: NOW - 2 * MIN });
	});

	it('is bounded: at most MAX_BACKOFF_ENTRIES (keeping those due last), MAX_ECHO_ENTRIES newest echoes, MAX_EMISSION_RANGES ranges', () => {
		const memory = emptyMemory(NOW - 86400_000, 0);
		memory.lastCheck = NOW;
		const extra = 5000;
		for (let i = 0; i < MAX_BACKOFF_ENTRIES + extra; i++)
			memory.backoff.set(3000 + i, { attempts: 1 + (i % 8), at: NOW - (i % 600) * MIN });
		for (let i = 0; i < MAX_ECHO_ENTRIES + extra; i++)
			memory.echoes.set(3000 + i, { fp: 'ffffffff', at: NOW - i * 1000 });
		for (let i = 0; i < MAX_EMISSION_RANGES + 50; i++) memory.ranges.push([NOW - i, 1, 2]);
		const state = encodeReconcileState(memory, dueAt);
		const back = decodeReconcileState(state);
		expect(back.backoff.size).toBe(MAX_BACKOFF_ENTRIES);
		const kept = [...memory.backoff]
			.filter(([id]) => back.backoff.has(id))
			.map(([id, e]) => dueAt(id, e));
		const dropped = [...memory.backoff]
			.filter(([id]) => !back.backoff.has(id))
			.map(([id, e]) => dueAt(id, e));
		expect(dropped).toHaveLength(extra);
		// Every dropped entry was due no later than every kept one.
		expect(Math.max(...dropped)).toBeLessThanOrEqual(Math.min(...kept));
		expect(back.echoes.size).toBe(MAX_ECHO_ENTRIES);
		expect(back.echoes.has(3000)).toBe(true);
		expect(back.echoes.has(3000 + MAX_ECHO_ENTRIES)).toBe(false);
		expect(back.ranges).toHaveLength(MAX_EMISSION_RANGES);
		const bytes = Buffer.byteLength(JSON.stringify(state));
		// About 10 bytes per backoff entry, 15 per echo.
		expect(bytes).toBeLessThan(MAX_BACKOFF_ENTRIES * 11 + MAX_ECHO_ENTRIES * 16 + 20_000);
	});
});
