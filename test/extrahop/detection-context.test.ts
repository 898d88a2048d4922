/**
 * Detection Get / Get Many enrichment options: type context and MITRE ATT&CK from
 * GET /detections/formats (once per execution), the activity log (`include_activity_log`, in the
 * spec's shape), and links to the detection, device and activity map pages.
 */
import {
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const detection = (operation: string, parameters: Record<string, unknown>, options = {}) =>
	extraHopNode({ resource: 'detection', operation, ...parameters }, options);

describe('Add Detection Type Context', () => {
	it("adds the type's display name and MITRE ATT&CK, reading the types once per execution", async () => {
		const out = await h.engine.runNode(
			detection('get', { detectionId: '={{ $json.id }}', options: { addTypeContext: true } }),
			[{ id: 1001 }, { id: 1002 }, { id: 1003 }, { id: 1001 }],
		);
		expect(apiRequests(h.sim, '/api/v1/detections/formats')).toHaveLength(1);
		expect(out[0].json.type_context).toEqual({
			type: 'cifs_exfil_anomaly',
			known: true,
			display_name: 'Suspicious CIFS Client File Share Access',
			categories: ['sec.exfil', 'sec.lateral'],
			mitre_tactics: [
				{ id: 'TA0008', name: 'Lateral Movement', url: 'https://attack.mitre.org/tactics/TA0008' },
				{ id: 'TA0010', name: 'Exfiltration', url: 'https://attack.mitre.org/tactics/TA0010' },
			],
			mitre_techniques: [
				{
					id: 'T1039',
					name: 'Data from Network Shared Drive',
					url: 'https://attack.mitre.org/techniques/T1039',
				},
			],
		});
		expect(out[2].json.type_context).toMatchObject({
			display_name: 'Port Scan',
			mitre_techniques: [expect.objectContaining({ id: 'T1046' })],
		});
		// A new execution reads them again (a type created meanwhile is seen).
		await h.engine.runNode(
			detection('get', {
				detectionId: byId(1002),
				options: { addTypeContext: true },
				simplify: true,
			}),
		);
		expect(apiRequests(h.sim, '/api/v1/detections/formats')).toHaveLength(2);
	});

	it('says when ExtraHop lists no such type, and links sub-techniques', async () => {
		const d = h.sim.createDetection({
			type: 'custom_beacon',
			mitre_techniques: [{ id: 'T1071.004', name: 'DNS' }],
			mitre_tactics: [],
		});
		const [out] = await h.engine.runNode(
			detection('get', {
				detectionId: byId(d.id),
				options: { addTypeContext: true },
				simplify: true,
			}),
		);
		expect(out.json.type_context).toMatchObject({
			known: false,
			display_name: null,
			mitre_techniques: [
				{ id: 'T1071.004', name: 'DNS', url: 'https://attack.mitre.org/techniques/T1071/004' },
			],
		});
	});
});

describe('Include Activity Log and Add Links', () => {
	it('Get Many asks for the activity log; Simplify still names offenders and victims from it', async () => {
		const out = await h.engine.runNode(
			detection('getAll', {
				filters: { types: ['cifs_exfil_anomaly'] },
				simplify: true,
				options: { includeActivityLog: true },
			}),
		);
		const [body] = apiRequests(h.sim, '/api/v1/detections/search').map((r) => JSON.parse(r.body));
		expect(body.include_activity_log).toBe(true);
		expect(out[0].json).toMatchObject({
			id: 1001,
			offenders: ['AccountingLaptop (192.168.6.21)'],
			victims: ['192.168.6.179'],
			activity_log: [
				{
					start_time: expect.any(Number),
					end_time: expect.any(Number),
					participants: expect.arrayContaining([
						expect.objectContaining({ role: 'offender', object_id: 1900 }),
					]),
					properties: expect.any(Object),
				},
			],
		});
	});

	it('adds links to the detection, each participant device and its activity map', async () => {
		const d = h.sim.getDetection(1001);
		const [out] = await h.engine.runNode(
			detection('get', {
				detectionId: byId(1001),
				options: { addLinks: true, includeActivityLog: true },
			}),
		);
		const laptop = h.sim.soc().devices.device(1900);
		const share = h.sim.soc().devices.device(1901);
		const map = (discovery: string) =>
			`${h.url}/extrahop/#/activitymaps?discovery_id=${discovery}&from=${Math.floor((d.start_time - 1_800_000) / 1000)}&interval_type=DT&object_type=device&protocol=any&role=any&until=${Math.ceil((d.end_time + 1_800_000) / 1000)}`;
		expect(out.json.links).toEqual({
			detection: `${h.url}/extrahop/#/detections/detail/1001`,
			participants: [
				{
					role: 'offender',
					object_type: 'device',
					object_value: '192.168.6.21',
					device_id: 1900,
					name: 'AccountingLaptop',
					device: `${h.url}/extrahop/#/metrics/devices/${String(laptop.discovery_id)}/overview`,
					activity_map: map(String(laptop.discovery_id)),
				},
				{
					role: 'victim',
					object_type: 'ipaddr',
					object_value: '192.168.6.179',
					device_id: 1901,
					name: 'corpshare.example.com',
					device: `${h.url}/extrahop/#/metrics/devices/${String(share.discovery_id)}/overview`,
					activity_map: map(String(share.discovery_id)),
				},
			],
		});
	});

	it('links a participant ExtraHop has no device for without inventing one; Continue On Fail keeps pairing', async () => {
		const d = h.sim.createDetection({ type: 'port_scan' });
		d.participants[1].object_value = '203.0.113.77';
		const out = await h.engine.runNode(
			detection(
				'get',
				{ detectionId: '={{ $json.id }}', options: { addLinks: true, addTypeContext: true } },
				{ continueOnFail: true },
			),
			[{ id: d.id }, { id: 424242 }],
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const links = out[0].json.links as { participants: Array<Record<string, unknown>> };
		expect(links.participants[1]).toEqual({
			role: 'victim',
			object_type: 'ipaddr',
			object_value: '203.0.113.77',
			device_id: null,
			name: '203.0.113.77',
			device: null,
			activity_map: null,
		});
		expect(out[1].json).toMatchObject({ error: 'Detection 424242 not found' });
	});
});
