/**
 * Detection > Update and Update by Ticket against the simulator: the exact requests (order,
 * bodies), what each item outputs, PATCHes repeated safely after a 503, and failures naming their
 * item. The harness runs node version 1 (read-back on) unless a test says otherwise.
 */
import type { IDataObject } from 'n8n-workflow';

import { simplifyDetection } from '../../nodes/ExtraHop/common/detection';
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

const sent = () => apiRequests(h.sim).map((r) => `${r.method} ${r.path} ${r.status}`);
const bodies = (method: string) =>
	apiRequests(h.sim)
		.filter((r) => r.method === method)
		.map((r) => JSON.parse(r.body) as IDataObject);
const detectionUrl = (id: number) => `${h.url}/extrahop/#/detections/detail/${id}`;

const updateNode = (parameters: IDataObject, options = {}) =>
	extraHopNode(
		{
			resource: 'detection',
			operation: 'update',
			detectionId: byId('={{ $json.id }}'),
			...parameters,
		},
		options,
	);

describe('Detection > Update', () => {
	it('with a ticket ID: tracking checked, one PATCH of exactly the fields, then the detection read back', async () => {
		const [out] = await h.engine.runNode(
			updateNode({ updateFields: { ticketId: 'SOC-3', assignee: 'alice' } }),
			[{ id: 1002 }],
		);
		expect(sent()).toEqual([
			'GET /api/v1/extrahop/ticketing 200',
			'PATCH /api/v1/detections/1002 204',
			'GET /api/v1/detections/1002 200',
		]);
		expect(bodies('PATCH')).toEqual([{ ticket_id: 'SOC-3', assignee: 'alice' }]);
		expect(out.json).toEqual({ ...h.sim.getDetection(1002), url: detectionUrl(1002) });
		expect(out.pairedItem).toEqual({ item: 0 });
	});

	it('without a ticket ID: the current one is read first and sent back unchanged', async () => {
		await h.engine.runNode(updateNode({ updateFields: { status: 'acknowledged' } }), [
			{ id: 1001 },
			{ id: 1003 },
		]);
		expect(bodies('PATCH')).toEqual([
			{ status: 'acknowledged', ticket_id: 'EX-4437' },
			{ status: 'acknowledged', ticket_id: null },
		]);
		expect(sent().filter((r) => r.includes('1001'))).toEqual([
			'GET /api/v1/detections/1001 200',
			'PATCH /api/v1/detections/1001 204',
			'GET /api/v1/detections/1001 200',
		]);
	});

	it('read back and simplified on request', async () => {
		const [out] = await h.engine.runNode(
			updateNode({ updateFields: { ticketId: 'SOC-8' }, simplify: true }),
			[{ id: 1002 }],
		);
		expect(out.json).toEqual(
			simplifyDetection({ ...h.sim.getDetection(1002), url: detectionUrl(1002) }),
		);
		expect(out.json.ticket_id).toBe('SOC-8');
	});

	it('without read-back: the ID and the fields set, one PATCH, no read', async () => {
		const out = await h.engine.runNode(
			updateNode({ updateFields: { ticketId: 'SOC-4', status: 'none' }, readBack: false }),
			[{ id: 1002 }, { id: 1003 }],
		);
		expect(out.map((o) => o.json)).toEqual([
			{ id: 1002, ticket_id: 'SOC-4', status: null },
			{ id: 1003, ticket_id: 'SOC-4', status: null },
		]);
		expect(sent()).toEqual([
			'GET /api/v1/extrahop/ticketing 200',
			'PATCH /api/v1/detections/1002 204',
			'PATCH /api/v1/detections/1003 204',
		]);
	});

	it('a PATCH answered 503 is sent again, the same body: it is idempotent', async () => {
		h.sim.server.injectFault({
			method: 'PATCH',
			pathPrefix: '/api/v1/detections/1002',
			kind: 'status',
			status: 503,
			retryAfter: 0,
		});
		await h.engine.runNode(updateNode({ updateFields: { ticketId: 'SOC-5' }, readBack: false }), [
			{ id: 1002 },
		]);
		expect(sent()).toEqual([
			'GET /api/v1/extrahop/ticketing 200',
			'PATCH /api/v1/detections/1002 503',
			'PATCH /api/v1/detections/1002 204',
		]);
		expect(bodies('PATCH')).toEqual([{ ticket_id: 'SOC-5' }, { ticket_id: 'SOC-5' }]);
		expect(h.sim.getDetection(1002).ticket_id).toBe('SOC-5');
	});

	it('a detection that does not exist: its item fails with the ID and the item index', async () => {
		const error = await h.engine
			.runNode(updateNode({ updateFields: { ticketId: 'SOC-6' }, readBack: false }), [
				{ id: 1002 },
				{ id: 424242 },
			])
			.then(
				() => undefined,
				(e: unknown) => e as Record<string, any>,
			);
		expect(error?.message).toBe('Detection 424242 not found');
		expect(error?.httpCode).toBe('404');
		expect(error?.context.itemIndex).toBe(1);
	});

	it('with Continue On Fail the missing detection is an error item in its place', async () => {
		const out = await h.engine.runNode(
			updateNode({ updateFields: { status: 'closed' }, readBack: false }, { continueOnFail: true }),
			[{ id: 424242 }, { id: 1002 }],
		);
		expect(out.map((o) => [o.json, o.pairedItem])).toEqual([
			[
				{
					error: 'Detection 424242 not found',
					description:
						'Check the ID. If every ID gives this, check the URL in the "ExtraHop API" credential: the address of the sensor or console, without a path. ExtraHop said: Detection 424242 not found',
					httpCode: '404',
				},
				{ item: 0 },
			],
			[{ id: 1002, status: 'closed' }, { item: 1 }],
		]);
	});
});

describe('Detection > Update by Ticket', () => {
	const byTicket = (parameters: IDataObject) =>
		extraHopNode({ resource: 'detection', operation: 'updateByTicket', ...parameters });

	beforeEach(() => {
		h.sim.modifyDetection(1003, { fields: { ticket_id: 'SOC-5' } });
		h.sim.modifyDetection(1002, { fields: { ticket_id: 'SOC-5' } });
		h.sim.server.clearRequestLog();
	});

	it('one PATCH for the ticket, then the linked detections searched, sorted by ID, with their links', async () => {
		const out = await h.engine.runNode(
			byTicket({ ticketId: ' SOC-5 ', updateFields: { assignee: 'carol' } }),
		);
		expect(sent()).toEqual([
			'GET /api/v1/extrahop/ticketing 200',
			'PATCH /api/v1/detections/tickets 204',
			'POST /api/v1/detections/search 200',
		]);
		expect(bodies('PATCH')).toEqual([{ ticket_id: 'SOC-5', assignee: 'carol' }]);
		expect(bodies('POST')).toEqual([
			{ filter: { ticket_id: ['SOC-5'] }, sort: [{ field: 'id', direction: 'asc' }], limit: 1000 },
		]);
		expect(out.map((o) => o.json)).toEqual([
			{ ...h.sim.getDetection(1002), url: detectionUrl(1002) },
			{ ...h.sim.getDetection(1003), url: detectionUrl(1003) },
		]);
		expect(out.map((o) => o.json.assignee)).toEqual(['carol', 'carol']);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('simplified on request', async () => {
		const out = await h.engine.runNode(
			byTicket({ ticketId: 'SOC-5', updateFields: { status: 'closed' }, simplify: true }),
		);
		expect(out.map((o) => o.json)).toEqual(
			[1002, 1003].map((id) =>
				simplifyDetection({ ...h.sim.getDetection(id), url: detectionUrl(id) }),
			),
		);
	});

	it('the PATCH answered 503 is sent again: setting fields twice does no harm', async () => {
		h.sim.server.injectFault({
			method: 'PATCH',
			pathPrefix: '/api/v1/detections/tickets',
			kind: 'status',
			status: 503,
			retryAfter: 0,
		});
		await h.engine.runNode(byTicket({ ticketId: 'SOC-5', updateFields: { status: 'closed' } }));
		expect(sent()).toEqual([
			'GET /api/v1/extrahop/ticketing 200',
			'PATCH /api/v1/detections/tickets 503',
			'PATCH /api/v1/detections/tickets 204',
			'POST /api/v1/detections/search 200',
		]);
	});

	it('ticket tracking off: refused before the PATCH, saying how to enable it', async () => {
		h.sim.config.ticketTracking = false;
		const error = await h.engine
			.runNode(byTicket({ ticketId: 'SOC-5', updateFields: { status: 'closed' } }))
			.then(
				() => undefined,
				(e: unknown) => e as Record<string, any>,
			);
		expect(error?.message).toBe(
			'Ticket tracking through the REST API is not enabled on this ExtraHop system',
		);
		expect(sent()).toEqual(['GET /api/v1/extrahop/ticketing 200']);
	});
});
