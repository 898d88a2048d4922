// @ts-check
'use strict';
/**
 * ExtraHop pushing by itself, as an appliance with a DETECTION_UPDATE trigger does: with the
 * simulator's `autoPush` on, every change of a detection (its creation, new activity or any field
 * changed through the control API, a tracking update through the REST API, the write-back echo
 * included) runs the enabled triggers (./admin fireDetectionUpdate) and sends what they post to
 * their ODS targets, asynchronously; nobody waits for the answer, as with ODS.
 *
 * `pushDropRate` (0 to 1) loses that fraction of pushes before they leave, as a network drop
 * between ExtraHop and n8n would (ODS has no delivery confirmation and never re-sends). Whether a
 * push is lost depends only on `pushSeed`, the detection id, what changed and how many times that
 * kind of change happened to the detection before, never on timing: a seeded schedule of
 * creations and updates loses the same pushes in every run. Every push is recorded, lost or sent,
 * with what the target answered.
 */
const crypto = require('node:crypto');
const { fireDetectionUpdate } = require('./admin');

/**
 * @typedef {'created' | 'modified' | 'tracking'} ChangeKind
 * @typedef {{ id: number, mod_time: number, change: ChangeKind, n: number, at: number, dropped: boolean,
 *   done: boolean, deliveries: { trigger: string, target: string, status?: number, error?: string, answeredBy?: string }[] }} PushRecord
 */

/**
 * Whether the push of the n-th change of this kind to this detection is lost.
 * @param {number} seed
 * @param {number} id
 * @param {ChangeKind} change
 * @param {number} n
 * @param {number} rate
 */
function isDropped(seed, id, change, n, rate) {
	if (!(rate > 0)) return false;
	const digest = crypto.createHash('sha256').update(`${seed}:${id}:${change}:${n}`).digest();
	return digest.readUInt32BE(0) / 2 ** 32 < rate;
}

/**
 * @param {{ getDetection: (id: number) => any, odsTargets: () => any[], triggers: () => any[],
 *   config: { autoPush: boolean, pushDropRate: number, pushSeed: number } & Record<string, any> }} sim
 */
function createPushSender(sim) {
	/** @type {PushRecord[]} */
	let log = [];
	/** @type {Map<string, number>} */
	let counts = new Map();
	/** @type {Set<Promise<void>>} */
	const pending = new Set();

	/**
	 * @param {Record<string, any>} d the detection after the change
	 * @param {ChangeKind} change
	 */
	function onChange(d, change) {
		if (!sim.config.autoPush) return;
		const key = `${d.id}:${change}`;
		const n = (counts.get(key) ?? 0) + 1;
		counts.set(key, n);
		/** @type {PushRecord} */
		const record = {
			id: d.id,
			mod_time: d.mod_time,
			change,
			n,
			at: Date.now(),
			dropped: isDropped(sim.config.pushSeed, d.id, change, n, sim.config.pushDropRate),
			done: false,
			deliveries: [],
		};
		log.push(record);
		if (record.dropped) {
			record.done = true;
			return;
		}
		const sending = fireDetectionUpdate(sim, d.id)
			.then((deliveries) => {
				record.deliveries = deliveries.map((r) => ({
					trigger: r.trigger,
					target: r.target,
					...(r.status !== undefined ? { status: r.status } : {}),
					...(r.error !== undefined ? { error: r.error } : {}),
					...(r.answeredBy ? { answeredBy: r.answeredBy } : {}),
				}));
			})
			.catch((error) => {
				record.deliveries = [{ trigger: '', target: '', error: String(error) }];
			})
			.finally(() => {
				record.done = true;
				pending.delete(sending);
			});
		pending.add(sending);
	}

	return {
		onChange,
		/** Every push since the last reset, lost ones included (`dropped`). */
		log: () => log,
		/** Resolves when every push sent so far has been answered (or failed). */
		settled: async () => {
			while (pending.size > 0) await Promise.all([...pending]);
		},
		reset: () => {
			log = [];
			counts = new Map();
		},
	};
}

module.exports = { createPushSender, isDropped };
