// @ts-check
'use strict';
/**
 * A local ExtraHop RevealX REST API, faithful to what the nodes rely on (see the README's
 * "Simulators" section): API-key and RevealX 360 token auth (tokens expire), detection search
 * with every filter, sort, mod_time, limit/offset, PATCH answering 204 and bumping mod_time,
 * ticket updates, notes, formats, ticket tracking on/off, faults, and a control API (/_sim) so
 * tests and the demo can create and modify detections.
 *
 * Run by itself: `npm run simulate -- extrahop` (see test/simulators/run.js).
 */
const crypto = require('node:crypto');
const { SimServer, HttpError, addCommonControlRoutes } = require('../common/server');
const { DETECTION_TYPES, buildDetection, seedDetections } = require('./seed');
const { renderDetectionsPage } = require('./page');

const STATUSES = ['new', 'in_progress', 'closed', 'acknowledged'];
const RESOLUTIONS = ['action_taken', 'no_action_taken'];
const MAX_LIMIT = 20000;
const SORT_FIELDS = ['mod_time', 'id', 'risk_score', 'start_time', 'end_time', 'update_time', 'create_time'];
const FILTER_KEYS = ['categories', 'category', 'risk_score_min', 'status', 'resolution', 'assignee', 'ticket_id', 'types', 'recommended'];
const SEARCH_KEYS = ['filter', 'from', 'until', 'mod_time', 'update_time', 'create_time', 'limit', 'offset', 'sort', 'id_only', 'include_activity_log'];
const TRACKING_DISABLED = {
	error_message:
		'Detection tracking through the REST API is not enabled. Enable external ticket tracking in Administration > Detection Tracking.',
};

/**
 * @typedef {Record<string, any>} Detection
 * @typedef {{ apiKey: string, apiUser: string, clientId: string, clientSecret: string, tokenLifetimeSec: number,
 *   staleTokenStatus: 400 | 401, ticketTracking: boolean, clockOffsetMs: number, uiBase: string, ticketUrlTemplate: string,
 *   seed: boolean, tls: boolean, modTimeInclusive: boolean }} Config
 */

/** @param {Partial<Config>} [options] */
function createExtraHopSimulator(options = {}) {
	/** @type {Config} */
	const config = {
		apiKey: 'sim-api-key-0123456789',
		apiUser: 'apiuser',
		clientId: 'sim-client-id',
		clientSecret: 'sim-client-secret-abcdef',
		tokenLifetimeSec: 1799,
		staleTokenStatus: 400,
		ticketTracking: true,
		clockOffsetMs: 0,
		uiBase: '',
		ticketUrlTemplate: '',
		seed: true,
		tls: false,
		// The search's `mod_time`: "updated after" (exclusive, the vendor spec's reading) unless
		// true (on or after, a peer integration's reading). Code must be right under both.
		modTimeInclusive: false,
		...options,
	};
	const server = new SimServer({ name: 'extrahop', tls: config.tls });

	/** @type {Map<number, Detection>} */
	let detections = new Map();
	/** @type {Map<number, string>} */
	let notes = new Map();
	/** @type {Map<number, any[]>} */
	let activity = new Map();
	/** Every version ever visible: the ground truth the trigger tests compare against. */
	/** @type {{ id: number, mod_time: number, at: number }[]} */
	let versions = [];
	/** @type {Map<string, number>} token -> expiry (server ms) */
	let tokens = new Map();
	let nextId = 2000;
	let lastModTime = 0;
	/** Called after each search page is computed; tests use it to modify detections mid-paging. */
	/** @type {((info: { body: any, page: any[] }) => void) | null} */
	let onSearch = null;
	/** @type {Map<string, any>} */
	let odsTargets = new Map();
	/** @type {Map<number, any>} */
	let triggers = new Map();

	const now = () => Date.now() + config.clockOffsetMs;
	/** Server clock for modifications: never earlier than the last mod_time handed out. */
	const nextModTime = () => {
		lastModTime = Math.max(now(), lastModTime);
		return lastModTime;
	};

	const recordVersion = (/** @type {Detection} */ d) => versions.push({ id: d.id, mod_time: d.mod_time, at: Date.now() });

	function reset() {
		detections = new Map();
		notes = new Map();
		activity = new Map();
		versions = [];
		tokens = new Map();
		odsTargets = new Map();
		triggers = new Map();
		nextId = 2000;
		lastModTime = 0;
		onSearch = null;
		server.clearFaults();
		server.clearRequestLog();
		if (config.seed) for (const d of seedDetections(now())) insert(d);
	}

	/** @param {Detection} d */
	function insert(d) {
		detections.set(d.id, d);
		lastModTime = Math.max(lastModTime, d.mod_time);
		activity.set(d.id, [{ time: d.create_time ?? d.mod_time, type: 'created', user: 'extrahop' }]);
		recordVersion(d);
		nextId = Math.max(nextId, d.id < 1e9 ? d.id + 1 : nextId);
		return d;
	}

	/**
	 * Creates a detection. `spec.mod_time` may be in the past: a late arrival (a console
	 * receiving it from a sensor late).
	 * @param {Partial<Detection> & { type?: string }} [spec]
	 */
	function createDetection(spec = {}) {
		const id = spec.id ?? nextId++;
		const time = spec.mod_time ?? nextModTime();
		const n = Number(id % 997);
		const d = buildDetection({ id, type: spec.type ?? DETECTION_TYPES[n % DETECTION_TYPES.length].type, n, time, riskScore: spec.risk_score });
		Object.assign(d, spec, { id, mod_time: time });
		if (spec.create_time === undefined) d.create_time = time;
		if (config.uiBase) d.url = `${config.uiBase}/extrahop/#/detections/detail/${id}`;
		return insert(d);
	}

	/**
	 * Changes a detection as ExtraHop would: new activity (update_time, end_time, description
	 * links) or any field, and bumps mod_time (or sets the one given).
	 * @param {number} id
	 * @param {{ activity?: boolean, fields?: Record<string, any>, mod_time?: number }} change
	 */
	function modifyDetection(id, change = {}) {
		const d = detections.get(id);
		if (!d) throw new HttpError(404, { error_message: `Detection ${id} not found` });
		const time = change.mod_time ?? nextModTime();
		if (change.activity) {
			d.update_time = time;
			d.end_time = time;
			d.description = String(d.description).replace(/until=\d+/g, `until=${Math.floor(time / 1000)}`);
			if (d.properties && typeof d.properties.observations === 'number') d.properties.observations += 1;
		}
		Object.assign(d, change.fields ?? {});
		d.mod_time = Math.max(time, change.mod_time === undefined ? d.mod_time + 1 : time);
		lastModTime = Math.max(lastModTime, d.mod_time);
		recordVersion(d);
		return d;
	}

	function deleteDetection(/** @type {number} */ id) {
		detections.delete(id);
	}

	// ---- auth ------------------------------------------------------------------------------

	/** @param {import('../common/server').SimRequest} req */
	function authorise(req) {
		const header = String(req.headers.authorization ?? '');
		const apiKey = /^ExtraHop apikey=(.+)$/i.exec(header)?.[1];
		if (apiKey !== undefined) {
			if (apiKey !== config.apiKey) throw new HttpError(401, { error_message: 'Invalid API key' });
			return config.apiUser;
		}
		const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
		if (bearer !== undefined) {
			const expiry = tokens.get(bearer);
			if (expiry === undefined) throw new HttpError(401, { error_message: 'Error getting user from bearer token' });
			if (expiry <= now()) {
				if (config.staleTokenStatus === 400) throw new HttpError(400, 'The specified access token is invalid');
				throw new HttpError(401, { error_message: 'Invalid access token' });
			}
			return config.apiUser;
		}
		throw new HttpError(401, { error_message: 'Authorization required' });
	}

	/** @param {import('../common/server').SimRequest} req */
	function issueToken(req) {
		let id = '';
		let secret = '';
		const basic = /^Basic (.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
		if (basic) [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
		else if (req.body && typeof req.body === 'object') {
			id = req.body.client_id ?? '';
			secret = req.body.client_secret ?? '';
		}
		if (!req.body || req.body.grant_type !== 'client_credentials') throw new HttpError(400, { error: 'unsupported_grant_type' });
		if (id !== config.clientId || secret !== config.clientSecret) throw new HttpError(400, { error: 'invalid_client' });
		const token = crypto.randomBytes(24).toString('hex');
		tokens.set(token, now() + config.tokenLifetimeSec * 1000);
		return { access_token: token, token_type: 'Bearer', expires_in: config.tokenLifetimeSec };
	}

	// ---- detections --------------------------------------------------------------------------

	function requireTracking() {
		if (!config.ticketTracking) throw new HttpError(403, TRACKING_DISABLED);
	}

	function parseId(/** @type {string} */ raw) {
		if (!/^\d+$/.test(raw)) throw new HttpError(400, { error_message: `Invalid detection id: ${raw}` });
		return Number(raw);
	}

	function getDetection(/** @type {number} */ id) {
		const d = detections.get(id);
		if (!d) throw new HttpError(404, { error_message: `Detection ${id} not found` });
		return d;
	}

	/**
	 * @param {Detection} d
	 * @param {boolean} withActivity
	 */
	function present(d, withActivity) {
		const copy = structuredClone(d);
		if (withActivity) {
			delete copy.participants;
			delete copy.properties;
			copy.activity_log = structuredClone(activity.get(d.id) ?? []);
		}
		return copy;
	}

	/**
	 * @param {string[] | undefined} wanted
	 * @param {string | null | undefined} value
	 * @param {string} user
	 */
	function matchesList(wanted, value, user = '') {
		if (!Array.isArray(wanted)) return true;
		return wanted.some((w) => (w === '.none' ? value === null || value === undefined : w === '.me' ? value === user : w === value));
	}

	/**
	 * @param {any} body
	 * @param {string} user
	 */
	function search(body, user) {
		body = body ?? {};
		if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, { error_message: 'Body must be an object' });
		for (const key of Object.keys(body)) {
			if (!SEARCH_KEYS.includes(key)) throw new HttpError(400, { error_message: `Unknown search field: ${key}` });
		}
		const filter = body.filter ?? {};
		for (const key of Object.keys(filter)) {
			if (!FILTER_KEYS.includes(key)) throw new HttpError(400, { error_message: `Unknown filter field: ${key}` });
		}
		const limit = body.limit ?? 1000;
		const offset = body.offset ?? 0;
		if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
			throw new HttpError(400, { error_message: `limit must be an integer between 0 and ${MAX_LIMIT}` });
		}
		if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, { error_message: 'offset must be a non-negative integer' });
		const categories = filter.categories ?? (filter.category ? [filter.category] : undefined);
		const until = body.until === 0 || body.until === undefined ? Infinity : body.until;
		let list = [...detections.values()].filter((d) => {
			if (categories && !d.categories.some((/** @type {string} */ c) => categories.some((/** @type {string} */ f) => c === f || c.startsWith(`${f}.`)))) return false;
			if (filter.risk_score_min !== undefined && !(typeof d.risk_score === 'number' && d.risk_score >= filter.risk_score_min)) return false;
			if (!matchesList(filter.status, d.status)) return false;
			if (!matchesList(filter.resolution, d.resolution)) return false;
			if (!matchesList(filter.assignee, d.assignee, user)) return false;
			if (!matchesList(filter.ticket_id, d.ticket_id)) return false;
			if (Array.isArray(filter.types) && !filter.types.includes(d.type)) return false;
			if (filter.recommended !== undefined && Boolean(d.recommended) !== filter.recommended) return false;
			if (body.from !== undefined && d.end_time < body.from) return false;
			if (d.start_time > until) return false;
			if (body.mod_time !== undefined && (config.modTimeInclusive ? d.mod_time < body.mod_time : d.mod_time <= body.mod_time)) return false;
			if (body.update_time !== undefined && d.update_time < body.update_time) return false;
			if (body.create_time !== undefined && !(d.create_time >= body.create_time)) return false;
			return true;
		});
		if (Array.isArray(body.sort) && body.sort.length > 0) {
			for (const s of body.sort) {
				if (!SORT_FIELDS.includes(s.field) || !['asc', 'desc'].includes(s.direction)) {
					throw new HttpError(400, { error_message: `Invalid sort: ${JSON.stringify(s)}` });
				}
			}
			list.sort((a, b) => {
				for (const s of body.sort) {
					const av = a[s.field] ?? -1;
					const bv = b[s.field] ?? -1;
					if (av !== bv) return (av < bv ? -1 : 1) * (s.direction === 'desc' ? -1 : 1);
				}
				return 0;
			});
		} else {
			// Without a sort the order is not guaranteed: scramble it so nobody relies on it.
			list.sort((a, b) => scramble(a.id) - scramble(b.id));
		}
		const page = list.slice(offset, offset + limit);
		const result = body.id_only ? page.map((d) => d.id) : page.map((d) => present(d, body.include_activity_log === true));
		if (onSearch) onSearch({ body, page: result });
		return result;
	}

	/**
	 * @param {Detection} d
	 * @param {Record<string, any>} changes
	 * @param {string} user
	 */
	function applyTracking(d, changes, user) {
		const allowed = ['ticket_id', 'status', 'assignee', 'resolution', 'participants'];
		for (const key of Object.keys(changes)) {
			if (!allowed.includes(key)) throw new HttpError(400, { error_message: `Field cannot be updated: ${key}` });
		}
		if ('status' in changes && changes.status !== null && !STATUSES.includes(changes.status)) {
			throw new HttpError(422, { detail: `Invalid status: ${changes.status}` });
		}
		if ('resolution' in changes && changes.resolution !== null && !RESOLUTIONS.includes(changes.resolution)) {
			throw new HttpError(422, { detail: `Invalid resolution: ${changes.resolution}` });
		}
		if ('ticket_id' in changes && changes.ticket_id !== null && typeof changes.ticket_id !== 'string') {
			throw new HttpError(422, { detail: 'ticket_id must be a string' });
		}
		if (('ticket_id' in changes || 'status' in changes || 'assignee' in changes || 'resolution' in changes)) requireTracking();
		/** @type {Record<string, any>} */
		const fields = {};
		for (const key of ['ticket_id', 'status', 'assignee', 'resolution']) if (key in changes) fields[key] = changes[key];
		modifyDetection(d.id, { fields });
		activity.get(d.id)?.push({ time: d.mod_time, type: 'tracking_update', user, changes: fields });
	}

	// ---- routes ------------------------------------------------------------------------------

	server.route('POST', '/oauth2/token', (req) => ({ body: issueToken(req) }));
	server.route('GET', '/api/v1/extrahop', (req) => {
		authorise(req);
		return {
			body: { version: '9.6.2.1620', platform: 'extrahop', hostname: 'sim-sensor.example.com', mgmt_ipaddr: '127.0.0.1', display_host: 'sim-sensor', external_hostname: '' },
			headers: { Date: new Date(now()).toUTCString() },
		};
	});
	server.route('POST', '/api/v1/detections/search', (req) => {
		const user = authorise(req);
		return { body: search(req.body, user), headers: { Date: new Date(now()).toUTCString() } };
	});
	server.route('GET', '/api/v1/detections/formats', (req) => {
		authorise(req);
		return { body: structuredClone(DETECTION_TYPES) };
	});
	server.route('PATCH', '/api/v1/detections/tickets', (req) => {
		const user = authorise(req);
		requireTracking();
		const body = req.body ?? {};
		if (typeof body.ticket_id !== 'string' || body.ticket_id === '') throw new HttpError(400, { error_message: 'ticket_id is required' });
		const { ticket_id: ticketId, ...changes } = body;
		const linked = [...detections.values()].filter((d) => d.ticket_id === ticketId);
		for (const d of linked) applyTracking(d, changes, user);
		return { status: 204 };
	});
	server.route('GET', '/api/v1/detections/:id', (req) => {
		authorise(req);
		const d = getDetection(parseId(req.params.id));
		return { body: present(d, req.query.get('include_activity_log') === 'true') };
	});
	server.route('PATCH', '/api/v1/detections/:id', (req) => {
		const user = authorise(req);
		const d = getDetection(parseId(req.params.id));
		if (!req.body || typeof req.body !== 'object' || Object.keys(req.body).length === 0) {
			throw new HttpError(400, { error_message: 'Nothing to update' });
		}
		applyTracking(d, req.body, user);
		return { status: 204 };
	});
	server.route('GET', '/api/v1/detections/:id/notes', (req) => {
		authorise(req);
		requireTracking();
		const id = parseId(req.params.id);
		getDetection(id);
		return { body: { note: notes.get(id) ?? '' } };
	});
	server.route('PUT', '/api/v1/detections/:id/notes', (req) => {
		authorise(req);
		requireTracking();
		const id = parseId(req.params.id);
		getDetection(id);
		if (!req.body || typeof req.body.note !== 'string') throw new HttpError(400, { error_message: 'note must be a string' });
		notes.set(id, req.body.note);
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/detections/:id/notes', (req) => {
		authorise(req);
		requireTracking();
		const id = parseId(req.params.id);
		getDetection(id);
		notes.delete(id);
		return { status: 204 };
	});

	// Open Data Stream HTTP targets and triggers, for the webhook trigger's auto-registration.
	require('./admin').addAdminRoutes(server, { authorise, odsTargets: () => odsTargets, triggers: () => triggers });

	// ---- control API and page ----------------------------------------------------------------

	addCommonControlRoutes(server, reset);
	server.route('GET', '/_sim/detections', () => ({ body: [...detections.values()] }));
	server.route('POST', '/_sim/detections', (req) => ({ status: 201, body: createDetection(req.body ?? {}) }));
	server.route('PATCH', '/_sim/detections/:id', (req) => ({ body: modifyDetection(Number(req.params.id), req.body ?? {}) }));
	server.route('DELETE', '/_sim/detections/:id', (req) => {
		deleteDetection(Number(req.params.id));
		return { status: 204 };
	});
	server.route('GET', '/_sim/detections/:id/notes', (req) => ({ body: { note: notes.get(Number(req.params.id)) ?? null } }));
	server.route('GET', '/_sim/versions', () => ({ body: versions }));
	server.route('GET', '/_sim/config', () => ({ body: publicConfig() }));
	server.route('PATCH', '/_sim/config', (req) => {
		Object.assign(config, req.body ?? {});
		return { body: publicConfig() };
	});
	server.route('POST', '/_sim/tokens/expire', () => {
		for (const token of tokens.keys()) tokens.set(token, 0);
		return { status: 204 };
	});
	server.route('GET', '/_sim/ods', () => ({ body: { targets: [...odsTargets.values()], triggers: [...triggers.values()] } }));
	const page = () => ({
		contentType: 'text/html; charset=utf-8',
		body: renderDetectionsPage([...detections.values()], config.ticketUrlTemplate),
	});
	server.route('GET', '/', page);
	// Detection links (`url`) look like ExtraHop's: /extrahop/#/detections/detail/<id>.
	server.route('GET', '/extrahop/', page);
	server.route('GET', '/extrahop', page);

	function publicConfig() {
		const { apiKey, clientSecret, ...rest } = config;
		return rest;
	}

	reset();

	return {
		server,
		config,
		/** @param {number} [port] */
		start: async (port) => {
			const url = await server.start(port);
			if (!config.uiBase) config.uiBase = url;
			return url;
		},
		stop: () => server.stop(),
		reset,
		createDetection,
		modifyDetection,
		deleteDetection,
		getDetection: (/** @type {number} */ id) => detections.get(id),
		detections: () => [...detections.values()],
		note: (/** @type {number} */ id) => notes.get(id),
		versions: () => versions,
		expireTokens: () => {
			for (const token of tokens.keys()) tokens.set(token, 0);
		},
		tokenCount: () => tokens.size,
		/** @param {typeof onSearch} hook */
		setOnSearch: (hook) => {
			onSearch = hook;
		},
		odsTargets: () => [...odsTargets.values()],
		triggers: () => [...triggers.values()],
		now,
	};
}

/** A fixed permutation of ids, standing in for "order not guaranteed". */
function scramble(/** @type {number} */ id) {
	return Number((BigInt(id) * 2654435761n) % 4294967291n);
}

module.exports = { createExtraHopSimulator, STATUSES, RESOLUTIONS, MAX_LIMIT };

if (require.main === module) {
	require('../run').main(['extrahop', ...process.argv.slice(2)]);
}
