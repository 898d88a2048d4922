/**
 * The contract-drift machinery itself: the contract modules are well formed, the strict simulator
 * refuses off-contract requests the way a schema-validating API does (and records them), every
 * ambiguity switch changes what it says, and the endpoint list (docs/endpoints.md, linked from the
 * README) is current.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const contract = require('../../tools/simulators/extrahop/contract');

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const call = async (method: string, p: string, body?: unknown) => {
	const r = await fetch(`${h.url}${p}`, {
		method,
		headers: {
			Authorization: `ExtraHop apikey=${h.sim.config.apiKey}`,
			'Content-Type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	return { status: r.status, headers: r.headers, json: text ? JSON.parse(text) : undefined };
};

describe('contract modules', () => {
	it('every operation names its spec file, section, status and a path under its root', () => {
		expect(contract.ENDPOINTS.length).toBeGreaterThanOrEqual(21);
		for (const e of contract.ENDPOINTS) {
			expect(e.spec).toMatch(
				/^extrahop-rest-api\/(references\/[a-z-]+\.md|scripts\/extrahop_client\.py)$/,
			);
			if (e.root === '/api/v1') expect(e.section).toContain(`${e.method} ${e.path}`);
			expect([200, 201, 202, 204]).toContain(e.status);
			expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).toContain(e.method);
		}
	});

	it('docs/endpoints.md lists every endpoint the package calls, the README links it, and the simulator implements each (no 501)', () => {
		const out = execFileSync(
			process.execPath,
			[path.join(__dirname, '../../scripts/endpoints.mjs'), '--check'],
			{ encoding: 'utf8' },
		);
		expect(out).toMatch(/docs\/endpoints\.md lists the \d+ ExtraHop endpoints/);
		const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
		expect(readme).toContain('](docs/endpoints.md)');
		const page = readFileSync(path.join(__dirname, '../../docs/endpoints.md'), 'utf8');
		const listed = [...page.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|/gm)].map(
			(m) => `${m[1]} ${m[2]}`,
		);
		expect(listed.length).toBeGreaterThanOrEqual(18);
		const implemented = new Set(h.sim.implemented());
		expect(listed.filter((e) => !implemented.has(e))).toEqual([]);
	});
});

describe('the strict simulator answers like a schema-validating API', () => {
	it('unknown path 404, wrong method 405 with Allow, unknown/missing/mistyped/off-enum field 400 naming it', async () => {
		expect((await call('GET', '/api/v1/detections/1001/nothing')).status).toBe(404);
		const wrongMethod = await call('PUT', '/api/v1/detections/1001');
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('GET, PATCH');
		const cases: Array<[unknown, string]> = [
			[{ colour: 'red' }, 'colour'],
			[{ filter: { status: 'closed' } }, 'filter.status'],
			[{ filter: { statuses: ['closed'] } }, 'filter.statuses'],
			[{ limit: '10' }, 'limit'],
			[{ mod_time: 1.5 }, 'mod_time'],
		];
		for (const [body, field] of cases) {
			const r = await call('POST', '/api/v1/detections/search', body);
			expect([r.status, r.json.field]).toEqual([400, field]);
			expect(r.json.error_message).toContain(field);
		}
		const offEnum = await call('PATCH', '/api/v1/detections/1001', {
			ticket_id: 'X',
			status: 'done',
		});
		expect([offEnum.status, offEnum.json.field]).toEqual([400, 'status']);
		const query = await call('GET', '/api/v1/detections/1001?verbose=1');
		expect([query.status, query.json.field]).toEqual([400, 'verbose']);
		expect(h.sim.takeViolations().map((v: { status: number }) => v.status)).toEqual([
			404, 405, 400, 400, 400, 400, 400, 400, 400,
		]);
	});

	it('a not-found resource is not a contract violation', async () => {
		expect((await call('GET', '/api/v1/detections/999999')).status).toBe(404);
		expect(h.sim.violations()).toEqual([]);
	});

	it.each([true, false])(
		'patchRequiresTicketId %p decides whether a PATCH without ticket_id is refused',
		async (required) => {
			h.sim.config.patchRequiresTicketId = required;
			const r = await call('PATCH', '/api/v1/detections/1002', { status: 'in_progress' });
			expect(r.status).toBe(required ? 400 : 204);
			if (required) expect(r.json.field).toBe('ticket_id');
			h.sim.takeViolations();
		},
	);

	it.each([false, true])(
		'modTimeInclusive %p: a detection modified exactly at mod_time is returned only when inclusive',
		async (inclusive) => {
			h.sim.config.modTimeInclusive = inclusive;
			const d = h.sim.getDetection(1003);
			const r = await call('POST', '/api/v1/detections/search', {
				mod_time: d.mod_time,
				id_only: true,
			});
			expect(r.json.includes(1003)).toBe(inclusive);
		},
	);
});
