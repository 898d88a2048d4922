/**
 * The polling trigger's delivery logic: which detection versions a poll emits, and the state it
 * leaves for the next poll. Kept free of n8n so it can be reasoned about and tested on its own.
 *
 * A detection version is the pair (id, mod_time). Versions are read in the one total order the
 * API can sort by, (mod_time asc, id asc), and the state (state.ts) holds the watermark `w` (every
 * version at or before it handled), the start `c` of the lateness window [c, w] whose handled
 * versions it remembers, and what it remembers. `c` follows the server's clock (Date header):
 * c = server time - tolerance, so a late arrival (a version that becomes visible with an older
 * mod_time) within the tolerance lies in [c, w], and once the clock has moved a tolerance past `w`
 * the window is empty and an idle poll reads nothing but the watermark's own version.
 *
 * A poll (run.ts) (1) reads on from the watermark (keyset paging, each new version read once); (2)
 * checks the window for late arrivals by asking for its IDs only, in order, and comparing them
 * with what it remembers (without filters, a count probe on the same request as what is new);
 * only if they differ (a version it never saw, or one out of order) does it (3) re-read the window
 * in full and emit what it has not handled, never twice.
 *
 * The API's `mod_time` filter is "updated after" in the vendor's spec and "on or after" in a peer's
 * documentation: every query asks for mod_time > t - 1 (the same as >= t on integer milliseconds)
 * until a response shows versions at t - 1, and from then on for >= t.
 *
 * Only server time is used: mod_time values and the server's Date header, never the local clock.
 */
import { PollRun } from './run';
import { Server, firstState, type PollOutcome, type PollSettings, type Search } from './server';
import { loadState } from './state';

export {
	MAX_WINDOW_ENTRIES,
	RECENT_ENTRIES,
	STATE_VERSION,
	entryCount,
	isValidState,
	unpackSeen,
	type CursorState,
	type Key,
	type PackedSeen,
} from './state';
export type { Emission, PollOutcome, PollSettings, Search, SearchResult } from './server';

/**
 * 7,000: a 20,000-detection backlog (after downtime, or a first run with lookback) is emitted in
 * three polls, while one execution stays around 8 MB of detections (about 1.1 KB each).
 */
export const DEFAULT_MAX_PER_POLL = 7000;
/** The API's largest page: a 20,000 backlog can be emitted in one poll. */
export const MAX_MAX_PER_POLL = 20000;

/**
 * One poll. Reads what is new since the watermark, checks the lateness window for late arrivals,
 * emits the versions not handled yet, and returns the new state; the caller commits it only if
 * the poll succeeded. `previous` is the saved state, in any format it was ever saved in, or
 * nothing (the first run).
 */
export async function poll(
	search: Search,
	previous: unknown,
	settings: PollSettings,
): Promise<PollOutcome> {
	const server = new Server(search);
	const saved = loadState(previous, settings.latenessMs);
	const run = saved
		? new PollRun(server, settings, saved.state, saved.seen, false)
		: new PollRun(server, settings, await firstState(server, settings), new Map(), true);
	return run.execute();
}
