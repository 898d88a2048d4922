// @ts-check
'use strict';
/**
 * Open Data Stream HTTP targets and triggers (`/api/v1/odstargets/http`, `/api/v1/triggers`),
 * used by the webhook trigger's optional auto-registration, and the part of ExtraHop that runs
 * them: `fireDetectionUpdate(sim, id)` executes every enabled DETECTION_UPDATE trigger's script
 * against a detection and sends what it posts through the named ODS target, as an appliance does.
 *
 * Modelled after ExtraHop's REST API (assumptions, since only the shapes the nodes need are
 * documented in this project; see the README):
 * - Both resources list with GET (a bare array), create with POST answering 201 with
 *   `Location: /api/v1/<resource>/<id>` and no body, read/PATCH/DELETE one by id (PATCH and
 *   DELETE answer 204). Unknown ids answer 404 `{error_message}`; invalid fields 400.
 * - ODS HTTP target fields: name (unique: triggers address targets by name), description, host,
 *   port (1-65535), protocol (http|https), skip_cert_verification, additional_header (one
 *   "Name: value" line, as in the UI), auth_type (none|basic) with username/password. Secrets are
 *   never returned: GET omits `password` and masks the additional header's value.
 * - Trigger fields: name (not unique on ExtraHop), description, author, events (array of event
 *   names; the legacy single `event` string is accepted), script, disabled, debug, hints.
 * - Triggers on events that are not tied to a device (DETECTION_UPDATE, ALERT_RECORD_COMMIT,
 *   METRIC_CYCLE_*, NEW_APPLICATION, NEW_DEVICE, SESSION_EXPIRE, ...) run whenever the event
 *   occurs and cannot be assigned to devices: `POST /triggers/{id}/devices` refuses them. Other
 *   triggers run only on the devices they are assigned to.
 * - ODS sends asynchronously and ignores the answer; headers set by the trigger win over the
 *   target's additional header.
 */
const http = require('node:http');
const https = require('node:https');
const vm = require('node:vm');
const { HttpError } = require('../common/server');

/** Events not tied to a device: their triggers run without (and refuse) assignment. */
const GLOBAL_EVENTS = new Set([
	'DETECTION_UPDATE',
	'ALERT_RECORD_COMMIT',
	'METRIC_CYCLE_BEGIN',
	'METRIC_CYCLE_END',
	'METRIC_RECORD_COMMIT',
	'NEW_APPLICATION',
	'NEW_DEVICE',
	'SESSION_EXPIRE',
	'EXTERNAL_DATA',
]);
const KNOWN_EVENTS = new Set([...GLOBAL_EVENTS, 'HTTP_REQUEST', 'HTTP_RESPONSE', 'DNS_REQUEST', 'DNS_RESPONSE', 'FLOW_TICK', 'FLOW_CLASSIFY', 'SSL_OPEN', 'TCP_OPEN', 'TCP_CLOSE']);
const TARGET_FIELDS = ['name', 'description', 'host', 'port', 'protocol', 'skip_cert_verification', 'additional_header', 'auth_type', 'username', 'password'];
const TRIGGER_FIELDS = ['name', 'description', 'author', 'events', 'event', 'script', 'disabled', 'debug', 'hints', 'apply_all', 'priority'];
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/;

const bad = (/** @type {string} */ message) => new HttpError(400, { error_message: message });

/**
 * @param {Record<string, any>} body
 * @param {Record<string, any> | undefined} existing
 */
function validateTarget(body, existing) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('Body must be an object');
	for (const key of Object.keys(body)) if (!TARGET_FIELDS.includes(key)) throw bad(`Unknown field: ${key}`);
	/** @type {Record<string, any>} */
	const t = { description: '', skip_cert_verification: false, additional_header: '', auth_type: 'none', username: '', password: '', protocol: 'https', ...(existing ?? {}), ...body };
	if (typeof t.name !== 'string' || t.name.trim() === '') throw bad('name is required');
	if (typeof t.host !== 'string' || t.host.trim() === '' || /[\s/]/.test(t.host)) throw bad('host must be a host name or IP address');
	if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) throw bad('port must be an integer between 1 and 65535');
	if (!['http', 'https'].includes(t.protocol)) throw bad('protocol must be http or https');
	if (typeof t.skip_cert_verification !== 'boolean') throw bad('skip_cert_verification must be a boolean');
	if (typeof t.additional_header !== 'string' || /[\r\n]/.test(t.additional_header)) throw bad('additional_header must be one "Name: value" line');
	if (t.additional_header !== '' && !HEADER_LINE.test(t.additional_header)) throw bad('additional_header must look like "Name: value"');
	if (!['none', 'basic'].includes(t.auth_type)) throw bad('auth_type must be none or basic');
	if (t.auth_type === 'basic' && (typeof t.username !== 'string' || t.username === '' || typeof t.password !== 'string' || t.password === '')) {
		throw bad('basic authentication needs username and password');
	}
	return t;
}

/**
 * @param {Record<string, any>} body
 * @param {Record<string, any> | undefined} existing
 */
function validateTrigger(body, existing) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('Body must be an object');
	for (const key of Object.keys(body)) if (!TRIGGER_FIELDS.includes(key)) throw bad(`Unknown field: ${key}`);
	/** @type {Record<string, any>} */
	const t = { description: '', author: '', disabled: false, debug: false, hints: {}, ...(existing ?? {}), ...body };
	if (typeof body.event === 'string' && body.events === undefined) t.events = [body.event];
	delete t.event;
	if (typeof t.name !== 'string' || t.name.trim() === '') throw bad('name is required');
	if (typeof t.script !== 'string') throw bad('script is required');
	if (!Array.isArray(t.events) || t.events.length === 0 || !t.events.every((/** @type {string} */ e) => KNOWN_EVENTS.has(e))) {
		throw bad('events must be a non-empty list of trigger events, e.g. ["DETECTION_UPDATE"]');
	}
	try {
		// The appliance compiles the script when it is saved.
		new vm.Script(t.script, { filename: `trigger:${t.name}` });
	} catch (error) {
		throw bad(`The trigger script does not compile: ${error instanceof Error ? error.message : String(error)}`);
	}
	for (const flag of ['disabled', 'debug']) if (typeof t[flag] !== 'boolean') throw bad(`${flag} must be a boolean`);
	return t;
}

/** A target as the API shows it: no password, the header's value masked. */
function presentTarget(/** @type {Record<string, any>} */ t) {
	const { password, ...rest } = t;
	const match = HEADER_LINE.exec(t.additional_header ?? '');
	if (match) rest.additional_header = `${match[1]}: ********`;
	return rest;
}

/**
 * @param {import('../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, odsTargets: () => Map<string, any>, triggers: () => Map<number, any> }} state
 */
function addAdminRoutes(server, state) {
	let nextTargetId = 1;
	let nextTriggerId = 1;
	const target = (/** @type {string} */ id) => {
		const t = state.odsTargets().get(id);
		if (!t) throw new HttpError(404, { error_message: `ODS target ${id} not found` });
		return t;
	};
	const trigger = (/** @type {string} */ id) => {
		const t = state.triggers().get(Number(id));
		if (!t) throw new HttpError(404, { error_message: `Trigger ${id} not found` });
		return t;
	};
	const nameTaken = (/** @type {string} */ name, /** @type {number} */ exceptId) =>
		[...state.odsTargets().values()].some((t) => t.name === name && t.id !== exceptId);

	server.route('GET', '/api/v1/odstargets/http', (req) => {
		state.authorise(req);
		return { body: [...state.odsTargets().values()].map(presentTarget) };
	});
	server.route('GET', '/api/v1/odstargets/http/:id', (req) => {
		state.authorise(req);
		return { body: presentTarget(target(req.params.id)) };
	});
	server.route('POST', '/api/v1/odstargets/http', (req) => {
		state.authorise(req);
		const t = validateTarget(req.body, undefined);
		if (nameTaken(t.name, -1)) throw new HttpError(409, { error_message: `An ODS target named ${t.name} already exists` });
		const id = nextTargetId++;
		state.odsTargets().set(String(id), { id, ...t });
		return { status: 201, headers: { Location: `/api/v1/odstargets/http/${id}` } };
	});
	server.route('PATCH', '/api/v1/odstargets/http/:id', (req) => {
		state.authorise(req);
		const existing = target(req.params.id);
		const { id, ...current } = existing;
		const t = validateTarget(req.body, current);
		if (nameTaken(t.name, id)) throw new HttpError(409, { error_message: `An ODS target named ${t.name} already exists` });
		state.odsTargets().set(String(id), { id, ...t });
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/odstargets/http/:id', (req) => {
		state.authorise(req);
		target(req.params.id);
		state.odsTargets().delete(req.params.id);
		return { status: 204 };
	});

	server.route('GET', '/api/v1/triggers', (req) => {
		state.authorise(req);
		return { body: [...state.triggers().values()].map((t) => structuredClone(t)) };
	});
	server.route('GET', '/api/v1/triggers/:id', (req) => {
		state.authorise(req);
		return { body: structuredClone(trigger(req.params.id)) };
	});
	server.route('POST', '/api/v1/triggers', (req) => {
		state.authorise(req);
		const t = validateTrigger(req.body, undefined);
		const id = nextTriggerId++;
		state.triggers().set(id, { id, ...t, devices: [], mod_time: Date.now() });
		return { status: 201, headers: { Location: `/api/v1/triggers/${id}` } };
	});
	server.route('PATCH', '/api/v1/triggers/:id', (req) => {
		state.authorise(req);
		const { id, devices, mod_time: _modTime, ...current } = trigger(req.params.id);
		const t = validateTrigger(req.body, current);
		state.triggers().set(id, { id, ...t, devices, mod_time: Date.now() });
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/triggers/:id', (req) => {
		state.authorise(req);
		trigger(req.params.id);
		state.triggers().delete(Number(req.params.id));
		return { status: 204 };
	});
	server.route('POST', '/api/v1/triggers/:id/devices', (req) => {
		state.authorise(req);
		const t = trigger(req.params.id);
		if (t.events.every((/** @type {string} */ e) => GLOBAL_EVENTS.has(e))) {
			throw bad(`Trigger ${t.id} runs only on events that are not tied to devices (${t.events.join(', ')}) and cannot be assigned`);
		}
		const body = req.body ?? {};
		const assign = Array.isArray(body.assign) ? body.assign : [];
		const unassign = new Set(Array.isArray(body.unassign) ? body.unassign : []);
		t.devices = [...new Set([...t.devices, ...assign])].filter((d) => !unassign.has(d));
		return { status: 204 };
	});
}

/**
 * The `Detection` object a trigger sees. Only `id`, `title` and `description` are documented;
 * `riskScore`, `categories` and `mitreCategories` appear in ExtraHop's ticketing example.
 * Nothing else exists here, so a script relying on anything more breaks in the tests.
 * @param {Record<string, any>} d
 */
function triggerDetection(d) {
	return Object.freeze({
		id: d.id,
		title: d.title,
		description: d.description,
		riskScore: d.risk_score ?? null,
		categories: Object.freeze([...(d.categories ?? [])]),
		mitreCategories: Object.freeze((d.mitre_tactics ?? []).map((/** @type {any} */ t) => t.id)),
	});
}

/**
 * @typedef {{ trigger: string, target: string, path?: string, status?: number, body?: string, error?: string,
 *   headers?: Record<string, string> }} Delivery
 */

/**
 * One ODS HTTP request as the appliance sends it.
 * @param {Record<string, any>} t the target (with its secrets)
 * @param {{ path?: string, headers?: Record<string, string | string[]>, payload?: string }} request
 * @returns {Promise<{ status: number, body: string, headers: Record<string, string> }>}
 */
function send(t, request) {
	/** @type {Record<string, string>} */
	const headers = {};
	const match = HEADER_LINE.exec(t.additional_header ?? '');
	if (match) headers[match[1]] = match[2];
	if (t.auth_type === 'basic') headers.Authorization = `Basic ${Buffer.from(`${t.username}:${t.password}`).toString('base64')}`;
	// Headers set in the trigger win over the target's additional header.
	for (const [name, value] of Object.entries(request.headers ?? {})) {
		for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
		headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	const payload = Buffer.from(request.payload ?? '', 'utf8');
	headers['Content-Length'] = String(payload.length);
	const lib = t.protocol === 'https' ? https : http;
	return new Promise((resolve, reject) => {
		const req = lib.request(
			{
				host: t.host,
				port: t.port,
				method: 'POST',
				path: request.path ?? '/',
				headers,
				rejectUnauthorized: !t.skip_cert_verification,
				timeout: 10_000,
			},
			(res) => {
				const chunks = /** @type {Buffer[]} */ ([]);
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers }));
			},
		);
		req.on('timeout', () => req.destroy(new Error('ODS request timed out')));
		req.on('error', reject);
		req.end(payload);
	});
}

/**
 * ExtraHop fires DETECTION_UPDATE for a detection (as on its creation or any change): every
 * enabled trigger on that event runs, and what it posts through `Remote.HTTP(name)` is sent to
 * the named ODS HTTP target. Resolves when all requests are answered (ExtraHop itself would not
 * wait or look at the answers; tests do).
 * @param {{ getDetection: (id: number) => any, odsTargets: () => any[], triggers: () => any[] }} sim
 * @param {number} id
 * @returns {Promise<Delivery[]>}
 */
async function fireDetectionUpdate(sim, id) {
	const d = sim.getDetection(id);
	if (!d) throw new Error(`No detection ${id}`);
	const detection = triggerDetection(d);
	/** @type {Promise<Delivery>[]} */
	const pending = [];
	for (const t of sim.triggers()) {
		if (t.disabled || !t.events.includes('DETECTION_UPDATE')) continue;
		const Remote = {
			HTTP: (/** @type {string} */ name) => ({
				post: (/** @type {any} */ request) => {
					const target = sim.odsTargets().find((o) => o.name === name);
					if (!target) {
						pending.push(Promise.resolve({ trigger: t.name, target: name, error: `No ODS HTTP target named ${name}` }));
						return false;
					}
					if (!request || typeof request !== 'object') {
						pending.push(Promise.resolve({ trigger: t.name, target: name, error: 'Remote.HTTP().post needs a request object' }));
						return false;
					}
					pending.push(
						send(target, request).then(
							(r) => ({ trigger: t.name, target: name, path: request.path, status: r.status, body: r.body, headers: r.headers }),
							(error) => ({ trigger: t.name, target: name, path: request.path, error: String(error?.message ?? error) }),
						),
					);
					return true;
				},
			}),
		};
		try {
			vm.runInNewContext(t.script, { Detection: detection, Remote, JSON }, { timeout: 1000, filename: `trigger:${t.name}` });
		} catch (error) {
			pending.push(Promise.resolve({ trigger: t.name, target: '', error: `Trigger exception: ${error instanceof Error ? error.message : String(error)}` }));
		}
	}
	return await Promise.all(pending);
}

module.exports = { addAdminRoutes, fireDetectionUpdate, GLOBAL_EVENTS };
