/**
 * The ExtraHop node with Continue On Fail: a failing item becomes an error item that carries the
 * error's message, its description (what to do) and the HTTP status, paired to its own input item;
 * the items around it are untouched. Without Continue On Fail the node stops with the same error,
 * carrying the index of the item that failed.
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

const getDetections = (continueOnFail: boolean) =>
	extraHopNode(
		{
			resource: 'detection',
			operation: 'get',
			detectionId: byId('={{ $json.id }}'),
			requestOptions: { parallelRequests: 1 },
		},
		{ continueOnFail },
	);

const ITEMS = [{ id: 1001 }, { id: 424242 }, { id: 1003 }, { id: 1002 }];
const lockedDatabase = () =>
	h.sim.server.injectFault({
		pathPrefix: '/api/v1/detections/1003',
		kind: 'status',
		status: 500,
		body: { error_message: 'database is locked' },
	});

describe('ExtraHop node, Continue On Fail', () => {
	it('error items carry message, description and HTTP status, paired to the failing item', async () => {
		lockedDatabase();
		const out = await h.engine.runNode(getDetections(true), ITEMS);
		expect(out.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(out[0].json.id).toBe(1001);
		expect(out[1].json).toEqual({
			error: 'Detection 424242 not found',
			description:
				'Check the ID. If every ID gives this, check the URL in the "ExtraHop API" credential: the address of the sensor or console, without a path. ExtraHop said: Detection 424242 not found',
			httpCode: '404',
		});
		expect(out[2].json).toEqual({
			error: 'ExtraHop failed to process GET /api/v1/detections/1003 (HTTP 500)',
			description: 'ExtraHop said: database is locked',
			httpCode: '500',
		});
		expect(out[3].json.id).toBe(1002);
	});

	it('an item refused before any request (invalid input) carries its description too', async () => {
		const out = await h.engine.runNode(
			extraHopNode(
				{
					resource: 'tuningRule',
					operation: 'create',
					detectionTypes: '={{ $json.types }}',
					offender: 'Any',
					victim: 'Any',
				},
				{ continueOnFail: true },
			),
			[{ types: ['port_scan'] }, { types: ['port scan!'] }],
		);
		expect(out[0].json).toMatchObject({ id: 1, detection_types: ['port_scan'] });
		expect(out[1].json).toEqual({
			error: 'Invalid detection type "port scan!"',
			description: 'Detection types are identifiers such as port_scan.',
		});
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// The invalid item sent nothing.
		expect(apiRequests(h.sim).filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('without Continue On Fail: the same error, with the failing item index, and no later item sent', async () => {
		lockedDatabase();
		const error = await h.engine.runNode(getDetections(false), ITEMS).then(
			() => undefined,
			(e: unknown) => e as Record<string, any>,
		);
		expect(error).toBeDefined();
		expect(error!.message).toBe('Detection 424242 not found');
		expect(error!.description).toBe(
			'Check the ID. If every ID gives this, check the URL in the "ExtraHop API" credential: the address of the sensor or console, without a path. ExtraHop said: Detection 424242 not found',
		);
		expect(error!.httpCode).toBe('404');
		expect(error!.context.itemIndex).toBe(1);
		expect(apiRequests(h.sim).map((r) => r.path)).toEqual([
			'/api/v1/detections/1001',
			'/api/v1/detections/424242',
		]);
	});

	it('without Continue On Fail, invalid input stops the node before any request, naming the item', async () => {
		const error = await h.engine
			.runNode(getDetections(false), [{ id: 1001 }, { id: 1002 }, { id: 'x' }])
			.then(
				() => undefined,
				(e: unknown) => e as Record<string, any>,
			);
		expect(error!.message).toMatch(/^Invalid detection ID "x"/);
		expect(error!.context.itemIndex).toBe(2);
		expect(apiRequests(h.sim)).toEqual([]);
	});
});
