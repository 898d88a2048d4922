/**
 * Output order and pairedItem follow the input, whatever order the items' requests complete in:
 * here ExtraHop answers the items in reverse and in a scrambled order (each request held for a
 * time chosen by the detection it asks for), and the simulator records the order it answered in,
 * so each test proves the completion order really differed from the input order.
 */
import { byId, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds each API request for `delayOf(detection id)` ms before the simulator answers it, and
 * returns the detection ids in the order their answers were sent.
 */
function holdAnswers(delayOf: (id: number) => number): number[] {
	const answered: number[] = [];
	const original = h.sim.server.handle.bind(h.sim.server);
	h.sim.server.handle = async (
		req: { url?: string },
		res: { on: (e: string, f: () => void) => void },
	) => {
		const id = Number(/^\/api\/v1\/detections\/(\d+)/.exec(String(req.url))?.[1]);
		if (!Number.isNaN(id)) {
			await sleep(delayOf(id));
			res.on('finish', () => answered.push(id));
		}
		return original(req, res);
	};
	return answered;
}

const getDetections = (parallelRequests: number, continueOnFail = false) =>
	extraHopNode(
		{
			resource: 'detection',
			operation: 'get',
			detectionId: byId('={{ $json.id }}'),
			requestOptions: { parallelRequests },
		},
		{ continueOnFail },
	);

describe('items completing out of order', () => {
	it('in reverse: every request in flight at once, the last item answered first', async () => {
		const ids = Array.from({ length: 8 }, () => h.sim.createDetection({}).id as number);
		const answered = holdAnswers((id) => (ids.length - ids.indexOf(id)) * 40);
		const out = await h.engine.runNode(
			getDetections(8),
			ids.map((id) => ({ id })),
		);
		expect(answered).toEqual([...ids].reverse());
		expect(out.map((o) => o.json.id)).toEqual(ids);
		expect(out.map((o) => o.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
	});

	it('scrambled, three at a time', async () => {
		const ids = Array.from({ length: 12 }, () => h.sim.createDetection({}).id as number);
		const delays = [90, 10, 60, 5, 120, 30, 15, 80, 0, 45, 20, 70];
		const answered = holdAnswers((id) => delays[ids.indexOf(id)]);
		const out = await h.engine.runNode(
			getDetections(3),
			ids.map((id) => ({ id })),
		);
		expect(answered).not.toEqual(ids);
		expect([...answered].sort((a, b) => a - b)).toEqual(ids);
		expect(out.map((o) => o.json.id)).toEqual(ids);
		expect(out.map((o) => o.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
	});

	it('several outputs per item stay together, in input order, each paired to its own item', async () => {
		const [a, b, c] = [1001, 1002, 1003];
		const make = (name: string, detectionIds: string) =>
			h.engine.runNode(
				extraHopNode({ resource: 'investigation', operation: 'create', name, detectionIds }),
			);
		await make('first', `${a}, ${b}`);
		await make('second', `${a}`);
		await make('third', `${c}`);
		// c answers first, then b, then a.
		const answered = holdAnswers((id) => ({ [a]: 150, [b]: 80, [c]: 0 })[id] ?? 0);
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'getInvestigations',
				detectionId: byId('={{ $json.id }}'),
			}),
			[{ id: a }, { id: b }, { id: c }],
		);
		expect(answered).toEqual([c, b, a]);
		expect(out.map((o) => [o.json.detection_id, o.json.name, o.pairedItem])).toEqual([
			[a, 'first', { item: 0 }],
			[a, 'second', { item: 0 }],
			[b, 'first', { item: 1 }],
			[c, 'third', { item: 2 }],
		]);
	});

	it('with Continue On Fail, a failing item answered first still takes its own place', async () => {
		const ids = [1001, 424242, 1002, 1003];
		const answered = holdAnswers((id) => (id === 424242 ? 0 : 60 * (4 - ids.indexOf(id))));
		const out = await h.engine.runNode(
			getDetections(4, true),
			ids.map((id) => ({ id })),
		);
		expect(answered[0]).toBe(424242);
		expect(out.map((o) => o.json.id ?? o.json.error)).toEqual([
			1001,
			'Detection 424242 not found',
			1002,
			1003,
		]);
		expect(out.map((o) => o.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
	});
});
