// @ts-check
'use strict';
/**
 * Tuning rules, after ExtraHop's spec (detections.md, `/detections/rules/hiding`):
 *   POST: expiration (integer, required; 0 or null = never), offender and victim (required: "Any"
 *   or a detection_hiding_participant object), detection_types (array) or detection_type
 *   (deprecated), description (string), properties (array) -> 201, Location.
 *   PATCH: description, enabled, expiration, offender, properties, victim -> 204. GET, DELETE 204.
 * Participant objects: {object_type: "device"|"device_group", object_id} or {object_type:
 * "ipaddr", object_value} (ExtraHop's code-examples/migrate_detection_hiding).
 */
const net = require('node:net');
const { HttpError } = require('../../common/server');
const { DETECTION_TYPES } = require('../seed');

const CREATE_KEYS = [
	'description',
	'detection_type',
	'detection_types',
	'expiration',
	'offender',
	'properties',
	'victim',
];
const UPDATE_KEYS = ['description', 'enabled', 'expiration', 'offender', 'properties', 'victim'];

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, now: () => number, device: (id: number) => any }} ctx
 */
function addTuningRoutes(server, { authorise, now, device }) {
	/** @type {Map<number, any>} */
	let rules = new Map();
	let nextId = 1;

	function reset() {
		rules = new Map();
		nextId = 1;
	}

	/** @param {string} role @param {any} value */
	function participant(role, value) {
		if (value === 'Any') return 'Any';
		if (!value || typeof value !== 'object' || Array.isArray(value))
			throw new HttpError(400, { error_message: `${role} must be "Any" or a participant object` });
		for (const key of Object.keys(value))
			if (!['object_type', 'object_id', 'object_value'].includes(key))
				throw new HttpError(400, { error_message: `Unknown ${role} field: ${key}` });
		if (value.object_type === 'device' || value.object_type === 'device_group') {
			if (!Number.isInteger(value.object_id))
				throw new HttpError(400, { error_message: `${role}.object_id must be an integer` });
			if (value.object_type === 'device' && !device(value.object_id))
				throw new HttpError(422, { detail: `Device ${value.object_id} does not exist` });
			return { object_type: value.object_type, object_id: value.object_id };
		}
		if (value.object_type === 'ipaddr') {
			const [address, bits] = String(value.object_value ?? '').split('/');
			if (net.isIP(address) === 0 || (bits !== undefined && !/^\d+$/.test(bits)))
				throw new HttpError(400, {
					error_message: `${role}.object_value must be an IP address or CIDR block`,
				});
			return { object_type: 'ipaddr', object_value: value.object_value };
		}
		throw new HttpError(400, {
			error_message: `Unknown ${role}.object_type: ${value.object_type}`,
		});
	}

	/** @param {any} body @param {boolean} creating */
	function validate(body, creating) {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, { error_message: 'Body must be an object' });
		const allowed = creating ? CREATE_KEYS : UPDATE_KEYS;
		for (const key of Object.keys(body))
			if (!allowed.includes(key))
				throw new HttpError(400, { error_message: `Unknown tuning rule field: ${key}` });
		if (creating)
			for (const key of ['expiration', 'offender', 'victim'])
				if (!(key in body)) throw new HttpError(400, { error_message: `${key} is required` });
		if (!creating && Object.keys(body).length === 0)
			throw new HttpError(400, { error_message: 'Nothing to update' });
		if (
			'expiration' in body &&
			body.expiration !== null &&
			!(Number.isInteger(body.expiration) && body.expiration >= 0)
		)
			throw new HttpError(400, {
				error_message: 'expiration must be an integer (ms since the epoch) or null',
			});
		if ('description' in body && typeof body.description !== 'string')
			throw new HttpError(400, { error_message: 'description must be a string' });
		if ('enabled' in body && typeof body.enabled !== 'boolean')
			throw new HttpError(400, { error_message: 'enabled must be a boolean' });
		if ('properties' in body && !Array.isArray(body.properties))
			throw new HttpError(400, { error_message: 'properties must be an array' });
		const types =
			body.detection_types ??
			(body.detection_type !== undefined ? [body.detection_type] : undefined);
		if (creating && types === undefined)
			throw new HttpError(400, { error_message: 'detection_types is required' });
		if (types !== undefined) {
			if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string'))
				throw new HttpError(400, {
					error_message: 'detection_types must be a non-empty array of strings',
				});
			for (const t of types)
				if (
					!DETECTION_TYPES.some((f) => f.type === t) &&
					!['all_security', 'all_performance'].includes(t)
				)
					throw new HttpError(422, { detail: `Unknown detection type: ${t}` });
		}
		return types;
	}

	function get(/** @type {string} */ raw) {
		if (!/^\d+$/.test(raw))
			throw new HttpError(400, { error_message: `Invalid tuning rule id: ${raw}` });
		const rule = rules.get(Number(raw));
		if (!rule) throw new HttpError(404, { error_message: `Tuning rule ${raw} not found` });
		return rule;
	}

	server.route('GET', '/api/v1/detections/rules/hiding', (req) => {
		authorise(req);
		return { body: [...rules.values()].map((r) => structuredClone(r)) };
	});
	server.route('POST', '/api/v1/detections/rules/hiding', (req) => {
		const user = authorise(req);
		const types = validate(req.body, true);
		const time = now();
		const rule = {
			id: nextId++,
			author: user,
			description: req.body.description ?? null,
			detection_types: types,
			offender: participant('offender', req.body.offender),
			victim: participant('victim', req.body.victim),
			expiration: req.body.expiration || null,
			properties: req.body.properties ?? [],
			enabled: true,
			create_time: time,
			mod_time: time,
		};
		rules.set(rule.id, rule);
		return { status: 201, headers: { Location: `/api/v1/detections/rules/hiding/${rule.id}` } };
	});
	server.route('GET', '/api/v1/detections/rules/hiding/:id', (req) => {
		authorise(req);
		return { body: structuredClone(get(req.params.id)) };
	});
	server.route('PATCH', '/api/v1/detections/rules/hiding/:id', (req) => {
		authorise(req);
		const rule = get(req.params.id);
		validate(req.body, false);
		const { offender, victim, expiration, ...rest } = req.body;
		Object.assign(rule, rest);
		if (offender !== undefined) rule.offender = participant('offender', offender);
		if (victim !== undefined) rule.victim = participant('victim', victim);
		if (expiration !== undefined) rule.expiration = expiration || null;
		rule.mod_time = Math.max(now(), rule.mod_time + 1);
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/detections/rules/hiding/:id', (req) => {
		authorise(req);
		rules.delete(get(req.params.id).id);
		return { status: 204 };
	});

	return { reset, rules: () => [...rules.values()] };
}

module.exports = { addTuningRoutes };
