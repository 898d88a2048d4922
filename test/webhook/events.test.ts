/**
 * What the webhook trigger emits: normalisation with and without an ExtraHop credential,
 * filters, created/updated, what counts as an update, duplicates, memory in static data.
 */
import { MAX_REMEMBERED } from '../../nodes/ExtraHop/webhook/memory';
import { apiRequests, byId, extraHopNode } from '../helpers/extrahop';
import { AUTH, SECRET, emitted, startWebhookTrigger, type Setup } from './setup';

let h: Setup;
afterEach(async () => {
	await h?.stop();
});

const detectionRequests = () => apiRequests(h.sim, '/api/v1/detections');
const ignoredBecause = (reply: { status: number; json: any; execution?: unknown }) => {
	expect(reply.status).toBe(200);
	expect(reply.execution).toBeUndefined();
	return reply.json?.ignored as string;
};

describe('normalisation', () => {
	it('without an ExtraHop credential: the payload as received, id extracted, event added, no ExtraHop request', async () => {
		h = await startWebhookTrigger({ authentication: 'none' });
		const script = { id: '1004', title: 'Database Slow Queries', description: 'desc' };
		expect(emitted(await h.hook.post(script, AUTH))).toEqual([
			{
				id: 1004,
				title: 'Database Slow Queries',
				description: 'desc',
				event: 'created',
				payload_format: 'triggerScript',
			},
		]);
		const jira = {
			fields: {
				summary: 'ExtraHop Detection: 1003: Port Scan',
				priority: { id: 40 },
				labels: ['sec.recon'],
			},
		};
		expect(emitted(await h.hook.post(jira, AUTH))).toEqual([
			{ ...jira, id: 1003, event: 'created', payload_format: 'ticketScript' },
		]);
		const rule = {
			id: 25769803828,
			type: 'DNS Tunnel',
			time: 1,
			categories_ids: ['sec.command'],
			src: { ipaddr: '10.0.0.1' },
			dst: { ipaddr: '10.0.0.2' },
		};
		expect(emitted(await h.hook.post(rule, AUTH))).toEqual([
			{ ...rule, event: 'created', payload_format: 'notificationRule' },
		]);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('with a RevealX 360 credential: the full detection, read with a bearer token', async () => {
		h = await startWebhookTrigger({ authentication: 'revealX360' });
		const [item] = emitted(await h.hook.post({ id: 1004 }, AUTH));
		expect(item).toEqual({
			...h.sim.getDetection(1004),
			url: `${h.url}/extrahop/#/detections/detail/1004`,
			event: 'created',
		});
		const [request] = detectionRequests();
		expect(request.headers.authorization).toMatch(/^Bearer /);
	});

	it('with "API Key" chosen but no credential selected: an error execution that says what to do', async () => {
		h = await startWebhookTrigger({ noApiCredential: true });
		const reply = await h.hook.post({ id: 1004 }, AUTH);
		expect(reply.status).toBe(500);
		expect(h.hook.executions[0].error?.message).toBe('No ExtraHop API credential selected');
		expect(h.hook.executions[0].items).toEqual([]);
	});

	it('a detection ExtraHop does not have: one more look, then an error execution explaining the likely cause', async () => {
		h = await startWebhookTrigger();
		const reply = await h.hook.post({ id: 999999 }, AUTH);
		expect(reply.status).toBe(500);
		expect(detectionRequests().map((r) => r.path)).toEqual([
			'/api/v1/detections/999999',
			'/api/v1/detections/999999',
		]);
		expect(h.hook.executions[0].error?.message).toBe(
			'ExtraHop pushed detection 999999, but the ExtraHop system of the selected credential does not have it',
		);
		expect(h.hook.executions[0].items).toEqual([]);
	});

	it('ExtraHop failing: the push fails visibly and is not remembered, so the next push of it is emitted', async () => {
		h = await startWebhookTrigger();
		h.sim.server.injectFault({
			method: 'GET',
			pathPrefix: '/api/v1/detections/1004',
			kind: 'status',
			status: 500,
			times: 1,
		});
		const failed = await h.hook.post({ id: 1004 }, AUTH);
		expect(failed.status).toBe(500);
		expect(h.hook.executions[0].error?.message).toMatch(
			/ExtraHop failed to process GET \/api\/v1\/detections\/1004 \(HTTP 500\)/,
		);
		expect(h.hook.nodeStaticData.memory).toBeUndefined();
		expect(emitted(await h.hook.post({ id: 1004 }, AUTH))[0].id).toBe(1004);
	});
});

describe('filters, applied before the workflow starts', () => {
	it('categories, minimum risk score, types and the other search filters, on the full detection', async () => {
		h = await startWebhookTrigger({
			parameters: {
				filters: {
					categories: ['sec.exfil', 'sec.command'],
					riskScoreMin: 85,
					status: ['.none', 'in_progress'],
				},
			},
		});
		// 1001: sec.exfil, risk 83 and closed.  1002: sec.command, risk 81.  1003: no risk score.  1004: perf.db.
		// 25769803828: sec.command, risk 91, open -> the only match.
		for (const id of [1001, 1002, 1003, 1004]) {
			expect(ignoredBecause(await h.hook.post({ id }, AUTH))).toBe('filtered');
		}
		const [item] = emitted(await h.hook.post({ id: 25769803828 }, AUTH));
		expect(item.id).toBe(25769803828);
		expect(h.hook.executions).toHaveLength(1);
	});

	it('detection types', async () => {
		h = await startWebhookTrigger({ parameters: { filters: { types: ['rare_ssh_port'] } } });
		expect(ignoredBecause(await h.hook.post({ id: 1004 }, AUTH))).toBe('filtered');
		expect(emitted(await h.hook.post({ id: 1002 }, AUTH))[0].type).toBe('rare_ssh_port');
	});

	it('without a credential, on the payload: a filter on a field the payload lacks does not match', async () => {
		h = await startWebhookTrigger({
			authentication: 'none',
			parameters: {
				payloadFilters: {
					riskScoreMin: 60,
					categories: ['sec.command'],
					types: 'DNS Tunnel, rare_ssh_port',
				},
			},
		});
		expect(ignoredBecause(await h.hook.post({ id: 1 }, AUTH))).toBe('filtered');
		expect(
			ignoredBecause(
				await h.hook.post(
					{ id: 2, riskScore: 59, categories: ['sec.command'], type: 'rare_ssh_port' },
					AUTH,
				),
			),
		).toBe('filtered');
		expect(
			ignoredBecause(
				await h.hook.post(
					{ id: 3, riskScore: 70, categories: ['perf.db'], type: 'rare_ssh_port' },
					AUTH,
				),
			),
		).toBe('filtered');
		expect(
			emitted(
				await h.hook.post(
					{ id: 4, riskScore: '75', categories: ['sec.command'], type: 'rare_ssh_port' },
					AUTH,
				),
			)[0].id,
		).toBe(4);
		// A notification rule: categories_ids, display-name type.
		expect(
			emitted(
				await h.hook.post(
					{
						id: 5,
						risk_score: 91,
						categories_ids: ['sec.command', 'sec.attack'],
						type: 'DNS Tunnel',
					},
					AUTH,
				),
			)[0].id,
		).toBe(5);
		// The seeds' ticket script: risk score in fields.priority.id, categories in fields.labels; no type -> filtered.
		const jira = (risk: number) => ({
			fields: {
				summary: 'ExtraHop Detection: 6: Rare SSH Port',
				priority: { id: risk },
				labels: ['sec.command'],
			},
		});
		expect(ignoredBecause(await h.hook.post(jira(90), AUTH))).toBe('filtered');
		expect(h.hook.executions.map((e) => e.items[0].json.id)).toEqual([4, 5]);
	});

	it('events: only "created", or only "updated"', async () => {
		h = await startWebhookTrigger({ parameters: { events: ['created'] } });
		const d = h.sim.createDetection({ type: 'port_scan', risk_score: 50 });
		expect(emitted(await h.hook.post({ id: d.id }, AUTH))[0].event).toBe('created');
		h.sim.modifyDetection(d.id, { activity: true });
		expect(ignoredBecause(await h.hook.post({ id: d.id }, AUTH))).toBe('eventNotSelected');
		await h.stop();

		h = await startWebhookTrigger({ parameters: { events: ['updated'] } });
		const e = h.sim.createDetection({ type: 'port_scan', risk_score: 50 });
		expect(ignoredBecause(await h.hook.post({ id: e.id }, AUTH))).toBe('eventNotSelected');
		h.sim.modifyDetection(e.id, { activity: true });
		expect(emitted(await h.hook.post({ id: e.id }, AUTH))[0].event).toBe('updated');
	});
});

describe('created or updated, what counts as an update, duplicates', () => {
	it('an unknown detection is "created" if it was created recently, else "updated"; a known one is "updated"', async () => {
		h = await startWebhookTrigger();
		const fresh = h.sim.createDetection({ type: 'dns_tunnel' });
		expect(emitted(await h.hook.post({ id: fresh.id }, AUTH))[0].event).toBe('created');
		h.sim.modifyDetection(fresh.id, { activity: true });
		expect(emitted(await h.hook.post({ id: fresh.id }, AUTH))[0].event).toBe('updated');
		// Created an hour ago, changed now, never pushed before (e.g. the trigger was set up since).
		const old = h.sim.createDetection({ type: 'dns_tunnel', create_time: Date.now() - 3_600_000 });
		h.sim.modifyDetection(old.id, { activity: true });
		expect(emitted(await h.hook.post({ id: old.id }, AUTH))[0].event).toBe('updated');
	});

	it('"activity" (default): a change to ticket tracking fields alone, such as the workflow\'s own write-back, is ignored', async () => {
		h = await startWebhookTrigger();
		const d = h.sim.createDetection({ type: 'port_scan' });
		expect(emitted(await h.hook.post({ id: d.id }, AUTH))[0].event).toBe('created');
		// The workflow writes its ticket back with the ExtraHop node; ExtraHop fires DETECTION_UPDATE for it too.
		const [written] = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId(d.id),
				updateFields: { ticketId: 'SOC-7', status: 'in_progress', assignee: 'soc' },
			}),
		);
		expect(written.json.ticket_id).toBe('SOC-7');
		expect(ignoredBecause(await h.hook.post({ id: d.id }, AUTH))).toBe('trackingOnly');
		// The description's link query strings change on every update: not content.
		h.sim.modifyDetection(d.id, {
			fields: {
				description: String(h.sim.getDetection(d.id).description).replace(/until=\d+/g, 'until=1'),
			},
		});
		expect(ignoredBecause(await h.hook.post({ id: d.id }, AUTH))).toBe('trackingOnly');
		// New activity is an update.
		h.sim.modifyDetection(d.id, { activity: true });
		const [item] = emitted(await h.hook.post({ id: d.id }, AUTH));
		expect(item).toMatchObject({ id: d.id, event: 'updated', ticket_id: 'SOC-7' });
		expect(h.hook.executions).toHaveLength(2);
	});

	it('"anyChange": a ticket-only change is emitted', async () => {
		h = await startWebhookTrigger({ parameters: { updateMode: 'anyChange' } });
		const d = h.sim.createDetection({ type: 'port_scan' });
		await h.hook.post({ id: d.id }, AUTH);
		h.sim.modifyDetection(d.id, { fields: { ticket_id: 'SOC-8' } });
		expect(emitted(await h.hook.post({ id: d.id }, AUTH))[0]).toMatchObject({
			event: 'updated',
			ticket_id: 'SOC-8',
		});
	});

	it('a duplicate push of the same version does not start the workflow twice, also when both arrive together', async () => {
		h = await startWebhookTrigger({ parameters: { updateMode: 'anyChange' } });
		const d = h.sim.createDetection({ type: 'port_scan' });
		expect(emitted(await h.hook.post({ id: d.id }, AUTH))).toHaveLength(1);
		expect(ignoredBecause(await h.hook.post({ id: d.id }, AUTH))).toBe('duplicate');
		// Two pushes of a new version at the same moment: n8n gives each its own copy of static data.
		h.sim.modifyDetection(d.id, { activity: true });
		const replies = await Promise.all([
			h.hook.post({ id: d.id }, AUTH),
			h.hook.post({ id: d.id }, AUTH),
			h.hook.post({ id: d.id }, AUTH),
		]);
		expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(replies.filter((r) => r.execution)).toHaveLength(1);
		expect(replies.filter((r) => r.json?.ignored === 'duplicate')).toHaveLength(2);
		expect(h.hook.executions.map((e) => e.items[0].json.event)).toEqual(['created', 'updated']);
	});

	it('without a credential: same mod_time is a duplicate, an older one is stale, an identical payload is a duplicate', async () => {
		h = await startWebhookTrigger({
			authentication: 'none',
			parameters: { updateMode: 'anyChange' },
		});
		expect(emitted(await h.hook.post({ id: 77, mod_time: 2000, title: 'A' }, AUTH))[0].event).toBe(
			'created',
		);
		expect(ignoredBecause(await h.hook.post({ id: 77, mod_time: 2000, title: 'A' }, AUTH))).toBe(
			'duplicate',
		);
		expect(
			ignoredBecause(await h.hook.post({ id: 77, mod_time: 1000, title: 'older' }, AUTH)),
		).toBe('stale');
		expect(
			emitted(await h.hook.post({ id: 77, mod_time: 3000, title: 'B' }, AUTH))[0],
		).toMatchObject({ event: 'updated', title: 'B' });
		expect(emitted(await h.hook.post({ id: 78, title: 'no times' }, AUTH))[0].event).toBe(
			'created',
		);
		expect(ignoredBecause(await h.hook.post({ id: 78, title: 'no times' }, AUTH))).toBe(
			'duplicate',
		);
		expect(emitted(await h.hook.post({ id: 78, title: 'changed' }, AUTH))[0].event).toBe('updated');
	});

	it("the memory lives in the node's static data, bounded, with no payload content and no secret", async () => {
		h = await startWebhookTrigger();
		await h.hook.post({ id: 1004 }, AUTH);
		await h.hook.post({ id: 1002 }, AUTH);
		const memory = h.hook.nodeStaticData.memory as {
			v: number;
			seen: Record<string, [number, string, string]>;
		};
		expect(memory.v).toBe(1);
		expect(Object.keys(memory.seen)).toEqual(['d1004', 'd1002']);
		expect(memory.seen.d1004[0]).toBe(h.sim.getDetection(1004).mod_time);
		expect(memory.seen.d1004[1]).toMatch(/^[A-Za-z0-9+/]{12}$/);
		const stored = JSON.stringify(h.hook.storedStaticData);
		expect(stored).not.toContain(SECRET);
		expect(stored).not.toContain(String(h.sim.getDetection(1004).title));
		expect(MAX_REMEMBERED).toBe(2000);
	});

	it('"Listen for test event" (test URL): every push is shown, nothing is remembered', async () => {
		h = await startWebhookTrigger();
		const first = await h.hook.post({ id: 1004 }, AUTH, true);
		const second = await h.hook.post({ id: 1004 }, AUTH, true);
		expect(emitted(first)[0].event).toBe('created');
		expect(emitted(second)[0].event).toBe('created');
		expect(h.hook.executions.map((e) => e.mode)).toEqual(['manual', 'manual']);
		expect(h.hook.storedStaticData).toEqual({});
		// Sender authentication applies to the test URL too.
		expect((await h.hook.post({ id: 1004 }, {}, true)).status).toBe(401);
	});
});
