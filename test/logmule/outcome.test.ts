/**
 * The outcome rule on incident shapes the simulator does not produce (the documentation's own
 * example, missing optional fields, odd servers). The engine tests cover the shapes it does.
 */
import {
	incidentOutcome,
	latinKey,
	settleBatchOutcomes,
	withLatinAliases,
} from '../../nodes/LogMule/helpers/incident';

/** The documentation's example answer, reduced to the fields the rule reads (values as printed). */
const SEED_EXAMPLE = {
	id: '497f6eca-6276-4993-bfeb-53cbbbba6f08',
	created_at: '2023-12-20T00:00:01.652259Z',
	updated_at: '2023-12-20T00:00:01.652259Z',
	c_reopened_count: 0,
	c_occurrence_count: 0,
	reopened_at: '2023-12-20T00:00:01.652259Z',
	'\u0441_customer_retention_time': 0,
};

describe('incidentOutcome', () => {
	it("reads the documentation's example (placeholders, reopened_at = created_at, counts 0) as new", () => {
		expect(incidentOutcome(SEED_EXAMPLE)).toBe('new');
	});

	it('is unknown without an occurrence count and without a reopen', () => {
		expect(incidentOutcome({ id: 'x', updated_at: '2024-01-01T00:00:00Z' })).toBe('unknown');
		expect(incidentOutcome({ id: 'x', c_occurrence_count: 'many' })).toBe('unknown');
	});

	it('takes a numeric string count', () => {
		expect(incidentOutcome({ c_occurrence_count: '3' })).toBe('appended');
		expect(incidentOutcome({ c_occurrence_count: '1' })).toBe('new');
	});

	it('a reopen needs reopened_at after created_at and close to updated_at, and a reopen count ≥ 1 when given', () => {
		const base = { created_at: '2024-01-01T00:00:00Z', c_occurrence_count: 4 };
		expect(
			incidentOutcome({
				...base,
				c_reopened_count: 1,
				reopened_at: '2024-02-01T00:00:00.000Z',
				updated_at: '2024-02-01T00:00:00.400Z',
			}),
		).toBe('reopened');
		expect(
			incidentOutcome({
				...base,
				reopened_at: '2024-02-01T00:00:00Z',
				updated_at: '2024-02-01T00:00:00Z',
			}),
		).toBe('reopened');
		expect(
			incidentOutcome({
				...base,
				c_reopened_count: 0,
				reopened_at: '2024-02-01T00:00:00Z',
				updated_at: '2024-02-01T00:00:00Z',
			}),
		).toBe('appended');
		expect(
			incidentOutcome({
				...base,
				c_reopened_count: 1,
				reopened_at: '2024-02-01T00:00:00Z',
				updated_at: '2024-02-01T00:00:02Z',
			}),
		).toBe('appended');
		expect(
			incidentOutcome({
				...base,
				c_reopened_count: 1,
				reopened_at: '2024-01-01T00:00:00Z',
				updated_at: '2024-01-01T00:00:00Z',
			}),
		).toBe('appended');
		expect(
			incidentOutcome({
				...base,
				c_reopened_count: 2,
				reopened_at: null,
				updated_at: '2024-02-01T00:00:00Z',
			}),
		).toBe('appended');
	});

	it('a reopen with the occurrence count reset to 1 is still reopened', () => {
		expect(
			incidentOutcome({
				created_at: '2024-01-01T00:00:00Z',
				c_occurrence_count: 1,
				c_reopened_count: 1,
				reopened_at: '2024-03-01T00:00:00Z',
				updated_at: '2024-03-01T00:00:00Z',
			}),
		).toBe('reopened');
	});
});

describe('settleBatchOutcomes', () => {
	it('keeps "reopened" on the lowest occurrence count of an incident only', () => {
		const items = [
			{ id: 'A', c_occurrence_count: 7, outcome: 'reopened' },
			{ id: 'A', c_occurrence_count: 5, outcome: 'reopened' },
			{ id: 'B', c_occurrence_count: 2, outcome: 'reopened' },
			{ id: 'A', c_occurrence_count: 6, outcome: 'reopened' },
			{ id: 'C', c_occurrence_count: 1, outcome: 'new' },
		];
		settleBatchOutcomes(items);
		expect(items.map((i) => i.outcome)).toEqual([
			'appended',
			'reopened',
			'reopened',
			'appended',
			'new',
		]);
	});
});

describe('Latin aliases', () => {
	it('maps keys spelled with Cyrillic look-alikes, keeps originals, never overwrites', () => {
		expect(latinKey('\u0441_customer_retention_time')).toBe('c_customer_retention_time');
		expect(latinKey('c_customer_retention_time')).toBeUndefined();
		expect(latinKey('\u0441\u0442\u0430\u0442\u0443\u0441')).toBeUndefined();
		expect(latinKey('risk_l\u0435v\u0435l')).toBe('risk_level');
		expect(latinKey('статус_ж')).toBeUndefined();
		const out = withLatinAliases({ '\u0441_customer_retention_time': 5, title: 't' });
		expect(out).toEqual({
			'\u0441_customer_retention_time': 5,
			title: 't',
			c_customer_retention_time: 5,
		});
		const both = withLatinAliases({
			'\u0441_customer_retention_time': 5,
			c_customer_retention_time: 9,
		});
		expect(both.c_customer_retention_time).toBe(9);
	});
});
