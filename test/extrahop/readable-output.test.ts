/**
 * Readable output by default, in new node versions only: ExtraHop 1.2 and the Poll Trigger 1.1
 * simplify their detections and devices by default and put an ISO 8601 copy beside every epoch
 * time; version 1 (and the ExtraHop node's 1.1), in saved workflows, keep their output.
 */
import type { IDataObject } from 'n8n-workflow';

import { TRIGGER_TYPE } from '../helpers/trigger';
import { byId, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function run(
	typeVersion: number,
	parameters: Record<string, unknown>,
): Promise<IDataObject[]> {
	const out = await h.engine.runNode(extraHopNode(parameters, { typeVersion }));
	return out.map((o) => o.json);
}

/** Every top-level epoch-milliseconds time has its ISO copy right after it. */
function expectReadableTimes(item: IDataObject) {
	const keys = Object.keys(item);
	const times = keys.filter(
		(k) =>
			/(^|_)time$|^expiration$/.test(k) && typeof item[k] === 'number' && Number(item[k]) > 1e11,
	);
	expect(times.length).toBeGreaterThan(0);
	for (const key of times) {
		expect(keys[keys.indexOf(key) + 1]).toBe(`${key}_iso`);
		expect(item[`${key}_iso`]).toBe(new Date(Number(item[key])).toISOString());
	}
}

const noIso = (item: IDataObject) => Object.keys(item).filter((k) => k.endsWith('_iso'));

describe('ExtraHop node 1.2: read operations answer readably by default', () => {
	it('Detection > Get Many and Get: simplified, ID and title first, ISO times beside epoch ones', async () => {
		for (const parameters of [
			{ resource: 'detection', operation: 'getAll', limit: 3 },
			{ resource: 'detection', operation: 'get', detectionId: byId(1004) },
		]) {
			const items = await run(1.2, parameters);
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) {
				expect(Object.keys(item).slice(0, 2)).toEqual(['id', 'title']);
				expect(item.mod_time_iso).toMatch(ISO);
				expectReadableTimes(item);
				expect(item.participants).toBeUndefined();
			}
		}
	});

	it('Device > Search: the summary (a handful of columns, name before addresses), not the 40-odd fields', async () => {
		const [device] = await run(1.2, { resource: 'device', operation: 'search', limit: 1 });
		expect(Object.keys(device)).toEqual([
			'id',
			'name',
			'ipaddrs',
			'macaddr',
			'role',
			'vendor',
			'on_watchlist',
			'url',
		]);
		const [full] = await run(1.2, {
			resource: 'device',
			operation: 'search',
			limit: 1,
			simplify: false,
		});
		expect(Object.keys(full).length).toBeGreaterThan(30);
		expectReadableTimes(full);
	});

	it('Investigations and tuning rules: an ISO time beside each epoch one', async () => {
		await run(1.2, {
			resource: 'investigation',
			operation: 'create',
			name: 'Readable times',
		});
		const [investigation] = await run(1.2, { resource: 'investigation', operation: 'getAll' });
		expectReadableTimes(investigation);
		expect(investigation.creation_time_iso).toMatch(ISO);
		await run(1.2, {
			resource: 'tuningRule',
			operation: 'create',
			detectionTypes: ['port_scan'],
			offender: 'Any',
			victim: 'Any',
		});
		const [rule] = await run(1.2, { resource: 'tuningRule', operation: 'getAll' });
		expectReadableTimes(rule);
		// No expiry (ExtraHop answers null, or 0) is not a time.
		expect(rule.expiration ?? 0).toBe(0);
		expect(rule.expiration_iso).toBeUndefined();
	});

	it.each([1, 1.1])(
		'version %s keeps its output: full detections and devices, epoch times only',
		async (typeVersion) => {
			const [detection] = await run(typeVersion, {
				resource: 'detection',
				operation: 'getAll',
				limit: 1,
			});
			expect(detection.participants).toBeDefined();
			expect(noIso(detection)).toEqual([]);
			const [device] = await run(typeVersion, {
				resource: 'device',
				operation: 'search',
				limit: 1,
			});
			expect(Object.keys(device).length).toBeGreaterThan(30);
			expect(noIso(device)).toEqual([]);
			await run(typeVersion, { resource: 'investigation', operation: 'create', name: 'Old' });
			const [investigation] = await run(typeVersion, {
				resource: 'investigation',
				operation: 'getAll',
			});
			expect(noIso(investigation)).toEqual([]);
		},
	);
});

describe('Poll Trigger 1.1: Fetch Test Event answers readably by default', () => {
	async function fetchTestEvent(typeVersion: number, parameters: IDataObject = {}) {
		const workflow = h.engine.workflow([
			{
				name: 'Poll',
				type: TRIGGER_TYPE,
				typeVersion,
				parameters: { events: ['created', 'updated'], ...parameters } as never,
				credentials: { extraHopApi: 'eh-key' },
			},
		]);
		const result = await h.engine.poll(workflow, 'Poll', 'manual');
		return result![0][0].json;
	}

	it('version 1.1: simplified, ISO times beside epoch ones', async () => {
		const item = await fetchTestEvent(1.1);
		expect(Object.keys(item).slice(0, 2)).toEqual(['id', 'title']);
		expectReadableTimes(item);
		expect(item.event).toMatch(/^(created|updated)$/);
	});

	it('version 1.1 with Simplify off: the full detection, with ISO times', async () => {
		const item = await fetchTestEvent(1.1, { simplify: false });
		expect(item.participants).toBeDefined();
		expectReadableTimes(item);
	});

	it('version 1 keeps its output: the full detection, epoch times only', async () => {
		const item = await fetchTestEvent(1);
		expect(item.participants).toBeDefined();
		expect(noIso(item)).toEqual([]);
		const simplified = await fetchTestEvent(1, { options: { simplify: true } });
		expect(Object.keys(simplified).slice(0, 2)).toEqual(['id', 'title']);
	});
});
