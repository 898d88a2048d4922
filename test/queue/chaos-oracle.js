// @ts-check
'use strict';
/**
 * The chaos test's oracle and figures (test/queue/chaos.js), as plain functions over what the
 * simulators recorded, so that test/queue/chaos-oracle.test.ts can show each verdict fails on
 * the defect it names.
 *
 * What must hold once the flows have converged, for every detection of both flows:
 *   - it has a ticket id, and exactly one Jira issue carries its label `extrahop-<id>`, whose key
 *     is that ticket id (no detection without a ticket, no duplicate ticket);
 *   - no Jira issue lacks its detection (every issue carries the label of a detection that exists);
 *   - no echo: nothing but the flow's write-back of its ticket id changed the detection: no
 *     tracking update (PATCH) without the ticket id, none setting a resolution or closing it,
 *     none changing what an earlier one wrote;
 *   - one write-back: exactly one tracking update reached it (a second one with the same values
 *     means two executions ticketed the same detection at once: a duplicate that the label
 *     lookup happened to catch).
 *
 * "Touched" (for the latency figures), precisely: a detection is touched when
 *   (a) its creation or one of its updates happened within a window of a fault that can affect
 *       its flow, or up to `reach` before one starts (a version made that long before a fault is
 *       still on its way through the flow when it starts: reach is a poll interval plus 30 s for
 *       the poll flow, 15 s for the push flow). Fault windows: Jira answering 503 (first to last
 *       second; both flows); each worker kill (the kill to the replacement worker's /healthz,
 *       and at least the 15 s n8n needs to see the dead worker's jobs stalled; both flows); the
 *       webhook process kill (the kill to its restart's /healthz; the push flow: the poll flow
 *       never passes through a webhook process); main's restart (SIGTERM to ready; the poll
 *       flow: pushes go to the webhook processes, executions to the workers, neither through
 *       main);
 *   (b) or ExtraHop lost a push of its creation or of one of its updates, or such a push was not
 *       answered 200 (push flow);
 *   (c) or it was in the poll whose execution was killed (poll flow: the page of the last search
 *       with results before that execution started).
 * Every other detection is untouched. Latency: from the detection's creation (create_time) to
 * the tracking update that first wrote its ticket id, both as the ExtraHop simulator recorded them.
 */

/**
 * @typedef {'poll' | 'push'} Flow
 * @typedef {{ id: number, create_time: number, ticket_id?: string | null, status?: string | null, resolution?: string | null }} DetectionState
 * @typedef {{ id: number, at: number, fields: Record<string, any>, ticketBefore: string | null }} TrackingUpdate
 * @typedef {{ key: string, labels: string[] }} Issue
 * @typedef {{ id: number, change: string, dropped: boolean, deliveries: { status?: number, error?: string }[] }} Push
 * @typedef {{ name: string, from: number, to: number, flows: Flow[] }} FaultWindow
 * @typedef {{ n: number, p50: number, p95: number, max: number }} Stats seconds
 */

const LABEL = /^extrahop-(\d+)$/;

/**
 * @param {{ detections: Record<Flow, DetectionState[]>, tracking: Record<Flow, TrackingUpdate[]>, issues: Issue[] }} state
 */
function verdicts(state) {
	/** @type {Map<number, Issue[]>} */
	const issuesOf = new Map();
	/** @type {Issue[]} */
	const orphans = [];
	const known = new Set(
		[...state.detections.poll, ...state.detections.push].map((d) => Number(d.id)),
	);
	for (const issue of state.issues) {
		const ids = issue.labels
			.map((l) => LABEL.exec(l)?.[1])
			.filter((x) => x !== undefined)
			.map(Number)
			.filter((id) => known.has(id));
		if (ids.length === 0) orphans.push(issue);
		for (const id of ids) issuesOf.set(id, [...(issuesOf.get(id) ?? []), issue]);
	}
	/** @type {Record<Flow, { noTicket: number[], noIssue: number[], duplicates: { id: number, keys: string[] }[], wrongTicket: { id: number, ticket: string, key: string }[], echoes: { id: number, updates: Record<string, any>[] }[], rewritten: { id: number, updates: Record<string, any>[] }[] }>} */
	const out = /** @type {any} */ ({});
	for (const flow of /** @type {Flow[]} */ (['poll', 'push'])) {
		/** @type {Map<number, TrackingUpdate[]>} */
		const updatesOf = new Map();
		for (const t of state.tracking[flow]) updatesOf.set(t.id, [...(updatesOf.get(t.id) ?? []), t]);
		const r = {
			noTicket: [],
			noIssue: [],
			duplicates: [],
			wrongTicket: [],
			echoes: [],
			rewritten: [],
		};
		out[flow] = r;
		for (const d of state.detections[flow]) {
			const mine = issuesOf.get(d.id) ?? [];
			if (!d.ticket_id) r.noTicket.push(/** @type {never} */ (d.id));
			if (mine.length === 0) r.noIssue.push(/** @type {never} */ (d.id));
			if (mine.length > 1)
				r.duplicates.push(/** @type {never} */ ({ id: d.id, keys: mine.map((i) => i.key) }));
			if (mine.length === 1 && d.ticket_id && d.ticket_id !== mine[0].key)
				r.wrongTicket.push(
					/** @type {never} */ ({ id: d.id, ticket: d.ticket_id, key: mine[0].key }),
				);
			const updates = updatesOf.get(d.id) ?? [];
			const first = updates[0]?.fields ?? {};
			const echo =
				d.status === 'closed' ||
				Boolean(d.resolution) ||
				updates.some(
					(u) =>
						!u.fields.ticket_id ||
						'resolution' in u.fields ||
						u.fields.status === 'closed' ||
						Object.entries(u.fields).some(([k, value]) => k in first && first[k] !== value),
				);
			const shown = { id: d.id, updates: updates.map((u) => u.fields) };
			if (echo) r.echoes.push(/** @type {never} */ (shown));
			else if (updates.length > 1) r.rewritten.push(/** @type {never} */ (shown));
		}
	}
	return { ...out, orphans };
}

/**
 * Nearest-rank percentiles, in seconds.
 * @param {number[]} ms
 * @returns {Stats | null}
 */
function stats(ms) {
	if (ms.length === 0) return null;
	const s = [...ms].sort((a, b) => a - b);
	const rank = (/** @type {number} */ p) => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
	return { n: s.length, p50: rank(50) / 1000, p95: rank(95) / 1000, max: s[s.length - 1] / 1000 };
}

/**
 * Creation-to-ticket-id latency per flow, untouched and touched (see the definition above).
 * @param {{ detections: Record<Flow, DetectionState[]>, tracking: Record<Flow, TrackingUpdate[]>,
 *   updates: Record<Flow, { id: number, at: number }[]>, pushes: Push[], windows: FaultWindow[],
 *   killedPolls: number[][], reach: Record<Flow, number> }} input
 */
function latencies(input) {
	/** @type {Record<Flow, { untouched: Stats | null, touched: Stats | null, touchedIds: number[], unticketed: number }>} */
	const out = /** @type {any} */ ({});
	const pushTrouble = new Set(
		input.pushes
			.filter(
				(p) =>
					(p.change === 'created' || p.change === 'modified') &&
					(p.dropped || !p.deliveries.length || p.deliveries.some((d) => d.status !== 200)),
			)
			.map((p) => p.id),
	);
	const killed = new Set(input.killedPolls.flat());
	for (const flow of /** @type {Flow[]} */ (['poll', 'push'])) {
		const reach = input.reach[flow];
		const inWindow = (/** @type {number} */ t) =>
			input.windows.some((w) => w.flows.includes(flow) && t >= w.from - reach && t <= w.to);
		/** @type {Map<number, number>} */
		const ticketedAt = new Map();
		for (const t of input.tracking[flow])
			if (t.fields.ticket_id && !ticketedAt.has(t.id)) ticketedAt.set(t.id, t.at);
		/** @type {Map<number, number[]>} */
		const updateTimes = new Map();
		for (const u of input.updates[flow])
			updateTimes.set(u.id, [...(updateTimes.get(u.id) ?? []), u.at]);
		/** @type {number[]} */ const untouched = [];
		/** @type {number[]} */ const touched = [];
		/** @type {number[]} */ const touchedIds = [];
		let unticketed = 0;
		for (const d of input.detections[flow]) {
			const isTouched =
				inWindow(d.create_time) ||
				(updateTimes.get(d.id) ?? []).some(inWindow) ||
				(flow === 'push' && pushTrouble.has(d.id)) ||
				(flow === 'poll' && killed.has(d.id));
			if (isTouched) touchedIds.push(d.id);
			const at = ticketedAt.get(d.id);
			if (at === undefined) {
				unticketed++;
				continue;
			}
			(isTouched ? touched : untouched).push(at - d.create_time);
		}
		out[flow] = { untouched: stats(untouched), touched: stats(touched), touchedIds, unticketed };
	}
	return out;
}

/** @param {Stats | null} s */
const showStats = (s) =>
	s
		? `n=${s.n} p50 ${s.p50.toFixed(1)} s, p95 ${s.p95.toFixed(1)} s, max ${s.max.toFixed(1)} s`
		: 'n=0';

module.exports = { verdicts, latencies, stats, showStats };
