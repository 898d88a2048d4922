/**
 * What one poll asks ExtraHop and how: its settings, the search function it is given, the sort
 * and page sizes, the server's clock, and where the first run starts. Free of n8n.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DetectionEvent, UpdateMode } from '../common/detectionEvents';
import { emptyState, keyOf, type CursorState, type Key } from './state';

/** How often one poll may restart a tie group that changed under it before leaving the rest to the next poll. */
export const MAX_GROUP_RESTARTS = 3;
export const MAX_PAGE = 20000;
export const MIN_PAGE = 20;
/**
 * Versions the count probe reads after the watermark: more follow in full pages. Kept small, as
 * they are read again when the probe finds the window changed.
 */
export const PROBE_PAGE = 50;
/** The Date header counts whole seconds: server time is taken as a second before it. */
const DATE_RESOLUTION_MS = 1000;

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

export const SORT = [
	{ field: 'mod_time', direction: 'asc' },
	{ field: 'id', direction: 'asc' },
];
/** id_only answers IDs; a search that ignores it answers detections. */
export const idOf = (x: unknown) =>
	Number(typeof x === 'object' && x !== null ? (x as IDataObject).id : x);
export const pageOf = (n: number) => Math.min(MAX_PAGE, Math.max(MIN_PAGE, n));

/** The search as one poll uses it: counts its requests and keeps the server's clock. */
export class Server {
	requests = 0;
	/** The first answer's clock: everything visible then is read by the end of this poll. */
	now: number | undefined;

	constructor(private readonly search: Search) {}

	async ask(body: IDataObject): Promise<SearchResult> {
		const result = await this.search(body);
		this.requests++;
		if (this.now === undefined && result.serverDate !== undefined)
			this.now = result.serverDate - DATE_RESOLUTION_MS;
		return result;
	}
}

/**
 * The first run: where the watermark starts. Without a lookback it is the newest matching
 * version (so only later changes are emitted); with one, that far back from the server's clock.
 */
export async function firstState(server: Server, settings: PollSettings): Promise<CursorState> {
	const { detections, serverDate } = await server.ask({
		...filterBody(settings.filter),
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
	return emptyState(w, w.t - settings.latenessMs);
}

export function filterBody(filter: IDataObject): IDataObject {
	return Object.keys(filter).length ? { filter } : {};
}
