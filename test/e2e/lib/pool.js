// @ts-check
'use strict';
/**
 * The scheduler of every suite that runs a real n8n (test/e2e/run.js): end-to-end scripts, the
 * queue-mode stack and the version matrix's runs are jobs of one pool.
 *
 * Capacity is counted in weight units, two per core by default (E2E_JOBS overrides it; E2E_JOBS=0:
 * no cap). A job with one n8n instance weighs 1; heavier ones declare more (the editor test drives
 * Chromium beside its n8n; queue mode runs five n8n processes with Redis, PostgreSQL and nginx).
 * Most of a job's time is spent waiting for one-minute polls, so several share a core well, but
 * every n8n boot costs 20-40 s of CPU: the cap keeps the boots from starving each other.
 *
 * Order: longest expected duration first (the longest job sets the floor of the total), among
 * the jobs that are ready (a matrix version is ready when its n8n install is). When the longest
 * ready job does not fit in the free capacity, it gets a reservation: the time, from the running
 * jobs' expected ends, when enough capacity will be free for it. Shorter jobs may start meanwhile
 * only if they are expected to end before that time, or use capacity the reserved job will leave
 * free ("EASY" backfilling), so a heavy job is never starved and capacity does not sit idle.
 * A job heavier than the whole capacity counts as the whole capacity.
 */
const os = require('node:os');

/** Weight units the pool may run at once (two per core; E2E_JOBS overrides, 0 = no cap). */
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
 * @template R
 * @typedef {{
 *   name: string,
 *   weight: number,
 *   expectedSeconds: number,
 *   ready?: Promise<unknown>,
 *   run: (readyValue: unknown) => Promise<R>,
 * }} Job
 */

/**
 * Runs the jobs with at most `capacity` weight units at once, longest expected first among the
 * ready ones. Resolves with the results in the jobs' order. `onEvent` hears every start and end.
 * A `ready` promise that rejects hands its error to `run` (the job reports the failure).
 * @template R
 * @param {Job<R>[]} jobs
 * @param {number} capacity
 * @param {(event: { type: 'start' | 'end', job: Job<R>, inUse: number, capacity: number, seconds?: number }) => void} [onEvent]
 * @returns {Promise<R[]>}
 */
function runWeighted(jobs, capacity, onEvent = () => undefined) {
	/** @type {R[]} */
	const results = new Array(jobs.length);
	const order = jobs
		.map((job, index) => ({ job, index, weight: Math.min(Math.max(job.weight, 0), capacity) }))
		.sort((a, b) => b.job.expectedSeconds - a.job.expectedSeconds || a.index - b.index);
	/** @type {Map<number, { value: unknown }>} */
	const readyValues = new Map();
	/** @type {Map<number, { weight: number, expectedEnd: number }>} */
	const running = new Map();
	const started = new Set();
	let inUse = 0;
	let finished = 0;
	return new Promise((resolve, reject) => {
		if (jobs.length === 0) {
			resolve(results);
			return;
		}
		/** @param {{ job: Job<R>, index: number, weight: number }} entry */
		const start = ({ job, index, weight }) => {
			started.add(index);
			inUse += weight;
			const t0 = Date.now();
			running.set(index, { weight, expectedEnd: t0 + job.expectedSeconds * 1000 });
			onEvent({ type: 'start', job, inUse, capacity });
			Promise.resolve()
				.then(() => job.run(/** @type {{ value: unknown }} */ (readyValues.get(index)).value))
				.then((result) => {
					results[index] = result;
					running.delete(index);
					inUse -= weight;
					finished++;
					onEvent({ type: 'end', job, inUse, capacity, seconds: (Date.now() - t0) / 1000 });
					if (finished === jobs.length) resolve(results);
					else schedule();
				})
				.catch(reject);
		};
		const schedule = () => {
			const now = Date.now();
			/** @type {{ time: number, spare: number } | null} */
			let reservation = null;
			for (const entry of order) {
				if (started.has(entry.index) || !readyValues.has(entry.index)) continue;
				const free = capacity - inUse;
				if (reservation === null) {
					if (entry.weight <= free) {
						start(entry);
						continue;
					}
					// The longest waiting job: when will enough capacity be free for it?
					let available = free;
					let time = now;
					for (const r of [...running.values()].sort((a, b) => a.expectedEnd - b.expectedEnd)) {
						available += r.weight;
						time = Math.max(now, r.expectedEnd);
						if (available >= entry.weight) break;
					}
					reservation = { time, spare: available - entry.weight };
				} else if (entry.weight <= free) {
					if (now + entry.job.expectedSeconds * 1000 <= reservation.time) start(entry);
					else if (entry.weight <= reservation.spare) {
						reservation.spare -= entry.weight;
						start(entry);
					}
				}
			}
		};
		order.forEach(({ index }) => {
			Promise.resolve(jobs[index].ready)
				.then(
					(value) => readyValues.set(index, { value }),
					(error) =>
						readyValues.set(index, {
							value: error instanceof Error ? error : new Error(String(error)),
						}),
				)
				.then(schedule);
		});
	});
}

module.exports = { maxJobs, runWeighted };
