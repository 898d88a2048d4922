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

describe('Detection > Get', () => {
	it('returns the detection as ExtraHop has it, with a link to its page', async () => {
		const out = await h.engine.runNode(
			extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId(1002) }),
		);
		expect(out).toHaveLength(1);
		expect(out[0].json.id).toBe(1002);
		expect(out[0].json.title).toBe('Rare SSH Port');
		expect(out[0].json.participants).toEqual(h.sim.getDetection(1002).participants);
		expect(out[0].json.url).toBe(`${h.url}/extrahop/#/detections/detail/1002`);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		const [request] = apiRequests(h.sim);
		expect(request.headers.authorization).toBe(`ExtraHop apikey=${h.sim.config.apiKey}`);
		expect(request.headers['extrahop-integration']).toBe('n8n-nodes-extrahop');
	});
});
