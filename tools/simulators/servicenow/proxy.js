// @ts-check
'use strict';
/**
 * The way n8n reaches the simulated instance: a forward proxy that accepts only
 * `CONNECT <instance>.service-now.com:443` and hands the tunnel, behind TLS with the
 * *.service-now.com certificate (certs/), to the simulator's HTTP server as one more connection.
 */
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const tls = require('node:tls');
const { CERT_DIR } = require('./data');

/**
 * @param {{ host: string, state: { tunnels: { host: string, allowed: boolean, at: number }[] }, now: () => number,
 *   server: import('../common/server').SimServer }} sim
 */
function createProxy({ host, state, now, server }) {
	const secureContext = tls.createSecureContext({
		key: fs.readFileSync(path.join(CERT_DIR, 'service-now.key')),
		cert: fs.readFileSync(path.join(CERT_DIR, 'service-now.crt')),
	});
	/** @type {Set<import('node:net').Socket>} */
	const proxySockets = new Set();
	const proxy = {
		url: '',
		/** @type {http.Server | null} */
		server: null,
	};
	const startProxy = async () => {
		const p = http.createServer((_req, res) => {
			res.writeHead(403, { 'Content-Type': 'text/plain' });
			res.end('This proxy only tunnels HTTPS (CONNECT) to the simulated ServiceNow instance.\n');
		});
		p.on('connection', (socket) => {
			proxySockets.add(socket);
			socket.on('close', () => proxySockets.delete(socket));
		});
		p.on('connect', (req, socket, head) => {
			socket.on('error', () => socket.destroy());
			const target = String(req.url ?? '').toLowerCase();
			const allowed = target === `${host}:443`;
			state.tunnels.push({ host: target, allowed, at: now() });
			if (!allowed) {
				socket.end(
					`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n\r\nThe simulator's proxy reaches ${host}:443 only, not ${target}.\n`,
				);
				return;
			}
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			const secure = new tls.TLSSocket(/** @type {net.Socket} */ (socket), {
				isServer: true,
				secureContext,
			});
			if (head?.length) secure.unshift(head);
			secure.on('error', () => secure.destroy());
			// The decrypted stream is one more connection of the simulator's HTTP server.
			/** @type {http.Server} */ (server.server).emit('connection', secure);
		});
		await new Promise((resolve, reject) => {
			p.once('error', reject);
			p.listen(0, '127.0.0.1', () => resolve(undefined));
		});
		proxy.server = p;
		proxy.url = `http://127.0.0.1:${/** @type {net.AddressInfo} */ (p.address()).port}`;
	};

	return { proxy, proxySockets, startProxy };
}

module.exports = { createProxy };
