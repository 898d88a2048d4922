/**
 * An in-memory detection search with the API's semantics, for driving the poll cursor directly
 * (no HTTP, no wall clock): `mod_time` after (or, with `inclusive`, on or after) the value given,
 * sorted by (mod_time, id) either way, limit/offset, `id_only`, a status filter, and the server's
 * clock as the Date header. Deterministic, so a state the cursor saved can be kept as a fixture
 * and the same world rebuilt to read it again. MemoryTrigger polls it with the cursor, as the node
 * does with its settings, and collects what it emits.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	poll,
	type CursorState,
	type PollSettings,
	type Search,
} from '../../nodes/ExtraHop/trigger/cursor';

export const MIN = 60_000;
export const T0 = 1_800_000_000_000;
/** The node's defaults: both events, new activity only, 7,000 a poll, 10 minutes of tolerance. */
export const DEFAULT_SETTINGS: PollSettings = {
	filter: {},
	events: ['created', 'updated'],
	updateMode: 'activity',
	maxPerPoll: 7000,
	latenessMs: 10 * MIN,
	lookbackMs: 0,
};

export class MemoryExtraHop {
	rows = new Map<number, IDataObject>();
	now = T0;
	nextId = 1000;
	requests = 0;
	/** Detections (not IDs) the searches returned, and IDs returned by id_only searches. */
	detectionsRead = 0;
	idsRead = 0;
	bodies: IDataObject[] = [];
	/** Runs after each search is answered, its Date header taken (to change the world mid-poll). */
	onSearch: ((body: IDataObject) => void) | null = null;

	constructor(readonly inclusive = false) {}

	create(fields: IDataObject = {}): IDataObject {
		const id = (fields.id as number | undefined) ?? this.nextId++;
		const modTime = (fields.mod_time as number | undefined) ?? this.now;
		const d: IDataObject = {
			id,
			mod_time: modTime,
			create_time: modTime,
			start_time: modTime - MIN,
			title: `Detection ${id}`,
			type: 'port_scan',
			categories: ['sec.recon'],
			risk_score: id % 100,
			status: null,
			ticket_id: null,
			assignee: null,
			description: `Scan from 10.0.${id % 250}.1`,
			...fields,
		};
		this.rows.set(id, d);
		return d;
	}

	/** A new version: new activity (content changes), or tracking fields only (a write-back). */
	modify(
		id: number,
		change: { activity?: boolean; fields?: IDataObject; mod_time?: number } = {},
	): IDataObject {
		const d = this.rows.get(id)!;
		const modTime = change.mod_time ?? Math.max(this.now, (d.mod_time as number) + 1);
		if (change.activity) d.description = `${String(d.description)} (seen again at ${modTime})`;
		Object.assign(d, change.fields ?? {}, { mod_time: modTime });
		return d;
	}

	key(id: number): string {
		return `${id}@${String(this.rows.get(id)!.mod_time)}`;
	}

	search: Search = async (body) => {
		this.requests++;
		this.bodies.push(body);
		const from = body.mod_time === undefined ? -Infinity : Number(body.mod_time);
		const sort = body.sort as Array<{ direction: string }> | undefined;
		const desc = sort?.[0]?.direction === 'desc';
		const status = (body.filter as IDataObject | undefined)?.status as unknown[] | undefined;
		const list = [...this.rows.values()]
			.filter((d) =>
				this.inclusive ? (d.mod_time as number) >= from : (d.mod_time as number) > from,
			)
			.filter(
				(d) => !status || status.some((s) => (s === '.none' ? d.status === null : s === d.status)),
			)
			.sort(
				(a, b) =>
					(a.mod_time as number) - (b.mod_time as number) || (a.id as number) - (b.id as number),
			);
		if (desc) list.reverse();
		const offset = Number(body.offset ?? 0);
		const page = list.slice(offset, offset + Number(body.limit ?? 1000));
		if (body.id_only) this.idsRead += page.length;
		else this.detectionsRead += page.length;
		// Copies: the cursor may hold what it read, the world goes on changing.
		const detections = page.map((d) => (body.id_only ? d.id : structuredClone(d))) as IDataObject[];
		const serverDate = this.now;
		this.onSearch?.(body);
		return { detections, serverDate };
	};
}

/** A trigger polling the in-memory server, collecting what it emits as id@mod_time. */
export class MemoryTrigger {
	state: CursorState | undefined;
	readonly all: string[] = [];
	/** What it emitted, as id@mod_time event. */
	readonly events: string[] = [];
	readonly states: CursorState[] = [];

	constructor(
		private readonly server: MemoryExtraHop,
		private readonly settings: PollSettings,
	) {}

	async poll(): Promise<string[]> {
		const out = await poll(this.server.search, this.state, this.settings);
		this.state = out.state;
		this.states.push(out.state);
		const keys = out.emitted.map(
			({ detection }) => `${String(detection.id)}@${String(detection.mod_time)}`,
		);
		this.all.push(...keys);
		this.events.push(...out.emitted.map(({ event }, k) => `${keys[k]} ${event}`));
		return keys;
	}

	/** Polls a minute apart until a poll emits nothing; returns how many polls emitted. */
	async drain(limit = 50): Promise<number> {
		for (let p = 0; p < limit; p++) {
			if (p > 0) this.server.now += MIN;
			if ((await this.poll()).length === 0) return p;
		}
		throw new Error('did not drain');
	}
}

export const keysOf = (server: MemoryExtraHop, ids: number[]) => ids.map((id) => server.key(id));
