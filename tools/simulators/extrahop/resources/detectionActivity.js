// @ts-check
'use strict';
/**
 * A detection's activity log as ExtraHop's spec describes it (detections.md, GET /detections/{id}
 * and POST /detections/search, `include_activity_log`): "an activity_log array for the detection.
 * When enabled, each activity entry contains start_time, end_time, participants, and properties.
 * Top-level participants and properties fields are omitted from the response."
 *
 * The simulated detection's window is split into one activity per observation (at most five),
 * each with the detection's participants and properties at that time.
 */

/** @param {Record<string, any>} detection @returns {Record<string, any>[]} */
function activityLog(detection) {
	const start = Number(detection.start_time);
	const end = Math.max(Number(detection.end_time), start);
	const observations = Number(detection.properties?.observations);
	const count = Math.min(5, Number.isInteger(observations) && observations > 0 ? observations : 1);
	const step = Math.floor((end - start) / count);
	return Array.from({ length: count }, (_, n) => ({
		start_time: start + n * step,
		end_time: n === count - 1 ? end : start + (n + 1) * step,
		participants: structuredClone(detection.participants ?? []),
		properties: structuredClone(detection.properties ?? {}),
	}));
}

module.exports = { activityLog };
