/**
 * One poll of the trigger, step by step (see cursor.ts for the design): the server it asks, the
 * state it started from, what it handled and emitted so far. Free of n8n.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DetectionEvent } from '../common/detectionEvents';
import {
	WHOLE_GROUP,
	compare,
	encodeState,
	fpOf,
	keyOf,
	tagOf,
	type CursorState,
	type Entry,
	type Key,
	type Seen,
} from './state';

import {
	MAX_GROUP_RESTARTS,
	MAX_PAGE,
	PROBE_PAGE,
	SORT,
	filterBody,
	idOf,
	pageOf,
	type Emission,
	type PollOutcome,
	type PollSettings,
	type Server,
} from './server';

export class PollRun {
	private readonly emitted: Emission[] = [];
	/** Stopped before reading everything: the cap reached, or a tie group kept shifting. */
	private more = false;
	/** Versions this poll handled (id@mod_time): each is handled once however often it is read. */
	private readonly handled = new Set<string>();
	private w: Key;
	private inclusive: boolean;
	private readonly body: IDataObject;
	/** A detection unknown to the state counts as created if it was created after this. */
	private readonly readPoint: number;
	/**
	 * Where the window to check starts: `c`, or after a floor inside the window that covers its
	 * whole tie group (all before it counts as handled). A floor inside a group (in the watermark's
	 * group, or saved by an earlier version) leaves forgotten versions at floor.t that no count or
	 * list of IDs can tell from late ones: the window is then read again in full from floor.t.
	 */
	private readonly windowStart: number;
	private readonly windowAfterFloor: boolean;
	private readonly floorInsideGroup: boolean;

	/**
	 * @param baseline the first run: versions at or before the starting watermark existed before
	 * activation, so they are remembered, not emitted, and the window is read in full.
	 */
	constructor(
		private readonly server: Server,
		private readonly settings: PollSettings,
		private readonly start: CursorState,
		private readonly seen: Seen,
		private readonly baseline: boolean,
	) {
		this.w = { ...start.w };
		this.inclusive = start.x === 1;
		this.body = filterBody(settings.filter);
		this.readPoint = Math.min(start.c, start.w.t - settings.latenessMs);
		const { floor, c } = start;
		const floorInWindow = floor !== null && floor.t >= c;
		this.floorInsideGroup = floorInWindow && floor.i !== WHOLE_GROUP;
		this.windowAfterFloor = floorInWindow && floor.i === WHOLE_GROUP;
		this.windowStart = !floorInWindow ? c : this.windowAfterFloor ? floor.t + 1 : floor.t;
	}

	async execute(): Promise<PollOutcome> {
		const reread = this.baseline || !(await this.readNewIfWindowUnchanged());
		const windowChecked = reread ? await this.rereadWindow() : true;
		return this.outcome(windowChecked);
	}

	/**
	 * Steps 1 to 3: is the window as remembered (nothing arrived late)? If so, reads what is new
	 * and answers true; false when the window must be read again in full.
	 */
	private async readNewIfWindowUnchanged(): Promise<boolean> {
		if (this.floorInsideGroup) return false;
		const expected = this.rememberedWindow();
		if (expected.length > 0 && this.windowAfterFloor && !this.inclusive) await this.learnReading();
		if (await this.countProbe(expected)) return true;
		if (expected.length >= MAX_PAGE) return false;
		if (expected.length > 0 && (await this.windowChanged(expected))) return false;
		await this.readNew();
		return true;
	}

	/** The IDs remembered in the window, in (mod_time, id) order. */
	private rememberedWindow(): number[] {
		const inWindow: Array<[number, Entry]> = [];
		for (const entry of this.seen)
			if (entry[1].t >= this.windowStart && compare({ t: entry[1].t, i: entry[0] }, this.w) <= 0)
				inWindow.push(entry);
		inWindow.sort((a, b) => a[1].t - b[1].t || a[0] - b[0]);
		return inWindow.map(([id]) => id);
	}

	/**
	 * The window starts after a floor: whether `mod_time: floor.t` answers the versions at floor.t
	 * (forgotten, but counted by offsets and lists of IDs) depends on the reading, so learn it
	 * from the first version the query answers.
	 */
	private async learnReading(): Promise<void> {
		const { detections } = await this.server.ask({
			...this.body,
			mod_time: this.modTimeFrom(this.windowStart),
			sort: SORT,
			limit: 1,
			offset: 0,
		});
		if (detections[0] && keyOf(detections[0]).t < this.windowStart) this.inclusive = true;
	}

	/**
	 * 1. Without filters a detection leaves the window only by being modified, which puts its new
	 * version after the watermark. So if the window still counts as many versions as remembered,
	 * the version at the watermark's position is the watermark itself, and none after it is a
	 * remembered one, nothing arrived late: one request reads the watermark's version and what is
	 * new. True when it settled the poll that way.
	 */
	private async countProbe(expected: number[]): Promise<boolean> {
		if (
			expected.length === 0 ||
			Object.keys(this.settings.filter).length > 0 ||
			expected.length > MAX_PAGE
		)
			return false;
		const probePage = Math.min(this.newPage(), PROBE_PAGE);
		const { detections } = await this.server.ask({
			...this.body,
			mod_time: this.modTimeFrom(this.windowStart),
			sort: SORT,
			limit: probePage,
			offset: expected.length - 1,
		});
		const ids = new Set(expected);
		const first = detections[0];
		if (
			!first ||
			tagOf(keyOf(first)) !== tagOf(this.w) ||
			detections.slice(1).some((d) => ids.has(idOf(d)))
		)
			return false;
		for (const d of detections) {
			this.handle(d);
			if (this.full()) {
				this.more = true;
				return true;
			}
		}
		if (detections.length === probePage) await this.readNew();
		return true;
	}

	/** 2. Late arrivals: the window's IDs, in order, against what is remembered. */
	private async windowChanged(expected: number[]): Promise<boolean> {
		const { detections } = await this.server.ask({
			...this.body,
			mod_time: this.modTimeFrom(this.windowStart),
			sort: SORT,
			limit: expected.length + 1,
			offset: 0,
			id_only: true,
		});
		return lastRemembered(detections.map(idOf), expected) < 0;
	}

	/** 3. What is new: from the watermark on, skipping its tie group as far as it was read. */
	private async readNew(): Promise<void> {
		let atW = 0;
		for (const e of this.seen.values()) if (e.t === this.w.t) atW++;
		if (!(await this.readOn(this.w, atW, this.newPage()))) this.more = true;
	}

	/** 4. The window and what follows, in full: emits what was not handled yet. True when read to the end. */
	private async rereadWindow(): Promise<boolean> {
		const from = this.windowStart;
		let inWindow = 0;
		for (const e of this.seen.values()) if (e.t >= from) inWindow++;
		const complete = await this.readOn(
			{ t: from, i: 0 },
			0,
			pageOf(inWindow + this.settings.maxPerPoll + 1),
		);
		if (!complete) this.more = true;
		return complete;
	}

	/**
	 * Reads every version from `start` on; true when it read to the end, false when the cap or a
	 * shifting tie group stopped it. Keyset paging: each page restarts at the last mod_time read,
	 * skipping the part of its tie group already read (`skipped` versions, the last of them
	 * `start`) and overlapping by one version to prove the group did not shift.
	 */
	private async readOn(start: Key, skipped: number, pageLimit: number): Promise<boolean> {
		let from = start.t;
		let skip = skipped;
		let last = skip > 0 ? tagOf(start) : undefined;
		let restarts = 0;
		for (;;) {
			const overlap = skip > 0 ? 1 : 0;
			const { detections } = await this.server.ask({
				...this.body,
				mod_time: this.modTimeFrom(from),
				sort: SORT,
				limit: pageLimit,
				offset: skip - overlap,
			});
			if (!this.inclusive && detections.some((d) => keyOf(d).t < from)) {
				// Versions at from - 1: this server's mod_time means "on or after". Ask again.
				this.inclusive = true;
				continue;
			}
			let page = detections;
			if (overlap) {
				const first = page[0];
				if (!first || tagOf(keyOf(first)) !== last) {
					// A version in the tie group moved away or a late one moved in: offsets shifted.
					if (++restarts > MAX_GROUP_RESTARTS) return false;
					skip = 0;
					continue;
				}
				page = page.slice(1);
			}
			for (const d of page) {
				this.handle(d);
				const key = keyOf(d);
				if (key.t === from) skip++;
				else {
					from = key.t;
					skip = 1;
				}
				last = tagOf(key);
				if (this.full()) return false;
			}
			if (detections.length < pageLimit) return true;
		}
	}

	/** Emits the version if it was not handled yet, and remembers it. */
	private handle(d: IDataObject): void {
		const key = keyOf(d);
		const tag = tagOf(key);
		if (this.handled.has(tag)) return;
		this.handled.add(tag);
		if (compare(key, this.w) > 0) this.w = key;
		const prev = this.seen.get(key.i);
		if (prev && prev.t >= key.t) return;
		const { floor } = this.start;
		if (floor && compare(key, floor) <= 0) return;
		const entry: Entry = { t: key.t, d };
		this.seen.set(key.i, entry);
		if (this.baseline && compare(key, this.start.w) <= 0) return;
		const event = classify(d, prev !== undefined, this.readPoint);
		if (!this.settings.events.includes(event)) return;
		// A known detection whose content is unchanged: only tracking fields moved (a write-back).
		if (
			event === 'updated' &&
			this.settings.updateMode === 'activity' &&
			prev &&
			fpOf(prev) === fpOf(entry)
		)
			return;
		this.emitted.push({ detection: d, event });
	}

	/** The page for what is new: one more than the poll may still emit, so a full page says there is more. */
	private newPage(): number {
		return pageOf(this.settings.maxPerPoll - this.emitted.length + 1);
	}

	private full(): boolean {
		return this.emitted.length >= this.settings.maxPerPoll;
	}

	/**
	 * The search's `mod_time` for "from t on": it means "after" in the vendor's spec, "on or after"
	 * in a peer's documentation. t - 1 is the same as on or after t on integer milliseconds, until
	 * a response shows versions at t - 1 (see readOn).
	 */
	private modTimeFrom(t: number): number {
		return this.inclusive ? t : t - 1;
	}

	/** The window moves on with the server's clock, only once this poll checked all of it. */
	private outcome(windowChecked: boolean): PollOutcome {
		const { c, floor } = this.start;
		const now = this.server.now ?? this.w.t;
		const nextC = windowChecked ? Math.max(c, now - this.settings.latenessMs) : c;
		return {
			emitted: this.emitted,
			state: encodeState(this.w, nextC, floor, this.inclusive, this.seen),
			requests: this.server.requests,
			more: this.more,
		};
	}
}

/**
 * Where the last remembered ID stands in the window's current IDs (in (mod_time, id) order, from
 * its start), if the IDs before it are remembered ones in the remembered order, some possibly
 * gone (modified since, or no longer matching the filters): then no version arrived late in the
 * window. -1 otherwise.
 */
function lastRemembered(ids: number[], expected: number[]): number {
	const position = new Map(expected.map((id, k) => [id, k]));
	let previous = -1;
	for (let j = 0; j < ids.length; j++) {
		const k = position.get(ids[j]);
		if (k === undefined || k <= previous) return -1;
		if (k === expected.length - 1) return j;
		previous = k;
	}
	return -1;
}

/**
 * created: the trigger holds no memory of the detection and it was created after the previous
 * read point (minus the tolerance). ExtraHop's `create_time` decides; firmware without it falls
 * back to `start_time`, the start of the detected activity.
 */
function classify(d: IDataObject, known: boolean, readPoint: number): DetectionEvent {
	if (known) return 'updated';
	const createdAt =
		typeof d.create_time === 'number'
			? d.create_time
			: typeof d.start_time === 'number'
				? d.start_time
				: undefined;
	return createdAt !== undefined && createdAt >= readPoint ? 'created' : 'updated';
}
