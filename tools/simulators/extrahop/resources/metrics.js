// @ts-check
'use strict';
/**
 * Metric queries, after ExtraHop's spec (agent-skills extrahop-rest-api/references/metrics.md,
 * "Metrics"): POST /metrics (a time series), /metrics/total (one total for all objects),
 * /metrics/totalbyobject (one total per object) with a metric_query body (cycle, from, until,
 * metric_category, metric_specs, object_ids, object_type), and GET /metrics/next/{xid}.
 *
 * Values come from the traffic model (./traffic.js), so they show what the detections did: the
 * exfiltration offender's `net` `bytes_out` jumps during its detection, a port scanner's `tcp`
 * `connected` and `aborted` spike, a DNS tunnel's `dns_client` `req` climbs. A category or metric
 * name not in the small catalog below is a bare 400, as ExtraHop answers a wrong stat name
 * (extrahop-pqc-tls-readiness/reference/metrics.md, verified on 26.3).
 *
 * Readings (simulator config) of the undocumented metric_response:
 * - metricResponseShape: 'sensor' (default; {cycle, node_id, clock, from, until, stats}),
 *   'sensors' (a console: {..., sensors: [{sensor_id, stats}]}), 'list' (a console: an array of
 *   per-sensor blocks) or 'xid' ({xid, num_results}, each block then from GET /metrics/next/{xid},
 *   which first answers "again"). On a console two sensors each see part of the traffic.
 * - metricCellLimit: null (default) or a number of stats entries kept; the rest is dropped and
 *   said in `limit_truncation`, as ExtraHop does silently.
 */
const { HttpError } = require('../../common/server');

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const CYCLE_MS = {
	'1sec': 1000,
	'30sec': 30_000,
	'5min': 300_000,
	'1hr': 3_600_000,
	'24hr': 86_400_000,
};
const HARD_CELL_LIMIT = 10_000;
/** object_type -> category -> metric names. */
const CATALOG = {
	device: {
		net: ['bytes_in', 'bytes_out', 'pkts_in', 'pkts_out'],
		net_detail: ['bytes_in', 'bytes_out'],
		tcp: ['connected', 'accepted', 'aborted'],
		dns_client: ['req'],
		dns_server: ['req'],
		ssh_client: ['sessions'],
		ssh_server: ['sessions'],
	},
	application: { http: ['req', 'rsp', 'rsp_error'] },
	network: { net: ['bytes', 'pkts'] },
};
const SENSORS = [
	{ sensor_id: 1, share: 0.7 },
	{ sensor_id: 2, share: 0.3 },
];

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ now: () => number, config: () => Record<string, any>, traffic: ReturnType<typeof import('./traffic').createTraffic> }} ctx
 */
function addMetricRoutes(server, { now, config, traffic }) {
	/** @type {Map<number, { blocks: any[], asked: Set<number> }>} */
	let pending = new Map();
	let nextXid = 236238;
	function reset() {
		pending = new Map();
		nextXid = 236238;
	}

	function timeOf(/** @type {string} */ key, /** @type {unknown} */ raw) {
		if (raw === undefined) return now();
		const match = /^(-?\d+)(ms|s|m|h|d|w)?$/.exec(String(raw).trim());
		if (!match) throw new HttpError(400, { error_message: `${key} is not a valid time` });
		const value =
			Number(match[1]) * UNIT_MS[/** @type {keyof typeof UNIT_MS} */ (match[2] ?? 'ms')];
		return value <= 0 ? now() + value : value;
	}

	function cycleMs(/** @type {string} */ cycle, /** @type {number} */ span) {
		if (cycle !== 'auto')
			return { cycle, ms: CYCLE_MS[/** @type {keyof typeof CYCLE_MS} */ (cycle)] };
		const chosen =
			span <= 2 * UNIT_MS.h
				? '30sec'
				: span <= 2 * UNIT_MS.d
					? '5min'
					: span <= 14 * UNIT_MS.d
						? '1hr'
						: '24hr';
		return { cycle: chosen, ms: CYCLE_MS[/** @type {keyof typeof CYCLE_MS} */ (chosen)] };
	}

	/**
	 * One metric of one object over [from, until): a number, or a tset for net_detail.
	 * @param {string} type @param {number} oid @param {string} category @param {string} name
	 * @param {number} from @param {number} until
	 */
	function value(type, oid, category, name, from, until) {
		let total = 0;
		/** @type {Map<string, { key: any, value: number }>} */
		const byPeer = new Map();
		for (const c of traffic.conversations(from, until)) {
			const seconds = traffic.overlap(c, from, until) / 1000;
			if (seconds <= 0) continue;
			const bytes = (c.c2s + c.s2c) * seconds;
			const conns = c.connections * seconds;
			if (type === 'network') {
				total += name === 'bytes' ? bytes : bytes / 800;
				continue;
			}
			if (type === 'application') {
				if (!c.stack.includes('HTTP')) continue;
				total += name === 'rsp_error' ? conns / 7 : conns;
				continue;
			}
			const asClient = c.client.id === oid;
			const asServer = c.server.id === oid;
			if (!asClient && !asServer) continue;
			const sent = asClient ? c.c2s * seconds : c.s2c * seconds;
			const received = asClient ? c.s2c * seconds : c.c2s * seconds;
			const has = (/** @type {string} */ p) => c.stack.includes(p);
			let v = 0;
			if (category === 'net' || category === 'net_detail')
				v =
					{ bytes_in: received, bytes_out: sent, pkts_in: received / 800, pkts_out: sent / 800 }[
						name
					] ?? 0;
			else if (category === 'tcp' && has('TCP'))
				v =
					name === 'connected'
						? asClient
							? conns
							: 0
						: name === 'accepted'
							? asServer
								? conns
								: 0
							: c.kind === 'scan' && asClient
								? conns * 0.9
								: 0;
			else if (category === `dns_${asClient ? 'client' : 'server'}` && has('DNS')) v = conns;
			else if (category === `ssh_${asClient ? 'client' : 'server'}` && has('SSH')) v = conns;
			if (category === 'net_detail') {
				const peer = asClient ? c.server : c.client;
				const entry = byPeer.get(peer.ip) ?? {
					key: { key_type: 'ipaddr', addr: peer.ip, ...(peer.id ? { device_oid: peer.id } : {}) },
					value: 0,
				};
				entry.value += v;
				byPeer.set(peer.ip, entry);
			} else total += v;
		}
		if (category === 'net_detail')
			return [...byPeer.values()]
				.map((e) => ({ key: e.key, value: Math.round(e.value) }))
				.sort((a, b) => b.value - a.value);
		return Math.round(total);
	}

	/** The stats entries of a query (all objects, or totals), before any console split. */
	function stats(/** @type {'series' | 'total' | 'byobject'} */ mode, /** @type {any} */ body) {
		const type = body.object_type;
		/** @type {Record<string, string[]>} */
		const categories = CATALOG[/** @type {keyof typeof CATALOG} */ (type)] ?? {};
		const names = categories[body.metric_category];
		if (!names) {
			if (CATALOG[/** @type {keyof typeof CATALOG} */ (type)])
				throw new HttpError(400, 'Bad Request');
			return {
				entries: [],
				cycle: body.cycle === 'auto' ? '30sec' : body.cycle,
				from: 0,
				until: 0,
			};
		}
		for (const spec of body.metric_specs)
			if (!names.includes(spec.name)) throw new HttpError(400, 'Bad Request');
		const from = timeOf('from', body.from);
		const until = timeOf('until', body.until);
		if (from >= until)
			throw new HttpError(400, { error_message: 'from must be earlier than until' });
		const { cycle, ms } = cycleMs(body.cycle, until - from);
		const known = (/** @type {number} */ oid) =>
			type === 'device' ? traffic.deviceIds().includes(oid) : oid === 0;
		const oids = body.object_ids.filter(known);
		const entry = (
			/** @type {number} */ oid,
			/** @type {number} */ t0,
			/** @type {number} */ t1,
		) => ({
			oid,
			time: t0,
			duration: t1 - t0,
			values: body.metric_specs.map((/** @type {any} */ s) =>
				value(type, oid, body.metric_category, s.name, t0, t1),
			),
		});
		/** @type {any[]} */
		const entries = [];
		if (mode === 'byobject') for (const oid of oids) entries.push(entry(oid, from, until));
		else if (mode === 'total') {
			if (oids.length) {
				const parts = oids.map((/** @type {number} */ oid) => entry(oid, from, until));
				entries.push({
					...parts[0],
					oid: -1,
					values: parts[0].values.map((/** @type {any} */ _, /** @type {number} */ i) =>
						sum(parts.map((/** @type {any} */ p) => p.values[i])),
					),
				});
			}
		} else {
			for (const oid of oids)
				for (
					let t = Math.floor(from / ms) * ms;
					t < until && entries.length < HARD_CELL_LIMIT * 2;
					t += ms
				)
					entries.push(entry(oid, t, t + ms));
		}
		return { entries, cycle, from, until };
	}

	/** Sum of numbers, or of tsets key by key. */
	function sum(/** @type {any[]} */ values) {
		if (!Array.isArray(values[0])) return values.reduce((a, b) => a + b, 0);
		/** @type {Map<string, any>} */
		const merged = new Map();
		for (const list of values)
			for (const e of list) {
				const prior = merged.get(e.key.addr);
				merged.set(e.key.addr, { key: e.key, value: (prior?.value ?? 0) + e.value });
			}
		return [...merged.values()].sort((a, b) => b.value - a.value);
	}

	/** A block of stats as one sensor reports it, truncated to the configured cell limit. */
	function block(/** @type {any[]} */ entries, /** @type {number} */ share) {
		const scale = (/** @type {any} */ v) =>
			Array.isArray(v)
				? v.map((e) => ({ ...e, value: Math.round(e.value * share) }))
				: Math.round(v * share);
		const scaled = entries.map((e) => ({ ...e, values: e.values.map(scale) }));
		const limit = Math.min(config().metricCellLimit ?? HARD_CELL_LIMIT, HARD_CELL_LIMIT);
		if (scaled.length <= limit) return { stats: scaled };
		return {
			stats: scaled.slice(0, limit),
			limit_truncation: {
				effective_limit: limit,
				omitted_time_buckets: scaled.length - limit,
				omitted_objects: 0,
				omitted_sensors: 0,
			},
		};
	}

	function answer(/** @type {'series' | 'total' | 'byobject'} */ mode, /** @type {any} */ body) {
		const { entries, cycle, from, until } = stats(mode, body);
		const head = { cycle, clock: now(), from, until };
		const shape = config().metricResponseShape ?? 'sensor';
		if (shape === 'sensor') return { ...head, node_id: 0, ...block(entries, 1) };
		const blocks = SENSORS.map((s) => ({
			sensor_id: s.sensor_id,
			node_id: s.sensor_id,
			...block(entries, s.share),
		}));
		if (shape === 'sensors') return { ...head, sensors: blocks };
		if (shape === 'list') return blocks.map((b) => ({ ...head, ...b }));
		const xid = nextXid++;
		pending.set(xid, { blocks: blocks.map((b) => ({ ...head, ...b })), asked: new Set() });
		return { xid, num_results: blocks.length };
	}

	server.route('POST', '/api/v1/metrics', (req) => ({ body: answer('series', req.body) }));
	server.route('POST', '/api/v1/metrics/total', (req) => ({ body: answer('total', req.body) }));
	server.route('POST', '/api/v1/metrics/totalbyobject', (req) => ({
		body: answer('byobject', req.body),
	}));
	server.route('GET', '/api/v1/metrics/next/:xid', (req) => {
		const xid = Number(req.params.xid);
		const state = pending.get(xid);
		if (!state) throw new HttpError(404, { error_message: `No pending metric query ${xid}` });
		const index = state.blocks.length - 1;
		// Each sensor's block is "not yet available" once before it arrives.
		if (!state.asked.has(index)) {
			state.asked.add(index);
			return { body: '"again"', contentType: 'application/json' };
		}
		const next = /** @type {any} */ (state.blocks.shift());
		if (state.blocks.length === 0) pending.delete(xid);
		return { body: next };
	});

	return { reset };
}

module.exports = { addMetricRoutes, CATALOG };
