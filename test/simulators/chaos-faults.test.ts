/**
 * The simulators' fault injection the chaos test (test/queue/chaos.js) relies on: a fault for a
 * time window (Jira answering 503 with and without Retry-After, armed through the control API),
 * request watchers that hold a request, the ExtraHop simulator pushing every change by itself
 * and losing a seeded fraction of its pushes (always the same ones), and its per-detection record
 * of tracking updates (when the ticket id was first written, how many PATCHes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const { createJiraSimulator, DEFAULT_CREDENTIALS } =
	require('../../tools/simulators/jira/index.js') as {
		createJiraSimulator: (options?: Record<string, unknown>) => any;
		DEFAULT_CREDENTIALS: { email: string; password: string };
	};
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop/index.js') as {
	createExtraHopSimulator: (options?: Record<string, unknown>) => any;
};
const { isDropped } = require('../../tools/simulators/extrahop/push.js') as {
	isDropped: (seed: number, id: number, change: string, n: number, rate: number) => boolean;
};

const JIRA_AUTH = `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.email}:${DEFAULT_CREDENTIALS.password}`).toString('base64')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a fault for a time window (Jira answering 503)', () => {
	let jira: any;
	beforeEach(async () => {
		jira = createJiraSimulator();
		await jira.start();
	});
	afterEach(async () => {
		await jira.stop();
	});
	const myself = () =>
		fetch(`${jira.url}/rest/api/2/myself`, { headers: { Authorization: JIRA_AUTH } });
	const arm = (fault: Record<string, unknown>) =>
		fetch(`${jira.url}/_sim/faults`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(fault),
		});

	it('answers every matching request 503 until the window ends, then normally again', async () => {
		expect(
			(await arm({ kind: 'status', status: 503, pathPrefix: '/rest/', forMs: 400 })).status,
		).toBe(204);
		const during = await Promise.all([myself(), myself(), myself()]);
		expect(during.map((r) => r.status)).toEqual([503, 503, 503]);
		expect(during[0].headers.get('retry-after')).toBeNull();
		const armed = (await (await fetch(`${jira.url}/_sim/faults`)).json()) as any[];
		expect(armed).toHaveLength(1);
		expect(armed[0].hits).toBe(3);
		await sleep(450);
		expect((await myself()).status).toBe(200);
		expect((await (await fetch(`${jira.url}/_sim/faults`)).json()) as any[]).toEqual([]);
	});

	it('sends Retry-After when asked, and a window can start later', async () => {
		const from = Date.now() + 300;
		await arm({ kind: 'status', status: 503, retryAfter: 7, from, until: from + 300 });
		expect((await myself()).status).toBe(200);
		await sleep(Math.max(0, from - Date.now()) + 20);
		const during = await myself();
		expect(during.status).toBe(503);
		expect(during.headers.get('retry-after')).toBe('7');
		await sleep(Math.max(0, from + 300 - Date.now()) + 20);
		expect((await myself()).status).toBe(200);
	});

	it('a watcher sees a request before it is answered and can hold it', async () => {
		const seen: string[] = [];
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		const unwatch = jira.server.watch(async (req: { method: string; path: string }) => {
			seen.push(`${req.method} ${req.path}`);
			if (seen.length === 1) await held;
		});
		let answered = false;
		const first = myself().then((r) => {
			answered = true;
			return r.status;
		});
		await sleep(150);
		expect(seen).toEqual(['GET /rest/api/2/myself']);
		expect(answered).toBe(false);
		release();
		expect(await first).toBe(200);
		unwatch();
		await myself();
		expect(seen).toHaveLength(1);
	});
});

describe('ExtraHop pushing every change by itself, losing a seeded fraction', () => {
	let sim: any;
	let receiver: http.Server;
	let received: { id: number; at: number }[];
	beforeEach(async () => {
		received = [];
		receiver = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push({ id: JSON.parse(body).id, at: Date.now() });
				res.writeHead(200, { 'X-N8n-Webhook-Process': '127.0.0.1:1' }).end('{}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		sim = createExtraHopSimulator({ seed: false, autoPush: true, pushDropRate: 0.3, pushSeed: 7 });
		await sim.start();
		const api = (path: string, body: unknown) =>
			fetch(`${sim.server.url}/api/v1${path}`, {
				method: 'POST',
				headers: {
					Authorization: `ExtraHop apikey=${sim.config.apiKey}`,
					'Content-Type': 'application/json',
				},
				body: JSON.stringify(body),
			});
		expect(
			(
				await api('/odstargets/http', {
					name: 'n8n',
					host: '127.0.0.1',
					port: (receiver.address() as AddressInfo).port,
					protocol: 'http',
					pipeline: false,
					additional_header: '',
					authentication: { auth_type: 'none' },
				})
			).status,
		).toBe(201);
		expect(
			(
				await api('/triggers', {
					name: 'n8n',
					events: ['DETECTION_UPDATE'],
					script:
						"Remote.HTTP('n8n').post({ path: '/hook', payload: JSON.stringify({ id: Detection.id }) });",
					apply_all: true,
					debug: false,
					disabled: false,
				})
			).status,
		).toBe(201);
	});
	afterEach(async () => {
		await sim.stop();
		await new Promise((resolve) => receiver.close(resolve));
	});

	const patch = (id: number, body: unknown) =>
		fetch(`${sim.server.url}/api/v1/detections/${id}`, {
			method: 'PATCH',
			headers: {
				Authorization: `ExtraHop apikey=${sim.config.apiKey}`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify(body),
		});

	it('pushes creations, changes and tracking updates, and loses exactly the seeded ones', async () => {
		const created = Array.from({ length: 40 }, () => sim.createDetection({}));
		for (const d of created.slice(0, 10)) sim.modifyDetection(d.id, { activity: true });
		expect((await patch(created[0].id, { ticket_id: 'SOC-1' })).status).toBe(204);
		await sim.pushesSettled();
		const log = sim.pushes() as any[];
		expect(log).toHaveLength(51);
		expect(log.filter((p) => p.change === 'created')).toHaveLength(40);
		expect(log.filter((p) => p.change === 'modified')).toHaveLength(10);
		expect(log.filter((p) => p.change === 'tracking')).toEqual([
			expect.objectContaining({ id: created[0].id, n: 1 }),
		]);
		for (const p of log) expect(p.dropped).toBe(isDropped(7, p.id, p.change, p.n, 0.3));
		const lost = log.filter((p) => p.dropped);
		expect(lost.length).toBeGreaterThan(5);
		expect(lost.length).toBeLessThan(30);
		// What was not lost arrived, once each; what was lost never did.
		expect(received).toHaveLength(51 - lost.length);
		for (const p of log.filter((x) => !x.dropped)) {
			expect(p.deliveries).toEqual([
				{ trigger: 'n8n', target: 'n8n', status: 200, answeredBy: '127.0.0.1:1' },
			]);
		}
		const sentTimes = new Map<number, number>();
		for (const r of received) sentTimes.set(r.id, (sentTimes.get(r.id) ?? 0) + 1);
		for (const d of created) {
			const expected = log.filter((p) => p.id === d.id && !p.dropped).length;
			expect(sentTimes.get(d.id) ?? 0).toBe(expected);
		}
	});

	it('the same schedule loses the same pushes in another run, whatever the timing', async () => {
		const run = async () => {
			sim.reset();
			const ids = [];
			for (let i = 0; i < 30; i++) {
				ids.push(sim.createDetection({ id: 5000 + i }).id);
				if (i % 7 === 0) await sleep(5);
			}
			for (const id of ids.slice(0, 15)) sim.modifyDetection(id, { activity: true });
			await sim.pushesSettled();
			return (sim.pushes() as any[])
				.filter((p) => p.dropped)
				.map((p) => `${p.id}:${p.change}:${p.n}`);
		};
		const first = await run();
		expect(first.length).toBeGreaterThan(0);
		expect(await run()).toEqual(first);
		sim.config.pushSeed = 8;
		expect(await run()).not.toEqual(first);
	});

	it('records every tracking update with its time and the ticket id it replaced', async () => {
		sim.config.autoPush = false;
		const d = sim.createDetection({});
		const before = Date.now();
		expect(
			(await patch(d.id, { ticket_id: 'SOC-9', status: 'in_progress', assignee: 'a' })).status,
		).toBe(204);
		expect(
			(await patch(d.id, { ticket_id: 'SOC-9', status: 'closed', resolution: 'action_taken' }))
				.status,
		).toBe(204);
		const log = (await (await fetch(`${sim.server.url}/_sim/tracking`)).json()) as any[];
		expect(log).toEqual([
			{
				id: d.id,
				at: expect.any(Number),
				user: 'apiuser',
				fields: { ticket_id: 'SOC-9', status: 'in_progress', assignee: 'a' },
				ticketBefore: null,
			},
			{
				id: d.id,
				at: expect.any(Number),
				user: 'apiuser',
				fields: { ticket_id: 'SOC-9', status: 'closed', resolution: 'action_taken' },
				ticketBefore: 'SOC-9',
			},
		]);
		expect(log[0].at).toBeGreaterThanOrEqual(before);
		expect(sim.pushes()).toEqual([]);
	});
});
