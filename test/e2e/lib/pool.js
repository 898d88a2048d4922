// @ts-check
'use strict';
/**
 * How many real n8n instances the test runners start at once, and a small pool to keep to it.
 * Each end-to-end script starts its own n8n (about 20-40 s of CPU to boot, then mostly waiting for
 * one-minute polls); all at once, eleven of them starve a 2-core machine. The default is two per
 * core; E2E_JOBS overrides it (E2E_JOBS=0: no cap).
 */
const os = require('node:os');

function maxJobs() {
	const fromEnv = process.env.E2E_JOBS;
	if (fromEnv !== undefined && fromEnv !== '') {
		const n = Number(fromEnv);
		if (!Number.isInteger(n) || n < 0)
			throw new Error(`E2E_JOBS must be a whole number (0 = no cap), got "${fromEnv}"`);
		return n === 0 ? Infinity : n;
	}
	const cores =
		typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
	return Math.max(2, cores * 2);
}

/**
 * Runs `task` over `items` with at most `limit` running at once; results in the items' order.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<R>} task
 * @returns {Promise<R[]>}
 */
async function runPool(items, limit, task) {
	/** @type {R[]} */
	const results = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await task(items[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(items.length, limit) }, worker));
	return results;
}

module.exports = { maxJobs, runPool };
