/**
 * The chaos test's oracle and plan (test/queue/chaos-oracle.js, chaos-plan.js), without n8n: each
 * verdict fails on the defect it names, the touched/untouched split follows its definition, and a
 * seed always gives the same schedule of at least 300 new and updated detections.
 */
const oracle = require('./chaos-oracle') as {
	verdicts: (state: any) => any;
	latencies: (input: any) => any;
	stats: (ms: number[]) => { n: number; p50: number; p95: number; max: number } | null;
};
const plan = require('./chaos-plan') as {
	variant: (name: string | undefined, seed: number) => any;
	schedule: (v: any) => { at: number; flow: string; kind: string; index: number }[];
	killAfter: (v: any, k: number) => number;
};

const T = 1_000_000;

/** Two detections per flow, each ticketed once by its write-back. */
function cleanState() {
	const detections = {
		poll: [
			{ id: 2000, create_time: T, ticket_id: 'SOC-1', status: 'in_progress', resolution: null },
			{ id: 2001, create_time: T, ticket_id: 'SOC-2', status: 'in_progress', resolution: null },
		],
		push: [
			{ id: 600000, create_time: T, ticket_id: 'SOC-3', status: 'in_progress', resolution: null },
			{ id: 600001, create_time: T, ticket_id: 'SOC-4', status: 'in_progress', resolution: null },
		],
	};
	const writeBack = (id: number, key: string, at: number) => ({
		id,
		at,
		user: 'apiuser',
		fields: { ticket_id: key, status: 'in_progress', assignee: 'escalations_team' },
		ticketBefore: null,
	});
	return {
		detections,
		tracking: {
			poll: [writeBack(2000, 'SOC-1', T + 30_000), writeBack(2001, 'SOC-2', T + 200_000)],
			push: [writeBack(600000, 'SOC-3', T + 2_000), writeBack(600001, 'SOC-4', T + 60_000)],
		},
		issues: [
			{ key: 'SOC-1', labels: ['extrahop', 'extrahop-2000', 'sec.attack'] },
			{ key: 'SOC-2', labels: ['extrahop', 'extrahop-2001'] },
			{ key: 'SOC-3', labels: ['extrahop', 'extrahop-600000'] },
			{ key: 'SOC-4', labels: ['extrahop', 'extrahop-600001'] },
		],
	};
}

const clean = (v: any) =>
	['poll', 'push'].every((f) =>
		['noTicket', 'noIssue', 'duplicates', 'wrongTicket', 'echoes', 'rewritten'].every(
			(k) => v[f][k].length === 0,
		),
	) && v.orphans.length === 0;

describe('the chaos oracle', () => {
	it('passes a converged, clean state', () => {
		expect(clean(oracle.verdicts(cleanState()))).toBe(true);
	});

	it('finds a detection without a ticket id and without an issue', () => {
		const s = cleanState();
		s.detections.push[1].ticket_id = null as never;
		s.issues.pop();
		s.tracking.push.pop();
		const v = oracle.verdicts(s);
		expect(v.push.noTicket).toEqual([600001]);
		expect(v.push.noIssue).toEqual([600001]);
		expect(clean(v)).toBe(false);
	});

	it('finds a duplicate ticket, and a ticket id that is not the issue labelled for it', () => {
		const s = cleanState();
		s.issues.push({ key: 'SOC-5', labels: ['extrahop-2000'] });
		s.detections.poll[1].ticket_id = 'SOC-3';
		const v = oracle.verdicts(s);
		expect(v.poll.duplicates).toEqual([{ id: 2000, keys: ['SOC-1', 'SOC-5'] }]);
		expect(v.poll.wrongTicket).toEqual([{ id: 2001, ticket: 'SOC-3', key: 'SOC-2' }]);
	});

	it('finds an issue without its detection', () => {
		const s = cleanState();
		s.issues.push({ key: 'SOC-9', labels: ['extrahop', 'extrahop-999999'] });
		s.issues.push({ key: 'SOC-10', labels: ['extrahop'] });
		expect(oracle.verdicts(s).orphans.map((i: any) => i.key)).toEqual(['SOC-9', 'SOC-10']);
	});

	it('finds echoes: a status-only change, a second write changing the assignee, a closing', () => {
		const s = cleanState();
		s.tracking.push.push({
			id: 600000,
			at: T + 9_000,
			user: 'apiuser',
			fields: { status: 'in_progress' } as never,
			ticketBefore: 'SOC-3' as never,
		});
		s.tracking.poll.push({
			...s.tracking.poll[0],
			at: T + 90_000,
			fields: { ...s.tracking.poll[0].fields, assignee: 'someone' },
		});
		s.detections.poll[1].status = 'closed';
		const v = oracle.verdicts(s);
		expect(v.poll.echoes.map((e: any) => e.id)).toEqual([2000, 2001]);
		expect(v.push.echoes.map((e: any) => e.id)).toEqual([600000]);
		expect(v.poll.rewritten).toEqual([]);
		expect(clean(v)).toBe(false);
	});

	it('finds a second write-back with the same values (two executions for one detection)', () => {
		const s = cleanState();
		s.tracking.push.push({ ...s.tracking.push[1], at: T + 61_000, ticketBefore: 'SOC-4' as never });
		const v = oracle.verdicts(s);
		expect(v.push.echoes).toEqual([]);
		expect(v.push.rewritten.map((e: any) => e.id)).toEqual([600001]);
		expect(clean(v)).toBe(false);
	});
});

describe('the latency figures', () => {
	const base = () => {
		const s = cleanState();
		return {
			detections: s.detections,
			tracking: s.tracking,
			updates: { poll: [], push: [] },
			pushes: [],
			windows: [],
			killedPolls: [],
			reach: { poll: 90_000, push: 15_000 },
		};
	};

	it('nearest-rank percentiles in seconds', () => {
		const ms = Array.from({ length: 100 }, (_, i) => (i + 1) * 1000);
		expect(oracle.stats(ms)).toEqual({ n: 100, p50: 50, p95: 95, max: 100 });
		expect(oracle.stats([])).toBeNull();
	});

	it('without faults every detection is untouched', () => {
		const f = oracle.latencies(base());
		expect(f.poll.untouched).toEqual({ n: 2, p50: 30, p95: 200, max: 200 });
		expect(f.poll.touched).toBeNull();
		expect(f.push.untouched).toEqual({ n: 2, p50: 2, p95: 60, max: 60 });
	});

	it('touched: created or updated within a fault window or its reach before it, a lost push, a killed poll', () => {
		const input: any = base();
		// A fault starting 80 s after the creations: within the poll flow's reach, not the push flow's.
		input.windows = [
			{ name: 'Jira 503', from: T + 80_000, to: T + 140_000, flows: ['poll', 'push'] },
		];
		let f = oracle.latencies(input);
		expect(f.poll.touchedIds).toEqual([2000, 2001]);
		expect(f.push.touchedIds).toEqual([]);
		// A fault of the push flow only, at the creations: touches no poll detection.
		input.windows = [{ name: 'webhook process kill', from: T, to: T + 5_000, flows: ['push'] }];
		f = oracle.latencies(input);
		expect(f.poll.touchedIds).toEqual([]);
		expect(f.push.touchedIds).toEqual([600000, 600001]);
		input.windows = [
			{ name: 'Jira 503', from: T + 80_000, to: T + 140_000, flows: ['poll', 'push'] },
		];
		// An update of 600001 within the window.
		input.updates.push = [{ id: 600001, at: T + 100_000 }];
		// A lost push of 600000's creation (an echo's loss does not count).
		input.pushes = [
			{ id: 600000, change: 'tracking', dropped: true, deliveries: [] },
			{ id: 600001, change: 'created', dropped: false, deliveries: [{ status: 200 }] },
		];
		f = oracle.latencies(input);
		expect(f.push.touchedIds).toEqual([600001]);
		input.pushes.push({ id: 600000, change: 'created', dropped: true, deliveries: [] });
		f = oracle.latencies(input);
		expect(f.push.touchedIds).toEqual([600000, 600001]);
		expect(f.push.untouched).toBeNull();
		expect(f.push.touched).toEqual({ n: 2, p50: 2, p95: 60, max: 60 });
		// A push answered 502 counts as lost for the figures.
		input.windows = [];
		input.updates.push = [];
		input.pushes = [
			{ id: 600001, change: 'modified', dropped: false, deliveries: [{ status: 502 }] },
		];
		input.killedPolls = [[2001]];
		f = oracle.latencies(input);
		expect(f.push.touchedIds).toEqual([600001]);
		expect(f.poll.touchedIds).toEqual([2001]);
	});

	it('counts detections never ticketed apart', () => {
		const input: any = base();
		input.tracking.poll = input.tracking.poll.slice(0, 1);
		const f = oracle.latencies(input);
		expect(f.poll.unticketed).toBe(1);
		expect(f.poll.untouched.n).toBe(1);
	});
});

describe('the chaos plan', () => {
	for (const name of ['compressed', 'full']) {
		it(`${name}: a seed always gives the same schedule, at least 300 new and updated detections`, () => {
			const v = plan.variant(name === 'full' ? 'full' : undefined, 19);
			const s = plan.schedule(v);
			expect(plan.schedule(plan.variant(name === 'full' ? 'full' : undefined, 19))).toEqual(s);
			expect(plan.schedule(plan.variant(name === 'full' ? 'full' : undefined, 20))).not.toEqual(s);
			expect(s.length).toBeGreaterThanOrEqual(300);
			expect(s.every((c, i) => i === 0 || s[i - 1].at <= c.at)).toBe(true);
			for (const flow of ['poll', 'push']) {
				const created = new Map(
					s.filter((c) => c.flow === flow && c.kind === 'create').map((c) => [c.index, c.at]),
				);
				expect(created.size).toBe(v.creations[flow]);
				const updates = s.filter((c) => c.flow === flow && c.kind === 'update');
				expect(updates).toHaveLength(v.updates[flow]);
				// An update comes at least updateMinAgeMs after the creation of what it updates, and at
				// most 2 minutes more (updates spread over the run instead of piling onto the first).
				for (const u of updates) {
					const age = u.at - (created.get(u.index) as number);
					expect(age).toBeGreaterThanOrEqual(v.updateMinAgeMs);
					expect(age).toBeLessThanOrEqual(v.updateMinAgeMs + 120_000);
				}
			}
			expect(s.every((c) => c.at >= 0 && c.at < v.loadMs)).toBe(true);
			// The faults fit the variant's load; Jira's outage has a part without and one with Retry-After.
			expect(v.jira503.retryAfterAfterMs).toBeGreaterThan(0);
			expect(v.jira503.retryAfterAfterMs).toBeLessThan(v.jira503.durationMs);
			expect(v.workerKills.length).toBeGreaterThanOrEqual(2);
			expect(new Set(v.workerKills.map((k: any) => k.flow))).toEqual(new Set(['poll', 'push']));
			expect(v.webhookKill.downMs).toBeGreaterThan(0);
			expect(v.pushDropRate).toBeGreaterThanOrEqual(0.1);
			for (let k = 0; k < v.workerKills.length; k++) {
				const n = plan.killAfter(v, k);
				expect(n).toBeGreaterThanOrEqual(v.killAfterCreates[0]);
				expect(n).toBeLessThanOrEqual(v.killAfterCreates[1]);
			}
		});
	}
	it('full: Jira down at least 2 minutes, everything ticketed within 10 minutes after', () => {
		const v = plan.variant('full', 19);
		expect(v.jira503.durationMs).toBeGreaterThanOrEqual(120_000);
		expect(v.convergeMs).toBeLessThanOrEqual(600_000);
	});
});
