// @ts-check
'use strict';
/**
 * Hostile mode: answers a compromised appliance, or an attacker on the path, would give. Armed like
 * any fault (`server.injectFault(...)`, or POST /_sim/faults on a running simulator), on any
 * simulator, so every request the nodes make can meet them:
 * - `redirect`: 301/302/303/307/308 to `location` (a second host, or plain http:// from https://);
 * - `huge`: a 200 JSON answer of `bytes` bytes (a detection whose description never ends), written
 *   as the client reads it, so the simulator itself stays small;
 * - `deep`: a 200 JSON answer nested `depth` levels deep;
 * - `drip`: a 200 answer whose body comes one byte every `intervalMs` (a slowloris in reverse);
 * - `echo`: an error status (400 by default) whose body repeats every request header and the
 *   request body, as a careless server's error page does; secrets included.
 * The second host a redirect points at is ./catcher.js.
 */
const HOSTILE_KINDS = new Set(['redirect', 'huge', 'deep', 'drip', 'echo']);

/**
 * @typedef {{ kind: 'redirect', status?: number, location: string }
 *   | { kind: 'huge', bytes: number }
 *   | { kind: 'deep', depth: number }
 *   | { kind: 'drip', intervalMs?: number, body?: unknown }
 *   | { kind: 'echo', status?: number }} HostileFault
 */

/**
 * Writes `total` bytes made of `head`, padding and `tail`, as fast as the client reads them.
 * @param {import('node:http').ServerResponse} res
 * @param {string} head
 * @param {number} total
 * @param {string} tail
 */
function writePadded(res, head, total, tail) {
	const chunk = Buffer.alloc(64 * 1024, 'x');
	let left = Math.max(0, total - head.length - tail.length);
	res.write(head);
	const pump = () => {
		while (left > 0 && !res.destroyed) {
			const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
			left -= piece.length;
			if (!res.write(piece)) return void res.once('drain', pump);
		}
		if (!res.destroyed) res.end(tail);
	};
	pump();
}

/**
 * Answers a hostile fault. Returns the status written (for the request log).
 * @param {HostileFault} fault
 * @param {import('node:http').IncomingMessage} incoming
 * @param {import('node:http').ServerResponse} res
 * @param {string} rawBody
 */
function answerHostile(fault, incoming, res, rawBody) {
	const json = { 'Content-Type': 'application/json' };
	switch (fault.kind) {
		case 'redirect': {
			const status = fault.status ?? 302;
			res.writeHead(status, { ...json, Location: fault.location });
			res.end(JSON.stringify({ error_message: `Moved to ${fault.location}` }));
			return status;
		}
		case 'huge': {
			res.writeHead(200, json);
			writePadded(res, '{"id":4242,"title":"Huge","description":"', fault.bytes, '"}');
			return 200;
		}
		case 'deep': {
			res.writeHead(200, json);
			const depth = Math.max(1, fault.depth);
			writePadded(res, '{"id":4243,"properties":' + '['.repeat(depth), 0, ']'.repeat(depth) + '}');
			return 200;
		}
		case 'drip': {
			res.writeHead(200, json);
			const body = Buffer.from(JSON.stringify(fault.body ?? { id: 4244, title: 'Drip' }));
			let sent = 0;
			const timer = setInterval(() => {
				if (res.destroyed || sent >= body.length) {
					clearInterval(timer);
					if (!res.destroyed) res.end();
					return;
				}
				res.write(body.subarray(sent, sent + 1));
				sent++;
			}, fault.intervalMs ?? 1000);
			res.on('close', () => clearInterval(timer));
			return 200;
		}
		case 'echo': {
			const status = fault.status ?? 400;
			res.writeHead(status, json);
			const headers = Object.entries(incoming.headers)
				.map(([name, value]) => `${name}: ${String(value)}`)
				.join('; ');
			res.end(
				JSON.stringify({
					error_message: `Rejected request with headers ${headers} and body ${rawBody}`,
					request: { headers: incoming.headers, body: rawBody },
				}),
			);
			return status;
		}
		default:
			return 0;
	}
}

module.exports = { HOSTILE_KINDS, answerHostile };
