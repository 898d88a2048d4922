/**
 * `npm run benchmark`: each case runs a baseline and a candidate alternately in this one process
 * (so machine noise hits both alike) and prints their medians side by side with the ratio.
 * Nothing here asserts on time; it measures.
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { searchDetections } from '../../nodes/ExtraHop/helpers/api';
import { poll, type CursorState, type PollSettings, type Search } from '../../nodes/ExtraHopTrigger/cursor';
import { additionalDataFor } from '../harness/engine';
import { byId, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { TRIGGER_TYPE } from '../helpers/trigger';

interface Case {
	name: string;
	baseline: { label: string; run: () => Promise<unknown> };
	candidate: { label: string; run: () => Promise<unknown> };
	rounds: number;
	/** What the ratio means. */
	reading: string;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};

async function measure(c: Case) {
	const base: number[] = [];
	const cand: number[] = [];
	await c.baseline.run(); // warm up both
	await c.candidate.run();
	for (let i = 0; i < c.rounds; i++) {
		const order = i % 2 === 0 ? ([c.baseline, c.candidate] as const) : ([c.candidate, c.baseline] as const);
		for (const side of order) {
			const t0 = process.hrtime.bigint();
			await side.run();
			const ms = Number(process.hrtime.bigint() - t0) / 1e6;
			(side === c.baseline ? base : cand).push(ms);
		}
	}
	return { base: median(base), cand: median(cand) };
}

function pollContext(h: ExtraHopSetup, staticData: IDataObject = {}): IPollFunctions {
	const workflow = h.engine.workflow(
		[{ name: 'T', type: TRIGGER_TYPE, parameters: { events: ['created', 'updated'] }, credentials: { extraHopApi: 'eh-key' } }],
		staticData,
	);
	return new PollContext(workflow, workflow.getNode('T')!, additionalDataFor(h.engine.credentials), 'trigger', 'activate');
}

const SETTINGS: PollSettings = { filter: {}, events: ['created', 'updated'], updateMode: 'activity', maxPerPoll: 500, latenessMs: 600_000, lookbackMs: 0 };

async function main() {
	const h = await startExtraHop();
	const rows: string[][] = [];
	try {
		// 1. An idle trigger poll against one bare search request through the same n8n helpers.
		const ctx = pollContext(h);
		const searchVia = (context: IPollFunctions): Search => async (body) => ({ detections: (await searchDetections(context, body)).detections });
		let idleState = (await poll(searchVia(ctx), undefined, SETTINGS)).state;
		for (let i = 0; i < 50; i++) h.sim.createDetection({});
		idleState = (await poll(searchVia(ctx), idleState, SETTINGS)).state;
		const idle: Case = {
			name: 'Trigger poll with nothing new (50 detections in the lateness window)',
			// The very request the idle poll sends: the lateness window re-read in one page.
			baseline: {
				label: 'the same search request alone',
				run: () =>
					searchDetections(ctx, {
						mod_time: idleState.w.t - SETTINGS.latenessMs,
						sort: [{ field: 'mod_time', direction: 'asc' }, { field: 'id', direction: 'asc' }],
						limit: Object.keys(idleState.seen).length + SETTINGS.maxPerPoll + 1,
						offset: 0,
					}),
			},
			candidate: { label: 'trigger poll', run: () => poll(searchVia(ctx), idleState, SETTINGS) },
			rounds: 60,
			reading: 'the trigger\'s own work on an idle poll, on top of its single request',
		};

		// 2. A poll that emits 2,000 new detections against fetching the same pages plainly.
		const backlog = h.sim.now();
		const detectionsBefore = h.sim.detections().length;
		for (let i = 0; i < 2000; i++) h.sim.createDetection({ mod_time: backlog + 60_000 + Math.floor(i / 3) });
		const start: CursorState = { v: 1, w: { t: backlog, i: 0 }, floor: null, seen: {} };
		const pages = async () => {
			for (let offset = 0; ; offset += 500) {
				const { detections } = await searchDetections(ctx, { mod_time: backlog, sort: [{ field: 'mod_time', direction: 'asc' }, { field: 'id', direction: 'asc' }], limit: 501, offset });
				if (detections.length < 501) break;
			}
		};
		const backlogCase: Case = {
			name: `Trigger poll emitting a 2,000-detection backlog (${detectionsBefore} others present)`,
			baseline: { label: 'same pages, plain offset paging', run: pages },
			candidate: { label: 'trigger poll(s) until drained', run: async () => {
				let state = start;
				for (;;) {
					const out = await poll(searchVia(ctx), state, SETTINGS);
					state = out.state;
					if (!out.more) break;
				}
			} },
			rounds: 8,
			reading: 'each capped poll (500) re-reads the lateness window, which the backlog fills: the price of catching late arrivals',
		};

		// 3. The action node on 48 items against a server answering in 15 ms: 4 in parallel vs 1.
		const ids = h.sim.detections().slice(0, 48).map((d: IDataObject) => ({ id: d.id }));
		const getMany = (parallelRequests: number) => () =>
			h.engine.runNode(extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId('={{ $json.id }}'), requestOptions: { parallelRequests } }), ids);
		const original = h.sim.server.handle.bind(h.sim.server);
		const latency: Case = {
			name: 'ExtraHop node, Get on 48 items, server latency 15 ms',
			baseline: { label: 'Parallel Requests 1', run: getMany(1) },
			candidate: { label: 'Parallel Requests 4 (default)', run: getMany(4) },
			rounds: 6,
			reading: 'time with the default concurrency relative to one request at a time',
		};

		for (const c of [idle, backlogCase]) {
			const { base, cand } = await measure(c);
			rows.push([c.name, `${c.baseline.label}: ${base.toFixed(1)} ms`, `${c.candidate.label}: ${cand.toFixed(1)} ms`, (cand / base).toFixed(2), c.reading]);
		}
		h.sim.server.handle = async (req: any, res: any) => {
			await new Promise((resolve) => setTimeout(resolve, 15));
			return original(req, res);
		};
		const { base, cand } = await measure(latency);
		rows.push([latency.name, `${latency.baseline.label}: ${base.toFixed(1)} ms`, `${latency.candidate.label}: ${cand.toFixed(1)} ms`, (cand / base).toFixed(2), latency.reading]);
	} finally {
		await h.sim.stop();
	}
	process.stdout.write('\ncase | baseline (median) | candidate (median) | ratio | reading\n--- | --- | --- | --- | ---\n');
	for (const row of rows) process.stdout.write(`${row.join(' | ')}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
