/**
 * Workflows saved by earlier versions keep working. Each fixture is a state exactly as a cursor
 * saved it (v1: the cursor before 0.2, unpacked; v2: the packed format, with and without `x` and
 * `floor`), captured by running that cursor on a history of test/helpers/cursor-worlds.ts up to
 * the step named. The test rebuilds that world without polling, lets it go on (new detections in a
 * tie, an update, a write-back, a late arrival) and checks that the trigger goes on from exactly
 * where the state stood: every version it had not handled once, none it had handled again, the
 * same emissions in the same polls as the cursor that saved it, and the same next state.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_WINDOW_ENTRIES,
	poll,
	type CursorState,
	type PollSettings,
} from '../../nodes/ExtraHop/trigger/cursor';
import {
	BURST_SETTINGS,
	BURST_STEPS,
	CONTINUATION,
	STEADY_SETTINGS,
	STEADY_STEPS,
	replay,
	type Step,
} from '../helpers/cursor-worlds';
import { MIN, MemoryExtraHop } from '../helpers/memory-extrahop';
import floorState from './fixtures/cursor-state-v2-floor.json';

type Reading = 'exclusive' | 'inclusive';

interface Fixture {
	name: string;
	/** The last step of STEADY_STEPS before the state was saved. */
	upTo: number;
	state: unknown;
	/** The state after the first poll that follows, by the reading it runs under. */
	next: Partial<Record<Reading, CursorState>>;
}

/** The states the first poll after them saved, as the cursor before the split saved them. */
const AFTER_TIE: CursorState = {
	v: 2,
	w: { t: 1800001079000, i: 1044 },
	c: 1800000419000,
	floor: null,
	seen: {
		i: 'sb,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,-w,19,-c,1,1,1,1,1,1,1,1',
		t: '1e4s8,1aao,1aao,1aao,1aao,1aao,1aao,1aao,1aao,1aao,1aao,eseo,3uw,3uw,3uw,3uw,3uw,3uw,gpuo,3fgg,7ps,7pr,1,0,0,0,18r4,rs',
		f: '98jEY/A8KxqZRBUhFlbterV2J16fL7TMW4C2CKcm9TsVyncz3XLPTaCF/4ssGEHX+G3KQQKsdcm/p4GRwlRQfZAZ0ZVdYTUz0l7HpHGfJnMpWdR4kgtbOVjfBwcGD4U/VYQBmUoMK4TDFsmdOuuHqZWfGCKiFSQN6J5fnq5RpiTwAXrN8+lCYlDut9EqHsZAHxUvwkPDnf9q1zkEoHSNxQSXNFurpXFi',
	},
};

const AFTER_X: CursorState = {
	v: 2,
	w: { t: 1800001139500, i: 1046 },
	c: 1800000479000,
	floor: null,
	seen: {
		i: 'rv,19,-9,1,1,1,-n,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,5,1,1,1',
		t: 'n4y4,i05c,2klc,0,0,0,1aao,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,18ql,rs,dw,0',
		f: 'K4TDFsmdiRboGKZs8+lCYlDut9EqHsZAHxUvwkPDnf9q1zkE98jEY/A8KxqZRBUhFlbterV2J16fL7TMW4C2CKcm9TsVyncz3XLPTaCF/4ssGEHX+G3KQQKsdcm/p4GRwlRQfZAZ0ZVdYTUz0l7HpHGfJnMpWdR4kgtbOVjfBwcGD4U/VYQBmUoMGCKiFSQN6J5fnq5RpiTwAXrNbfefp7KqIVKHj2NRCOPXHHxmXHkUVGV3',
	},
	x: 1,
};

const AFTER_QUIET: CursorState = {
	v: 2,
	w: { t: 1800002939500, i: 1046 },
	c: 1800002339000,
	floor: null,
	seen: {
		i: 'rv,10,1,1,1,-n,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,a,-5,1,1,1',
		t: '1ppu4,kkqo,0,0,0,1aao,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,ypzh,53n4,rs,dw,0',
		f: 'K4TDFsmd8+lCYlDut9EqHsZAHxUvwkPDnf9q1zkE98jEY/A8KxqZRBUhFlbterV2J16fL7TMW4C2CKcm9TsVyncz3XLPTaCF/4ssGEHX+G3KQQKsdcm/p4GRwlRQfZAZ0ZVdYTUz0l7HpHGfJnMpWdR4kgtbOVjfBwcGD4U/VYQBmUoMGCKiFSQN6J5fnq5RpiTwAXrN+NF6WcJqlCdA0cR4Twqr73TaRNe9hA9M0yZ3/0Oh',
	},
};

/** The conversion starts the window a tolerance before the watermark, not at the server's clock. */
const AFTER_TIE_FROM_V1: CursorState = { ...AFTER_TIE, c: 1800000420000 };

const FIXTURES: Fixture[] = [
	{
		name: 'v2, capped inside a tie group',
		upTo: 3,
		state: {
			v: 2,
			w: { t: 1800001020000, i: 1040 },
			c: 1800000419000,
			floor: null,
			seen: {
				i: 'sb,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,-w,x,1,1,1,1',
				t: '1cv9c,1aao,1aao,1aao,1aao,1aao,1aao,1aao,1aao,1aao,1aao,eseo,3uw,3uw,3uw,3uw,3uw,3uw,k5b4,7ps,7pr,1,0',
				f: '98jEY/A8KxqZRBUhFlbterV2J16fL7TMW4C2CKcm9TsVyncz3XLPTaCF/4ssGEHX+G3KQQKsdcm/p4GRwlRQfZAZ0ZVdYTUz0l7HpHGfJnMpWdR4kgtbOVjfBwcGD4U/VYQBmUoMK4TDFsmdGCKiFSQN6J5fnq5RpiTwAXrN8+lCYlDut9EqHsZA',
			},
		},
		next: { exclusive: AFTER_TIE, inclusive: AFTER_TIE },
	},
	{
		name: 'v2, mod_time found inclusive (x)',
		upTo: 4,
		state: {
			v: 2,
			w: { t: 1800001080019, i: 1038 },
			c: 1800000479000,
			floor: null,
			seen: {
				i: 'rv,10,1,1,1,-n,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1',
				t: 'lv1v,kkqo,0,0,0,1aao,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1',
				f: 'K4TDFsmd8+lCYlDut9EqHsZAHxUvwkPDnf9q1zkE98jEY/A8KxqZRBUhFlbterV2J16fL7TMW4C2CKcm9TsVyncz3XLPTaCF/4ssGEHX+G3KQQKsdcm/p4GRwlRQfZAZ0ZVdYTUz0l7HpHGfJnMpWdR4kgtbOVjfBwcGD4U/VYQBmUoMGCKiFSQN6J5fnq5RpiTwAXrN',
			},
			x: 1,
		},
		next: { inclusive: AFTER_X },
	},
	{
		name: 'v2, quiet (the window empty)',
		upTo: 5,
		state: {
			v: 2,
			w: { t: 1800001080019, i: 1038 },
			c: 1800002279000,
			floor: null,
			seen: {
				i: 'rv,10,1,1,1,-n,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1',
				t: 'lv1v,kkqo,0,0,0,1aao,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1',
				f: 'K4TDFsmd8+lCYlDut9EqHsZAHxUvwkPDnf9q1zkE98jEY/A8KxqZRBUhFlbterV2J16fL7TMW4C2CKcm9TsVyncz3XLPTaCF/4ssGEHX+G3KQQKsdcm/p4GRwlRQfZAZ0ZVdYTUz0l7HpHGfJnMpWdR4kgtbOVjfBwcGD4U/VYQBmUoMGCKiFSQN6J5fnq5RpiTwAXrN',
			},
		},
		next: { exclusive: AFTER_QUIET, inclusive: { ...AFTER_QUIET, x: 1 } },
	},
	{
		name: 'v1, capped inside a tie group',
		upTo: 3,
		state: {
			v: 1,
			w: { t: 1800001020000, i: 1040 },
			floor: null,
			seen: {
				'1003': [960000, 'K4TDFsmdKyXq'],
				'1019': [2280000, '98jEY/A8D2NM'],
				'1020': [2220000, 'KxqZRBUhL09+'],
				'1021': [2160000, 'FlbterV2XeIt'],
				'1022': [2100000, 'J16fL7TM9icx'],
				'1023': [2040000, 'W4C2CKcm0+XU'],
				'1024': [1980000, '9TsVynczglL8'],
				'1025': [1920000, '3XLPTaCF0lK5'],
				'1026': [1860000, '/4ssGEHXMgjX'],
				'1027': [1800000, '+G3KQQKs6snr'],
				'1028': [1740000, 'dcm/p4GRQCem'],
				'1029': [1680000, 'wlRQfZAZTcK3'],
				'1030': [990000, '0ZVdYTUzF5O9'],
				'1031': [985000, '0l7HpHGf7bKL'],
				'1032': [980000, 'JnMpWdR4RFUs'],
				'1033': [975000, 'kgtbOVjfQO5i'],
				'1034': [970000, 'BwcGD4U/f2jB'],
				'1035': [965000, 'VYQBmUoMkixT'],
				'1036': [20000, 'GCKiFSQN7Url'],
				'1037': [10000, '6J5fnq5RFNc4'],
				'1038': [1, 'piTwAXrN/nA8'],
				'1039': [0, '8+lCYlDuZCqH'],
				'1040': [0, 't9EqHsZA47Dp'],
			},
		},
		next: { exclusive: AFTER_TIE_FROM_V1, inclusive: AFTER_TIE_FROM_V1 },
	},
	{
		name: 'v1, quiet',
		upTo: 5,
		state: {
			v: 1,
			w: { t: 1800001080019, i: 1038 },
			floor: null,
			seen: {
				'1003': [1020019, 'K4TDFsmdKyXq'],
				'1019': [19, '98jEY/A8D2NM'],
				'1020': [18, 'KxqZRBUhL09+'],
				'1021': [17, 'FlbterV2XeIt'],
				'1022': [16, 'J16fL7TM9icx'],
				'1023': [15, 'W4C2CKcm0+XU'],
				'1024': [14, '9TsVynczglL8'],
				'1025': [13, '3XLPTaCF0lK5'],
				'1026': [12, '/4ssGEHXMgjX'],
				'1027': [11, '+G3KQQKs6snr'],
				'1028': [10, 'dcm/p4GRQCem'],
				'1029': [9, 'wlRQfZAZTcK3'],
				'1030': [8, '0ZVdYTUzF5O9'],
				'1031': [7, '0l7HpHGf7bKL'],
				'1032': [6, 'JnMpWdR4RFUs'],
				'1033': [5, 'kgtbOVjfQO5i'],
				'1034': [4, 'BwcGD4U/f2jB'],
				'1035': [3, 'VYQBmUoMkixT'],
				'1036': [2, 'GCKiFSQN7Url'],
				'1037': [1, '6J5fnq5RFNc4'],
				'1038': [0, 'piTwAXrN/nA8'],
				'1039': [60019, '8+lCYlDuZCqH'],
				'1040': [60019, 't9EqHsZA47Dp'],
				'1041': [60019, 'HxUvwkPDL9X3'],
				'1042': [60019, 'nf9q1zkEoMWV'],
			},
		},
		next: { exclusive: AFTER_QUIET, inclusive: { ...AFTER_QUIET, x: 1 } },
	},
];

/** What the polls after each capture point emit (id@mod_time event), poll by poll, until quiet. */
const EXPECTED: Record<number, string[][]> = {
	3: [
		[
			'1048@1800000840000 created',
			'1041@1800001020000 created',
			'1042@1800001020000 created',
			'1043@1800001078000 created',
			'1044@1800001079000 created',
		],
		[
			'1045@1800001079500 created',
			'1046@1800001079500 created',
			'1047@1800001079500 created',
			'1030@1800001080000 updated',
		],
		[],
		[],
	],
	4: [
		[
			'1048@1800000900000 created',
			'1043@1800001138000 created',
			'1044@1800001139000 created',
			'1045@1800001139500 created',
			'1046@1800001139500 created',
		],
		['1047@1800001139500 created', '1030@1800001140000 updated'],
		[],
		[],
	],
	5: [
		[
			'1048@1800002700000 created',
			'1043@1800002938000 created',
			'1044@1800002939000 created',
			'1045@1800002939500 created',
			'1046@1800002939500 created',
		],
		['1047@1800002939500 created', '1030@1800002940000 updated'],
		[],
		[],
	],
};

const keyOf = (d: IDataObject) => ({ t: d.mod_time as number, i: d.id as number });
const after = (a: { t: number; i: number }, b: { t: number; i: number }) =>
	a.t > b.t || (a.t === b.t && a.i > b.i);

/** Rebuilds the world the state describes, lets it go on, and polls from the state until quiet. */
async function goOn(
	steps: Step[],
	upTo: number,
	reading: Reading,
	state: unknown,
	settings: PollSettings,
) {
	const server = new MemoryExtraHop(reading === 'inclusive');
	replay(server, steps, upTo);
	CONTINUATION(server);
	const polls: string[][] = [];
	let next: CursorState | undefined;
	let previous = structuredClone(state);
	for (let quiet = 0; quiet < 2 && polls.length < 20;) {
		if (polls.length > 0) server.now += MIN;
		const out = await poll(server.search, previous, settings);
		previous = out.state;
		next ??= structuredClone(out.state);
		polls.push(
			out.emitted.map(
				({ detection, event }) => `${String(detection.id)}@${String(detection.mod_time)} ${event}`,
			),
		);
		quiet = out.emitted.length === 0 && !out.more ? quiet + 1 : 0;
	}
	return { server, polls, next: next!, emitted: polls.flat().map((line) => line.split(' ')[0]) };
}

describe('ExtraHop Trigger: states saved by earlier versions', () => {
	for (const fixture of FIXTURES) {
		for (const reading of Object.keys(fixture.next) as Reading[]) {
			it(`${fixture.name}, mod_time ${reading}: goes on exactly once, as the cursor that saved it`, async () => {
				const { server, polls, next, emitted } = await goOn(
					STEADY_STEPS,
					fixture.upTo,
					reading,
					fixture.state,
					STEADY_SETTINGS,
				);
				expect(polls).toEqual(EXPECTED[fixture.upTo]);
				expect(next).toEqual(fixture.next[reading]);
				// The same, from the world's side: every current version after the saved watermark and
				// the late arrival, once each; not the write-back on a remembered detection (1031).
				const w = (fixture.state as CursorState).w;
				const late = [...server.rows.values()].at(-1)!;
				const truth = [...server.rows.values()]
					.filter((d) => d.id !== 1031 && (after(keyOf(d), w) || d === late))
					.map((d) => server.key(d.id as number));
				expect([...emitted].sort()).toEqual(truth.sort());
			});
		}
	}

	it.each(['exclusive', 'inclusive'] as const)(
		'v2 with a floor (a burst larger than the window may hold), mod_time %s: the rest of the burst once',
		async (reading) => {
			const state = floorState as unknown as CursorState;
			expect(state.floor!.t).toBeGreaterThanOrEqual(state.c);
			const { server, polls, emitted } = await goOn(BURST_STEPS, 1, reading, state, BURST_SETTINGS);
			expect(polls.map((p) => p.length)).toEqual([1007, 0, 0]);
			expect(new Set(emitted).size).toBe(emitted.length);
			// Its floor lies inside a tie group: the window is read in full once more (the 5,000
			// remembered and what follows), then the floor covers whole groups and polls read on.
			expect(server.detectionsRead).toBeLessThanOrEqual(MAX_WINDOW_ENTRIES + 1007 + 10);
			// The late arrival lies before the floor: the tolerance has shrunk for this burst, as documented.
			const truth = [...server.rows.values()]
				.filter((d) => after(keyOf(d), state.w))
				.map((d) => server.key(d.id as number));
			expect([...emitted].sort()).toEqual(truth.sort());
		},
	);
});
