/**
 * Guarantee 6, measured: the trigger's state after 100,000 detections have passed through. The
 * cursor runs against an in-memory search with the API's semantics (mod_time >= x, sorted by
 * mod_time then id, limit/offset) so the volume stays fast; the simulator-backed tests cover HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_WINDOW_ENTRIES,
	RECENT_ENTRIES,
	entryCount,
	poll,
	type CursorState,
	type PollSettings,
	type Search,
} from '../../nodes/ExtraHop/trigger/cursor';

const MIN = 60_000;

class MemoryExtraHop {
	private rows: IDataObject[] = [];
	private nextId = 1;

	add(modTime: number) {
		const row = {
			id: this.nextId++,
			mod_time: modTime,
			create_time: modTime,
			start_time: modTime - MIN,
			title: 'Port Scan',
			type: 'port_scan',
			categories: ['sec.recon'],
			risk_score: 40,
			status: null,
		};
		this.rows.push(row);
	}

	search: Search = async (body) => {
		const from = Number(body.mod_time ?? 0);
		const desc = (body.sort as Array<{ direction: string }>)[0].direction === 'desc';
		const sorted = [...this.rows].sort(
			(a, b) =>
				(a.mod_time as number) - (b.mod_time as number) || (a.id as number) - (b.id as number),
		);
		const list = (desc ? sorted.reverse() : sorted).filter((d) => (d.mod_time as number) >= from);
		const offset = Number(body.offset ?? 0);
		return { detections: list.slice(offset, offset + Number(body.limit)) };
	};

	/** The search above sorts everything; keep it cheap by forgetting what is long past. */
	trim(before: number) {
		this.rows = this.rows.filter((d) => (d.mod_time as number) >= before);
	}
}

const settings: PollSettings = {
	filter: {},
	events: ['created', 'updated'],
	updateMode: 'activity',
	maxPerPoll: 500,
	latenessMs: 10 * MIN,
	lookbackMs: 0,
};
const bytes = (state: CursorState) => Buffer.byteLength(JSON.stringify({ cursor: state }));

it('stays small and bounded after 100,000 detections, and under a burst larger than its cap', async () => {
	const server = new MemoryExtraHop();
	let now = 1_800_000_000_000;
	let state: CursorState | undefined = (await poll(server.search, undefined, settings)).state;
	let emitted = 0;
	let largest = 0;
	// Steady flow: 100,000 detections, 250 per simulated minute, one poll a minute.
	for (let minute = 0; emitted < 100_000; minute++) {
		for (let i = 0; i < 250; i++) server.add(now + i * 200);
		now += MIN;
		const out = await poll(server.search, state, settings);
		state = out.state;
		emitted += out.emitted.length;
		largest = Math.max(largest, bytes(state));
		server.trim(now - 30 * MIN);
	}
	const steady = bytes(state!);
	expect(emitted).toBe(100_000);
	// 10 minutes of 250/minute is 2,500 detections in the window: all remembered, nothing more.
	expect(Object.keys(state!.seen).length).toBeLessThanOrEqual(2_501 + RECENT_ENTRIES); // the window includes both ends
	// The state packs its entries: count them, not its keys.
	expect(entryCount(state!)).toBeGreaterThanOrEqual(2_400);
	expect(entryCount(state!)).toBeLessThanOrEqual(2_501 + RECENT_ENTRIES);
	expect(steady).toBeLessThanOrEqual(48 * 1024);

	// A burst of 12,000 detections within one second: more than the window may hold.
	for (let i = 0; i < 12_000; i++) server.add(now + (i % 1000));
	let burstEmitted = 0;
	for (let p = 0; p < 40 && burstEmitted < 12_000; p++) {
		const out = await poll(server.search, state, settings);
		state = out.state;
		burstEmitted += out.emitted.length;
		largest = Math.max(largest, bytes(state));
	}
	expect(burstEmitted).toBe(12_000);
	expect(Object.keys(state!.seen).length).toBeLessThanOrEqual(MAX_WINDOW_ENTRIES + RECENT_ENTRIES);
	expect(entryCount(state!)).toBeLessThanOrEqual(MAX_WINDOW_ENTRIES + RECENT_ENTRIES);
	expect(largest).toBeLessThan(200 * 1024);
	process.stdout.write(
		`trigger state after 100,000 detections: ${steady} bytes (${entryCount(state!)} entries after the burst); largest at any point, including a 12,000-detection burst: ${largest} bytes\n`,
	);
}, 120_000);
