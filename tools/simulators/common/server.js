// @ts-check
'use strict';
/**
 * The HTTP(S) plumbing every simulator shares: a loopback server, JSON request bodies with a size
 * limit, a tiny router, a request log, and fault injection (status codes with Retry-After,
 * latency, dropped connections) that tests arm per path, for a number of requests or for a time
 * window, and request watchers that may hold a request before it is answered (chaos tests act on
 * "the n-th request of a kind" with them).
 *
 * Simulators are test infrastructure: plain CommonJS so `node` runs them directly (demo, e2e)
 * and jest can require them.
 */
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');

const { HOSTILE_KINDS, answerHostile } = require('./hostile');

const CERT_DIR = path.join(__dirname, 'certs');
/** Self-signed certificate for CN=localhost / 127.0.0.1, used when a simulator runs with TLS. */
const tlsMaterial = () => ({
	key: fs.readFileSync(path.join(CERT_DIR, 'localhost.key')),
	cert: fs.readFileSync(path.join(CERT_DIR, 'localhost.crt')),
});

class HttpError extends Error {
	/**
	 * @param {number} status
	 * @param {unknown} body JSON body, or a string sent as text/plain
	 * @param {Record<string,string>} [headers]
	 */
	constructor(status, body, headers = {}) {
		super(typeof body === 'string' ? body : JSON.stringify(body));
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

/**
 * @typedef {{ method: string, path: string, query: URLSearchParams, headers: import('node:http').IncomingHttpHeaders,
 *   body: any, rawBody: string, rawBuffer?: Buffer, params: Record<string,string>, remotePort?: number }} SimRequest
 *   `remotePort`: the client's port (which process is calling can be found from it).
 * @typedef {{ status?: number, body?: any, headers?: Record<string,string>, contentType?: string }} SimResponse
 * @typedef {(req: SimRequest) => SimResponse | Promise<SimResponse>} Handler
 * @typedef {{ method?: string, pathPrefix?: string, times?: number, from?: number, until?: number, forMs?: number,
 *   kind: 'status' | 'drop' | 'latency' | 'html', status?: number, retryAfter?: number, delayMs?: number, body?: any,
 *   hits?: number }
 *   | import('./hostile').HostileFault & { method?: string, pathPrefix?: string, times?: number, from?: number,
 *   until?: number, forMs?: number, hits?: number }} Fault
 *   A fault with `until` (epoch ms) or `forMs` (from now) applies to every matching request from
 *   `from` (default: now) until then, whatever `times` says; `hits` counts the requests it answered.
 * @typedef {(req: SimRequest) => void | Promise<void>} Watcher
 */

class SimServer {
	/**
	 * @param {{ name: string, tls?: boolean, maxBodyBytes?: number }} options
	 */
	constructor(options) {
		this.name = options.name;
		this.tls = Boolean(options.tls);
		this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
		/** @type {{ method: string, pattern: RegExp, keys: string[], handler: Handler }[]} */
		this.routes = [];
		/** @type {Fault[]} */
		this.faults = [];
		/** @type {Set<Watcher>} */
		this.watchers = new Set();
		/** @type {{ method: string, path: string, status: number, headers: import('node:http').IncomingHttpHeaders, body: string, at: number }[]} */
		this.requests = [];
		/** @type {import('node:http').Server | null} */
		this.server = null;
		/** Answers a request no route matches (instead of 404), when set. @type {Handler | null} */
		this.fallback = null;
		/** @type {Set<import('node:net').Socket>} */
		this.sockets = new Set();
		this.url = '';
	}

	/**
	 * Registers a route; `:name` segments become params.
	 * @param {string} method
	 * @param {string} pattern e.g. '/api/v1/detections/:id'
	 * @param {Handler} handler
	 */
	route(method, pattern, handler) {
		/** @type {string[]} */
		const keys = [];
		const source = pattern
			.split('/')
			.map((segment) => {
				if (segment.startsWith(':')) {
					keys.push(segment.slice(1));
					return '([^/]+)';
				}
				return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			})
			.join('/');
		this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
		return this;
	}

	/**
	 * Arms a fault: the next `times` (default 1) matching requests get it instead of an answer, or,
	 * with `until` / `forMs`, every matching request of that time window.
	 * @returns {Fault} the armed fault (its `hits` grow as it answers)
	 */
	injectFault(/** @type {Fault} */ fault) {
		const { forMs, ...rest } = fault;
		/** @type {Fault} */
		const armed = { times: 1, ...rest, hits: 0 };
		if (forMs !== undefined) armed.until = (fault.from ?? Date.now()) + forMs;
		this.faults.push(armed);
		return armed;
	}

	/**
	 * Calls `watcher` with every request (control API excluded) once its body is read (`rawBody`;
	 * `body` is parsed later) and before faults and routes; the request waits for what it returns. Returns the function that removes it.
	 * @param {Watcher} watcher
	 */
	watch(watcher) {
		this.watchers.add(watcher);
		return () => this.watchers.delete(watcher);
	}

	clearFaults() {
		this.faults = [];
	}

	/** Requests received, optionally only those whose path starts with a prefix (control API excluded). */
	requestLog(prefix = '') {
		return this.requests.filter((r) => r.path.startsWith(prefix) && !r.path.startsWith('/_sim'));
	}

	clearRequestLog() {
		this.requests = [];
	}

	/**
	 * @param {SimRequest} req
	 * @returns {Fault | undefined}
	 */
	takeFault(req) {
		const now = Date.now();
		this.faults = this.faults.filter((f) => f.until === undefined || now < f.until);
		const index = this.faults.findIndex(
			(f) =>
				(!f.method || f.method === req.method) &&
				(!f.pathPrefix || req.path.startsWith(f.pathPrefix)) &&
				(f.from === undefined || now >= f.from) &&
				!req.path.startsWith('/_sim'),
		);
		if (index === -1) return undefined;
		const fault = this.faults[index];
		fault.hits = (fault.hits ?? 0) + 1;
		if (fault.until !== undefined) return fault;
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(index, 1);
		return fault;
	}

	/**
	 * @param {import('node:http').IncomingMessage} incoming
	 * @param {import('node:http').ServerResponse} res
	 */
	async handle(incoming, res) {
		const url = new URL(incoming.url ?? '/', 'http://simulator');
		const method = (incoming.method ?? 'GET').toUpperCase();
		const logEntry = {
			method,
			path: url.pathname,
			status: 0,
			headers: incoming.headers,
			body: '',
			at: Date.now(),
		};
		this.requests.push(logEntry);
		const send = (
			/** @type {number} */ status,
			/** @type {any} */ body,
			headers = {},
			contentType = '',
		) => {
			logEntry.status = status;
			if (body === undefined || status === 204) {
				res.writeHead(status, headers);
				res.end();
				return;
			}
			if (Buffer.isBuffer(body) || typeof body?.pipe === 'function') {
				// Files (a PCAP): bytes as they are, or streamed from a Readable.
				res.writeHead(status, {
					'Content-Type': contentType || 'application/octet-stream',
					...headers,
				});
				if (Buffer.isBuffer(body)) res.end(body);
				else {
					res.on('close', () => body.destroy?.());
					body.pipe(res);
				}
				return;
			}
			const isText = typeof body === 'string';
			res.writeHead(status, {
				'Content-Type': contentType || (isText ? 'text/plain; charset=utf-8' : 'application/json'),
				...headers,
			});
			res.end(isText ? body : JSON.stringify(body));
		};
		try {
			const rawBuffer = await readBody(incoming, this.maxBodyBytes);
			const rawBody = rawBuffer.toString('utf8');
			logEntry.body = rawBody;
			/** @type {SimRequest} */
			const req = {
				method,
				path: url.pathname,
				query: url.searchParams,
				headers: incoming.headers,
				body: undefined,
				rawBody,
				rawBuffer,
				params: {},
				remotePort: incoming.socket.remotePort,
			};
			if (!req.path.startsWith('/_sim'))
				for (const watcher of [...this.watchers]) await watcher(req);
			const fault = this.takeFault(req);
			if (fault && HOSTILE_KINDS.has(fault.kind)) {
				logEntry.status = answerHostile(
					/** @type {import('./hostile').HostileFault} */ (fault),
					incoming,
					res,
					rawBody,
				);
				return;
			}
			if (fault) {
				if (fault.kind === 'latency') await sleep(fault.delayMs ?? 1000);
				if (fault.kind === 'drop') {
					logEntry.status = -1;
					incoming.socket.destroy();
					return;
				}
				if (fault.kind === 'html') {
					return send(
						fault.status ?? 502,
						'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
						{},
						'text/html',
					);
				}
				if (fault.kind === 'status') {
					const headers =
						fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
					return send(
						fault.status ?? 503,
						fault.body ?? { error_message: `Injected fault ${fault.status}` },
						headers,
					);
				}
			}
			const contentType = String(incoming.headers['content-type'] ?? '');
			if (rawBody.length > 0) {
				if (contentType.includes('application/x-www-form-urlencoded')) {
					req.body = Object.fromEntries(new URLSearchParams(rawBody));
				} else if (contentType.includes('json') || /^[\s]*[[{]/.test(rawBody)) {
					try {
						req.body = JSON.parse(rawBody);
					} catch {
						throw new HttpError(400, { error_message: 'Request body is not valid JSON' });
					}
				} else {
					req.body = rawBody;
				}
			}
			for (const route of this.routes) {
				if (route.method !== method) continue;
				const match = route.pattern.exec(url.pathname);
				if (!match) continue;
				route.keys.forEach((key, i) => (req.params[key] = decodeURIComponent(match[i + 1])));
				const out = await route.handler(req);
				return send(out.status ?? 200, out.body, out.headers, out.contentType);
			}
			if (this.fallback) {
				const out = await this.fallback(req);
				return send(out.status ?? 200, out.body, out.headers, out.contentType);
			}
			throw new HttpError(404, { error_message: `No route for ${method} ${url.pathname}` });
		} catch (error) {
			if (error instanceof HttpError) return send(error.status, error.body, error.headers);
			if (error instanceof Error && error.message === 'BODY_TOO_LARGE') {
				return send(413, { error_message: 'Request body too large' });
			}
			return send(500, { error_message: `Simulator error: ${String(error)}` });
		}
	}

	/** Starts listening on loopback; port 0 picks a free one. */
	async start(port = 0, host = '127.0.0.1') {
		const listener = (/** @type {any} */ req, /** @type {any} */ res) => void this.handle(req, res);
		this.server = this.tls
			? https.createServer(tlsMaterial(), listener)
			: http.createServer(listener);
		this.server.keepAliveTimeout = 1000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		const server = this.server;
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => resolve(undefined));
		});
		const address = /** @type {import('node:net').AddressInfo} */ (server.address());
		const shownHost = host === '127.0.0.1' && this.tls ? 'localhost' : host;
		this.url = `${this.tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
		return this.url;
	}

	async stop() {
		if (!this.server) return;
		const server = this.server;
		this.server = null;
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}
}

/**
 * @param {import('node:http').IncomingMessage} incoming
 * @param {number} limit
 * @returns {Promise<Buffer>}
 */
function readBody(incoming, limit) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		incoming.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) {
				reject(new Error('BODY_TOO_LARGE'));
				incoming.resume();
				return;
			}
			chunks.push(chunk);
		});
		incoming.on('end', () => resolve(Buffer.concat(chunks)));
		incoming.on('error', reject);
	});
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Escapes text for the simulators' small HTML pages. */
const escapeHtml = (/** @type {unknown} */ value) =>
	String(value ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
	);

/**
 * Adds the control routes every simulator has, under /_sim: faults, request log, reset.
 * @param {SimServer} server
 * @param {() => void} reset
 */
function addCommonControlRoutes(server, reset) {
	server.route('POST', '/_sim/faults', (req) => {
		const faults = Array.isArray(req.body) ? req.body : [req.body];
		faults.forEach((f) => server.injectFault(f));
		return { status: 204 };
	});
	server.route('GET', '/_sim/faults', () => ({ body: server.faults }));
	server.route('DELETE', '/_sim/faults', () => {
		server.clearFaults();
		return { status: 204 };
	});
	server.route('GET', '/_sim/requests', () => ({
		body: server.requestLog().map(({ method, path: p, status }) => ({ method, path: p, status })),
	}));
	server.route('POST', '/_sim/reset', () => {
		reset();
		return { status: 204 };
	});
}

module.exports = { SimServer, HttpError, escapeHtml, addCommonControlRoutes, sleep, CERT_DIR };
