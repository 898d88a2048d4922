/**
 * A burst inside the lateness window, larger than the state may remember (5,000 versions in the
 * window), is read once: 20,000 detections modified within 5 minutes, at the default Max
 * Detections per Poll, then the polls of the next 11 minutes while the window slides past it.
 * Counted at the simulator: detections it sent (pages of IDs apart), and requests.
 */
import type { IDataObject } from 'n8n-workflow';

import { startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { MOD_TIME_READINGS, TriggerHarness, versionKey } from '../helpers/trigger';

const MIN = 60_000;
const BURST = 20_000;

describe.each(MOD_TIME_READINGS)(
	'ExtraHop Trigger, a burst inside the lateness window, $reading',
	({ modTimeInclusive }) => {
		let h: ExtraHopSetup;
		beforeEach(async () => {
			h = await startExtraHop({ modTimeInclusive, seed: false });
		});
		afterEach(async () => {
			await h.sim.stop();
		});

		it.each([
			['without filters', {}],
			['with filters', { filters: { status: ['.none', 'new'] } }],
		])(
			'%s: each version downloaded once, plus a bounded overhead',
			async (_label, parameters) => {
				const t = new TriggerHarness(h.engine, { events: ['created', 'updated'], ...parameters });
				for (let i = 0; i < 20; i++) h.sim.createDetection({});
				await t.poll();
				h.sim.createDetection({});
				expect(await t.poll()).toHaveLength(1);
				// Half an hour of quiet: the window is empty when the burst comes.
				h.sim.config.clockOffsetMs += 30 * MIN;
				expect(await t.poll()).toBeNull();
				const now = h.sim.now();
				const burst = new Set<string>();
				for (let i = 0; i < BURST; i++)
					burst.add(
						versionKey(h.sim.createDetection({ mod_time: now - 5 * MIN + Math.floor(i * 15) })),
					);

				let detections = 0;
				let ids = 0;
				let requests = 0;
				h.sim.setOnSearch(({ body, page }: { body: IDataObject; page: unknown[] }) => {
					requests++;
					if (body.id_only) ids += page.length;
					else detections += page.length;
				});
				const emitted: string[] = [];
				let polls = 0;
				for (;;) {
					const out = (await t.poll()) ?? [];
					polls++;
					emitted.push(...out.map(versionKey));
					if (out.length < 7000) break;
				}
				const drain = { polls, detections, ids, requests };
				// The next 11 minutes, a poll a minute: nothing new while the window slides past the burst.
				for (let minute = 0; minute < 11; minute++) {
					h.sim.config.clockOffsetMs += MIN;
					expect(await t.poll()).toBeNull();
				}
				h.sim.setOnSearch(null);
				process.stdout.write(
					`trigger burst of ${BURST} (${modTimeInclusive ? 'inclusive' : 'exclusive'}, ${JSON.stringify(parameters)}): drained in ${drain.polls} polls, ${drain.detections} detections + ${drain.ids} IDs, ${drain.requests} requests; with 11 idle polls after: ${detections} detections + ${ids} IDs, ${requests} requests\n`,
				);

				expect(emitted).toHaveLength(BURST);
				expect(new Set(emitted)).toEqual(burst);
				expect(drain.polls).toBe(3);
				// Overhead: the watermark's own version and one beyond the cap per poll; a version telling
				// the mod_time reading per poll while the window starts after the forgotten part of the burst.
				expect(detections).toBeLessThanOrEqual(BURST + 3 * polls + 3 * 11);
				expect(requests).toBeLessThanOrEqual(4 * (polls + 11));
			},
			120_000,
		);
	},
);
