// @ts-check
'use strict';
/**
 * Starts simulators by name: `node tools/simulators/run.js extrahop [--port 8443] [--tls]`.
 * Several names start several simulators. Ctrl-C stops them.
 */

const FACTORIES = {
	extrahop: () => require('./extrahop').createExtraHopSimulator,
	logmule: () => require('./logmule').createLogMuleSimulator,
	jira: () => require('./jira').createJiraSimulator,
	'jira-cloud': () => (/** @type {any} */ opts) =>
		require('./jira').createJiraSimulator({ ...opts, deployment: 'cloud' }),
	servicenow: () => require('./servicenow').createServiceNowSimulator,
};

/** @param {string[]} argv */
async function main(argv) {
	const names = argv.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
	const portIndex = argv.indexOf('--port');
	let port = portIndex >= 0 ? Number(argv[portIndex + 1]) : 0;
	const tls = argv.includes('--tls');
	if (names.length === 0) names.push('extrahop');
	/** @type {Array<{ stop: () => Promise<void> }>} */
	const running = [];
	for (const name of names) {
		const factory = FACTORIES[/** @type {keyof typeof FACTORIES} */ (name)];
		if (!factory)
			throw new Error(`Unknown simulator ${name}; known: ${Object.keys(FACTORIES).join(', ')}`);
		/** @type {{ start: (port?: number) => Promise<string>, stop: () => Promise<void>, config?: Record<string, any> }} */
		const sim = factory()({ tls });
		const url = await sim.start(port || undefined);
		if (port) port += 1;
		running.push(sim);
		process.stdout.write(`${name} simulator listening on ${url}\n`);
		if (name === 'servicenow') {
			const sn = /** @type {any} */ (sim);
			process.stdout.write(
				`  through the proxy ${sn.proxyUrl} (n8n: HTTPS_PROXY=${sn.proxyUrl} NO_PROXY=127.0.0.1,localhost NODE_EXTRA_CA_CERTS=${sn.caFile}); direct ${sn.directUrl}\n`,
			);
		}
		if (sim.config && name === 'extrahop') {
			process.stdout.write(
				`  API key: ${sim.config.apiKey}   RevealX 360 client: ${sim.config.clientId} / ${sim.config.clientSecret}\n`,
			);
		}
	}
	const stop = async () => {
		await Promise.all(running.map((s) => s.stop()));
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

module.exports = { main };

if (require.main === module) {
	main(process.argv.slice(2)).catch((error) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
