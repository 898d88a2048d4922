// @ts-check
'use strict';
/**
 * Check reporting shared by the end-to-end scripts: one line per check ("  ok   ..." or
 * "  FAIL ..."), which test/e2e/run.js counts, and section headings.
 */

class Report {
	constructor() {
		this.passed = 0;
		this.failed = 0;
		this.started = Date.now();
	}

	/** @param {string} title */
	section(title) {
		process.stdout.write(`${title} (${this.elapsed()})\n`);
	}

	/**
	 * @param {boolean} ok
	 * @param {string} what
	 * @param {unknown} [detail] printed with a failure
	 */
	check(ok, what, detail) {
		if (ok) {
			this.passed++;
			process.stdout.write(`  ok   ${what}\n`);
		} else {
			this.failed++;
			const shown =
				detail === undefined
					? ''
					: `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
			process.stdout.write(
				`  FAIL ${what}${shown.length > 2000 ? `${shown.slice(0, 2000)}...` : shown}\n`,
			);
		}
		return ok;
	}

	/** @param {string} text */
	note(text) {
		process.stdout.write(`  note ${text}\n`);
	}

	elapsed() {
		return `${((Date.now() - this.started) / 1000).toFixed(1)} s`;
	}
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it answers a truthy value; returns that value, or throws after the timeout.
 * @template T
 * @param {string} what
 * @param {() => T | Promise<T>} probe
 * @param {{ timeoutMs?: number, intervalMs?: number }} [opts]
 * @returns {Promise<T>}
 */
async function waitFor(what, probe, opts = {}) {
	const deadline = Date.now() + (opts.timeoutMs ?? 60000);
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${opts.timeoutMs ?? 60000} ms waiting for ${what}`);
		await sleep(opts.intervalMs ?? 500);
	}
}

module.exports = { Report, sleep, waitFor };
