// @ts-check
'use strict';
/**
 * The second host of hostile mode (./hostile.js): where a hostile redirect points. A credential
 * that arrives here has left the host it belongs to; tests look for it in `requests()`.
 */
const { SimServer, addCommonControlRoutes } = require('./server');

/**
 * The second host: answers everything with a detection-shaped JSON 200 (so a node that followed
 * a redirect would emit it) and keeps every request, headers and body, for the tests to search.
 * @param {{ tls?: boolean }} [options]
 */
function createCatcher(options = {}) {
	const server = new SimServer({ name: 'catcher', tls: options.tls });
	const answer = () => ({
		body: { id: 9999, title: 'Served by the second host', description: 'not ExtraHop' },
	});
	addCommonControlRoutes(server, () => server.clearRequestLog());
	server.fallback = answer;
	return {
		server,
		start: (/** @type {number} */ port = 0) => server.start(port),
		stop: () => server.stop(),
		get url() {
			return server.url;
		},
		/** Every request received (control routes excluded): method, path, headers, body. */
		requests: () => server.requestLog(),
	};
}

module.exports = { createCatcher };
