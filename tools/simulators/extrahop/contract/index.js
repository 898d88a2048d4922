// @ts-check
'use strict';
/**
 * ExtraHop's REST contract as data, and the checks the simulator runs every request through.
 * Each module in this folder (every `*.js` except index.js and schema.js) describes endpoints of
 * one spec file of ExtraHop/agent-skills `extrahop-rest-api/references/`; the format is in
 * README.md. A new firmware's changes are a diff of these modules.
 */
const fs = require('node:fs');
const path = require('node:path');
const { validate, coerceParameter } = require('./schema');

/**
 * @typedef {import('./schema').Schema} Schema
 * @typedef {import('./schema').Problem} Problem
 * @typedef {{ switch: string, when: unknown, notRequired?: string[] }} Reading
 * @typedef {{ method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, section: string, operationId?: string,
 *   status: number, params?: Record<string, Schema>, query?: Record<string, Schema & { required?: boolean }>,
 *   body?: Schema, contentType?: string, tracking?: boolean, auth?: 'none', readings?: Reading[], notes?: string }} Endpoint
 * @typedef {{ spec: string, root: string, endpoints: Endpoint[] }} ContractModule
 * @typedef {Endpoint & { spec: string, root: string, template: string, regex: RegExp, keys: string[], literals: number }} Compiled
 */

/** The vendor reference these modules were taken from. */
const SOURCE = {
	repository: 'ExtraHop/agent-skills',
	folder: 'extrahop-rest-api/references/',
	commit: 'da268876dfbfd193f7d1016263fe905c19676f43',
	swagger: 'RevealX 360 26.3',
};

const SKIP = new Set(['index.js', 'schema.js']);

/** @returns {{ file: string, module: ContractModule }[]} */
function loadModules() {
	return fs
		.readdirSync(__dirname)
		.filter((f) => f.endsWith('.js') && !SKIP.has(f))
		.sort()
		.map((file) => ({
			file,
			module: /** @type {ContractModule} */ (require(path.join(__dirname, file))),
		}));
}

/** @param {ContractModule} module @param {Endpoint} e @returns {Compiled} */
function compile(module, e) {
	/** @type {string[]} */
	const keys = [];
	const template = `${module.root}${e.path}`;
	let literals = 0;
	const source = template
		.split('/')
		.map((segment) => {
			const param = /^\{([\w-]+)\}$/.exec(segment);
			if (param) {
				keys.push(param[1]);
				return '([^/]+)';
			}
			literals++;
			return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('/');
	return {
		...e,
		spec: module.spec,
		root: module.root,
		template,
		regex: new RegExp(`^${source}/?$`),
		keys,
		literals,
	};
}

const MODULES = loadModules();
/** @type {Compiled[]} */
const ENDPOINTS = MODULES.flatMap(({ module }) => module.endpoints.map((e) => compile(module, e)));

{
	// Two modules describing the same operation would make the contract ambiguous.
	const seen = new Set();
	for (const e of ENDPOINTS) {
		const key = `${e.method} ${e.template}`;
		if (seen.has(key)) throw new Error(`Contract lists ${key} twice`);
		seen.add(key);
	}
}

/**
 * Finds the operation a request addresses. Literal segments win over parameters, as in the
 * vendor's router (`/detections/search` before `/detections/{id}`).
 * @param {string} method
 * @param {string} pathname
 * @returns {{ endpoint: Compiled, params: Record<string, string> } | { status: 404 | 405, allow: string[] }}
 */
function match(method, pathname) {
	// An integer path parameter only matches digits, as the vendor's router converters do:
	// GET /detections/search is 405 (search exists, for POST), GET /detections/abc is 404.
	const fits = (/** @type {Compiled} */ e) => {
		const values = e.regex.exec(pathname);
		return (
			values !== null &&
			e.keys.every((key, i) => e.params?.[key]?.type !== 'integer' || /^-?\d+$/.test(values[i + 1]))
		);
	};
	const candidates = ENDPOINTS.filter(fits).sort((a, b) => b.literals - a.literals);
	if (candidates.length === 0) return { status: 404, allow: [] };
	const endpoint = candidates.find((e) => e.method === method);
	if (!endpoint) return { status: 405, allow: [...new Set(candidates.map((e) => e.method))] };
	const values = /** @type {RegExpExecArray} */ (endpoint.regex.exec(pathname));
	/** @type {Record<string, string>} */
	const params = {};
	endpoint.keys.forEach((key, i) => (params[key] = decodeURIComponent(values[i + 1])));
	return { endpoint, params };
}

/**
 * The body schema under the simulator's current readings of ambiguous points.
 * @param {Compiled} endpoint
 * @param {Record<string, unknown>} readings the simulator's config
 * @returns {Schema | undefined}
 */
function bodySchema(endpoint, readings) {
	let schema = endpoint.body;
	for (const r of endpoint.readings ?? []) {
		if (!schema || readings[r.switch] !== r.when) continue;
		const drop = new Set(r.notRequired ?? []);
		schema = { ...schema, required: (schema.required ?? []).filter((k) => !drop.has(k)) };
	}
	return schema;
}

/**
 * Checks one request against its operation: path parameters, query parameters, body.
 * @param {Compiled} endpoint
 * @param {{ params: Record<string, string>, query: URLSearchParams, body: unknown, rawBody: string, contentType: string }} req
 * @param {Record<string, unknown>} readings
 * @returns {{ problem: Problem } | { params: Record<string, unknown>, query: Record<string, unknown> }}
 */
function check(endpoint, req, readings = {}) {
	/** @type {Record<string, unknown>} */
	const params = {};
	for (const [key, raw] of Object.entries(req.params)) {
		const schema = endpoint.params?.[key] ?? { type: 'string' };
		const out = coerceParameter(schema, raw, key);
		if ('field' in out) return { problem: out };
		params[key] = out.value;
	}
	/** @type {Record<string, unknown>} */
	const query = {};
	for (const [key, raw] of req.query) {
		const schema = endpoint.query?.[key];
		if (!schema)
			return {
				problem: {
					field: key,
					message: `${key} is not a query parameter of ${endpoint.method} ${endpoint.path}`,
				},
			};
		const out = coerceParameter(schema, raw, key);
		if ('field' in out) return { problem: out };
		query[key] = out.value;
	}
	for (const [key, schema] of Object.entries(endpoint.query ?? {})) {
		if (schema.required && !(key in query))
			return { problem: { field: key, message: `query parameter ${key} is required` } };
	}
	const schema = bodySchema(endpoint, readings);
	if (!schema) {
		if (req.rawBody.trim() !== '')
			return {
				problem: {
					field: '(body)',
					message: `${endpoint.method} ${endpoint.path} takes no request body`,
				},
			};
	} else {
		if (endpoint.contentType && !req.contentType.includes(endpoint.contentType)) {
			return {
				problem: { field: '(body)', message: `the request body must be ${endpoint.contentType}` },
			};
		}
		const problem = validate(schema, req.body === undefined ? {} : req.body);
		if (problem) return { problem };
	}
	return { params, query };
}

module.exports = { SOURCE, MODULES, ENDPOINTS, match, check, bodySchema };
