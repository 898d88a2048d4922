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

const investigation = (operation: string, parameters: Record<string, unknown> = {}, options = {}) =>
	extraHopNode({ resource: 'investigation', operation, ...parameters }, options);

describe('Investigation', () => {
	it('creates one with detections, assessment, assignee, status and notes, and returns it', async () => {
		const [out] = await h.engine.runNode(
			investigation('create', {
				name: 'Lateral movement from AccountingLaptop',
				detectionIds: '1001, 1002',
				additionalFields: {
					assessment: 'undecided',
					assignee: 'alice',
					status: 'in_progress',
					notes: 'from n8n',
				},
			}),
		);
		expect(out.json).toMatchObject({
			id: 1,
			name: 'Lateral movement from AccountingLaptop',
			detections: [1001, 1002],
			assessment: 'undecided',
			assignee: 'alice',
			status: 'in_progress',
			notes: 'from n8n',
		});
		const post = apiRequests(h.sim).find((r) => r.method === 'POST')!;
		expect(JSON.parse(post.body)).toEqual({
			name: 'Lateral movement from AccountingLaptop',
			event_ids: [1001, 1002],
			assessment: 'undecided',
			status: 'in_progress',
			assignee: 'alice',
			notes: 'from n8n',
		});
	});

	it('gets, lists, searches, updates and adds detections without dropping the ones it holds', async () => {
		await h.engine.runNode(investigation('create', { name: 'A', detectionIds: '1001' }));
		await h.engine.runNode(investigation('create', { name: 'B' }));
		const [got] = await h.engine.runNode(investigation('get', { investigationId: '1' }));
		expect(got.json.name).toBe('A');
		expect(
			(await h.engine.runNode(investigation('getAll', { returnAll: true }))).map(
				(o) => o.json.name,
			),
		).toEqual(['A', 'B']);
		expect(await h.engine.runNode(investigation('getAll', { limit: 1 }))).toHaveLength(1);
		const searched = await h.engine.runNode(
			investigation('getAll', {
				returnAll: true,
				filters: { userCreatedOnly: true, createdAfter: '2000-01-01T00:00:00Z' },
			}),
		);
		expect(searched).toHaveLength(2);
		expect(JSON.parse(apiRequests(h.sim).at(-1)!.body)).toEqual({
			creation_time: Date.parse('2000-01-01T00:00:00Z'),
			is_user_created: true,
		});

		const [updated] = await h.engine.runNode(
			investigation('update', {
				investigationId: '1',
				updateFields: { status: 'closed', assessment: 'false_positive' },
			}),
		);
		expect(updated.json).toMatchObject({
			status: 'closed',
			assessment: 'false_positive',
			detections: [1001],
		});

		// Two items adding to the same investigation in parallel: read-merge-write, one after the other.
		const added = await h.engine.runNode(
			investigation('addDetections', { investigationId: '1', detectionIds: '={{ $json.ids }}' }),
			[{ ids: '1002, 1001' }, { ids: [1003] }],
		);
		expect(added[0].json.added_detection_ids).toEqual([1002]);
		expect(h.sim.soc().investigations.investigations()[0].detections).toEqual([1001, 1002, 1003]);
		expect(added.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('validates before any request, with the item index', async () => {
		const cases: Array<[string, Record<string, unknown>, RegExp]> = [
			['create', { name: '  ' }, /needs a name/],
			['create', { name: 'x', detectionIds: '1001, abc' }, /Invalid detection ID "abc"/],
			['create', { name: 'x', additionalFields: { status: 'done' } }, /Invalid status "done"/],
			['get', { investigationId: '0' }, /Invalid investigation ID "0"/],
			['update', { investigationId: '1', updateFields: {} }, /Nothing to update/],
			[
				'addDetections',
				{ investigationId: '1', detectionIds: '={{ "" }}' },
				/No detection IDs to add/,
			],
		];
		for (const [operation, parameters, message] of cases) {
			await expect(
				h.engine.runNode(investigation(operation, parameters), [{}]),
			).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 0 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('says which investigation is missing; Continue On Fail keeps the other items', async () => {
		await h.engine.runNode(investigation('create', { name: 'A' }));
		const out = await h.engine.runNode(
			investigation('get', { investigationId: '={{ $json.id }}' }, { continueOnFail: true }),
			[{ id: 9 }, { id: 1 }],
		);
		expect(out[0].json).toMatchObject({ error: 'Investigation 9 not found', httpCode: '404' });
		expect(out[1].json.name).toBe('A');
		await expect(
			h.engine.runNode(investigation('get', { investigationId: '={{ $json.id }}' }), [
				{ id: 1 },
				{ id: 9 },
			]),
		).rejects.toMatchObject({
			message: 'Investigation 9 not found',
			context: { itemIndex: 1 },
		});
	});
});

describe('Detection > Get Investigations / Get Related', () => {
	it('lists the investigations a detection is in', async () => {
		await h.engine.runNode(investigation('create', { name: 'A', detectionIds: '1001' }));
		await h.engine.runNode(investigation('create', { name: 'B', detectionIds: '1002' }));
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'getInvestigations',
				detectionId: byId(1001),
			}),
		);
		expect(out.map((o) => o.json.name)).toEqual(['A']);
		expect(out[0].json.detection_id).toBe(1001);
	});

	it('gets related detections in a window around the detection (from and until are required)', async () => {
		const seed = h.sim.getDetection(1001);
		const twin = h.sim.createDetection({
			type: 'port_scan',
			participants: structuredClone(seed.participants),
			start_time: seed.start_time + 1000,
			end_time: seed.end_time + 1000,
		});
		const out = await h.engine.runNode(
			extraHopNode({ resource: 'detection', operation: 'getRelated', detectionId: byId(1001) }),
		);
		expect(out.map((o) => o.json.id)).toEqual([twin.id]);
		expect(out[0].json).toMatchObject({ related_to: 1001 });
		const get = apiRequests(h.sim).at(-1)!;
		expect(get.path).toBe('/api/v1/detections/1001/related');
		const far = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'getRelated',
				detectionId: byId(1001),
				options: { from: '2001-01-01T00:00:00Z', until: '2001-01-02T00:00:00Z' },
			}),
		);
		expect(far).toHaveLength(0);
	});
});
