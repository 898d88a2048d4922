/**
 * Writes that race: several items, executions or n8n processes changing the same ExtraHop object
 * (an investigation's detection list, a tag name). Each test forces the interleaving by holding
 * requests on the simulator (until other requests arrive, or for a time), so the outcome does not
 * depend on the machine's speed.
 */
import { apiRequests, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import { interleave } from '../helpers/interleave';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const node = (resource: string, operation: string, parameters: Record<string, unknown> = {}) =>
	extraHopNode({ resource, operation, ...parameters });

const delayGets = (pathPrefix: string, delayMs: number, times: number) =>
	h.sim.server.injectFault({ method: 'GET', pathPrefix, kind: 'latency', delayMs, times });

/** Both executions read before either writes; the first read-back comes after both writes. */
const bothReadThenWrite = (path: string, write: string) =>
	interleave(h.sim.server, path)
		.hold('GET', 1, 'GET', 2)
		.hold('GET', 2, 'GET', 2)
		.hold('GET', 3, write, 2);

describe('Investigation > Add Detections from two executions at once', () => {
	const add = (ids: string) =>
		h.engine.runNode(
			node('investigation', 'addDetections', { investigationId: '1', detectionIds: ids }),
		);

	it("keeps both sides' detections when one execution's write replaces the other's", async () => {
		await h.engine.runNode(
			node('investigation', 'create', { name: 'A', detectionIds: '1001, 1002' }),
		);
		// Both executions read [1001, 1002] before either writes; the first read-back comes after
		// both writes, so one side finds its detection replaced by the other's list.
		bothReadThenWrite('/api/v1/investigations/1', 'PATCH');
		const [a, b] = await Promise.all([add('1003'), add('1004')]);

		const held = h.sim.soc().investigations.investigations()[0].detections as number[];
		expect([...held].sort()).toEqual([1001, 1002, 1003, 1004]);
		expect(a[0].json.added_detection_ids).toEqual([1003]);
		expect(b[0].json.added_detection_ids).toEqual([1004]);
		expect(apiRequests(h.sim).filter((r) => r.method === 'PATCH')).toHaveLength(3);
	});

	it('gives up with a clear error, naming the item, when other writers keep replacing the list', async () => {
		await h.engine.runNode(node('investigation', 'create', { name: 'A', detectionIds: '1001' }));
		const investigation = h.sim.soc().investigations.investigations()[0];
		const otherWriter = setInterval(() => {
			investigation.detections = [1001];
		}, 10);
		delayGets('/api/v1/investigations/1', 100, 20);
		try {
			await expect(add('1002')).rejects.toMatchObject({
				message: 'Investigation 1 kept changing: detections 1002 could not be added',
				context: { itemIndex: 0 },
			});
		} finally {
			clearInterval(otherWriter);
		}
		expect(apiRequests(h.sim).filter((r) => r.method === 'PATCH')).toHaveLength(5);
	});
});

describe('Tag > Create with one new name', () => {
	it('creates one tag for several items of one run (default Parallel Requests)', async () => {
		const out = await h.engine.runNode(node('tag', 'create', { name: '={{ $json.name }}' }), [
			{ name: 'quarantine' },
			{ name: 'quarantine' },
			{ name: 'quarantine' },
		]);
		expect(h.sim.soc().devices.tags()).toHaveLength(1);
		expect(out.map((o) => o.json.id)).toEqual([1, 1, 1]);
		expect(out.map((o) => o.json.created)).toEqual([true, false, false]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('leaves one tag when two executions create the same name at once', async () => {
		// Both executions list the tags before either creates.
		interleave(h.sim.server, '/api/v1/tags').hold('GET', 1, 'GET', 2).hold('GET', 2, 'GET', 2);
		const create = () => h.engine.runNode(node('tag', 'create', { name: 'quarantine' }));
		const [a, b] = await Promise.all([create(), create()]);

		expect(h.sim.soc().devices.tags()).toEqual([
			expect.objectContaining({ id: 1, name: 'quarantine' }),
		]);
		expect([a[0].json.id, b[0].json.id]).toEqual([1, 1]);
		expect([a[0].json.created, b[0].json.created].sort()).toEqual([false, true]);
		expect(
			apiRequests(h.sim)
				.filter((r) => r.method === 'DELETE')
				.map((r) => r.path),
		).toEqual(['/api/v1/tags/2']);
	});
});

describe('Alert Rule > Update from two executions at once', () => {
	const update = (updateFields: Record<string, unknown>) =>
		h.engine.runNode(node('alertRule', 'update', { alertRuleId: '1', updateFields }));

	it("keeps both executions' changes when one's write sends back a field the other just changed", async () => {
		// PATCH /alerts/{id} needs the whole rule, so each execution sends back what it read. Both
		// read before either writes; the first read-back comes after both writes.
		bothReadThenWrite('/api/v1/alerts/1', 'PATCH');
		const [a, b] = await Promise.all([
			update({ severity: 0 }),
			update({ description: 'Raised by the SOC' }),
		]);

		const held = h.sim.soc().alerts.alerts()[0];
		expect(held).toMatchObject({ severity: 0, description: 'Raised by the SOC' });
		expect(a[0].json).toMatchObject({ severity: 0 });
		expect(b[0].json).toMatchObject({ description: 'Raised by the SOC' });
		expect(apiRequests(h.sim).filter((r) => r.method === 'PATCH')).toHaveLength(3);
	});

	it('gives up with a clear error, naming the item, when other writers keep undoing the change', async () => {
		const alert = h.sim.soc().alerts.alerts()[0];
		const otherWriter = setInterval(() => {
			alert.severity = 5;
		}, 10);
		delayGets('/api/v1/alerts/1', 100, 20);
		try {
			await expect(update({ severity: 0 })).rejects.toMatchObject({
				message: 'Alert rule 1 kept changing: the update could not be applied',
				context: { itemIndex: 0 },
			});
		} finally {
			clearInterval(otherWriter);
		}
		expect(apiRequests(h.sim).filter((r) => r.method === 'PATCH')).toHaveLength(5);
	});
});
