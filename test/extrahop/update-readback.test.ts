/**
 * Detection > Update's read-back (GET after the PATCH): on in node version 1 (as before), off by
 * default from 1.1, where each item costs one request and returns its ID and the fields set.
 */
import { Workflow, type IDataObject } from 'n8n-workflow';

import type { TestNode } from '../harness/engine';
import {
	EXTRAHOP_NODE,
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

/** Runs the ExtraHop node at another type version than the harness's 1. */
function atVersion(typeVersion: number) {
	const original = h.engine.workflow.bind(h.engine);
	h.engine.workflow = (nodes: TestNode[], staticData: IDataObject = {}) => {
		const built = original(nodes, staticData);
		return new Workflow({
			id: built.id,
			name: built.name,
			nodes: Object.values(built.nodes).map((node) =>
				node.type === EXTRAHOP_NODE
					? {
							...node,
							typeVersion,
							parameters: nodes.find((n) => n.name === node.name)!.parameters,
						}
					: node,
			),
			connections: built.connectionsBySourceNode,
			nodeTypes: h.engine.nodeTypes,
			staticData,
			active: false,
			settings: {},
		});
	};
}

const update = (extra: IDataObject = {}) =>
	extraHopNode({
		resource: 'detection',
		operation: 'update',
		detectionId: byId('={{ $json.id }}'),
		updateFields: { ticketId: 'SOC-3', status: 'in_progress' },
		...extra,
	});

it('version 1.1: one PATCH per item, no read-back; the item carries the ID and the fields set', async () => {
	atVersion(1.1);
	const out = await h.engine.runNode(update(), [{ id: 1002 }, { id: 1003 }]);
	expect(out.map((o) => o.json)).toEqual([
		{ id: 1002, ticket_id: 'SOC-3', status: 'in_progress' },
		{ id: 1003, ticket_id: 'SOC-3', status: 'in_progress' },
	]);
	expect(apiRequests(h.sim).map((r) => `${r.method} ${r.path}`)).toEqual([
		// Ticket tracking is checked once per run before the first write (GET /extrahop/ticketing).
		'GET /api/v1/extrahop/ticketing',
		'PATCH /api/v1/detections/1002',
		'PATCH /api/v1/detections/1003',
	]);
	expect(h.sim.getDetection(1003)).toMatchObject({ ticket_id: 'SOC-3', status: 'in_progress' });
});

it('version 1.1 with Return Updated Detection: reads each detection back after its PATCH', async () => {
	atVersion(1.1);
	const [out] = await h.engine.runNode(update({ readBack: true }), [{ id: 1002 }]);
	expect(out.json).toMatchObject({
		id: 1002,
		ticket_id: 'SOC-3',
		status: 'in_progress',
		mod_time: h.sim.getDetection(1002).mod_time,
	});
	expect(apiRequests(h.sim).map((r) => `${r.method} ${r.path}`)).toEqual([
		'GET /api/v1/extrahop/ticketing',
		'PATCH /api/v1/detections/1002',
		'GET /api/v1/detections/1002',
	]);
});

it('version 1 keeps reading back by default, and can turn it off', async () => {
	await h.engine.runNode(update(), [{ id: 1002 }]);
	expect(apiRequests(h.sim).map((r) => `${r.method} ${r.path}`)).toEqual([
		'GET /api/v1/extrahop/ticketing',
		'PATCH /api/v1/detections/1002',
		'GET /api/v1/detections/1002',
	]);
	h.sim.server.clearRequestLog();
	const [out] = await h.engine.runNode(update({ readBack: false, simplify: true }), [{ id: 1002 }]);
	expect(out.json).toEqual({ id: 1002, ticket_id: 'SOC-3', status: 'in_progress' });
	expect(apiRequests(h.sim).map((r) => `${r.method} ${r.path}`)).toEqual([
		'GET /api/v1/extrahop/ticketing',
		'PATCH /api/v1/detections/1002',
	]);
});
