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

const bodies = (path: string) => apiRequests(h.sim, path).map((r) => JSON.parse(r.body || '{}'));

describe('Detection > Get', () => {
	it('adds the activity log on request', async () => {
		const [out] = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'get',
				detectionId: byId(1001),
				options: { includeActivityLog: true },
			}),
		);
		expect(Array.isArray(out.json.activity_log)).toBe(true);
		expect(apiRequests(h.sim)[0].path).toBe('/api/v1/detections/1001');
	});

	it("accepts the detection's URL", async () => {
		const [out] = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'get',
				detectionId: {
					__rl: true,
					mode: 'url',
					value: `${h.url}/extrahop/#/detections/detail/1003`,
				},
			}),
		);
		expect(out.json.id).toBe(1003);
	});

	it('says which detection was not found, with the item index', async () => {
		const run = h.engine.runNode(
			extraHopNode({ resource: 'detection', operation: 'get', detectionId: '={{ $json.id }}' }),
			[{ id: 1001 }, { id: 424242 }],
		);
		await expect(run).rejects.toMatchObject({
			message: 'Detection 424242 not found',
			context: { itemIndex: 1 },
		});
	});
});

describe('Detection > Get Many', () => {
	it('sends every filter, an explicit sort and pages with limit/offset', async () => {
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'getAll',
				returnAll: true,
				filters: {
					categories: ['sec.attack'],
					riskScoreMin: 20,
					status: ['.none', 'in_progress'],
					resolution: ['.none'],
					assignee: '.none, alice',
					ticketId: '.none',
					types: ['rare_ssh_port', 'port_scan'],
					modifiedSince: '2020-01-01T00:00:00Z',
					occurredFrom: '2020-01-01T00:00:00Z',
					occurredUntil: '2100-01-01T00:00:00Z',
				},
				sortBy: 'risk_score',
				sortDirection: 'desc',
			}),
		);
		const [body] = bodies('/api/v1/detections/search');
		expect(body).toEqual({
			filter: {
				categories: ['sec.attack'],
				risk_score_min: 20,
				status: ['.none', 'in_progress'],
				resolution: ['.none'],
				assignee: ['.none', 'alice'],
				ticket_id: ['.none'],
				types: ['rare_ssh_port', 'port_scan'],
			},
			mod_time: Date.parse('2020-01-01T00:00:00Z'),
			from: Date.parse('2020-01-01T00:00:00Z'),
			until: Date.parse('2100-01-01T00:00:00Z'),
			sort: [
				{ field: 'risk_score', direction: 'desc' },
				{ field: 'id', direction: 'desc' },
			],
			limit: 1000,
			offset: 0,
		});
		// Only the seeded Rare SSH Port (risk in range, open, unassigned, no ticket) matches;
		// the port scan has no risk score, so a minimum excludes it.
		expect(out.map((o) => o.json.id)).toEqual([1002]);
	});

	it('returns everything across pages with Return All, in order', async () => {
		for (let i = 0; i < 1203; i++) h.sim.createDetection({ type: 'weak_cipher_suite' });
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'getAll',
				returnAll: true,
				filters: { types: ['weak_cipher_suite'] },
				sortBy: 'id',
				sortDirection: 'asc',
			}),
		);
		expect(out).toHaveLength(1203);
		const ids = out.map((o) => o.json.id as number);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
		expect(bodies('/api/v1/detections/search').map((b) => [b.limit, b.offset])).toEqual([
			[1000, 0],
			[1000, 1000],
		]);
	});

	it('stops at the limit and simplifies on request', async () => {
		const out = await h.engine.runNode(
			extraHopNode({ resource: 'detection', operation: 'getAll', limit: 2, simplify: true }),
		);
		expect(out).toHaveLength(2);
		expect(bodies('/api/v1/detections/search')[0].limit).toBe(2);
		expect(Object.keys(out[0].json)).toEqual(
			expect.arrayContaining([
				'id',
				'title',
				'risk_score',
				'status',
				'ticket_id',
				'assignee',
				'offenders',
				'victims',
				'url',
			]),
		);
		expect(out[0].json.participants).toBeUndefined();
	});
});

describe('Detection > Update', () => {
	it('sends only the fields set and answers with the detection as it now stands', async () => {
		const before = h.sim.getDetection(1002).mod_time;
		const [out] = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId(1002),
				updateFields: { ticketId: 'SOC-17', status: 'in_progress' },
			}),
		);
		const patch = apiRequests(h.sim).find((r) => r.method === 'PATCH')!;
		expect(JSON.parse(patch.body)).toEqual({ ticket_id: 'SOC-17', status: 'in_progress' });
		expect(patch.status).toBe(204);
		expect(out.json).toMatchObject({
			id: 1002,
			ticket_id: 'SOC-17',
			status: 'in_progress',
			assignee: null,
		});
		expect(out.json.mod_time).toBeGreaterThan(before);
		expect(h.sim.getDetection(1002).ticket_id).toBe('SOC-17');
	});

	it('closes with a resolution, and clears status and resolution on request', async () => {
		await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId(1002),
				updateFields: { status: 'Closed', resolution: 'no_action_taken', assignee: 'bob' },
			}),
		);
		expect(h.sim.getDetection(1002)).toMatchObject({
			status: 'closed',
			resolution: 'no_action_taken',
			assignee: 'bob',
		});
		await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId(1002),
				updateFields: { status: 'none', resolution: 'none' },
			}),
		);
		expect(h.sim.getDetection(1002)).toMatchObject({
			status: null,
			resolution: null,
			assignee: 'bob',
		});
	});

	it.each([
		['abc', /Invalid detection ID "abc"/],
		['0', /greater than zero/],
		['-5', /positive whole number/],
		['12.5', /positive whole number/],
		['9007199254740993', /too large/],
		['', /empty/],
	])('rejects the ID %p from the input before sending anything', async (id, message) => {
		const run = h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId('={{ $json.id }}'),
				updateFields: { status: 'new' },
			}),
			[{ id: 1002 }, { id }],
		);
		await expect(run).rejects.toMatchObject({
			message: expect.stringMatching(message),
			context: { itemIndex: 1 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it("a literal malformed ID is refused by n8n's parameter check before the node runs", async () => {
		await expect(
			h.engine.runNode(
				extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId('abc') }),
			),
		).rejects.toMatchObject({ message: expect.stringContaining('workflow has issues') });
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('rejects an unknown status for any item before the first request (nothing half-done)', async () => {
		const run = h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId(1002),
				updateFields: { status: '={{ $json.status }}' },
			}),
			[{ status: 'in_progress' }, { status: 'done' }],
		);
		await expect(run).rejects.toMatchObject({
			message: 'Invalid status "done"',
			context: { itemIndex: 1 },
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('rejects an update with nothing to change', async () => {
		await expect(
			h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'update',
					detectionId: byId(1002),
					updateFields: {},
				}),
			),
		).rejects.toMatchObject({ message: 'Nothing to update on detection 1002' });
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('explains how to enable ticket tracking when it is off', async () => {
		h.sim.config.ticketTracking = false;
		const run = h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId(1002),
				updateFields: { ticketId: 'SOC-1' },
			}),
		);
		await expect(run).rejects.toMatchObject({
			message: 'Ticket tracking through the REST API is not enabled on this ExtraHop system',
			description: expect.stringContaining(
				'Administration > System Configuration > Detection Tracking',
			),
		});
	});
});

// The reference marks ticket_id "(required)" on PATCH /detections/{id}; appliances may or may not enforce it.
describe.each([true, false])(
	'Detection > Update when the appliance requires ticket_id: %p',
	(required) => {
		beforeEach(() => {
			h.sim.config.patchRequiresTicketId = required;
		});

		it('changes only the status and leaves an existing ticket ID as it was', async () => {
			expect(h.sim.getDetection(1001).ticket_id).toBe('EX-4437');
			const [out] = await h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'update',
					detectionId: byId(1001),
					updateFields: { status: 'in_progress' },
				}),
			);
			expect(h.sim.getDetection(1001)).toMatchObject({
				status: 'in_progress',
				ticket_id: 'EX-4437',
				assignee: 'hopuser',
			});
			expect(out.json).toMatchObject({ id: 1001, status: 'in_progress', ticket_id: 'EX-4437' });
			const patches = apiRequests(h.sim).filter((r) => r.method === 'PATCH');
			expect(patches.map((r) => [r.status, JSON.parse(r.body)])).toEqual([
				[204, { status: 'in_progress', ticket_id: 'EX-4437' }],
			]);
		});

		it('assigns a detection without a ticket and leaves it without one', async () => {
			await h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'update',
					detectionId: byId(1003),
					updateFields: { assignee: 'alice' },
				}),
			);
			expect(h.sim.getDetection(1003)).toMatchObject({ assignee: 'alice', ticket_id: null });
		});

		it('a ticket ID the user sets is sent as given, without reading the current one', async () => {
			await h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'update',
					detectionId: byId(1001),
					updateFields: { ticketId: 'SOC-9', status: 'closed' },
				}),
			);
			expect(h.sim.getDetection(1001)).toMatchObject({ ticket_id: 'SOC-9', status: 'closed' });
			const calls = apiRequests(h.sim).map((r) => `${r.method} ${r.path}`);
			expect(calls.indexOf('PATCH /api/v1/detections/1001')).toBeLessThan(
				calls.indexOf('GET /api/v1/detections/1001'),
			);
		});
	},
);

describe('Ticket tracking state', () => {
	it('is read from GET /extrahop/ticketing once per run, and stops writes with the way to enable it', async () => {
		h.sim.config.ticketTracking = false;
		const run = h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId('={{ $json.id }}'),
				updateFields: { status: 'closed' },
			}),
			[{ id: 1001 }, { id: 1002 }],
		);
		await expect(run).rejects.toMatchObject({
			message: 'Ticket tracking through the REST API is not enabled on this ExtraHop system',
		});
		const calls = apiRequests(h.sim).map((r) => `${r.method} ${r.path}`);
		expect(calls.filter((c) => c.startsWith('PATCH'))).toEqual([]);
		expect(calls.filter((c) => c === 'GET /api/v1/extrahop/ticketing')).toHaveLength(1);
	});
});

describe('Occurred Until', () => {
	it('means ended before: a detection still active after that time is not returned', async () => {
		const d = h.sim.getDetection(1002);
		const between = d.start_time + (d.end_time - d.start_time) / 2;
		const search = (until: number) =>
			h.engine.runNode(
				extraHopNode({
					resource: 'detection',
					operation: 'getAll',
					returnAll: true,
					filters: { occurredUntil: new Date(until).toISOString() },
				}),
			);
		const ids = async (until: number) => (await search(until)).map((o) => o.json.id);
		// Started before `between` but ended after it: not "ended before".
		expect(await ids(between)).not.toContain(1002);
		expect(await ids(d.end_time + 1000)).toContain(1002);
	});
});

describe('Detection > Update by Ticket', () => {
	it('updates every detection linked to the ticket and returns them', async () => {
		h.sim.modifyDetection(1002, { fields: { ticket_id: 'SOC-5' } });
		h.sim.modifyDetection(1003, { fields: { ticket_id: 'SOC-5' } });
		const out = await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'updateByTicket',
				ticketId: 'SOC-5',
				updateFields: { status: 'closed', resolution: 'action_taken' },
			}),
		);
		const patch = apiRequests(h.sim).find((r) => r.method === 'PATCH')!;
		expect(patch.path).toBe('/api/v1/detections/tickets');
		expect(JSON.parse(patch.body)).toEqual({
			ticket_id: 'SOC-5',
			status: 'closed',
			resolution: 'action_taken',
		});
		expect(out.map((o) => [o.json.id, o.json.status, o.json.resolution])).toEqual([
			[1002, 'closed', 'action_taken'],
			[1003, 'closed', 'action_taken'],
		]);
		expect(h.sim.getDetection(1004).status).toBe('open');
	});
});

describe('Detection Type > Get Many', () => {
	it('lists the detection types', async () => {
		const out = await h.engine.runNode(
			extraHopNode({ resource: 'detectionType', operation: 'getAll', returnAll: true }),
		);
		expect(out.map((o) => o.json.type)).toContain('rare_ssh_port');
		expect(out[0].json).toHaveProperty('display_name');
		expect(apiRequests(h.sim)[0].path).toBe('/api/v1/detections/formats');
	});

	it.each([
		[3, 3],
		[2.7, 2],
		[0, 1],
		[-1, 1],
	])('a Limit of %p (an expression can give any number) returns %p', async (limit, count) => {
		const out = await h.engine.runNode(
			extraHopNode({ resource: 'detectionType', operation: 'getAll', returnAll: false, limit }),
		);
		expect(out).toHaveLength(count);
	});
});
