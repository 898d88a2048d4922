// @ts-check
'use strict';
/**
 * Routes every ExtraHop API request (`/api/v1/...`, `/oauth2/token`) through the contract
 * (./contract): unknown path 404, wrong method 405, a parameter or body field the spec does not
 * allow 400 naming it. Only then does the operation's handler run. Every refusal of that kind is
 * recorded as a contract violation, which the test harness turns into a failure.
 */
const { HttpError } = require('../common/server');
const contract = require('./contract');

/**
 * @typedef {import('../common/server').SimRequest & { user?: string, endpoint?: any, queryValues?: Record<string, unknown> }} ApiRequest
 * @typedef {(req: ApiRequest) => import('../common/server').SimResponse | Promise<import('../common/server').SimResponse>} ApiHandler
 * @typedef {{ at: number, method: string, path: string, status: number, field?: string, message: string, section?: string }} Violation
 */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * @param {import('../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, readings: () => Record<string, unknown> }} options
 */
function attachContract(server, options) {
	/** @type {Map<string, ApiHandler>} */
	const handlers = new Map();
	/** @type {Violation[]} */
	let violations = [];

	/**
	 * @param {ApiRequest} req
	 * @param {number} status
	 * @param {string} message
	 * @param {{ field?: string, section?: string, headers?: Record<string, string> }} [extra]
	 */
	const refuse = (req, status, message, extra = {}) => {
		violations.push({
			at: Date.now(),
			method: req.method,
			path: req.path,
			status,
			field: extra.field,
			message,
			section: extra.section,
		});
		// The e2e runner counts "  FAIL " lines: a violation in any e2e script fails the suite.
		if (process.env.EXTRAHOP_CONTRACT_REPORT === '1')
			process.stdout.write(
				`  FAIL ExtraHop contract: ${req.method} ${req.path} -> ${status}: ${message}\n`,
			);
		/** @type {Record<string, unknown>} */
		const body = { error_message: message };
		if (extra.field) body.field = extra.field;
		return new HttpError(status, body, extra.headers ?? {});
	};

	/** @param {ApiRequest} req */
	async function dispatch(req) {
		const found = contract.match(req.method, req.path);
		if ('status' in found) {
			if (found.status === 404)
				throw refuse(
					req,
					404,
					`No such operation: ${req.method} ${req.path} is not in ExtraHop's REST API`,
				);
			throw refuse(
				req,
				405,
				`Method ${req.method} not allowed on ${req.path}; allowed: ${found.allow.join(', ')}`,
				{ headers: { Allow: found.allow.join(', ') } },
			);
		}
		const { endpoint } = found;
		const key = `${endpoint.method} ${endpoint.template}`;
		const handler = handlers.get(key);
		if (endpoint.auth !== 'none') req.user = options.authorise(req);
		const checked = contract.check(
			endpoint,
			{
				params: found.params,
				query: req.query,
				body: req.body,
				rawBody: req.rawBody,
				contentType: String(req.headers['content-type'] ?? ''),
			},
			options.readings(),
		);
		if ('problem' in checked) {
			throw refuse(req, 400, `Invalid request (${endpoint.section}): ${checked.problem.message}`, {
				field: checked.problem.field,
				section: endpoint.section,
			});
		}
		if (!handler)
			throw refuse(req, 501, `${key} is in the contract but not simulated`, {
				section: endpoint.section,
			});
		req.params = /** @type {any} */ (checked.params);
		req.queryValues = checked.query;
		req.endpoint = endpoint;
		const answer = await handler(req);
		// Reading `createAnswersLocation: false`: a create answered 201 with no Location header
		// (the spec says creates answer 201; it does not promise the header).
		if (
			answer?.status === 201 &&
			options.readings().createAnswersLocation === false &&
			answer.headers
		) {
			const { Location: _dropped, ...headers } = answer.headers;
			return { ...answer, headers };
		}
		return answer;
	}

	// One catch-all route per method, registered on the server's router directly: the contract,
	// not the router, decides what exists.
	for (const method of METHODS) {
		server.routes.push({
			method,
			pattern: /^(\/api\/v1(\/.*)?|\/oauth2\/token\/?)$/,
			keys: [],
			handler: /** @type {any} */ (dispatch),
		});
	}

	return {
		/**
		 * Implements an operation of the contract, named by its template.
		 * @param {string} method
		 * @param {string} template e.g. '/api/v1/detections/{id}' or '/oauth2/token'
		 * @param {ApiHandler} handler
		 */
		api(method, template, handler) {
			const endpoint = contract.ENDPOINTS.find(
				(e) => e.method === method && e.template === template,
			);
			if (!endpoint)
				throw new Error(
					`The simulator implements ${method} ${template}, which is not in the contract`,
				);
			handlers.set(`${method} ${template}`, handler);
		},
		violations: () => [...violations],
		takeViolations: () => {
			const taken = violations;
			violations = [];
			return taken;
		},
		clearViolations: () => {
			violations = [];
		},
		implemented: () => [...handlers.keys()],
	};
}

module.exports = { attachContract };
