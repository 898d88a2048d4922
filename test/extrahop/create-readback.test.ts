/**
 * Creates answered 201 without a Location header (the spec promises the 201, not the header):
 * the new object's ID comes from reading the list back and matching what was sent.
 */
import { extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop({ createAnswersLocation: false });
});
afterEach(async () => {
	await h.sim.stop();
});

const node = (resource: string, operation: string, parameters: Record<string, unknown> = {}) =>
	extraHopNode({ resource, operation, ...parameters });

describe('Create answered 201 without Location', () => {
	it('still yields the new tag, investigation and tuning rule with their IDs', async () => {
		const [tag] = await h.engine.runNode(node('tag', 'create', { name: 'quarantine' }));
		expect(tag.json).toMatchObject({ id: 1, name: 'quarantine', created: true });

		await h.engine.runNode(
			node('investigation', 'create', { name: 'Other', detectionIds: '1002' }),
		);
		const [investigation] = await h.engine.runNode(
			node('investigation', 'create', {
				name: 'Lateral movement',
				detectionIds: '1001',
				additionalFields: { status: 'in_progress' },
			}),
		);
		expect(investigation.json).toMatchObject({
			id: 2,
			name: 'Lateral movement',
			detections: [1001],
			status: 'in_progress',
		});

		const [rule] = await h.engine.runNode(
			node('tuningRule', 'create', {
				detectionTypes: ['port_scan'],
				offender: '1900',
				victim: 'Any',
				additionalFields: { description: 'SOC-42' },
			}),
		);
		expect(rule.json).toMatchObject({
			id: 1,
			description: 'SOC-42',
			detection_types: ['port_scan'],
		});
	});

	it('says the ID is unknown when the same values were created twice (no guess)', async () => {
		const create = () =>
			h.engine.runNode(node('investigation', 'create', { name: 'Twin', detectionIds: '1001' }));
		const [first] = await create();
		expect(first.json.id).toBe(1);
		const [second] = await create();
		expect(second.json).toMatchObject({
			created: true,
			name: 'Twin',
			event_ids: [1001],
			id: null,
			id_unknown: expect.stringContaining('no Location header'),
		});
		expect(h.sim.soc().investigations.investigations()).toHaveLength(2);
	});
});
