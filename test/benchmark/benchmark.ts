/**
 * `npm run benchmark`: the package against external baselines, in this one run, on the same
 * simulator (see docs/performance.md for how to read it). Baselines are plain Node HTTP clients,
 * not the package: a keep-alive client paging the API at its 20,000 maximum, a keep-alive client
 * at the node's concurrency, and the vendor scripts' sequential loop opening a connection per
 * request. Bytes are what the server wrote to the client's sockets (headers included); requests
 * and TCP connections are counted at the server. Nothing here asserts on time; it measures.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_PARALLEL_REQUESTS } from '../../nodes/shared/router';
import {
	DEFAULT_MAX_PER_POLL,
	MAX_MAX_PER_POLL,
	poll,
	entryCount,
	type CursorState,
	type PollSettings,
	type Search,
} from '../../nodes/ExtraHop/trigger/cursor';
import { byId, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { TriggerHarness } from '../helpers/trigger';
import { RawClient, pool } from './raw';

const MIN = 60_000;
const rows: string[][] = [];
const notes: string[] = [];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);
const say = (text: string) => process.stdout.write(`${text}\n`);

/** Server-side counters: TCP connections accepted, bytes written to clients, requests, detections and IDs read. */
function meter(h: ExtraHopSetup) {
	const sockets: net.Socket[] = [];
	// The simulator announces a 1-second keep-alive, which Node's client agent treats as none
	// (it keeps a socket for the announced time minus one second). Appliances sit behind web
	// servers keeping connections for a minute or more (nginx: 75 s): model that here.
	h.sim.server.server!.keepAliveTimeout = 65_000;
	h.sim.server.server!.on('connection', (s: net.Socket) => sockets.push(s));
	let detections = 0;
	let ids = 0;
	let requests = 0;
	h.sim.setOnSearch(({ body, page }: { body: IDataObject; page: unknown[] }) => {
		if (body.id_only) ids += page.length;
		else detections += page.length;
	});
	const originalHandle = h.sim.server.handle.bind(h.sim.server);
	let latencyMs = 0;
	h.sim.server.handle = async (req: unknown, res: unknown) => {
		requests++;
		if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
		return originalHandle(req, res);
	};
	const snap = () => ({
		connections: sockets.length,
		bytes: sockets.reduce((n, s) => n + s.bytesWritten, 0),
		requests,
		detections,
		ids,
	});
	type Snap = ReturnType<typeof snap>;
	return {
		setLatency: (value: number) => (latencyMs = value),
		/** Runs work and returns its wall time and counters. */
		async measure<T>(work: () => Promise<T>): Promise<Snap & { ms: number; result: T }> {
			const a = snap();
			const t0 = process.hrtime.bigint();
			const result = await work();
			const time = Number(process.hrtime.bigint() - t0) / 1e6;
			const b = snap();
			h.sim.server.clearRequestLog();
			return {
				ms: time,
				result,
				connections: b.connections - a.connections,
				bytes: b.bytes - a.bytes,
				requests: b.requests - a.requests,
				detections: b.detections - a.detections,
				ids: b.ids - a.ids,
			};
		},
	};
}

const searchBody = (after: number) => ({
	mod_time: after,
	sort: [
		{ field: 'mod_time', direction: 'asc' },
		{ field: 'id', direction: 'asc' },
	],
	limit: 20000,
});
const maxModTime = (h: ExtraHopSetup) =>
	h.sim.detections().reduce((m: number, d: IDataObject) => Math.max(m, d.mod_time as number), 0);

// ---- steady and idle polling ------------------------------------------------------------------

async function polling() {
	const h = await startExtraHop({ seed: false });
	const m = meter(h);
	const raw = new RawClient(h.url, h.sim.config.apiKey, true);
	try {
		const t = new TriggerHarness(h.engine, { events: ['created', 'updated'] });
		h.sim.createDetection({});
		await t.poll();
		let rawAfter = maxModTime(h);
		const rawPoll = async () => {
			const { body } = await raw.request<IDataObject[]>(
				'POST',
				'/detections/search',
				searchBody(rawAfter),
			);
			for (const d of body) rawAfter = Math.max(rawAfter, d.mod_time as number);
			return body.length;
		};
		const created: number[] = [];
		// One simulated minute: 250 new detections spread over it, and 25 of the last ten
		// minutes' detections gaining new activity.
		const minute = () => {
			h.sim.config.clockOffsetMs += MIN;
			const now = h.sim.now();
			for (let i = 0; i < 250; i++)
				created.push(h.sim.createDetection({ mod_time: now - MIN + i * 240 + 1 }).id);
			for (let i = 0; i < 25; i++)
				h.sim.modifyDetection(
					created[created.length - 1 - ((i * 97) % Math.min(2500, created.length))],
					{ activity: true },
				);
			return 275;
		};
		for (let i = 0; i < 12; i++) {
			minute();
			await t.poll();
			await rawPoll();
		}
		const sums = {
			trig: { ms: 0, bytes: 0, detections: 0, ids: 0, requests: 0, connections: 0, emitted: 0 },
			raw: { ms: 0, bytes: 0, detections: 0, requests: 0 },
		};
		const N = 6;
		let versions = 0;
		let stateMax = 0;
		for (let i = 0; i < N; i++) {
			versions += minute();
			const runTrigger = async () => {
				const r = await m.measure(() => t.poll());
				sums.trig.ms += r.ms;
				sums.trig.bytes += r.bytes;
				sums.trig.detections += r.detections;
				sums.trig.ids += r.ids;
				sums.trig.requests += r.requests;
				sums.trig.connections += r.connections;
				sums.trig.emitted += r.result?.length ?? 0;
			};
			const runRaw = async () => {
				const r = await m.measure(rawPoll);
				sums.raw.ms += r.ms;
				sums.raw.bytes += r.bytes;
				sums.raw.detections += r.detections;
				sums.raw.requests += r.requests;
			};
			if (i % 2 === 0) {
				await runTrigger();
				await runRaw();
			} else {
				await runRaw();
				await runTrigger();
			}
			stateMax = Math.max(stateMax, t.stateBytes());
		}
		const per = (n: number) => n / N;
		rows.push([
			'Steady: 250 new + 25 updated detections/min, 10-min lateness (per poll)',
			`${per(sums.trig.detections).toFixed(0)} detections + ${per(sums.trig.ids).toFixed(0)} IDs read for ${per(versions).toFixed(0)} new versions (${per(sums.trig.emitted).toFixed(0)} emitted); ${kb(per(sums.trig.bytes))}, ${per(sums.trig.requests).toFixed(1)} requests, ${ms(per(sums.trig.ms))}`,
			`raw keep-alive: ${per(sums.raw.detections).toFixed(0)} detections, ${kb(per(sums.raw.bytes))}, ${per(sums.raw.requests).toFixed(1)} requests, ${ms(per(sums.raw.ms))}`,
			`read ${ratio(sums.trig.detections, versions)} of new; bytes ${ratio(sums.trig.bytes, sums.raw.bytes)}; time ${ratio(sums.trig.ms, sums.raw.ms)}`,
			'≤ 1.5x the new ones',
		]);
		rows.push(['Trigger state, steady at 250/min', kb(stateMax), '', '', '≤ 48 KB']);

		// Idle: nothing new, the window full of the last ten minutes (2,750 versions).
		const idle = async (label: string) => {
			const r = await m.measure(() => t.poll());
			const b = await m.measure(rawPoll);
			rows.push([
				label,
				`${r.detections} detections + ${r.ids} IDs, ${kb(r.bytes)}, ${r.requests} request(s), ${ms(r.ms)}`,
				`raw keep-alive: ${kb(b.bytes)}, ${b.requests} request, ${ms(b.ms)}`,
				`bytes ${ratio(r.bytes, b.bytes)}`,
				'≤ 2 KB once nothing is new',
			]);
		};
		await t.poll();
		await idle('Idle poll, fresh (2,750 versions in the lateness window, nothing new)');
		h.sim.config.clockOffsetMs += 3 * 60 * MIN;
		await t.poll(); // the first poll after the quiet hours closes the window
		await idle('Idle poll after 3 quiet hours');
		rows.push(['Trigger state, quiet (3 hours)', kb(t.stateBytes()), '', '', '≤ 16 KB']);
	} finally {
		raw.close();
		await h.sim.stop();
	}
}

// ---- backlog ----------------------------------------------------------------------------------

/** Runs child.ts in its own process (asynchronously: the simulator lives in this one). */
function child(mode: string, url: string, apiKey: string, stateFile: string, maxPerPoll = '') {
	return new Promise<{
		held: number;
		polls: number;
		ms: number;
		rssBeforeMb: number;
		peakRssMb: number;
	}>((resolve, reject) => {
		execFile(
			process.execPath,
			[
				'--expose-gc',
				'-r',
				'ts-node/register/transpile-only',
				path.join(__dirname, 'child.ts'),
				mode,
				url,
				apiKey,
				stateFile,
				maxPerPoll,
			],
			{ encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 },
			(error, stdout, stderr) => {
				if (error)
					return reject(new Error(`benchmark child ${mode} failed: ${stderr || error.message}`));
				resolve(JSON.parse(stdout.trim().split('\n').pop()!));
			},
		);
	});
}

async function backlog() {
	const h = await startExtraHop({ seed: false });
	const m = meter(h);
	const raw = new RawClient(h.url, h.sim.config.apiKey, true);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eh-bench-'));
	try {
		// A running trigger (its window holding a few detections), then 40 minutes of downtime in
		// which 20,000 detections appear.
		const t = new TriggerHarness(h.engine, { events: ['created', 'updated'] });
		for (let i = 0; i < 20; i++) h.sim.createDetection({});
		await t.poll();
		h.sim.createDetection({});
		await t.poll();
		const persisted = t.persisted;
		const after = maxModTime(h);
		h.sim.config.clockOffsetMs += 40 * MIN;
		const now = h.sim.now();
		for (let i = 0; i < 20_000; i++)
			h.sim.createDetection({ mod_time: now - 40 * MIN + Math.floor(i * 0.12) });
		const stateFile = path.join(dir, 'state.json');
		fs.writeFileSync(stateFile, JSON.stringify({ persisted, after }));

		const drain = (maxPerPoll?: number) => async () => {
			const d = new TriggerHarness(h.engine, {
				events: ['created', 'updated'],
				options: maxPerPoll ? { maxPerPoll } : {},
			});
			d.persisted = structuredClone(persisted);
			d.restart();
			let polls = 0;
			let emitted = 0;
			for (;;) {
				const out = await d.poll();
				if (!out) break;
				polls++;
				emitted += out.length;
				if (out.length < (maxPerPoll ?? DEFAULT_MAX_PER_POLL)) break;
			}
			return { polls, emitted, state: d.stateBytes() };
		};
		for (const [label, maxPerPoll, goal] of [
			[
				`default (Max Detections per Poll ${DEFAULT_MAX_PER_POLL})`,
				undefined,
				'≤ 3 polls, ≤ 1.3x raw time and bytes, RSS < 1.5x raw',
			],
			[
				`option at its maximum (${MAX_MAX_PER_POLL})`,
				MAX_MAX_PER_POLL,
				'1 poll possible, ≤ 1.3x raw',
			],
		] as const) {
			const runs: Array<{
				trig: Awaited<
					ReturnType<typeof m.measure<{ polls: number; emitted: number; state: number }>>
				>;
				raw: Awaited<ReturnType<typeof m.measure<unknown[]>>>;
			}> = [];
			for (let round = 0; round < 3; round++) {
				const trig = await m.measure(drain(maxPerPoll));
				const r = await m.measure(() => raw.pageAll(after));
				runs.push({ trig, raw: r });
			}
			const best = (pick: (x: (typeof runs)[number]) => number) => Math.min(...runs.map(pick));
			const trig = runs[0].trig;
			const rawRun = runs[0].raw;
			const trigMs = best((x) => x.trig.ms);
			const rawMs = best((x) => x.raw.ms);
			const rssTrig = await child(
				'trigger',
				h.url,
				h.sim.config.apiKey,
				stateFile,
				maxPerPoll ? String(maxPerPoll) : '',
			);
			const rssRaw = await child('raw', h.url, h.sim.config.apiKey, stateFile);
			rows.push([
				`Backlog of 20,000 after downtime, ${label}`,
				`${trig.result.polls} poll(s), ${trig.result.emitted} emitted, ${trig.detections} detections + ${trig.ids} IDs read, ${mb(trig.bytes)}, ${trig.requests} requests, ${ms(trigMs)} (best of 3), peak RSS ${rssTrig.peakRssMb.toFixed(0)} MB in its own process, state ${kb(trig.result.state)}`,
				`raw keep-alive at 20,000/page: ${rawRun.detections} detections, ${mb(rawRun.bytes)}, ${rawRun.requests} requests, ${ms(rawMs)}, peak RSS ${rssRaw.peakRssMb.toFixed(0)} MB holding them (same modules loaded)`,
				`time ${ratio(trigMs, rawMs)}; bytes ${ratio(trig.bytes, rawRun.bytes)}; read each ${ratio(trig.detections, 20_000)}; RSS ${ratio(rssTrig.peakRssMb, rssRaw.peakRssMb)}`,
				goal,
			]);
		}
	} finally {
		raw.close();
		fs.rmSync(dir, { recursive: true, force: true });
		await h.sim.stop();
	}
}

// ---- updates ----------------------------------------------------------------------------------

async function updates() {
	const h = await startExtraHop({ seed: false });
	const m = meter(h);
	try {
		const ids = Array.from({ length: 2000 }, () => h.sim.createDetection({}).id as number);
		m.setLatency(20);
		const items = (n: number) => ids.slice(0, n).map((id, k) => ({ id, ticket: `SOC-${k}` }));
		const node = (n: number, parallelRequests: number, readBack: boolean) => () =>
			h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'update',
					detectionId: byId('={{ $json.id }}'),
					updateFields: { ticketId: '={{ $json.ticket }}', status: 'in_progress' },
					readBack,
					requestOptions: { parallelRequests },
				}),
				items(n),
			);
		const rawRun = (n: number, concurrency: number, keepAlive: boolean) => async () => {
			const client = new RawClient(
				h.url,
				h.sim.config.apiKey,
				keepAlive,
				keepAlive ? concurrency : Infinity,
			);
			await pool(n, concurrency, (i) =>
				client.request('PATCH', `/detections/${ids[i]}`, {
					ticket_id: `SOC-${i}`,
					status: 'in_progress',
				}),
			);
			client.close();
		};
		const P = DEFAULT_PARALLEL_REQUESTS;
		const nodeDefault = await m.measure(node(2000, P, false));
		const rawSame = await m.measure(rawRun(2000, P, true));
		const nodeReadBack = await m.measure(node(2000, P, true));
		const script = await m.measure(rawRun(2000, 1, false));
		const line = (r: { ms: number; requests: number; connections: number }) =>
			`${ms(r.ms)}, ${r.requests} requests, ${r.connections} TCP connections`;
		rows.push([
			`Detection > Update, 2,000 items, 20 ms server latency, Parallel Requests ${P} (default)`,
			`node 1.1 default (no read-back): ${line(nodeDefault)}; with read-back: ${line(nodeReadBack)}`,
			`raw keep-alive at ${P} in flight: ${line(rawSame)}; sequential script (new connection per request): ${line(script)}`,
			`vs raw ${ratio(nodeDefault.ms, rawSame.ms)} (read-back ${ratio(nodeReadBack.ms, rawSame.ms)}); speed-up over the script ${ratio(script.ms, nodeDefault.ms)} (read-back ${ratio(script.ms, nodeReadBack.ms)})`,
			'≤ 1.3x raw; ≥ 3.5x the script',
		]);
		// Parallel Requests: where more stops paying, on 400 items.
		const sweep: string[] = [];
		for (const p of [1, 2, 4, 8, 16]) {
			const r = await m.measure(node(400, p, false));
			const b = await m.measure(rawRun(400, p, true));
			sweep.push(`${p}: ${ms(r.ms)} (raw ${ms(b.ms)})`);
		}
		rows.push([
			'Parallel Requests sweep, 400 updates at 20 ms',
			sweep.join('; '),
			'',
			'',
			'default justified',
		]);
		m.setLatency(0);
	} finally {
		await h.sim.stop();
	}
}

/** n8n's request helper against a raw keep-alive client, with no server latency: the helper's own cost. */
async function helperCost(tls: boolean) {
	const h = await startExtraHop({ seed: false, tls });
	if (tls) {
		// The simulator's certificate is self-signed: allow it for this measurement only.
		h.engine.addCredential('eh-key', {
			url: h.url,
			apiKey: h.sim.config.apiKey,
			allowUnauthorizedCerts: true,
		});
	}
	const m = meter(h);
	try {
		const ids = Array.from({ length: 400 }, () => h.sim.createDetection({}).id as number);
		const get = () =>
			h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'get',
					detectionId: byId('={{ $json.id }}'),
				}),
				ids.map((id) => ({ id })),
			);
		const rawGet = async () => {
			const client = new RawClient(h.url, h.sim.config.apiKey, true, DEFAULT_PARALLEL_REQUESTS);
			await pool(ids.length, DEFAULT_PARALLEL_REQUESTS, (i) =>
				client.request('GET', `/detections/${ids[i]}`),
			);
			client.close();
		};
		await get();
		await rawGet();
		const a = await m.measure(get);
		const b = await m.measure(rawGet);
		rows.push([
			`n8n's request helper vs raw keep-alive, 400 GETs at ${DEFAULT_PARALLEL_REQUESTS} in flight, no latency, ${tls ? 'HTTPS' : 'HTTP'}`,
			`node: ${ms(a.ms)}, ${a.connections} TCP connections`,
			`raw: ${ms(b.ms)}, ${b.connections} TCP connections`,
			`time ${ratio(a.ms, b.ms)}`,
			'n8n sets this limit: a new agent (new connection) per request',
		]);
	} finally {
		await h.sim.stop();
	}
}

// ---- state after 100,000 detections ----------------------------------------------------------

async function stateAfter100k() {
	let rowsInMemory: IDataObject[] = [];
	let clock = 1_800_000_000_000;
	let nextId = 1;
	const search: Search = async (body) => {
		const from = Number(body.mod_time ?? -Infinity);
		const desc = (body.sort as Array<{ direction: string }>)[0].direction === 'desc';
		const sorted = [...rowsInMemory].sort(
			(a, b) =>
				(a.mod_time as number) - (b.mod_time as number) || (a.id as number) - (b.id as number),
		);
		const list = (desc ? sorted.reverse() : sorted).filter((d) => (d.mod_time as number) > from);
		const offset = Number(body.offset ?? 0);
		const page = list.slice(offset, offset + Number(body.limit));
		return {
			detections: body.id_only ? page.map((d) => d.id as unknown as IDataObject) : page,
			serverDate: clock,
		};
	};
	const settings: PollSettings = {
		filter: {},
		events: ['created', 'updated'],
		updateMode: 'activity',
		maxPerPoll: DEFAULT_MAX_PER_POLL,
		latenessMs: 10 * MIN,
		lookbackMs: 0,
	};
	const bytes = (s: CursorState) => Buffer.byteLength(JSON.stringify({ cursor: s }));
	let state: CursorState = (await poll(search, undefined, settings)).state;
	let emitted = 0;
	let largest = 0;
	while (emitted < 100_000) {
		for (let i = 0; i < 250; i++)
			rowsInMemory.push({
				id: nextId++,
				mod_time: clock + i * 240,
				create_time: clock + i * 240,
				title: 'Port Scan',
				type: 'port_scan',
				categories: ['sec.recon'],
				risk_score: 40,
				status: null,
			});
		clock += MIN;
		const out = await poll(search, state, settings);
		state = out.state;
		emitted += out.emitted.length;
		largest = Math.max(largest, bytes(state));
		rowsInMemory = rowsInMemory.filter((d) => (d.mod_time as number) >= clock - 30 * MIN);
	}
	const steady = bytes(state);
	const steadyEntries = entryCount(state);
	clock += 3 * 60 * MIN;
	state = (await poll(search, state, settings)).state;
	rows.push([
		'Trigger state after 100,000 detections (250/min, in-memory API)',
		`${kb(steady)} steady (${steadyEntries} versions remembered), largest ${kb(largest)}; ${kb(bytes(state))} after 3 quiet hours (${entryCount(state)} versions)`,
		'',
		'',
		'≤ 48 KB steady, ≤ 16 KB quiet',
	]);
}

async function main() {
	const started = Date.now();
	const only = process.argv.slice(2);
	const want = (name: string) => only.length === 0 || only.includes(name);
	if (want('polling')) await polling();
	if (want('backlog')) await backlog();
	if (want('updates')) await updates();
	if (want('helper')) {
		await helperCost(false);
		await helperCost(true);
	}
	if (want('state')) await stateAfter100k();
	say(`\nmeasure | package | baseline (same run) | ratio | goal\n--- | --- | --- | --- | ---`);
	for (const row of rows) say(row.join(' | '));
	for (const note of notes) say(note);
	say(
		`\nbenchmark wall time: ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} CPU(s), node ${process.version}`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
