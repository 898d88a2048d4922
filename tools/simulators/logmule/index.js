// @ts-check
'use strict';
/**
 * A local LogMule incident platform, faithful to its documented "create incident from result"
 * call: `POST {root}/logmule_go_results/{id}/create_incident` (root `/cruddy/v2`, no body).
 * - Correlation results (id, asset, finding) are created through the control API.
 * - Find-or-create: an incident for the same asset and finding that is open gets the result
 *   appended (c_occurrence_count + 1, new last_occurrence_id); a closed one is reopened
 *   (c_reopened_count + 1, reopened_at) or left closed and a new incident created, as the
 *   `closedIncidentPolicy` setting ('reopen' | 'create') says; otherwise a new incident.
 * - The full incident shape, including the Cyrillic-spelled key `с_customer_retention_time`.
 * - Errors as documented, `{"error", "error_code"}`: 400 (empty or malformed id), 404 (unknown
 *   result), 500 (injected, before or after the incident was changed), plus 401/403 token auth with
 *   a configurable header name and prefix.
 * - Fault injection (status with Retry-After, latency, dropped connections, HTML pages), a request
 *   log, and a count of requests in flight (the most seen at once) to check client concurrency.
 * - Control API under /_sim, and an incident board at /.
 *
 * Run by itself: `node tools/simulators/run.js logmule [--port 8080] [--tls]`.
 */
const crypto = require('node:crypto');
const { SimServer, HttpError, addCommonControlRoutes } = require('../common/server');
const {
	CYRILLIC_RETENTION_KEY,
	STATUSES,
	timestamp,
	buildResult,
	buildIncident,
} = require('./incident');
const { renderIncidentsPage } = require('./page');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @typedef {{ basePath: string, token: string, authHeader: string, authPrefix: string,
 *   closedIncidentPolicy: 'reopen' | 'create', closedStatuses: string[], idFormat: 'uuid' | 'any',
 *   forbiddenTokens: string[], echoTokenInErrors: boolean, reopenSkewMs: number, clockOffsetMs: number, tls: boolean }} Config
 * @typedef {{ status?: number, error?: string, afterEffect?: boolean, delayMs?: number, times?: number, resultId?: string }} Failure
 */

/** @param {Partial<Config>} [options] */
function createLogMuleSimulator(options = {}) {
	/** @type {Config} */
	const config = {
		basePath: '/cruddy/v2',
		token: 'sim-logmule-token-5b2e8c41d7',
		authHeader: 'Authorization',
		authPrefix: 'Bearer',
		closedIncidentPolicy: 'reopen',
		closedStatuses: ['closed'],
		idFormat: 'uuid',
		forbiddenTokens: [],
		echoTokenInErrors: false,
		reopenSkewMs: 0,
		clockOffsetMs: 0,
		tls: false,
		...options,
	};
	const server = new SimServer({ name: 'logmule', tls: config.tls });

	/** @type {Map<string, import('./incident').Result>} */
	let results = new Map();
	/** @type {Map<string, Record<string, any>>} */
	let incidents = new Map();
	/** Every occurrence ever added, in order: what the calls did, for tests to compare. */
	/** @type {{ id: string, incident_id: string, result_id: string, action: 'created' | 'appended' | 'reopened', at: string }[]} */
	let occurrences = [];
	/** @type {Failure[]} */
	let failures = [];
	let nextDisplayId = 1;
	let lastNow = 0;
	let inFlight = 0;
	let maxInFlight = 0;

	/** Server clock: never goes backwards, and tests can move it forward. */
	const now = () => {
		lastNow = Math.max(lastNow + 1, Date.now() + config.clockOffsetMs);
		return lastNow;
	};

	// Count API requests in flight (from arrival to the end of the answer), including injected latency.
	const handle = server.handle.bind(server);
	server.handle = async (incoming, res) => {
		const isApi =
			!String(incoming.url ?? '').startsWith('/_sim') &&
			String(incoming.url ?? '').startsWith(config.basePath);
		if (!isApi) return handle(incoming, res);
		inFlight += 1;
		maxInFlight = Math.max(maxInFlight, inFlight);
		let done = false;
		const finish = () => {
			if (!done) {
				done = true;
				inFlight -= 1;
			}
		};
		res.on('close', finish);
		res.on('finish', finish);
		return handle(incoming, res);
	};

	function reset() {
		results = new Map();
		incidents = new Map();
		occurrences = [];
		failures = [];
		nextDisplayId = 1;
		inFlight = 0;
		maxInFlight = 0;
		server.clearFaults();
		server.clearRequestLog();
	}

	const logMuleError = (/** @type {number} */ status, /** @type {string} */ error, headers = {}) =>
		new HttpError(status, { error, error_code: status }, headers);

	// ---- auth ------------------------------------------------------------------------------

	/** @param {import('../common/server').SimRequest} req */
	function authorise(req) {
		const raw = req.headers[config.authHeader.toLowerCase()];
		const value = String(Array.isArray(raw) ? raw[0] : (raw ?? '')).trim();
		let presented = value;
		if (config.authPrefix) {
			const match = new RegExp(
				`^${config.authPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(.+)$`,
				'i',
			).exec(value);
			presented = match ? match[1].trim() : '';
		}
		if (
			presented === '' ||
			(presented !== config.token && !config.forbiddenTokens.includes(presented))
		) {
			const error =
				config.echoTokenInErrors && value
					? `Unauthorized: "${value}" is not a valid token`
					: 'Unauthorized';
			throw logMuleError(401, error, {
				'WWW-Authenticate': config.authPrefix || config.authHeader,
			});
		}
		if (config.forbiddenTokens.includes(presented)) {
			throw logMuleError(
				403,
				config.echoTokenInErrors
					? `Forbidden: token ${presented} may not create incidents`
					: 'Forbidden: this token may not create incidents',
			);
		}
	}

	// ---- results and incidents ---------------------------------------------------------------

	/** @param {Partial<import('./incident').Result>} spec */
	function createResult(spec = {}) {
		const result = buildResult(spec, now());
		if (results.has(result.id))
			throw new HttpError(409, { error: `Result ${result.id} exists`, error_code: 409 });
		results.set(result.id, result);
		return result;
	}

	const isClosed = (/** @type {Record<string, any>} */ i) =>
		config.closedStatuses.includes(i.status);

	/**
	 * The documented find-or-create: same asset and finding; open -> append; closed -> reopen or
	 * create, per `closedIncidentPolicy`; none -> create.
	 * @param {import('./incident').Result} result
	 */
	function createIncidentFromResult(result) {
		const at = now();
		const occurrenceId = crypto.randomUUID();
		const same = [...incidents.values()]
			.filter(
				(i) => i.service_asset_id === result.service_asset_id && i.finding_id === result.finding_id,
			)
			.sort((a, b) => b.display_id - a.display_id);
		const open = same.find((i) => !isClosed(i));
		/** @type {'created' | 'appended' | 'reopened'} */
		let action;
		let incident;
		if (open) {
			incident = open;
			action = 'appended';
		} else if (same.length > 0 && config.closedIncidentPolicy === 'reopen') {
			incident = same[0];
			action = 'reopened';
			incident.status = 'new';
			incident.c_reopened_count = (incident.c_reopened_count ?? 0) + 1;
			incident.reopened_at = timestamp(at + config.reopenSkewMs);
		} else {
			incident = buildIncident(result, { displayId: nextDisplayId++, now: at, occurrenceId });
			incidents.set(incident.id, incident);
			action = 'created';
		}
		if (action !== 'created') {
			incident.c_occurrence_count += 1;
			incident.last_occurrence_id = occurrenceId;
			incident.updated_at = timestamp(at);
			incident.analysis_output = result.analysis_output;
		}
		occurrences.push({
			id: occurrenceId,
			incident_id: incident.id,
			result_id: result.id,
			action,
			at: timestamp(at),
		});
		return incident;
	}

	/** @param {string} id */
	function getIncident(id) {
		const incident = incidents.get(id);
		if (!incident) throw new HttpError(404, { error: `No incident ${id}`, error_code: 404 });
		return incident;
	}

	/** @param {string} id */
	function closeIncident(id) {
		const incident = getIncident(id);
		const at = timestamp(now());
		incident.status = 'closed';
		incident.updated_at = at;
		incident.c_last_customer_status_change = at;
		return incident;
	}

	/**
	 * Operator changes: external_id (as an ITSM sync sets it), status, notes.
	 * @param {string} id
	 * @param {Record<string, any>} changes
	 */
	function updateIncident(id, changes = {}) {
		const incident = getIncident(id);
		const allowed = [
			'external_id',
			'status',
			'client_note',
			'internal_note',
			'itsm_sync_status',
			'user_id',
			'group_id',
		];
		for (const key of Object.keys(changes)) {
			if (!allowed.includes(key))
				throw new HttpError(400, { error: `Field cannot be changed: ${key}`, error_code: 400 });
		}
		if ('status' in changes && !STATUSES.includes(changes.status)) {
			throw new HttpError(400, { error: `Invalid status: ${changes.status}`, error_code: 400 });
		}
		Object.assign(incident, changes);
		incident.updated_at = timestamp(now());
		if ('status' in changes) incident.c_last_customer_status_change = incident.updated_at;
		if ('external_id' in changes) {
			incident.itsm_sync_status = changes.external_id ? 'synced' : 'not_synced';
			incident.itsm_last_synced_at = incident.updated_at;
		}
		return incident;
	}

	/** @param {string} resultId */
	function takeFailure(resultId) {
		const index = failures.findIndex((f) => !f.resultId || f.resultId === resultId);
		if (index === -1) return undefined;
		const failure = failures[index];
		failure.times = (failure.times ?? 1) - 1;
		if (failure.times <= 0) failures.splice(index, 1);
		return failure;
	}

	/**
	 * Arms a failure of the create call itself: `afterEffect` (default true) means LogMule changes
	 * the incident and then fails (500, or answers only after `delayMs`), which is why such answers
	 * must never be retried blindly.
	 * @param {Failure} failure
	 */
	function armFailure(failure) {
		failures.push({
			afterEffect: true,
			times: 1,
			...failure,
			status: failure.status ?? (failure.delayMs ? undefined : 500),
		});
	}

	// ---- routes ------------------------------------------------------------------------------

	const base = config.basePath.replace(/\/+$/, '');
	const createPath = `${base}/logmule_go_results/:id/create_incident`;

	/** @param {import('../common/server').SimRequest} req */
	async function createIncidentRoute(req) {
		authorise(req);
		const id = String(req.params.id ?? '').trim();
		if (id === '') throw logMuleError(400, 'Bad Request: id is empty');
		if (config.idFormat === 'uuid' && !UUID.test(id))
			throw logMuleError(400, 'Bad Request: id must be a UUID');
		const result = results.get(id);
		if (!result) throw logMuleError(404, 'Result Not Found');
		const failure = takeFailure(id);
		if (failure && !failure.afterEffect && failure.status)
			throw logMuleError(failure.status, failure.error ?? 'Internal Server Error');
		const incident = createIncidentFromResult(result);
		const answer = structuredClone(incident);
		if (failure) {
			// unref: a slow answer still pending must not keep a test process alive.
			if (failure.delayMs)
				await new Promise((resolve) => setTimeout(resolve, failure.delayMs).unref());
			if (failure.status && failure.status >= 400)
				throw logMuleError(failure.status, failure.error ?? 'Internal Server Error');
		}
		return { body: answer };
	}

	server.route('POST', createPath, createIncidentRoute);
	server.route('POST', `${base}/logmule_go_results//create_incident`, (req) => {
		authorise(req);
		throw logMuleError(400, 'Bad Request: id is empty');
	});
	// Everything else under the API root: authenticated first, like the real API's middleware, then 404/405.
	for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
		server.route(method, createPath, (req) => {
			authorise(req);
			throw logMuleError(405, 'Method Not Allowed', { Allow: 'POST' });
		});
		for (const path of [base, `${base}/logmule_go_results`, `${base}/logmule_go_results/:id`]) {
			server.route(method, path, (req) => {
				authorise(req);
				throw logMuleError(404, 'Not Found');
			});
		}
	}

	// ---- control API and page ----------------------------------------------------------------

	addCommonControlRoutes(server, reset);
	server.route('GET', '/_sim/results', () => ({ body: [...results.values()] }));
	server.route('POST', '/_sim/results', (req) => ({
		status: 201,
		body: createResult(req.body ?? {}),
	}));
	server.route('GET', '/_sim/incidents', () => ({ body: [...incidents.values()] }));
	server.route('GET', '/_sim/incidents/:id', (req) => ({ body: getIncident(req.params.id) }));
	server.route('PATCH', '/_sim/incidents/:id', (req) => ({
		body: updateIncident(req.params.id, req.body ?? {}),
	}));
	server.route('POST', '/_sim/incidents/:id/close', (req) => ({
		body: closeIncident(req.params.id),
	}));
	server.route('PUT', '/_sim/incidents/:id/external_id', (req) => ({
		body: updateIncident(req.params.id, { external_id: req.body?.external_id ?? null }),
	}));
	server.route('GET', '/_sim/occurrences', () => ({ body: occurrences }));
	server.route('POST', '/_sim/failures', (req) => {
		const list = Array.isArray(req.body) ? req.body : [req.body ?? {}];
		list.forEach((f) => armFailure(f));
		return { status: 204 };
	});
	server.route('POST', '/_sim/clock', (req) => {
		config.clockOffsetMs += Number(req.body?.advanceMs ?? 0);
		return { body: { now: timestamp(now()) } };
	});
	server.route('GET', '/_sim/stats', () => ({ body: { inFlight, maxInFlight } }));
	server.route('GET', '/_sim/config', () => ({ body: publicConfig() }));
	server.route('PATCH', '/_sim/config', (req) => {
		const changes = req.body ?? {};
		if (
			'closedIncidentPolicy' in changes &&
			!['reopen', 'create'].includes(changes.closedIncidentPolicy)
		) {
			throw new HttpError(400, {
				error: 'closedIncidentPolicy must be "reopen" or "create"',
				error_code: 400,
			});
		}
		Object.assign(config, changes);
		return { body: publicConfig() };
	});
	server.route('GET', '/', () => ({
		contentType: 'text/html; charset=utf-8',
		body: renderIncidentsPage({
			incidents: [...incidents.values()],
			results: [...results.values()],
			apiRoot: `${server.url}${base}`,
			authExample: `${config.authHeader}: ${config.authPrefix ? `${config.authPrefix} ` : ''}${config.token}`,
			policy: config.closedIncidentPolicy,
		}),
	}));

	function publicConfig() {
		const { token, forbiddenTokens, ...rest } = config;
		return rest;
	}

	reset();

	return {
		server,
		config,
		/** @param {number} [port] */
		start: (port) => server.start(port),
		stop: () => server.stop(),
		/** The API root the credential's URL should hold, e.g. http://127.0.0.1:8080/cruddy/v2. */
		apiRoot: () => `${server.url}${base}`,
		reset,
		createResult,
		closeIncident,
		updateIncident,
		armFailure,
		getIncident: (/** @type {string} */ id) => incidents.get(id),
		incidents: () => [...incidents.values()],
		results: () => [...results.values()],
		occurrences: () => occurrences,
		/** Moves the server clock forward. */
		advanceClock: (/** @type {number} */ ms) => {
			config.clockOffsetMs += ms;
		},
		stats: () => ({ inFlight, maxInFlight }),
		resetStats: () => {
			maxInFlight = inFlight;
		},
		CYRILLIC_RETENTION_KEY,
	};
}

module.exports = { createLogMuleSimulator, CYRILLIC_RETENTION_KEY };

if (require.main === module) {
	require('../run').main(['logmule', ...process.argv.slice(2)]);
}
