import type { IDataObject } from 'n8n-workflow';

import { apiRequests, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { MOD_TIME_READINGS, TriggerHarness, versionKey } from '../helpers/trigger';

const MIN = 60_000;

describe.each(MOD_TIME_READINGS)('$reading', ({ modTimeInclusive }) => {
	let h: ExtraHopSetup;

	beforeEach(async () => {
		h = await startExtraHop({ modTimeInclusive });
	});
	afterEach(async () => {
		await h.sim.stop();
	});

	function trigger(parameters: IDataObject = {}, credentials?: Record<string, string>) {
		return new TriggerHarness(
			h.engine,
			{ events: ['created', 'updated'], ...parameters },
			credentials,
		);
	}

	const searchCount = () => apiRequests(h.sim, '/api/v1/detections/search').length;

	describe('ExtraHop Trigger: defaults and events', () => {
		it('starts from activation: existing detections are not emitted, new and updated ones are, once each', async () => {
			const t = trigger();
			expect(await t.poll()).toBeNull();
			const created = h.sim.createDetection({ type: 'port_scan' });
			const first = await t.poll();
			expect(first).toHaveLength(1);
			expect(first![0]).toMatchObject({
				id: created.id,
				event: 'created',
				title: 'Port Scan',
				mod_time: created.mod_time,
			});
			// Fields unchanged at the top level: everything the API returned is there as returned.
			for (const [key, value] of Object.entries(h.sim.getDetection(created.id)))
				expect(first![0][key]).toEqual(value);
			expect(await t.poll()).toBeNull();

			h.sim.modifyDetection(1002, { activity: true });
			const second = await t.poll();
			expect(second).toHaveLength(1);
			expect(second![0]).toMatchObject({
				id: 1002,
				event: 'updated',
				mod_time: h.sim.getDetection(1002).mod_time,
			});
			expect(await t.poll()).toBeNull();
		});

		it('does not re-trigger on its own write-back of ticket ID, status or assignee (default update mode)', async () => {
			const t = trigger();
			await t.poll();
			const d = h.sim.createDetection({});
			expect(await t.poll()).toHaveLength(1);
			h.sim.modifyDetection(d.id, {
				fields: { ticket_id: 'SOC-1', status: 'in_progress', assignee: 'alice' },
			});
			expect(await t.poll()).toBeNull();
			// New activity on the same detection still counts.
			h.sim.modifyDetection(d.id, { activity: true });
			const out = await t.poll();
			expect(out).toHaveLength(1);
			expect(out![0]).toMatchObject({ id: d.id, event: 'updated', ticket_id: 'SOC-1' });
		});

		it('emits tracking-only changes in "Any Change" mode', async () => {
			const t = trigger({ updateMode: 'anyChange' });
			await t.poll();
			const d = h.sim.createDetection({});
			await t.poll();
			h.sim.modifyDetection(d.id, { fields: { ticket_id: 'SOC-2' } });
			const out = await t.poll();
			expect(out).toHaveLength(1);
			expect(out![0]).toMatchObject({ id: d.id, event: 'updated', ticket_id: 'SOC-2' });
		});

		it('emits only the selected events', async () => {
			const createdOnly = trigger({ events: ['created'] });
			await createdOnly.poll();
			h.sim.modifyDetection(1003, { activity: true });
			const d = h.sim.createDetection({});
			const out = await createdOnly.poll();
			expect(out!.map((x) => [x.id, x.event])).toEqual([[d.id, 'created']]);
		});

		it('a poll with nothing new makes exactly one search request', async () => {
			const t = trigger();
			await t.poll();
			h.sim.createDetection({});
			await t.poll();
			h.sim.server.clearRequestLog();
			expect(await t.poll()).toBeNull();
			expect(searchCount()).toBe(1);
		});

		it('sends the filters to the search and emits only matching detections', async () => {
			const t = trigger({
				filters: { categories: ['sec.exfil'], riskScoreMin: 50, status: ['.none', 'new'] },
			});
			await t.poll();
			const match = h.sim.createDetection({ type: 'cifs_exfil_anomaly', risk_score: 70 });
			h.sim.createDetection({ type: 'cifs_exfil_anomaly', risk_score: 10 });
			h.sim.createDetection({ type: 'port_scan', risk_score: 90 });
			h.sim.createDetection({ type: 'dns_tunnel', risk_score: 90, status: 'closed' });
			const out = await t.poll();
			expect(out!.map((x) => x.id)).toEqual([match.id]);
			const body = JSON.parse(apiRequests(h.sim, '/api/v1/detections/search').at(-1)!.body);
			expect(body.filter).toEqual({
				categories: ['sec.exfil'],
				risk_score_min: 50,
				status: ['.none', 'new'],
			});
			expect(body.sort).toEqual([
				{ field: 'mod_time', direction: 'asc' },
				{ field: 'id', direction: 'asc' },
			]);
		});

		it('First Run Lookback emits what changed in that period before activation, by the server clock', async () => {
			h.sim.config.clockOffsetMs = -45 * MIN; // the appliance's clock is 45 minutes behind n8n's
			const now = h.sim.now();
			const recent = h.sim.createDetection({
				mod_time: now - 20 * MIN,
				create_time: now - 20 * MIN,
			});
			h.sim.createDetection({ mod_time: now - 90 * MIN });
			const t = trigger({ options: { lookbackMinutes: 60 } });
			const out = await t.poll();
			expect(out!.map((x) => [x.id, x.event])).toEqual([[recent.id, 'created']]);
			expect(await t.poll()).toBeNull();
		});

		it('Fetch Test Event returns the most recent matching detection and never moves the cursor', async () => {
			const t = trigger();
			await t.poll();
			const before = t.snapshot();
			const d = h.sim.createDetection({ type: 'dns_tunnel' });
			const sample = await t.poll('manual');
			expect(sample).toHaveLength(1);
			expect(sample![0]).toMatchObject({ id: d.id, event: 'created' });
			expect(t.snapshot()).toEqual(before);
			// The trigger still emits it afterwards.
			expect((await t.poll())!.map((x) => x.id)).toEqual([d.id]);
		});

		it('passes unknown and missing values through', async () => {
			const t = trigger();
			await t.poll();
			const odd = h.sim.createDetection({ id: 2 ** 53 - 1, status: 'open', risk_score: null });
			delete h.sim.getDetection(odd.id).participants[0].object_value;
			const out = await t.poll();
			expect(out![0]).toMatchObject({ id: 2 ** 53 - 1, status: 'open', risk_score: null });
			expect((out![0].participants as IDataObject[])[0].object_value).toBeUndefined();
		});

		it('Simplify emits the ticket fields and the event', async () => {
			const t = trigger({ options: { simplify: true } });
			await t.poll();
			const d = h.sim.createDetection({ type: 'rare_ssh_port' });
			const [item] = (await t.poll())!;
			expect(item).toMatchObject({
				id: d.id,
				event: 'created',
				title: 'Rare SSH Port',
				url: expect.stringContaining(`/detail/${d.id}`),
			});
			expect(item.participants).toBeUndefined();
			expect(item.offenders).toHaveLength(1);
		});
	});

	describe('ExtraHop Trigger: delivery guarantees', () => {
		it('emits every one of many detections sharing one mod_time, across pages and the per-poll cap', async () => {
			const t = trigger({ options: { maxPerPoll: 7 } });
			await t.poll();
			const time = h.sim.now();
			const ids = Array.from({ length: 60 }, () => h.sim.createDetection({ mod_time: time }).id);
			const seen: string[] = [];
			for (let i = 0; i < 20; i++) {
				const out = await t.poll();
				if (out) seen.push(...out.map(versionKey));
			}
			expect(seen).toHaveLength(60);
			expect(new Set(seen).size).toBe(60);
			expect(new Set(seen)).toEqual(new Set(ids.map((id) => `${id}@${time}`)));
		});

		it('neither skips nor duplicates when detections are modified while it pages', async () => {
			// A cap of 30 makes pages of about 31 versions, so 120 take several pages.
			const t = trigger({ options: { maxPerPoll: 30 } });
			await t.poll();
			const time = h.sim.now();
			const ids = Array.from({ length: 120 }, () => h.sim.createDetection({ mod_time: time }).id);
			// After the first page is served, modify three detections already read and one not yet
			// read: each moves to the end of the order and shifts every later offset.
			let pages = 0;
			h.sim.setOnSearch(({ body }: { body: IDataObject }) => {
				if (++pages === 1)
					for (const id of [...ids.slice(0, 3), ids[50]])
						h.sim.modifyDetection(id, { activity: true });
				void body;
			});
			const emitted: string[] = [];
			for (let i = 0; i < 15; i++) {
				const out = await t.poll();
				if (out) emitted.push(...out.map(versionKey));
			}
			h.sim.setOnSearch(null);
			expect(pages).toBeGreaterThan(4);
			expect(new Set(emitted).size).toBe(emitted.length);
			// Every detection's current version, and every first version read before it changed.
			for (const id of ids) expect(emitted).toContain(`${id}@${h.sim.getDetection(id).mod_time}`);
			for (const id of ids.slice(3, 50)) expect(emitted).toContain(`${id}@${time}`);
			for (const id of ids.slice(51)) expect(emitted).toContain(`${id}@${time}`);
		});

		it('emits a late arrival within the tolerance once, and documents the loss beyond it', async () => {
			const t = trigger({ options: { latenessMinutes: 10 } });
			await t.poll();
			const newest = h.sim.createDetection({});
			await t.poll();
			const late = h.sim.createDetection({ mod_time: newest.mod_time - 8 * MIN });
			const tooLate = h.sim.createDetection({ mod_time: newest.mod_time - 30 * MIN });
			const out = await t.poll();
			expect(out!.map((x) => x.id)).toEqual([late.id]);
			expect(await t.poll()).toBeNull();
			expect(tooLate.id).toBeGreaterThan(0);
		});

		it('a poll that fails part-way emits nothing and moves no cursor; the next poll picks everything up', async () => {
			const t = trigger({ options: { maxPerPoll: 25 } });
			await t.poll();
			const ids = Array.from({ length: 40 }, () => h.sim.createDetection({}).id);
			const before = t.snapshot();
			// The second page fails beyond the retry budget.
			let calls = 0;
			h.sim.setOnSearch(() => {
				if (++calls === 1)
					h.sim.server.injectFault({
						kind: 'status',
						status: 503,
						retryAfter: 0,
						times: 10,
						pathPrefix: '/api/v1/detections/search',
					});
			});
			const t2 = new TriggerHarness(h.engine, {
				events: ['created', 'updated'],
				options: { maxPerPoll: 1000 },
			});
			t2.persisted = before;
			t2.restart();
			h.sim.server.injectFault({
				kind: 'status',
				status: 500,
				times: 1,
				pathPrefix: '/api/v1/detections/search',
			});
			await expect(t.poll()).rejects.toThrow(/HTTP 500/);
			expect(t.snapshot()).toEqual(before);
			h.sim.setOnSearch(null);
			const out = await t.poll();
			expect(out!.map((x) => x.id)).toEqual(ids.slice(0, 25));
			const rest = await t.poll();
			expect(rest!.map((x) => x.id)).toEqual(ids.slice(25));
		});

		it('rides out 429 with Retry-After, 503 and dropped connections within one poll', async () => {
			const t = trigger();
			await t.poll();
			const d = h.sim.createDetection({});
			h.sim.server.injectFault({
				kind: 'status',
				status: 429,
				retryAfter: 0,
				pathPrefix: '/api/v1/detections/search',
			});
			h.sim.server.injectFault({ kind: 'drop', pathPrefix: '/api/v1/detections/search' });
			h.sim.server.injectFault({
				kind: 'status',
				status: 503,
				retryAfter: 0,
				pathPrefix: '/api/v1/detections/search',
			});
			const out = await t.poll();
			expect(out!.map((x) => x.id)).toEqual([d.id]);
			expect(
				apiRequests(h.sim, '/api/v1/detections/search').filter((r) => r.status !== 200),
			).toHaveLength(3);
		});

		it('never emits a version twice across restarts from persisted static data', async () => {
			const t = trigger();
			await t.poll();
			const a = h.sim.createDetection({});
			expect(await t.poll()).toHaveLength(1);
			h.sim.modifyDetection(a.id, { fields: { ticket_id: 'SOC-9' } }); // echo: suppressed, not persisted
			expect(await t.poll()).toBeNull();
			t.restart();
			expect(await t.poll()).toBeNull();
			const b = h.sim.createDetection({});
			t.restart();
			expect((await t.poll())!.map((x) => x.id)).toEqual([b.id]);
			t.restart();
			expect(await t.poll()).toBeNull();
		});

		it("works when the appliance clock is far from n8n's", async () => {
			h.sim.config.clockOffsetMs = 3 * 60 * MIN;
			const t = trigger();
			await t.poll();
			const d = h.sim.createDetection({});
			expect((await t.poll())!.map((x) => x.id)).toEqual([d.id]);
			h.sim.config.clockOffsetMs = -3 * 60 * MIN;
			const e = h.sim.createDetection({});
			// mod_time never goes backwards on the server; the trigger follows the server's values.
			expect((await t.poll())!.map((x) => x.id)).toEqual([e.id]);
		});
	});

	describe('ExtraHop Trigger: reading each version about once', () => {
		it('with filters: the window is checked by its IDs; a late arrival is emitted once even while another detection leaves the filter', async () => {
			const t = trigger({
				filters: { status: ['.none', 'new'] },
				options: { latenessMinutes: 10 },
			});
			await t.poll();
			const a = h.sim.createDetection({ status: 'new' });
			const b = h.sim.createDetection({ status: 'new' });
			expect((await t.poll())!.map((x) => x.id)).toEqual([a.id, b.id]);
			// a leaves the filter (closed) and a late one arrives inside the window: same count.
			h.sim.modifyDetection(a.id, { fields: { status: 'closed' } });
			const late = h.sim.createDetection({ status: 'new', mod_time: b.mod_time - 5 * MIN });
			h.sim.server.clearRequestLog();
			expect((await t.poll())!.map((x) => x.id)).toEqual([late.id]);
			const bodies = apiRequests(h.sim, '/api/v1/detections/search').map((r) => JSON.parse(r.body));
			expect(bodies[0]).toMatchObject({ id_only: true });
			expect(await t.poll()).toBeNull();
		});

		it('reads the window again only when it changed, and nothing but the watermark once it is quiet', async () => {
			const t = trigger();
			await t.poll();
			for (let i = 0; i < 30; i++) h.sim.createDetection({});
			expect(await t.poll()).toHaveLength(30);
			// Under the inclusive reading the first query that meets versions at t - 1 learns it
			// (and asks again): measure once that is done.
			expect(await t.poll()).toBeNull();
			let read = 0;
			h.sim.setOnSearch(({ page }: { page: unknown[] }) => (read += page.length));
			expect(await t.poll()).toBeNull();
			expect(read).toBe(1); // the watermark's own version, proving nothing moved
			h.sim.config.clockOffsetMs += 3 * 60 * MIN;
			await t.poll();
			await t.poll();
			read = 0;
			expect(await t.poll()).toBeNull();
			expect(read).toBe(1);
			h.sim.setOnSearch(null);
			expect(Buffer.byteLength(JSON.stringify(t.cursor()))).toBeLessThan(4 * 1024);
		});
	});

	describe('ExtraHop Trigger: restarts before the first emission', () => {
		// n8n 2.8.4 writes a poller's static data only after a poll that emitted items. A restart
		// before that finds no state, so the trigger starts from the restart time, and what changed
		// while n8n was down is not emitted, unless a First Run Lookback covers the downtime.
		it('starts over from the restart time without a lookback', async () => {
			const t = trigger();
			expect(await t.poll()).toBeNull();
			const duringDowntime = h.sim.createDetection({});
			t.restart();
			expect(await t.poll()).toBeNull();
			const after = h.sim.createDetection({});
			expect((await t.poll())!.map((x) => x.id)).toEqual([after.id]);
			expect(duringDowntime.id).not.toBe(after.id);
		});

		it('with a First Run Lookback longer than the downtime, nothing is lost', async () => {
			const t = trigger({ options: { lookbackMinutes: 60 } });
			const earlier = h.sim.createDetection({
				mod_time: h.sim.now() - 30 * MIN,
				create_time: h.sim.now() - 30 * MIN,
			});
			expect((await t.poll())!.map((x) => x.id)).toEqual([earlier.id]);
			// Persisted now (the poll emitted): a restart resumes exactly.
			const duringDowntime = h.sim.createDetection({});
			t.restart();
			expect((await t.poll())!.map((x) => x.id)).toEqual([duringDowntime.id]);
		});
	});
});
