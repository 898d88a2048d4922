// @ts-check
'use strict';
/**
 * A local ExtraHop RevealX REST API, faithful to what the nodes rely on (see the README's
 * "Simulators" section): API-key and RevealX 360 token auth (tokens expire), detection search
 * with every filter, sort, mod_time, limit/offset, PATCH answering 204 and bumping mod_time,
 * ticket updates, notes, formats, ticket tracking on/off, faults, and a control API (/_sim) so
 * tests and the demo can create and modify detections. It records every tracking update (PATCH)
 * per detection with its time, and, with `autoPush`, pushes every change through the registered
 * ODS targets by itself, losing a seeded fraction of the pushes (./push.js).
 *
 * Run by itself: `npm run simulate -- extrahop` (see tools/simulators/run.js).
 */
const crypto = require('node:crypto');
const { SimServer, HttpError, addCommonControlRoutes } = require('../common/server');
const { attachContract } = require('./dispatch');
const { DETECTION_TYPES, buildDetection, seedDetections } = require('./seed');
const { renderDetectionsPage } = require('./page');
const { createPushSender } = require('./push');
const { activityLog } = require('./resources/detectionActivity');

const STATUSES = ['new', 'in_progress', 'closed', 'acknowledged'];
const RESOLUTIONS = ['action_taken', 'no_action_taken'];
const MAX_LIMIT = 20000;
/** Detections made by createDetection get ids from here; the seeded fixtures' ids are below it or above 1e9. */
const FIRST_CREATED_ID = 2000;

/** Whether a detection was made by createDetection (a demo's or a test's), not loaded from the seeds. */
const isCreatedDetection = (/** @type {{ id: number }} */ d) =>
	d.id >= FIRST_CREATED_ID && d.id < 1e9;
const SORT_FIELDS = [
	'mod_time',
	'id',
	'risk_score',
	'start_time',
	'end_time',
	'update_time',
	'create_time',
];
/**
 * What RevealX 360 answers for a bearer token it no longer accepts: the four answers Splunk SOAR's
 * ExtraHop app recognises (its list grew from bug reports; see the shared API notes, section 7).
 */
const STALE_TOKEN_ANSWERS = {
	specifiedInvalid: { status: 400, body: 'The specified access token is invalid' },
	invalid: { status: 400, body: { error: 'invalid' } },
	invalidAccessToken: { status: 401, body: { error_message: 'Invalid access token' } },
	errorGettingUser: {
		status: 401,
		body: { error_message: 'Error getting user from bearer token' },
	},
};
const TRACKING_DISABLED = {
	error_message:
		'Detection tracking through the REST API is not enabled. Enable external ticket tracking in Administration > Detection Tracking.',
};

/**
 * @typedef {Record<string, any>} Detection
 * @typedef {{ apiKey: string, apiUser: string, clientId: string, clientSecret: string, tokenLifetimeSec: number,
 *   staleTokenAnswer: keyof typeof STALE_TOKEN_ANSWERS, unauthenticatedStatus: 400 | 401 | 403, ticketTracking: boolean,
 *   clockOffsetMs: number, uiBase: string, ticketUrlTemplate: string, seed: boolean, tls: boolean,
 *   patchRequiresTicketId: boolean, modTimeInclusive: boolean, createAnswersLocation: boolean, detectionTriggerNeedsApplyAll: boolean,
 *   noteChangeMovesModTime: boolean, autoPush: boolean, pushDropRate: number, pushSeed: number }} Config
 * @typedef {{ id: number, at: number, user: string, fields: Record<string, any>, ticketBefore: string | null }} TrackingUpdate
 *
 * Readings of what the spec leaves open (tests run the nodes under each):
 * - `patchRequiresTicketId` (default true, the spec's "(required)"): PATCH /detections/{id} without ticket_id is 400.
 * - `modTimeInclusive` (default false, the spec's "updated after"): search `mod_time` includes equal times when true.
 * - `noteChangeMovesModTime` (default false): whether writing or deleting a detection's note (PUT or
 *   DELETE /detections/{id}/notes, or an analyst's edit through the control API) moves its
 *   mod_time; the spec does not say.
 * - `createAnswersLocation` (default true): creates (201) carry the new object's Location header; false drops it.
 * - `staleTokenAnswer`: how RevealX 360 answers an expired or unknown bearer token (the four answers seen in the field).
 * - `unauthenticatedStatus`: how it answers a request without Authorization (nothing public says; 400, 401 or 403).
 */

/**
 * Every simulator created in this process: the test harness fails a test that leaves a contract
 * violation on any of them.
 * @type {Set<any>}
 */
const ALL_SIMULATORS = new Set();

/** @param {Partial<Config>} [options] */
function createExtraHopSimulator(options = {}) {
	/** @type {Config} */
	const config = {
		apiKey: 'sim-api-key-0123456789',
		apiUser: 'apiuser',
		clientId: 'sim-client-id',
		clientSecret: 'sim-client-secret-abcdef',
		tokenLifetimeSec: 1799,
		staleTokenAnswer: 'specifiedInvalid',
		unauthenticatedStatus: 401,
		patchRequiresTicketId: true,
		createAnswersLocation: true,
		modTimeInclusive: false,
		detectionTriggerNeedsApplyAll: true,
		noteChangeMovesModTime: false,
		ticketTracking: true,
		clockOffsetMs: 0,
		uiBase: '',
		ticketUrlTemplate: '',
		seed: true,
		tls: false,
		autoPush: false,
		pushDropRate: 0,
		pushSeed: 1,
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
	let nextId = FIRST_CREATED_ID;
	let lastModTime = 0;
	/** Called after each search page is computed; tests use it to modify detections mid-paging. */
	/** @type {((info: { body: any, page: any[] }) => void) | null} */
	let onSearch = null;
	/** @type {Map<string, any>} */
	let odsTargets = new Map();
	/** @type {Map<number, any>} */
	let triggers = new Map();
	/** Every tracking update (PATCH of a detection, or of all detections of a ticket), in order. */
	/** @type {TrackingUpdate[]} */
	let trackingLog = [];
	/** Told of every change of a detection: the push sender (./push.js). */
	/** @type {((d: Detection, change: import('./push').ChangeKind) => void)[]} */
	const changeListeners = [];
	/** Devices, tags, watchlist, investigations, tuning rules, packets: ./resources (set up below). */
	/** @type {ReturnType<typeof import('./resources').addSocResources> | undefined} */
	let soc;

	const now = () => Date.now() + config.clockOffsetMs;
	/** Server clock for modifications: never earlier than the last mod_time handed out. */
	const nextModTime = () => {
		lastModTime = Math.max(now(), lastModTime);
		return lastModTime;
	};

	const recordVersion = (/** @type {Detection} */ d) =>
		versions.push({ id: d.id, mod_time: d.mod_time, at: Date.now() });

	function reset() {
		detections = new Map();
		notes = new Map();
		activity = new Map();
		versions = [];
		trackingLog = [];
		pushSender?.reset();
		tokens = new Map();
		odsTargets = new Map();
		triggers = new Map();
		nextId = FIRST_CREATED_ID;
		lastModTime = 0;
		onSearch = null;
		soc?.reset();
		server.clearFaults();
		server.clearRequestLog();
		clearViolations();
		if (config.seed) for (const d of seedDetections(now())) insert(d);
	}

	/** @param {Detection} d */
	function insert(d) {
		detections.set(d.id, d);
		soc?.ensureDevices(d);
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
		const d = buildDetection({
			id,
			type: spec.type ?? DETECTION_TYPES[n % DETECTION_TYPES.length].type,
			n,
			time,
			riskScore: spec.risk_score,
		});
		Object.assign(d, spec, { id, mod_time: time });
		if (spec.create_time === undefined) d.create_time = time;
		if (config.uiBase) d.url = `${config.uiBase}/extrahop/#/detections/detail/${id}`;
		insert(d);
		for (const listener of changeListeners) listener(d, 'created');
		return d;
	}

	/**
	 * Changes a detection as ExtraHop would: new activity (update_time, end_time, description
	 * links) or any field, and bumps mod_time (or sets the one given).
	 * @param {number} id
	 * @param {{ activity?: boolean, fields?: Record<string, any>, mod_time?: number }} change
	 * @param {import('./push').ChangeKind} [kind] 'tracking' when the REST API's tracking update made it
	 */
	function modifyDetection(id, change = {}, kind = 'modified') {
		const d = detections.get(id);
		if (!d) throw new HttpError(404, { error_message: `Detection ${id} not found` });
		const time = change.mod_time ?? nextModTime();
		if (change.activity) {
			d.update_time = time;
			d.end_time = time;
			d.description = String(d.description).replace(
				/until=\d+/g,
				`until=${Math.floor(time / 1000)}`,
			);
			if (d.properties && typeof d.properties.observations === 'number')
				d.properties.observations += 1;
		}
		Object.assign(d, change.fields ?? {});
		d.mod_time = Math.max(time, change.mod_time === undefined ? d.mod_time + 1 : time);
		lastModTime = Math.max(lastModTime, d.mod_time);
		recordVersion(d);
		for (const listener of changeListeners) listener(d, kind);
		return d;
	}

	/**
	 * Writes (a string) or deletes (null) a detection's note, through the API or as an analyst in
	 * ExtraHop's UI does; moves mod_time with `noteChangeMovesModTime`.
	 * @param {number} id
	 * @param {string | null} note
	 */
	function setNote(id, note) {
		if (!detections.has(id))
			throw new HttpError(404, { error_message: `Detection ${id} not found` });
		if (note === null) notes.delete(id);
		else notes.set(id, note);
		if (config.noteChangeMovesModTime) modifyDetection(id);
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
			if (expiry === undefined || expiry <= now()) {
				const answer =
					STALE_TOKEN_ANSWERS[config.staleTokenAnswer] ?? STALE_TOKEN_ANSWERS.specifiedInvalid;
				throw new HttpError(answer.status, structuredClone(answer.body));
			}
			return config.apiUser;
		}
		throw new HttpError(config.unauthenticatedStatus, { error_message: 'Authorization required' });
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
		if (!req.body || req.body.grant_type !== 'client_credentials')
			throw new HttpError(400, { error: 'unsupported_grant_type' });
		if (id !== config.clientId || secret !== config.clientSecret)
			throw new HttpError(400, { error: 'invalid_client' });
		const token = crypto.randomBytes(24).toString('hex');
		tokens.set(token, now() + config.tokenLifetimeSec * 1000);
		return { access_token: token, token_type: 'Bearer', expires_in: config.tokenLifetimeSec };
	}

	// ---- detections --------------------------------------------------------------------------

	function requireTracking() {
		if (!config.ticketTracking) throw new HttpError(403, TRACKING_DISABLED);
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
			copy.activity_log = activityLog(d);
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
		return wanted.some((w) =>
			w === '.none'
				? value === null || value === undefined
				: w === '.me'
					? value === user
					: w === value,
		);
	}

	/**
	 * @param {any} body
	 * @param {string} user
	 */
	function search(body, user) {
		// Field names and types are checked by the contract (./contract/detections.js) before this runs.
		body = body ?? {};
		const filter = body.filter ?? {};
		const limit = body.limit ?? 1000;
		const offset = body.offset ?? 0;
		if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
			throw new HttpError(400, {
				error_message: `limit must be an integer between 0 and ${MAX_LIMIT}`,
			});
		}
		if (!Number.isInteger(offset) || offset < 0)
			throw new HttpError(400, { error_message: 'offset must be a non-negative integer' });
		const categories = filter.categories ?? (filter.category ? [filter.category] : undefined);
		const until = body.until === 0 || body.until === undefined ? Infinity : body.until;
		let list = [...detections.values()].filter((d) => {
			if (
				categories &&
				!d.categories.some((/** @type {string} */ c) =>
					categories.some((/** @type {string} */ f) => c === f || c.startsWith(`${f}.`)),
				)
			)
				return false;
			if (
				filter.risk_score_min !== undefined &&
				!(typeof d.risk_score === 'number' && d.risk_score >= filter.risk_score_min)
			)
				return false;
			if (!matchesList(filter.status, d.status)) return false;
			if (!matchesList(filter.resolution, d.resolution)) return false;
			if (!matchesList(filter.assignee, d.assignee, user)) return false;
			if (!matchesList(filter.ticket_id, d.ticket_id)) return false;
			if (Array.isArray(filter.types) && !filter.types.includes(d.type)) return false;
			if (filter.recommended !== undefined && Boolean(d.recommended) !== filter.recommended)
				return false;
			// `from`: occurred after (an ongoing detection counts); `until`: ended before.
			if (body.from !== undefined && d.end_time < body.from) return false;
			if (!(d.end_time < until)) return false;
			// `mod_time`: "updated after", exclusive by the spec's words; modTimeInclusive reads it as "at or after".
			if (
				body.mod_time !== undefined &&
				(config.modTimeInclusive ? d.mod_time < body.mod_time : d.mod_time <= body.mod_time)
			)
				return false;
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
		const result = body.id_only
			? page.map((d) => d.id)
			: page.map((d) => present(d, body.include_activity_log === true));
		if (onSearch) onSearch({ body, page: result });
		return result;
	}

	/**
	 * @param {Detection} d
	 * @param {Record<string, any>} changes
	 * @param {string} user
	 */
	function applyTracking(d, changes, user) {
		// Fields, types and enums are checked by the contract before this runs.
		if (
			'ticket_id' in changes ||
			'status' in changes ||
			'assignee' in changes ||
			'resolution' in changes
		)
			requireTracking();
		/** @type {Record<string, any>} */
		const fields = {};
		for (const key of ['ticket_id', 'status', 'assignee', 'resolution'])
			if (key in changes) fields[key] = changes[key];
		trackingLog.push({ id: d.id, at: now(), user, fields, ticketBefore: d.ticket_id ?? null });
		modifyDetection(d.id, { fields }, 'tracking');
		activity.get(d.id)?.push({ time: d.mod_time, type: 'tracking_update', user, changes: fields });
	}

	// ---- routes: every operation is one of the contract's (./contract), checked before it runs --------

	const { api, violations, takeViolations, clearViolations, implemented } = attachContract(server, {
		authorise,
		readings: () => config,
	});

	api('POST', '/oauth2/token', (req) => ({ body: issueToken(req) }));
	api('GET', '/api/v1/extrahop', () => ({
		body: {
			version: '9.6.2.1620',
			platform: 'extrahop',
			hostname: 'sim-sensor.example.com',
			mgmt_ipaddr: '127.0.0.1',
			display_host: 'sim-sensor',
			external_hostname: '',
		},
		headers: { Date: new Date(now()).toUTCString() },
	}));
	// ticket_tracking_parameters: the reference names the schema without its fields; `enabled` is assumed.
	api('GET', '/api/v1/extrahop/ticketing', () => ({ body: { enabled: config.ticketTracking } }));
	api('POST', '/api/v1/detections/search', (req) => ({
		body: search(req.body, /** @type {string} */ (req.user)),
		headers: { Date: new Date(now()).toUTCString() },
	}));
	api('GET', '/api/v1/detections/formats', () => ({ body: structuredClone(DETECTION_TYPES) }));
	api('PATCH', '/api/v1/detections/tickets', (req) => {
		requireTracking();
		const { ticket_id: ticketId, ...changes } = req.body;
		const linked = [...detections.values()].filter((d) => d.ticket_id === ticketId);
		for (const d of linked) applyTracking(d, changes, /** @type {string} */ (req.user));
		return { status: 204 };
	});
	api('GET', '/api/v1/detections/{id}', (req) => {
		const d = getDetection(Number(req.params.id));
		return { body: present(d, req.queryValues?.include_activity_log === true) };
	});
	api('PATCH', '/api/v1/detections/{id}', (req) => {
		const d = getDetection(Number(req.params.id));
		if (!req.body || Object.keys(req.body).length === 0)
			throw new HttpError(400, { error_message: 'Nothing to update' });
		applyTracking(d, req.body, /** @type {string} */ (req.user));
		return { status: 204 };
	});
	const noteOf = (/** @type {any} */ req) => {
		requireTracking();
		const id = Number(req.params.id);
		getDetection(id);
		return id;
	};
	api('GET', '/api/v1/detections/{id}/notes', (req) => ({
		body: { note: notes.get(noteOf(req)) ?? '' },
	}));
	api('PUT', '/api/v1/detections/{id}/notes', (req) => {
		setNote(noteOf(req), req.body.note ?? '');
		return { status: 204 };
	});
	api('DELETE', '/api/v1/detections/{id}/notes', (req) => {
		setNote(noteOf(req), null);
		return { status: 204 };
	});

	// Open Data Stream HTTP targets and triggers, for the webhook trigger's auto-registration.
	require('./admin').addAdminRoutes(api, {
		odsTargets: () => odsTargets,
		triggers: () => triggers,
	});

	soc = require('./resources').addSocResources(server, api, {
		authorise,
		now,
		detection: (id) => detections.get(id),
		detections: () => [...detections.values()],
		config: () => config,
	});

	// ---- control API and page ----------------------------------------------------------------

	addCommonControlRoutes(server, reset);
	server.route('GET', '/_sim/detections', () => ({ body: [...detections.values()] }));
	server.route('POST', '/_sim/detections', (req) => ({
		status: 201,
		body: createDetection(req.body ?? {}),
	}));
	server.route('PATCH', '/_sim/detections/:id', (req) => ({
		body: modifyDetection(Number(req.params.id), req.body ?? {}),
	}));
	server.route('DELETE', '/_sim/detections/:id', (req) => {
		deleteDetection(Number(req.params.id));
		return { status: 204 };
	});
	server.route('GET', '/_sim/detections/:id/notes', (req) => ({
		body: { note: notes.get(Number(req.params.id)) ?? null },
	}));
	// An analyst editing the note in ExtraHop's UI: { note } replaces it, { note: null } clears it.
	server.route('PUT', '/_sim/detections/:id/notes', (req) => {
		setNote(Number(req.params.id), req.body?.note ?? null);
		return { body: { note: notes.get(Number(req.params.id)) ?? null } };
	});
	server.route('GET', '/_sim/versions', () => ({ body: versions }));
	server.route('GET', '/_sim/tracking', () => ({ body: trackingLog }));
	server.route('GET', '/_sim/pushes', () => ({ body: pushSender.log() }));
	server.route('GET', '/_sim/config', () => ({ body: publicConfig() }));
	server.route('PATCH', '/_sim/config', (req) => {
		Object.assign(config, req.body ?? {});
		return { body: publicConfig() };
	});
	server.route('POST', '/_sim/tokens/expire', () => {
		for (const token of tokens.keys()) tokens.set(token, 0);
		return { status: 204 };
	});
	server.route('GET', '/_sim/violations', () => ({ body: violations() }));
	server.route('DELETE', '/_sim/violations', () => ({ body: takeViolations() }));
	server.route('GET', '/_sim/ods', () => ({
		body: { targets: [...odsTargets.values()], triggers: [...triggers.values()] },
	}));
	const page = () => ({
		contentType: 'text/html; charset=utf-8',
		body: renderDetectionsPage([...detections.values()], config.ticketUrlTemplate),
	});
	server.route('GET', '/', page);
	// Detection links (`url`) look like ExtraHop's: /extrahop/#/detections/detail/<id>.
	server.route('GET', '/extrahop/', page);
	server.route('GET', '/extrahop', page);

	const pushSender = createPushSender({
		getDetection: (id) => detections.get(id),
		odsTargets: () => [...odsTargets.values()],
		triggers: () => [...triggers.values()],
		config,
	});
	changeListeners.push(pushSender.onChange);

	function publicConfig() {
		const { apiKey, clientSecret, ...rest } = config;
		return rest;
	}

	reset();

	const simulator = {
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
		/**
		 * Another writer replacing (or, with null, clearing) a detection's note: an analyst in
		 * ExtraHop's UI, another tool. Moves mod_time with `noteChangeMovesModTime`.
		 */
		setNote,
		versions: () => versions,
		expireTokens: () => {
			for (const token of tokens.keys()) tokens.set(token, 0);
		},
		tokenCount: () => tokens.size,
		/** @param {((info: { body: any, page: any[] }) => void) | null} hook */
		setOnSearch: (hook) => {
			onSearch = hook;
		},
		odsTargets: () => [...odsTargets.values()],
		triggers: () => [...triggers.values()],
		/** Devices, tags, watchlist, investigations, tuning rules and packet search state. */
		soc: () => /** @type {NonNullable<typeof soc>} */ (soc),
		/** Requests the contract refused (404, 405, 400 naming the field, 501): any left means the nodes broke it. */
		violations,
		/** Takes (and clears) the violations a test provoked on purpose. */
		takeViolations,
		/** Operations of the contract the simulator implements, as 'METHOD /template'. */
		implemented,
		/** Token requests received at /oauth2/token. */
		tokenRequests: () => server.requestLog('/oauth2/token').length,
		now,
		/** Every tracking update (PATCH) received, in order: who, when (server clock), which fields, the ticket id before. */
		trackingLog: () => trackingLog,
		/** Every push made by `autoPush` (lost ones with `dropped`), and a promise for the pending ones. */
		pushes: () => pushSender.log(),
		pushesSettled: () => pushSender.settled(),
	};
	ALL_SIMULATORS.add(simulator);
	return simulator;
}

/** A fixed permutation of ids, standing in for "order not guaranteed". */
function scramble(/** @type {number} */ id) {
	return Number((BigInt(id) * 2654435761n) % 4294967291n);
}

module.exports = {
	createExtraHopSimulator,
	isCreatedDetection,
	STATUSES,
	RESOLUTIONS,
	MAX_LIMIT,
	STALE_TOKEN_ANSWERS,
	ALL_SIMULATORS,
};

if (require.main === module) {
	require('../run').main(['extrahop', ...process.argv.slice(2)]);
}
