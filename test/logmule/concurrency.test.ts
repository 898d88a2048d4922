import {
	RESULT_ID_FROM_ITEM,
	createCalls,
	createIncidentNode,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';

let h: LogMuleSetup;
beforeEach(async () => {
	h = await startLogMule();
});
afterEach(async () => {
	await h.sim.stop();
});

describe('Many items: bounded concurrency, order kept', () => {
	it.each([
		[1, 5],
		[3, 12],
		[4, 12],
	])(
		'with Parallel Requests %i, at most that many requests are in flight at LogMule (%i items)',
		async (parallel, count) => {
			const results = Array.from({ length: count }, (_, i) =>
				h.sim.createResult({ service_asset_id: `asset-${i}`, finding_id: 'f' }),
			);
			h.sim.server.injectFault({
				kind: 'latency',
				delayMs: 120,
				times: count,
				pathPrefix: '/cruddy/v2',
			});
			const out = await h.engine.runNode(
				createIncidentNode({
					resultId: RESULT_ID_FROM_ITEM,
					simplify: true,
					requestOptions: { parallelRequests: parallel },
				}),
				results.map((r: { id: string }) => ({ resultId: r.id })),
			);
			expect(h.sim.stats().maxInFlight).toBe(parallel);
			expect(createCalls(h.sim)).toHaveLength(count);
			// Output i is the incident of input i, whatever order LogMule answered in.
			expect(out.map((o) => o.json.service_asset_id)).toEqual(
				results.map((r: { service_asset_id: string }) => r.service_asset_id),
			);
			expect(out.map((o) => o.pairedItem)).toEqual(
				results.map((_: unknown, item: number) => ({ item })),
			);
			expect(out.every((o) => o.json.outcome === 'new')).toBe(true);
		},
	);

	it('defaults to 4 parallel requests', async () => {
		const results = Array.from({ length: 10 }, (_, i) =>
			h.sim.createResult({ service_asset_id: `asset-${i}`, finding_id: 'f' }),
		);
		h.sim.server.injectFault({
			kind: 'latency',
			delayMs: 120,
			times: 10,
			pathPrefix: '/cruddy/v2',
		});
		await h.engine.runNode(
			createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }),
			results.map((r: { id: string }) => ({ resultId: r.id })),
		);
		expect(h.sim.stats().maxInFlight).toBe(4);
	});

	it('after a failure without Continue On Fail no new request starts', async () => {
		const results = Array.from({ length: 8 }, (_, i) =>
			h.sim.createResult({ service_asset_id: `asset-${i}`, finding_id: 'f' }),
		);
		h.sim.armFailure({ status: 500, afterEffect: false, resultId: results[1].id });
		h.sim.server.injectFault({ kind: 'latency', delayMs: 80, times: 8, pathPrefix: '/cruddy/v2' });
		let caught: { context?: { itemIndex?: number } } | undefined;
		try {
			await h.engine.runNode(
				createIncidentNode({
					resultId: RESULT_ID_FROM_ITEM,
					requestOptions: { parallelRequests: 2 },
				}),
				results.map((r: { id: string }) => ({ resultId: r.id })),
			);
		} catch (error) {
			caught = error as typeof caught;
		}
		expect(caught?.context?.itemIndex).toBe(1);
		// Items 0 and 1 started together; at most one more (2) started while 1 was failing.
		expect(createCalls(h.sim).length).toBeLessThanOrEqual(3);
	});
});
