/**
 * "Enrich Participants" on Detection Get / Get Many, the ExtraHop Trigger and the ExtraHop
 * Webhook Trigger: each participant gets its device (name, IPs, MAC, role, link), one request per
 * distinct device per execution, at most 100 devices per execution.
 */
import {
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';
import { TriggerHarness } from '../helpers/trigger';
import { AUTH, emitted, startWebhookTrigger, type Setup } from '../webhook/setup';

const deviceRequests = (sim: ExtraHopSetup['sim']) =>
	apiRequests(sim).filter((r) => r.path.startsWith('/api/v1/devices'));

describe('Enrich Participants (action node)', () => {
	let h: ExtraHopSetup;
	beforeEach(async () => {
		h = await startExtraHop();
	});
	afterEach(async () => {
		await h.sim.stop();
	});

	it('adds name, IPs, MAC, role and link to each participant of a detection', async () => {
		const [out] = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'get',
				detectionId: byId(1001),
				options: { enrichParticipants: true },
			}),
		);
		const laptop = h.sim.soc().devices.device(1900);
		const share = h.sim.soc().devices.device(1901);
		expect(out.json.participants).toEqual([
			expect.objectContaining({
				role: 'offender',
				object_id: 1900,
				device: {
					id: 1900,
					name: 'AccountingLaptop',
					ipaddrs: ['192.168.6.21'],
					macaddr: laptop.macaddr,
					role: 'pc',
					url: `${h.url}/extrahop/#/metrics/devices/${String(laptop.discovery_id)}/overview`,
				},
			}),
			expect.objectContaining({
				role: 'victim',
				object_value: '192.168.6.179',
				device: expect.objectContaining({
					id: 1901,
					name: 'corpshare.example.com',
					macaddr: share.macaddr,
					role: 'file_server',
				}),
			}),
		]);
		expect(out.json.participants_summary).toEqual([
			'offender: AccountingLaptop (192.168.6.21)',
			'victim: corpshare.example.com (192.168.6.179)',
		]);
		// Simplify keeps the enriched participants.
		const [simple] = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'get',
				detectionId: byId(1001),
				simplify: true,
				options: { enrichParticipants: true },
			}),
		);
		expect(simple.json.participants_summary).toEqual(out.json.participants_summary);
		expect(simple.json.description).toBeUndefined();
	});

	it('looks each distinct device up once per execution, across items and detections', async () => {
		const items = [{ id: 1001 }, { id: 1001 }, { id: 1002 }, { id: 1001 }];
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'get',
				detectionId: '={{ $json.id }}',
				options: { enrichParticipants: true },
			}),
			items,
		);
		expect(out.map((o) => o.json.id)).toEqual([1001, 1001, 1002, 1001]);
		const distinct = new Set(
			[1001, 1002].flatMap((id) =>
				h.sim
					.getDetection(id)
					.participants.map(
						(p: { object_type: string; object_id: number; object_value: string }) =>
							p.object_type === 'device' ? `d${p.object_id}` : `i${p.object_value}`,
					),
			),
		);
		expect(deviceRequests(h.sim)).toHaveLength(distinct.size);
		// Get Many: the same cache across the page of detections.
		const before = deviceRequests(h.sim).length;
		const many = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'getAll',
				returnAll: true,
				options: { enrichParticipants: true },
			}),
		);
		expect(many.length).toBe(h.sim.detections().length);
		const all = new Set(
			h.sim
				.detections()
				.flatMap(
					(d: {
						participants: Array<{ object_type: string; object_id: number; object_value?: string }>;
					}) =>
						d.participants
							.map((p) =>
								p.object_type === 'device'
									? `d${p.object_id}`
									: p.object_value
										? `i${p.object_value}`
										: 'none',
							)
							.filter((k) => k !== 'none'),
				),
		);
		expect(deviceRequests(h.sim).length - before).toBe(all.size);
	});

	it('is bounded: past 100 distinct devices per execution, participants say they were not looked up', async () => {
		for (let i = 0; i < 60; i++) {
			h.sim.createDetection({
				type: 'port_scan',
				participants: [
					{
						id: 1,
						object_type: 'device',
						object_id: 5000 + i,
						object_value: `10.9.${i}.1`,
						role: 'offender',
						hostname: `host-${i}`,
					},
					{
						id: 2,
						object_type: 'ipaddr',
						object_id: 0,
						object_value: `10.9.${i}.2`,
						role: 'victim',
					},
				],
			});
		}
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'getAll',
				returnAll: true,
				options: { enrichParticipants: true },
			}),
		);
		expect(deviceRequests(h.sim).length).toBe(100);
		const skipped = out
			.flatMap((o) => o.json.participants as Array<{ device_note?: string }>)
			.filter((p) => /already looked up 100 devices/.test(p.device_note ?? ''));
		expect(skipped.length).toBeGreaterThan(0);
	});
});

describe('Enrich Participants (ExtraHop Trigger)', () => {
	it('emits detections with enriched participants', async () => {
		const h = await startExtraHop();
		try {
			const trigger = new TriggerHarness(h.engine, {
				authentication: 'apiKey',
				events: ['created', 'updated'],
				updateMode: 'activity',
				filters: {},
				options: { enrichParticipants: true, lookbackMinutes: 24 * 60 },
			});
			const first = await trigger.poll();
			expect(first!.length).toBeGreaterThan(0);
			const d = first!.find((x) => x.id === 1001)!;
			expect(d.participants_summary).toEqual([
				'offender: AccountingLaptop (192.168.6.21)',
				'victim: corpshare.example.com (192.168.6.179)',
			]);
			const test = await trigger.poll('manual');
			expect(Array.isArray(test![0].participants_summary)).toBe(true);
		} finally {
			await h.sim.stop();
		}
	});
});

describe('Enrich Participants (ExtraHop Webhook Trigger)', () => {
	let h: Setup;
	afterEach(async () => {
		await h?.stop();
	});

	it('emits the pushed detection with enriched participants', async () => {
		h = await startWebhookTrigger({ parameters: { options: { enrichParticipants: true } } });
		const reply = await h.hook.post({ id: 1001 }, AUTH);
		const [json] = emitted(reply);
		expect(json.participants_summary).toEqual([
			'offender: AccountingLaptop (192.168.6.21)',
			'victim: corpshare.example.com (192.168.6.179)',
		]);
	});
});
