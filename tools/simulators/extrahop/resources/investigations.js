// @ts-check
'use strict';
/**
 * Investigations and related detections, after ExtraHop's spec (agent-skills
 * extrahop-rest-api/references/detections.md):
 *   GET|POST /investigations (POST: name required; assessment, assignee, event_ids, notes, status)
 *   POST /investigations/search (creation_time, is_user_created, update_time)
 *   GET|PATCH|DELETE /investigations/{id} (PATCH 204; event_ids replaces the list)
 *   GET /detections/{id}/investigations, GET /detections/{id}/related?from&until (both required)
 * The spec does not list the fields of the Investigations object: this one carries the writable
 * fields plus id, detections (the IDs), creation/update/start/end times, created_by and
 * is_user_created (unverified against an appliance).
 */
const { HttpError } = require('../../common/server');

const ASSESSMENTS = [
	'malicious_true_positive',
	'benign_true_positive',
	'false_positive',
	'undecided',
];
const STATUSES = ['open', 'in_progress', 'closed'];
const WRITABLE = ['assessment', 'assignee', 'event_ids', 'name', 'notes', 'status'];
const SEARCH_KEYS = ['creation_time', 'is_user_created', 'update_time'];

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, now: () => number, detection: (id: number) => any, detections: () => any[] }} ctx
 */
function addInvestigationRoutes(server, { authorise, now, detection, detections }) {
	/** @type {Map<number, any>} */
	let investigations = new Map();
	let nextId = 1;

	function reset() {
		investigations = new Map();
		nextId = 1;
	}

	const parseId = (/** @type {string} */ raw, /** @type {string} */ what) => {
		if (!/^\d+$/.test(raw))
			throw new HttpError(400, { error_message: `Invalid ${what} id: ${raw}` });
		return Number(raw);
	};

	function get(/** @type {string} */ raw) {
		const inv = investigations.get(parseId(raw, 'investigation'));
		if (!inv) throw new HttpError(404, { error_message: `Investigation ${raw} not found` });
		return inv;
	}

	/** @param {any} body @param {boolean} creating */
	function validate(body, creating) {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, { error_message: 'Body must be an object' });
		for (const key of Object.keys(body))
			if (!WRITABLE.includes(key))
				throw new HttpError(400, { error_message: `Unknown investigation field: ${key}` });
		if (creating && (typeof body.name !== 'string' || body.name.trim() === ''))
			throw new HttpError(400, { error_message: 'name is required' });
		if (!creating && Object.keys(body).length === 0)
			throw new HttpError(400, { error_message: 'Nothing to update' });
		if ('name' in body && (typeof body.name !== 'string' || body.name.trim() === ''))
			throw new HttpError(400, { error_message: 'name must be a non-empty string' });
		if ('assessment' in body && !ASSESSMENTS.includes(body.assessment))
			throw new HttpError(422, { detail: `Invalid assessment: ${body.assessment}` });
		if ('status' in body && !STATUSES.includes(body.status))
			throw new HttpError(422, { detail: `Invalid status: ${body.status}` });
		for (const key of ['assignee', 'notes'])
			if (key in body && typeof body[key] !== 'string')
				throw new HttpError(422, { detail: `${key} must be a string` });
		if ('event_ids' in body) {
			if (
				!Array.isArray(body.event_ids) ||
				!body.event_ids.every((/** @type {unknown} */ id) => Number.isInteger(id))
			) {
				throw new HttpError(422, { detail: 'event_ids must be an array of integers' });
			}
			for (const id of body.event_ids)
				if (!detection(id)) throw new HttpError(422, { detail: `Detection ${id} does not exist` });
		}
	}

	function span(/** @type {any} */ inv) {
		const list = inv.detections.map((/** @type {number} */ id) => detection(id)).filter(Boolean);
		inv.start_time = list.length
			? Math.min(...list.map((/** @type {any} */ d) => d.start_time))
			: null;
		inv.end_time = list.length ? Math.max(...list.map((/** @type {any} */ d) => d.end_time)) : null;
	}

	server.route('GET', '/api/v1/investigations', (req) => {
		authorise(req);
		return { body: [...investigations.values()].map((i) => structuredClone(i)) };
	});
	server.route('POST', '/api/v1/investigations', (req) => {
		const user = authorise(req);
		validate(req.body, true);
		const time = now();
		const inv = {
			id: nextId++,
			name: req.body.name,
			assessment: req.body.assessment ?? null,
			assignee: req.body.assignee ?? null,
			status: req.body.status ?? 'open',
			notes: req.body.notes ?? '',
			detections: [...new Set(/** @type {number[]} */ (req.body.event_ids ?? []))],
			created_by: user,
			is_user_created: true,
			creation_time: time,
			update_time: time,
			start_time: null,
			end_time: null,
		};
		span(inv);
		investigations.set(inv.id, inv);
		return { status: 201, headers: { Location: `/api/v1/investigations/${inv.id}` } };
	});
	server.route('POST', '/api/v1/investigations/search', (req) => {
		authorise(req);
		const body = req.body ?? {};
		if (typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, { error_message: 'Body must be an object' });
		for (const key of Object.keys(body))
			if (!SEARCH_KEYS.includes(key))
				throw new HttpError(400, { error_message: `Unknown search field: ${key}` });
		for (const key of ['creation_time', 'update_time'])
			if (key in body && !Number.isInteger(body[key]))
				throw new HttpError(400, { error_message: `${key} must be an integer` });
		if ('is_user_created' in body && typeof body.is_user_created !== 'boolean')
			throw new HttpError(400, { error_message: 'is_user_created must be a boolean' });
		const list = [...investigations.values()].filter(
			(i) =>
				(body.creation_time === undefined || i.creation_time > body.creation_time) &&
				(body.update_time === undefined || i.update_time > body.update_time) &&
				(body.is_user_created === undefined || i.is_user_created === body.is_user_created),
		);
		return { body: list.map((i) => structuredClone(i)) };
	});
	server.route('GET', '/api/v1/investigations/:id', (req) => {
		authorise(req);
		return { body: structuredClone(get(req.params.id)) };
	});
	server.route('PATCH', '/api/v1/investigations/:id', (req) => {
		authorise(req);
		const inv = get(req.params.id);
		validate(req.body, false);
		const { event_ids: eventIds, ...rest } = req.body;
		Object.assign(inv, rest);
		if (eventIds) inv.detections = [...new Set(/** @type {number[]} */ (eventIds))];
		inv.update_time = Math.max(now(), inv.update_time + 1);
		span(inv);
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/investigations/:id', (req) => {
		authorise(req);
		investigations.delete(get(req.params.id).id);
		return { status: 204 };
	});
	server.route('GET', '/api/v1/detections/:id/investigations', (req) => {
		authorise(req);
		const id = parseId(req.params.id, 'detection');
		if (!detection(id)) throw new HttpError(404, { error_message: `Detection ${id} not found` });
		return {
			body: [...investigations.values()]
				.filter((i) => i.detections.includes(id))
				.map((i) => structuredClone(i)),
		};
	});
	server.route('GET', '/api/v1/detections/:id/related', (req) => {
		authorise(req);
		const id = parseId(req.params.id, 'detection');
		const d = detection(id);
		if (!d) throw new HttpError(404, { error_message: `Detection ${id} not found` });
		const times = ['from', 'until'].map((key) => {
			const raw = req.query.get(key);
			if (raw === null || raw === '')
				throw new HttpError(400, { error_message: `${key} is required` });
			if (!/^-?\d+$/.test(raw))
				throw new HttpError(400, { error_message: `${key} must be an integer` });
			return Number(raw);
		});
		const [from, until] = times;
		const keys = new Set(
			(d.participants ?? []).map((/** @type {any} */ p) =>
				p.object_type === 'device' ? `device:${p.object_id}` : `ip:${p.object_value}`,
			),
		);
		const related = detections().filter(
			(o) =>
				o.id !== id &&
				o.end_time >= from &&
				o.start_time <= until &&
				(o.participants ?? []).some((/** @type {any} */ p) =>
					keys.has(p.object_type === 'device' ? `device:${p.object_id}` : `ip:${p.object_value}`),
				),
		);
		return { body: related.map((o) => structuredClone(o)) };
	});

	return { reset, investigations: () => [...investigations.values()] };
}

module.exports = { addInvestigationRoutes };
