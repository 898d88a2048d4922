// @ts-check
'use strict';
/**
 * Open Data Stream HTTP targets and triggers, and the part of ExtraHop that runs them:
 * `fireDetectionUpdate(sim, id)` executes every enabled DETECTION_UPDATE trigger's script
 * against a detection and sends what it posts through the named ODS target, as an appliance does.
 *
 * Field names, types, required fields and status codes come from the contract (./contract/admin.js
 * and ./contract/alerts-triggers.js, transcribed from ExtraHop's REST reference) and are checked
 * before these handlers run. What the handlers add, beyond the reference (assumptions, marked):
 * - ODS HTTP targets are addressed by name (`/odstargets/http/{name}`); there is no PATCH. POST
 *   answers 201 without a body. A second target with a taken name is 409 (assumed). Secrets are never
 *   read back: GET omits `authentication.password` and masks the additional header's value (assumed;
 *   nothing may rely on reading a secret back).
 * - `host` must be a host name or IP, `port` 1-65535, `additional_header` one "Key: value" line,
 *   `basic` authentication needs username and password (the reference says they are required for it).
 * - Triggers: POST answers 201 with `Location: /api/v1/triggers/<id>` (assumed); the script must
 *   compile (the appliance compiles it on save).
 * - ExtraHop's trigger documentation ("Build a trigger", docs.extrahop.com 7.6 onward): "A trigger does
 *   not run until it is assigned to a device", except that "triggers with the following events run
 *   whenever the event occurs. Triggers that only run on these events cannot be assigned to devices or
 *   device groups." Which events that list holds is not public in a form we could read; the simulator
 *   treats DETECTION_UPDATE (and the other events below) as such events, refuses their assignment, and,
 *   with `detectionTriggerNeedsApplyAll` (default true, the cautious reading), runs a trigger only if it
 *   was created with `apply_all: true` ("applies to all relevant resources").
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
const KNOWN_EVENTS = new Set([
	...GLOBAL_EVENTS,
	'HTTP_REQUEST',
	'HTTP_RESPONSE',
	'DNS_REQUEST',
	'DNS_RESPONSE',
	'FLOW_TICK',
	'FLOW_CLASSIFY',
	'SSL_OPEN',
	'TCP_OPEN',
	'TCP_CLOSE',
]);
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/;

const bad = (/** @type {string} */ message) => new HttpError(400, { error_message: message });

/** @param {Record<string, any>} body a body the contract accepted */
function validateTarget(body) {
	/** @type {Record<string, any>} */
	const t = { skip_cert_verification: false, additional_header: '', ...structuredClone(body) };
	if (t.name.trim() === '' || t.name.includes('/'))
		throw bad('name must be a non-empty name without "/"');
	if (t.host.trim() === '' || /[\s/]/.test(t.host))
		throw bad('host must be a host name or IP address');
	if (t.port < 1 || t.port > 65535) throw bad('port must be an integer between 1 and 65535');
	if (/[\r\n]/.test(t.additional_header))
		throw bad('additional_header must be one "Name: value" line');
	if (t.additional_header !== '' && !HEADER_LINE.test(t.additional_header))
		throw bad('additional_header must look like "Name: value"');
	const auth = t.authentication;
	if (auth.auth_type === 'basic' && (!auth.username || !auth.password))
		throw bad('authentication: basic needs username and password');
	if (auth.auth_type !== 'none' && auth.auth_type !== 'basic')
		throw bad(`authentication: ${auth.auth_type} is not simulated`);
	return t;
}

/** @param {Record<string, any>} body a body the contract accepted */
function validateTrigger(body) {
	/** @type {Record<string, any>} */
	const t = { description: '', author: '', hints: {}, ...structuredClone(body) };
	if (typeof t.event === 'string') t.events = [...new Set([...t.events, t.event])];
	delete t.event;
	if (t.name.trim() === '') throw bad('name must not be empty');
	if (t.events.length === 0 || !t.events.every((/** @type {string} */ e) => KNOWN_EVENTS.has(e))) {
		throw bad('events must be a non-empty list of trigger events, e.g. ["DETECTION_UPDATE"]');
	}
	try {
		// The appliance compiles the script when it is saved.
		new vm.Script(t.script, { filename: `trigger:${t.name}` });
	} catch (error) {
		throw bad(
			`The trigger script does not compile: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
	return t;
}

/** A target as the API shows it: no password, the header's value masked. */
function presentTarget(/** @type {Record<string, any>} */ t) {
	const copy = structuredClone(t);
	if (copy.authentication) delete copy.authentication.password;
	const match = HEADER_LINE.exec(t.additional_header ?? '');
	if (match) copy.additional_header = `${match[1]}: ********`;
	return copy;
}

/**
 * @param {(method: string, template: string, handler: (req: any) => any) => void} api
 * @param {{ odsTargets: () => Map<string, any>, triggers: () => Map<number, any> }} state
 */
function addAdminRoutes(api, state) {
	let nextTriggerId = 1;
	const target = (/** @type {string} */ name) => {
		const t = state.odsTargets().get(name);
		if (!t) throw new HttpError(404, { error_message: `No HTTP ODS target named ${name}` });
		return t;
	};
	const trigger = (/** @type {number} */ id) => {
		const t = state.triggers().get(id);
		if (!t) throw new HttpError(404, { error_message: `Trigger ${id} not found` });
		return t;
	};

	api('GET', '/api/v1/odstargets/http', () => ({
		body: [...state.odsTargets().values()].map(presentTarget),
	}));
	api('GET', '/api/v1/odstargets/http/{name}', (req) => ({
		body: presentTarget(target(req.params.name)),
	}));
	api('POST', '/api/v1/odstargets/http', (req) => {
		const t = validateTarget(req.body);
		if (state.odsTargets().has(t.name))
			throw new HttpError(409, {
				error_message: `An HTTP ODS target named ${t.name} already exists`,
			});
		state.odsTargets().set(t.name, t);
		return { status: 201 };
	});
	api('DELETE', '/api/v1/odstargets/http/{name}', (req) => {
		target(req.params.name);
		state.odsTargets().delete(req.params.name);
		return { status: 204 };
	});

	api('GET', '/api/v1/triggers', () => ({
		body: [...state.triggers().values()].map((t) => structuredClone(t)),
	}));
	api('GET', '/api/v1/triggers/{id}', (req) => ({ body: structuredClone(trigger(req.params.id)) }));
	api('POST', '/api/v1/triggers', (req) => {
		const t = validateTrigger(req.body);
		const id = nextTriggerId++;
		state.triggers().set(id, { id, ...t, devices: [], mod_time: Date.now() });
		return { status: 201, headers: { Location: `/api/v1/triggers/${id}` } };
	});
	api('PATCH', '/api/v1/triggers/{id}', (req) => {
		const { id, devices } = trigger(req.params.id);
		const t = validateTrigger(req.body);
		state.triggers().set(id, { id, ...t, devices, mod_time: Date.now() });
		return { status: 204 };
	});
	api('DELETE', '/api/v1/triggers/{id}', (req) => {
		trigger(req.params.id);
		state.triggers().delete(req.params.id);
		return { status: 204 };
	});
	api('POST', '/api/v1/triggers/{id}/devices', (req) => {
		const t = trigger(req.params.id);
		if (t.events.every((/** @type {string} */ e) => GLOBAL_EVENTS.has(e))) {
			throw bad(
				`Trigger ${t.id} runs only on events that are not tied to devices (${t.events.join(', ')}) and cannot be assigned`,
			);
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
 *   headers?: Record<string, string>, answeredBy?: string }} Delivery
 *   `answeredBy`: the target's `X-N8n-Webhook-Process` answer header, where a load balancer sets it.
 */

/**
 * One ODS HTTP request as the appliance sends it.
 * @param {Record<string, any>} t the target (with its secrets)
 * @param {{ path?: string, headers?: Record<string, string | string[]>, payload?: string }} request
 * @returns {Promise<{ status: number, body: string, headers: Record<string, string>, answeredBy?: string }>}
 */
function send(t, request) {
	/** @type {Record<string, string>} */
	const headers = {};
	const match = HEADER_LINE.exec(t.additional_header ?? '');
	if (match) headers[match[1]] = match[2];
	if (t.authentication?.auth_type === 'basic')
		headers.Authorization = `Basic ${Buffer.from(`${t.authentication.username}:${t.authentication.password}`).toString('base64')}`;
	// Headers set in the trigger win over the target's additional header.
	for (const [name, value] of Object.entries(request.headers ?? {})) {
		for (const existing of Object.keys(headers))
			if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
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
				const by = res.headers['x-n8n-webhook-process'];
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
						headers,
						...(typeof by === 'string' ? { answeredBy: by } : {}),
					}),
				);
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
 * @param {{ getDetection: (id: number) => any, odsTargets: () => any[], triggers: () => any[], config?: Record<string, any> }} sim
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
		if (sim.config?.detectionTriggerNeedsApplyAll !== false && t.apply_all !== true) continue;
		const Remote = {
			HTTP: (/** @type {string} */ name) => ({
				post: (/** @type {any} */ request) => {
					const target = sim.odsTargets().find((o) => o.name === name);
					if (!target) {
						pending.push(
							Promise.resolve({
								trigger: t.name,
								target: name,
								error: `No ODS HTTP target named ${name}`,
							}),
						);
						return false;
					}
					if (!request || typeof request !== 'object') {
						pending.push(
							Promise.resolve({
								trigger: t.name,
								target: name,
								error: 'Remote.HTTP().post needs a request object',
							}),
						);
						return false;
					}
					pending.push(
						send(target, request).then(
							(r) => ({
								trigger: t.name,
								target: name,
								path: request.path,
								status: r.status,
								body: r.body,
								headers: r.headers,
								...(r.answeredBy ? { answeredBy: r.answeredBy } : {}),
							}),
							(error) => ({
								trigger: t.name,
								target: name,
								path: request.path,
								error: String(error?.message ?? error),
							}),
						),
					);
					return true;
				},
			}),
		};
		try {
			vm.runInNewContext(
				t.script,
				{ Detection: detection, Remote, JSON },
				{ timeout: 1000, filename: `trigger:${t.name}` },
			);
		} catch (error) {
			pending.push(
				Promise.resolve({
					trigger: t.name,
					target: '',
					error: `Trigger exception: ${error instanceof Error ? error.message : String(error)}`,
				}),
			);
		}
	}
	return await Promise.all(pending);
}

module.exports = { addAdminRoutes, fireDetectionUpdate, GLOBAL_EVENTS };
