// @ts-check
'use strict';
/**
 * The chaos test's plan (test/queue/chaos.js): its two variants and the seeded schedule of
 * detection creations and updates. Nothing here touches a process or a simulator, so the plan of
 * a seed is the same in every run (test/queue/chaos-oracle.test.ts checks that).
 *
 * Times are milliseconds from the start of the load (the first scheduled creation).
 */

/**
 * @typedef {'poll' | 'push'} Flow
 * @typedef {{ at: number, flow: Flow, kind: 'create' | 'update', index: number, riskScore?: number }} ScheduledChange
 *   `index`: the detection's number within its flow (its id is the flow's first id + index).
 * @typedef {{
 *   name: 'compressed' | 'full',
 *   seed: number,
 *   loadMs: number,
 *   creations: Record<Flow, number>,
 *   updates: Record<Flow, number>,
 *   updateMinAgeMs: number,
 *   webhookKill: { atMs: number, downMs: number },
 *   workerKills: { flow: Flow, armAtMs: number }[],
 *   killAfterCreates: [number, number],
 *   jira503: { notBeforeMs: number, durationMs: number, retryAfterAfterMs: number, retryAfterSeconds: number },
 *   mainRestart: { afterJiraStartMs: number },
 *   pushDropRate: number,
 *   reconcile: { minAgeMinutes: number, checkEveryMinutes: number, latenessMinutes: number },
 *   convergeMs: number,
 *   quietMs: number,
 * }} Variant
 *   Faults, in this order (each waits for the one before), the webhook process kill apart:
 *   - workerKills: each is armed at armAtMs; then Jira's answer to the n-th issue creation of
 *     that flow (killAfterCreates: a seeded n in that range; for the poll flow the n-th of one
 *     poll) is held, the worker that sent it (the one running that execution) is SIGKILLed, the
 *     creation goes through (an issue the flow never hears of), and the worker is replaced;
 *   - jira503: Jira answers every REST call 503 for durationMs, from notBeforeMs or the last
 *     kill, whichever is later; from retryAfterAfterMs into the window on, with Retry-After;
 *   - mainRestart: main restarted (SIGTERM, start) that long after Jira went down;
 *   - webhookKill: the webhook process serving the push path is killed at atMs and restarted
 *     downMs later.
 *   Detections created after the last fault are untouched by any: the load goes on after it.
 *   - reconcile: the poll triggers' "Detection Still Without Ticket" timings (both flows; the
 *     examples ship 10, 5 and 10 minutes: shorter here so that the run stays short).
 *   - convergeMs: how long after the last fault ended every detection must have its ticket id.
 *   - quietMs: once they all have, how long the test still watches for a late second issue or
 *     change (at least one poll interval, so every poll or reconcile trigger runs once more).
 */

/** Updates go to detections created within this band before `updateMinAgeMs`. */
const UPDATE_BAND_MS = 120_000;

/** Detection ids: the two flows run against two ExtraHop systems with ids that never meet. */
const FIRST_ID = Object.freeze({ poll: 2000, push: 600000 });

/** @type {Record<'compressed' | 'full', Omit<Variant, 'seed'>>} */
const VARIANTS = {
	// `npm test`: every fault, shorter windows, overlapping where they can.
	compressed: {
		name: 'compressed',
		loadMs: 210_000,
		creations: { poll: 130, push: 130 },
		updates: { poll: 30, push: 30 },
		updateMinAgeMs: 75_000,
		webhookKill: { atMs: 20_000, downMs: 10_000 },
		workerKills: [
			{ flow: 'poll', armAtMs: 0 },
			{ flow: 'push', armAtMs: 40_000 },
		],
		killAfterCreates: [2, 5],
		jira503: {
			notBeforeMs: 70_000,
			durationMs: 45_000,
			retryAfterAfterMs: 25_000,
			retryAfterSeconds: 10,
		},
		mainRestart: { afterJiraStartMs: 10_000 },
		pushDropRate: 0.15,
		reconcile: { minAgeMinutes: 2, checkEveryMinutes: 1, latenessMinutes: 1 },
		convergeMs: 300_000,
		quietMs: 65_000,
	},
	// CHAOS=full: the figures (10 minutes of load, Jira down 2.5 minutes).
	full: {
		name: 'full',
		loadMs: 600_000,
		creations: { poll: 220, push: 220 },
		updates: { poll: 60, push: 60 },
		updateMinAgeMs: 75_000,
		webhookKill: { atMs: 480_000, downMs: 30_000 },
		workerKills: [
			{ flow: 'poll', armAtMs: 180_000 },
			{ flow: 'push', armAtMs: 240_000 },
		],
		killAfterCreates: [2, 8],
		jira503: {
			notBeforeMs: 270_000,
			durationMs: 150_000,
			retryAfterAfterMs: 75_000,
			retryAfterSeconds: 30,
		},
		mainRestart: { afterJiraStartMs: 150_000 },
		pushDropRate: 0.15,
		reconcile: { minAgeMinutes: 3, checkEveryMinutes: 1, latenessMinutes: 2 },
		convergeMs: 600_000,
		quietMs: 65_000,
	},
};

/**
 * mulberry32: a small seeded generator, [0, 1).
 * @param {number} seed
 */
function random(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * @param {string | undefined} name `full` or anything else (compressed)
 * @param {number} seed
 * @returns {Variant}
 */
function variant(name, seed) {
	return { ...VARIANTS[name === 'full' ? 'full' : 'compressed'], seed };
}

/**
 * The schedule: creations spread over the load window, and updates (new activity) of detections
 * created at least updateMinAgeMs (and at most 2 minutes more) earlier, so that an update does not race its own creation's
 * ticket (a push flow's creation and update executions running at once is a race the flows do
 * not claim to close). Sorted by time.
 * @param {Variant} v
 * @returns {ScheduledChange[]}
 */
function schedule(v) {
	const next = random(v.seed);
	/** @type {ScheduledChange[]} */
	const out = [];
	for (const flow of /** @type {Flow[]} */ (['poll', 'push'])) {
		const createdAt = Array.from({ length: v.creations[flow] }, () =>
			Math.floor(next() * v.loadMs),
		).sort((a, b) => a - b);
		createdAt.forEach((at, index) =>
			out.push({ at, flow, kind: 'create', index, riskScore: Math.floor(next() * 100) }),
		);
		for (let u = 0; u < v.updates[flow]; u++) {
			const at = v.updateMinAgeMs + Math.floor(next() * (v.loadMs - v.updateMinAgeMs));
			// Among the detections created in the 2 minutes before that age (all older ones if none),
			// so that updates spread over the whole run instead of piling onto the first detections.
			const eligible = createdAt.filter((c) => c <= at - v.updateMinAgeMs).length;
			if (eligible === 0) {
				u--;
				continue;
			}
			const recent = createdAt.filter((c) => c < at - v.updateMinAgeMs - UPDATE_BAND_MS).length;
			const first = recent < eligible ? recent : 0;
			out.push({
				at,
				flow,
				kind: 'update',
				index: first + Math.floor(next() * (eligible - first)),
			});
		}
	}
	return out.sort((a, b) => a.at - b.at || (a.flow < b.flow ? -1 : 1));
}

/**
 * The seeded number of issue creations after which worker kill `k` strikes.
 * @param {Variant} v
 * @param {number} k
 */
function killAfter(v, k) {
	const next = random(v.seed * 31 + k + 1);
	const [low, high] = v.killAfterCreates;
	return low + Math.floor(next() * (high - low + 1));
}

module.exports = { VARIANTS, FIRST_ID, variant, schedule, killAfter, random };
