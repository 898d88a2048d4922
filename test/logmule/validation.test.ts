import type { IDataObject } from 'n8n-workflow';

import {
	RESULT_ID_FROM_ITEM,
	apiRequests,
	createCalls,
	createIncidentNode,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';

let h: LogMuleSetup;
beforeEach(async () => {
	h = await startLogMule();
});
afterEach(async () => {
	await h.sim.stop();
});

const BAD_IDS: Array<[unknown, string]> = [
	['', 'it is empty'],
	['   \t ', 'it is empty'],
	['.', '"." is a relative path segment, not an ID'],
	['..', '".." is a relative path segment, not an ID'],
	['../../admin', 'it contains a slash; it must be a single ID, not a path or a URL'],
	['abc/def', 'it contains a slash; it must be a single ID, not a path or a URL'],
	['abc\\def', 'it contains a slash; it must be a single ID, not a path or a URL'],
	[
		'https://siem.example.com/cruddy/v2/logmule_go_results/1',
		'it contains a slash; it must be a single ID, not a path or a URL',
	],
	['abc\ndef', 'it contains control characters (line breaks, tabs or other invisible characters)'],
	[
		'abc\u0000def',
		'it contains control characters (line breaks, tabs or other invisible characters)',
	],
	[
		'%2e%2e',
		'it contains percent-encoded path characters (such as %2F or %2E%2E); give the ID itself, not an encoded form',
	],
	[
		'abc%2Fdef',
		'it contains percent-encoded path characters (such as %2F or %2E%2E); give the ID itself, not an encoded form',
	],
	[
		'abc%5Cdef',
		'it contains percent-encoded path characters (such as %2F or %2E%2E); give the ID itself, not an encoded form',
	],
	['x'.repeat(513), 'it is longer than 512 characters'],
	['\ud800abc', 'it contains invalid Unicode (an unpaired surrogate)'],
	[{ id: 'abc' }, 'it is an object or a list, not a single ID; map the field that holds the ID'],
];

describe('Result ID validation: before any request', () => {
	it.each(BAD_IDS)('rejects %j with a clear message and sends nothing', async (bad, why) => {
		let caught:
			{ message: string; description?: string; context?: { itemIndex?: number } } | undefined;
		try {
			await h.engine.runNode(createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }), [
				{ resultId: bad } as IDataObject,
			]);
		} catch (error) {
			caught = error as typeof caught;
		}
		expect(caught?.message).toMatch(/^Invalid result ID "/);
		expect(caught?.message.endsWith(`: ${why}`)).toBe(true);
		expect(caught?.description).toContain('No request was sent');
		expect(caught?.context?.itemIndex).toBe(0);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('one bad item among good ones stops the run before the first request (all items are checked first)', async () => {
		const good = [h.sim.createResult({}), h.sim.createResult({})];
		let caught: { message: string; context?: { itemIndex?: number } } | undefined;
		try {
			await h.engine.runNode(createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }), [
				{ resultId: good[0].id },
				{ resultId: good[1].id },
				{ resultId: '..' },
			]);
		} catch (error) {
			caught = error as typeof caught;
		}
		expect(caught?.message).toBe(
			'Invalid result ID "..": ".." is a relative path segment, not an ID',
		);
		expect(caught?.context?.itemIndex).toBe(2);
		expect(apiRequests(h.sim)).toHaveLength(0);
		expect(h.sim.incidents()).toHaveLength(0);
	});

	it('trims the ID and encodes it as exactly one path segment', async () => {
		await h.sim.stop();
		h = await startLogMule({ idFormat: 'any' });
		const odd = h.sim.createResult({ id: 'rule 7: ü?#&=+;' });
		const plain = h.sim.createResult({ id: 'R-1001' });
		const out = await h.engine.runNode(createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }), [
			{ resultId: `  ${odd.id}\n` },
			{ resultId: plain.id },
		]);
		expect(out.map((o) => o.json.outcome)).toEqual(['new', 'new']);
		const paths = createCalls(h.sim)
			.map((c) => c.path)
			.sort();
		expect(paths).toEqual(
			[
				'/cruddy/v2/logmule_go_results/R-1001/create_incident',
				`/cruddy/v2/logmule_go_results/${encodeURIComponent('rule 7: ü?#&=+;')}/create_incident`,
			].sort(),
		);
		// The simulator decoded the single segment back to the stored result ID.
		expect(
			h.sim
				.occurrences()
				.map((o: { result_id: string }) => o.result_id)
				.sort(),
		).toEqual([odd.id, plain.id].sort());
	});

	it('a number from an expression is accepted as an ID', async () => {
		await h.sim.stop();
		h = await startLogMule({ idFormat: 'any' });
		h.sim.createResult({ id: '4711' });
		const out = await h.engine.runNode(createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }), [
			{ resultId: 4711 },
		]);
		expect(out[0].json.outcome).toBe('new');
		expect(createCalls(h.sim).map((c) => c.path)).toEqual([
			'/cruddy/v2/logmule_go_results/4711/create_incident',
		]);
	});
});

describe('Result ID format (node version 1.1): checked before sending', () => {
	const atVersion = (typeVersion: number, extra: Record<string, unknown> = {}) =>
		createIncidentNode({ resultId: RESULT_ID_FROM_ITEM, ...extra }, { typeVersion });

	it('an ID that is not a UUID is refused with the item index; nothing is sent', async () => {
		const good = h.sim.createResult({});
		let caught:
			{ message: string; description?: string; context?: { itemIndex?: number } } | undefined;
		try {
			await h.engine.runNode(atVersion(1.1), [{ resultId: good.id }, { resultId: 'rule-42' }]);
		} catch (error) {
			caught = error as typeof caught;
		}
		expect(caught?.message).toBe(
			'Invalid result ID "rule-42": it is not a UUID (8-4-4-4-12 hexadecimal digits); to send IDs of another form, turn off "Check Result ID Format"',
		);
		expect(caught?.description).toContain('No request was sent');
		expect(caught?.context?.itemIndex).toBe(1);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('a UUID in capitals passes the check (sent; the simulator stores them in small letters)', async () => {
		const good = h.sim.createResult({});
		const error = await h.engine
			.runNode(atVersion(1.1), [{ resultId: good.id.toUpperCase() }])
			.catch((e: Error) => e);
		expect((error as Error).message).toBe(
			`No correlation result with ID "${good.id.toUpperCase()}"`,
		);
		expect(createCalls(h.sim)).toHaveLength(1);
	});

	it('"Check Result ID Format" off, and version 1 (saved workflows): any ID is sent, as before', async () => {
		await h.sim.stop();
		h = await startLogMule({ idFormat: 'any' });
		h.sim.createResult({ id: 'R-1001' });
		h.sim.createResult({ id: 'R-1002' });
		const off = await h.engine.runNode(atVersion(1.1, { checkResultIdFormat: false }), [
			{ resultId: 'R-1001' },
		]);
		const v1 = await h.engine.runNode(atVersion(1), [{ resultId: 'R-1002' }]);
		expect([...off, ...v1].map((o) => o.json.outcome)).toEqual(['new', 'new']);
		expect(createCalls(h.sim)).toHaveLength(2);
	});
});
