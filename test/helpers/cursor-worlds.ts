/**
 * Deterministic histories of an ExtraHop console for the poll cursor's state fixtures: each step
 * changes the world, then the trigger polls. The fixtures in test/extrahop/trigger-state-compat
 * were saved by the cursor of their time after the step named; the test replays the same steps
 * (without polling) to rebuild the world that state describes, then polls on from it.
 */
import type { PollSettings } from '../../nodes/ExtraHop/trigger/cursor';
import { MIN, type MemoryExtraHop } from './memory-extrahop';

export type Step = (s: MemoryExtraHop) => void;

export const STEADY_SETTINGS: PollSettings = {
	filter: {},
	events: ['created', 'updated'],
	updateMode: 'activity',
	maxPerPoll: 5,
	latenessMs: 10 * MIN,
	lookbackMs: 0,
};

/**
 * Thirty older detections; activation; new ones and an update, read over two polls; a quarter of
 * an hour later three more, one a millisecond before a tie group of four, the poll capped inside
 * the tie group; then the rest of the group and a burst of write-backs a millisecond apart (a full
 * count probe, so keyset paging follows, and an inclusive server shows itself); then half an hour
 * of quiet. Detections older than the first window are never remembered (activation reads only the
 * window), so a write-back on one of those counts as an update.
 */
export const STEADY_STEPS: Step[] = [
	(s) => {
		for (let k = 0; k < 30; k++) s.create({ mod_time: s.now - 40 * MIN + k * MIN });
	},
	(s) => {
		s.now += MIN;
		for (let k = 0; k < 6; k++) s.create({ mod_time: s.now - 30_000 + k * 5_000 });
		s.modify(1003, { activity: true });
	},
	(s) => {
		s.now += MIN;
	},
	(s) => {
		s.now += 15 * MIN;
		s.create({ mod_time: s.now - 20_000 });
		s.create({ mod_time: s.now - 10_000 });
		s.create({ mod_time: s.now - 1 });
		for (let k = 0; k < 4; k++) s.create({ mod_time: s.now });
	},
	(s) => {
		s.now += MIN;
		for (let k = 0; k < 20; k++)
			s.modify(1019 + k, { fields: { assignee: 'analyst1' }, mod_time: s.now + k });
	},
	(s) => {
		s.now += 30 * MIN;
	},
];

/**
 * What follows a saved state: new detections (three in a tie), new activity on an older one, a
 * write-back (not emitted in the default update mode) and a late arrival four minutes back.
 */
export const CONTINUATION: Step = (s) => {
	s.now += MIN;
	s.create({ mod_time: s.now - 2_000 });
	s.create({ mod_time: s.now - 1_000 });
	for (let k = 0; k < 3; k++) s.create({ mod_time: s.now - 500 });
	s.modify(1030, { activity: true });
	s.modify(1031, { fields: { ticket_id: 'SOC-7' } });
	s.create({ mod_time: s.now - 4 * MIN });
};

export const BURST_SETTINGS: PollSettings = { ...STEADY_SETTINGS, maxPerPoll: 7000 };

/** A few detections, activation, then 8,000 within two minutes: more than the window may hold. */
export const BURST_STEPS: Step[] = [
	(s) => {
		for (let k = 0; k < 5; k++) s.create({ mod_time: s.now - 5 * MIN + k * MIN });
	},
	(s) => {
		s.now += 3 * MIN;
		for (let k = 0; k < 8000; k++) s.create({ mod_time: s.now - 2 * MIN + Math.floor(k * 15) });
	},
];

export function replay(s: MemoryExtraHop, steps: Step[], upTo: number) {
	for (let k = 0; k <= upTo; k++) steps[k](s);
}
