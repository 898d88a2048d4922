/**
 * Finding 3 of issue 20: hostile answers from ExtraHop and LogMule cannot exhaust n8n. Every JSON
 * answer is bounded in size (16 MiB, plus 8 KiB per item an ExtraHop page asks for) and nesting
 * (64 levels), and the whole exchange, headers and body, ends within the request's timeout.
 * Memory on huge answers is measured in a child process (rss-child.ts), where nothing else runs.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { extraHopApiRequest } from '../../nodes/ExtraHop/common/transport';
import { answerBytesFor } from '../../nodes/ExtraHop/common/transportPolicy';
import { testCredential } from '../harness/credential-test';
import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { byId, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { createIncidentNode, startLogMule, type LogMuleSetup } from '../helpers/logmule';
import { failureOf, realContext } from './hostile';

let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of stops) await stop();
	stops = [];
});

async function extraHop(): Promise<ExtraHopSetup> {
	const h = await startExtraHop();
	stops.push(() => h.sim.stop());
	return h;
}

async function logMule(): Promise<LogMuleSetup> {
	const h = await startLogMule();
	stops.push(() => h.sim.stop());
	return h;
}

const MIB = 1024 * 1024;
const getDetection = extraHopNode({
	resource: 'detection',
	operation: 'get',
	detectionId: byId(1002),
});

describe('finding 3: answers are bounded in size, nesting and time', () => {
	it('a 60 MB detection is refused after 16 MiB, with a clear error', async () => {
		const h = await extraHop();
		h.sim.server.injectFault({
			kind: 'huge',
			bytes: 60 * MIB,
			pathPrefix: '/api/v1/detections/1002',
		});
		const error = await failureOf(h.engine.runNode(getDetection));
		expect(error.message).toBe(
			'ExtraHop answered GET /api/v1/detections/1002 with more than 16 MB; the node stopped reading',
		);
		expect(error.description).toContain("rather than hold it in n8n's memory");
	});

	it('a page may be larger by 8 KiB per item it asks for, up to the API maximum of 20,000', () => {
		expect(answerBytesFor({ method: 'GET', endpoint: '/detections/1' } as never)).toBe(16 * MIB);
		expect(answerBytesFor({ body: { limit: 1000 } })).toBe(16 * MIB + 1000 * 8192);
		expect(answerBytesFor({ body: { limit: 7000 } })).toBe(16 * MIB + 7000 * 8192);
		expect(answerBytesFor({ qs: { limit: 10 } })).toBe(16 * MIB + 10 * 8192);
		expect(answerBytesFor({ body: { limit: 10 ** 9 } })).toBe(16 * MIB + 20000 * 8192);
		expect(answerBytesFor({ body: { limit: 'all' } })).toBe(16 * MIB);
	});

	it('a limit that is not a positive number of items adds no room, and never takes any away', () => {
		expect(answerBytesFor({ body: { limit: 0 } })).toBe(16 * MIB);
		expect(answerBytesFor({ body: { limit: -5 } })).toBe(16 * MIB);
		expect(answerBytesFor({ qs: { limit: -1 } })).toBe(16 * MIB);
		expect(answerBytesFor({ body: { limit: 'Infinity' } })).toBe(16 * MIB);
		// A list body (a bulk write) has no page limit, even when the query names one.
		expect(answerBytesFor({ body: [{ limit: 500 }] })).toBe(16 * MIB);
	});

	it.each([
		[63, 'accepted'],
		[64, 'refused'],
		[20000, 'refused'],
	])(
		'a detection nested %i levels deep below its top object is %s (at most 64 levels in all)',
		async (depth, verdict) => {
			const h = await extraHop();
			h.sim.server.injectFault({ kind: 'deep', depth, pathPrefix: '/api/v1/detections/1002' });
			if (verdict === 'accepted') {
				const [out] = await h.engine.runNode(getDetection);
				expect(out.json.id).toBe(4243);
				return;
			}
			const error = await failureOf(h.engine.runNode(getDetection));
			expect(error.message).toBe(
				'ExtraHop answered GET /api/v1/detections/1002 with JSON nested more than 64 levels deep',
			);
			expect(error.description).toContain('so that n8n can still store and show the execution');
		},
	);

	it('LogMule: a huge or deep incident is refused too', async () => {
		const h = await logMule();
		const result = h.sim.createResult({});
		const where = `POST /logmule_go_results/${result.id}/create_incident`;
		h.sim.server.injectFault({ kind: 'huge', bytes: 40 * MIB, pathPrefix: '/cruddy/v2' });
		const big = await failureOf(h.engine.runNode(createIncidentNode({ resultId: result.id })));
		expect(big.message).toBe(
			`LogMule answered ${where} with more than 16 MB; the node stopped reading`,
		);
		h.sim.server.injectFault({ kind: 'deep', depth: 5000, pathPrefix: '/cruddy/v2' });
		const deep = await failureOf(h.engine.runNode(createIncidentNode({ resultId: result.id })));
		expect(deep.message).toBe(
			`LogMule answered ${where} with JSON nested more than 64 levels deep`,
		);
	});

	it('LogMule: a body dripped one byte at a time ends in a timeout error at the Timeout option', async () => {
		const h = await logMule();
		const result = h.sim.createResult({});
		h.sim.server.injectFault({ kind: 'drip', intervalMs: 100, pathPrefix: '/cruddy/v2' });
		const started = Date.now();
		const error = await failureOf(
			h.engine.runNode(
				createIncidentNode({ resultId: result.id, requestOptions: { timeout: 2000 } }),
			),
		);
		const elapsed = Date.now() - started;
		expect(error.message).toBe(
			`LogMule did not answer POST /logmule_go_results/${result.id}/create_incident within 2 s`,
		);
		expect(elapsed).toBeGreaterThanOrEqual(1900);
		expect(elapsed).toBeLessThan(5000);
	});

	it("ExtraHop: a dripped body ends in a timeout error after each attempt's timeout", async () => {
		const h = await extraHop();
		h.sim.server.injectFault({
			kind: 'drip',
			intervalMs: 100,
			pathPrefix: '/api/v1/detections/1002',
			times: 2,
		});
		const started = Date.now();
		const error = await failureOf(
			extraHopApiRequest.call(realContext(h.engine), {
				method: 'GET',
				endpoint: '/detections/1002',
				timeoutMs: 1500,
				retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 },
			}),
		);
		const elapsed = Date.now() - started;
		expect(error.message).toBe(
			'ExtraHop did not answer GET /api/v1/detections/1002 in time (2 attempts)',
		);
		expect(elapsed).toBeGreaterThanOrEqual(2900);
		expect(elapsed).toBeLessThan(6000);
	});

	it('ExtraHop: a streamed download (PCAP) that drips is cut at its timeout', async () => {
		const h = await extraHop();
		h.sim.server.injectFault({
			kind: 'drip',
			intervalMs: 100,
			pathPrefix: '/api/v1/packets/search',
		});
		const response = await extraHopApiRequest.call(realContext(h.engine), {
			method: 'POST',
			endpoint: '/packets/search',
			body: { output: 'pcap', always_return_body: false, ip1: '10.0.0.1', from: '-1h' },
			idempotent: true,
			timeoutMs: 2000,
			stream: { accept: 'application/vnd.tcpdump.pcap' },
		});
		const started = Date.now();
		const error = await failureOf(
			(async () => {
				for await (const _chunk of response.body as AsyncIterable<Buffer>) void _chunk;
			})(),
		);
		expect(error.message).toBe(
			'ExtraHop did not finish sending POST /api/v1/packets/search within 2 s',
		);
		expect(Date.now() - started).toBeLessThan(4000);
	});

	it('the Test button gives up on a dripped answer after its 15 s', async () => {
		const h = await extraHop();
		h.sim.server.injectFault({
			kind: 'drip',
			intervalMs: 200,
			body: { version: '9.6.2.1620', padding: 'x'.repeat(200) },
			pathPrefix: '/api/v1/extrahop',
		});
		const started = Date.now();
		const result = await testCredential(h.engine, new ExtraHopApi(), {
			url: h.url,
			apiKey: h.sim.config.apiKey,
			allowUnauthorizedCerts: false,
		});
		expect(result).toEqual({
			status: 'Error',
			message: `${h.url.replace(/^http:\/\//, '')} did not answer in time. Check the URL, and that no firewall drops n8n's connections.`,
		});
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('memory stays bounded on huge answers (peak RSS measured in a child process)', () => {
		const out = execFileSync(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'rss-child.ts')],
			{
				encoding: 'utf8',
				timeout: 120_000,
				env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
			},
		);
		const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<
			string,
			{ error: string; growthMb: number }
		>;
		for (const [size, measured] of Object.entries(report)) {
			expect([size, measured.error]).toEqual([size, expect.stringContaining('more than 16 MB')]);
			// 16 MiB read, then dropped: what remains is the buffers of one read, not the answer.
			expect([size, measured.growthMb]).toEqual([size, expect.any(Number)]);
			expect(measured.growthMb).toBeLessThan(80);
		}
	});
});
