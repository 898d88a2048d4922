// @ts-check
'use strict';
/**
 * Topology queries, after ExtraHop's spec (agent-skills extrahop-rest-api/references/metrics.md,
 * "Activity Map"): POST /activitymaps/query with edge_annotations, from (required), until, walks
 * (required) and weighting (bytes | connections | turns).
 *
 * A walk is checked as ExtraHop's REST API guide and Cortex XSOAR's ExtraHop v2 integration build
 * one: {origins: [{object_type: "device", object_id}], steps: [{relationships: [{protocol, role}]}]};
 * each step reaches the peers of the devices reached so far, `role` being the peer's role (client,
 * server or any) and `protocol` a protocol name ("any", or one of the edge's stack such as "CIFS").
 * Edges come from the traffic model (./traffic.js): one per client->server device pair, weighted by
 * bytes, connections or turns during the window, annotated with the protocol stacks seen
 * ({"protocols": [{"protocol": ["IPv4", "TCP", "CIFS"], "weight": n}]}).
 *
 * Reading (simulator config) activityMapNodes: false (default; an edge's `from` and `to` are
 * device IDs, as XSOAR reads them) or true (the answer lists `nodes` [{id, object_type,
 * object_id}] and edges name node IDs).
 */
const { HttpError } = require('../../common/server');

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ROLES = ['client', 'server', 'any'];

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ now: () => number, config: () => Record<string, any>, traffic: ReturnType<typeof import('./traffic').createTraffic> }} ctx
 */
function addActivityMapRoutes(server, { now, config, traffic }) {
	function timeOf(/** @type {string} */ key, /** @type {unknown} */ raw) {
		if (raw === undefined) return now();
		const match = /^(-?\d+)(ms|s|m|h|d|w)?$/.exec(String(raw).trim());
		if (!match) throw new HttpError(400, { error_message: `${key} is not a valid time` });
		const value =
			Number(match[1]) * UNIT_MS[/** @type {keyof typeof UNIT_MS} */ (match[2] ?? 'ms')];
		return value <= 0 ? now() + value : value;
	}

	const bad = (/** @type {string} */ message) => new HttpError(400, { error_message: message });

	/** @param {any} walk */
	function checkWalk(walk) {
		for (const key of Object.keys(walk))
			if (!['origins', 'steps'].includes(key)) throw bad(`Unknown walk field: ${key}`);
		if (!Array.isArray(walk.origins) || walk.origins.length === 0)
			throw bad('A walk needs origins');
		for (const o of walk.origins) {
			if (
				!o ||
				typeof o !== 'object' ||
				Object.keys(o).some((k) => !['object_type', 'object_id'].includes(k))
			)
				throw bad('An origin is {object_type, object_id}');
			if (o.object_type !== 'device' || !Number.isInteger(o.object_id))
				throw bad('An origin must be a device with an integer object_id');
		}
		if (!Array.isArray(walk.steps) || walk.steps.length === 0) throw bad('A walk needs steps');
		for (const step of walk.steps) {
			if (!step || typeof step !== 'object' || Object.keys(step).some((k) => k !== 'relationships'))
				throw bad('A step holds relationships only');
			for (const r of step.relationships ?? []) {
				if (
					!r ||
					typeof r !== 'object' ||
					Object.keys(r).some((k) => !['protocol', 'role'].includes(k))
				)
					throw bad('A relationship is {protocol, role}');
				if (r.role !== undefined && !ROLES.includes(r.role)) throw bad(`Unknown role: ${r.role}`);
				if (r.protocol !== undefined && typeof r.protocol !== 'string')
					throw bad('protocol must be a string');
			}
		}
	}

	server.route('POST', '/api/v1/activitymaps/query', (req) => {
		const body = req.body;
		for (const walk of body.walks) checkWalk(walk);
		const from = timeOf('from', body.from);
		const until = timeOf('until', body.until);
		if (from >= until) throw bad('from must be earlier than until');
		const weighting = body.weighting ?? 'bytes';
		const annotate =
			Array.isArray(body.edge_annotations) && body.edge_annotations.includes('protocols');

		/** @type {Map<string, { from: number, to: number, weight: number, stacks: Map<string, { protocol: string[], weight: number }> }>} */
		const pairs = new Map();
		for (const c of traffic.conversations(from, until)) {
			if (c.client.id === null || c.server.id === null) continue;
			const seconds = traffic.overlap(c, from, until) / 1000;
			const conns = Math.max(1, c.connections * seconds);
			const weight =
				weighting === 'bytes'
					? (c.c2s + c.s2c) * seconds
					: weighting === 'turns'
						? conns * 4
						: conns;
			const key = `${c.client.id}>${c.server.id}`;
			const pair = pairs.get(key) ?? {
				from: c.client.id,
				to: c.server.id,
				weight: 0,
				stacks: new Map(),
			};
			pair.weight += weight;
			const stack = pair.stacks.get(c.stack.join(':')) ?? { protocol: c.stack, weight: 0 };
			stack.weight += weight;
			pair.stacks.set(c.stack.join(':'), stack);
			pairs.set(key, pair);
		}
		const fits = (
			/** @type {any} */ pair,
			/** @type {Set<number>} */ reached,
			/** @type {any[] | undefined} */ rels,
		) => {
			const options = rels && rels.length ? rels : [{}];
			return options.some((r) => {
				const role = r.role ?? 'any';
				const asServerPeer = reached.has(pair.from) && (role === 'server' || role === 'any');
				const asClientPeer = reached.has(pair.to) && (role === 'client' || role === 'any');
				const protocol = String(r.protocol ?? 'any').toLowerCase();
				const spoken =
					protocol === 'any' ||
					[...pair.stacks.values()].some((s) =>
						s.protocol.some((/** @type {string} */ p) => p.toLowerCase() === protocol),
					);
				return (asServerPeer || asClientPeer) && spoken;
			});
		};
		/** @type {Set<string>} */
		const chosen = new Set();
		for (const walk of body.walks) {
			let reached = new Set(walk.origins.map((/** @type {any} */ o) => o.object_id));
			for (const step of walk.steps) {
				const next = new Set(reached);
				for (const [key, pair] of pairs) {
					if (!fits(pair, reached, step.relationships)) continue;
					chosen.add(key);
					next.add(pair.from);
					next.add(pair.to);
				}
				reached = next;
			}
		}
		const edges = [...chosen].map((key) => {
			const pair = /** @type {any} */ (pairs.get(key));
			/** @type {Record<string, any>} */
			const edge = { from: pair.from, to: pair.to, weight: Math.round(pair.weight) };
			if (annotate)
				edge.annotations = {
					protocols: [...pair.stacks.values()].map((/** @type {any} */ s) => ({
						protocol: s.protocol,
						weight: Math.round(s.weight),
					})),
				};
			return edge;
		});
		if (!config().activityMapNodes) return { body: { from, until, warnings: [], edges } };
		const ids = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
		const nodeOf = (/** @type {number} */ id) => ids.indexOf(id) + 100;
		return {
			body: {
				from,
				until,
				warnings: [],
				nodes: ids.map((id) => ({ id: nodeOf(id), object_type: 'device', object_id: id })),
				edges: edges.map((e) => ({ ...e, from: nodeOf(e.from), to: nodeOf(e.to) })),
			},
		};
	});

	return {};
}

module.exports = { addActivityMapRoutes };
