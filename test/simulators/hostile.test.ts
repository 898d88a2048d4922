/**
 * The simulators' hostile mode (tools/simulators/common/hostile.js), over raw HTTP: armed through
 * the control API (POST /_sim/faults) on every simulator, each kind answers what the security
 * tests rely on, once, and the simulator answers normally again afterwards.
 */
import { startCatcher, type Catcher } from '../security/hostile';

type Simulator = { server: { url: string }; start(port?: number): Promise<unknown>; stop(): any };

/* eslint-disable @typescript-eslint/no-require-imports */
const FACTORIES: Record<string, () => Simulator> = {
	extrahop: () => require('../../tools/simulators/extrahop').createExtraHopSimulator(),
	jira: () => require('../../tools/simulators/jira').createJiraSimulator(),
	logmule: () => require('../../tools/simulators/logmule').createLogMuleSimulator(),
	servicenow: () => require('../../tools/simulators/servicenow').createServiceNowSimulator(),
};
/* eslint-enable @typescript-eslint/no-require-imports */

const SECRET = 'hostile-test-secret-7f3a9c';

describe.each(Object.keys(FACTORIES))('hostile mode on the %s simulator', (name) => {
	let sim: Simulator;
	let url: string;
	let catcher: Catcher;

	beforeAll(async () => {
		sim = FACTORIES[name]();
		await sim.start(0);
		url = sim.server.url;
		catcher = await startCatcher();
	});
	afterAll(async () => {
		await Promise.all([sim.stop(), catcher.stop()]);
	});

	const arm = async (fault: Record<string, unknown>) => {
		const res = await fetch(`${url}/_sim/faults`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ pathPrefix: '/hostile', ...fault }),
		});
		expect(res.status).toBe(204);
	};
	const ask = (init: RequestInit = {}) =>
		fetch(`${url}/hostile/thing`, { redirect: 'manual', ...init });

	it('redirect: the status and Location armed, once; then the simulator answers normally', async () => {
		await arm({ kind: 'redirect', status: 307, location: `${catcher.url}/collect` });
		const first = await ask();
		expect(first.status).toBe(307);
		expect(first.headers.get('location')).toBe(`${catcher.url}/collect`);
		expect((await ask()).status).not.toBe(307);
	});

	it('huge: a 200 JSON body of exactly the bytes armed, that parses', async () => {
		const bytes = 3 * 1024 * 1024 + 17;
		await arm({ kind: 'huge', bytes });
		const res = await ask();
		const text = await res.text();
		expect(res.status).toBe(200);
		expect(Buffer.byteLength(text)).toBe(bytes);
		expect(JSON.parse(text).id).toBe(4242);
	});

	it('deep: a 200 JSON body nested as deep as armed', async () => {
		await arm({ kind: 'deep', depth: 500 });
		const text = await (await ask()).text();
		expect(text.match(/\[/g)).toHaveLength(500);
		let value = JSON.parse(text).properties;
		let depth = 0;
		while (Array.isArray(value)) [value, depth] = [value[0], depth + 1];
		expect(depth).toBe(500);
	});

	it('drip: the body comes one byte per interval', async () => {
		await arm({ kind: 'drip', intervalMs: 20, body: { id: 1 } });
		const started = Date.now();
		const text = await (await ask()).text();
		expect(text).toBe('{"id":1}');
		// 8 bytes, one per 20 ms: at least 7 intervals.
		expect(Date.now() - started).toBeGreaterThanOrEqual(7 * 20 - 5);
	});

	it('echo: the error repeats every request header and the body, secrets included', async () => {
		await arm({ kind: 'echo', status: 422 });
		const res = await ask({
			method: 'POST',
			headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ secret: SECRET }),
		});
		const body = (await res.json()) as { error_message: string; request: { body: string } };
		expect(res.status).toBe(422);
		expect(body.error_message).toContain(`authorization: Bearer ${SECRET}`);
		expect(body.request.body).toBe(JSON.stringify({ secret: SECRET }));
	});
});

describe('the second host (catcher)', () => {
	it('answers anything with a detection-shaped 200 and keeps headers and body', async () => {
		const catcher = await startCatcher();
		try {
			const res = await fetch(`${catcher.url}/api/v1/detections/1`, {
				headers: { Authorization: `ExtraHop apikey=${SECRET}` },
			});
			expect(res.status).toBe(200);
			expect(((await res.json()) as { id: number }).id).toBe(9999);
			expect(catcher.requests()).toEqual([
				expect.objectContaining({
					method: 'GET',
					path: '/api/v1/detections/1',
					headers: expect.objectContaining({ authorization: `ExtraHop apikey=${SECRET}` }),
				}),
			]);
		} finally {
			await catcher.stop();
		}
	});
});
