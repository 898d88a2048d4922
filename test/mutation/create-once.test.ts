/**
 * A request that creates something is sent once, whatever transient failure answers it: a 502,
 * 503 or 504 may come after ExtraHop (or LogMule) created the object, so repeating the POST could
 * create a second one. Counted at the simulators, for every create the nodes send.
 */
import {
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';
import {
	createCalls,
	createIncidentNode,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';
import { startWebhookTrigger, type Setup as WebhookSetup } from '../webhook/setup';

const TRANSIENT = [502, 503, 504] as const;

/** Every request the node sent, as `METHOD path status`. */
const sent = (h: ExtraHopSetup) =>
	apiRequests(h.sim).map((r) => `${r.method} ${r.path} ${r.status}`);

async function rejection(run: Promise<unknown>): Promise<Record<string, unknown>> {
	const error = await run.then(
		() => undefined,
		(e: unknown) => e as Record<string, unknown>,
	);
	if (!error) throw new Error('the node did not fail');
	return error;
}

describe('ExtraHop creates answered with a transient failure are not sent again', () => {
	let h: ExtraHopSetup;
	beforeEach(async () => {
		h = await startExtraHop();
	});
	afterEach(async () => {
		await h.sim.stop();
	});

	/** A fault for the next POST under the path; Retry-After 0 so a wrong retry is immediate. */
	const failNextPost = (path: string, status: number) =>
		h.sim.server.injectFault({
			method: 'POST',
			pathPrefix: path,
			kind: 'status',
			status,
			retryAfter: 0,
			body: { error_message: `gateway said ${status}` },
		});

	it.each(TRANSIENT)(
		'Investigation > Create answered %i: one POST, the error says so',
		async (status) => {
			failNextPost('/api/v1/investigations', status);
			const error = await rejection(
				h.engine.runNode(
					extraHopNode({ resource: 'investigation', operation: 'create', name: 'Beaconing' }),
				),
			);
			expect(error.message).toBe(
				`ExtraHop failed to process POST /api/v1/investigations (HTTP ${status})`,
			);
			expect(error.description).toBe(`ExtraHop said: gateway said ${status}`);
			expect(error.httpCode).toBe(String(status));
			expect(sent(h)).toEqual([`POST /api/v1/investigations ${status}`]);
			expect(h.sim.soc().investigations.investigations()).toEqual([]);
		},
	);

	it.each(TRANSIENT)('Tuning Rule > Create answered %i: one POST', async (status) => {
		failNextPost('/api/v1/detections/rules/hiding', status);
		const error = await rejection(
			h.engine.runNode(
				extraHopNode({
					resource: 'tuningRule',
					operation: 'create',
					detectionTypes: ['port_scan'],
					offender: '1900',
					victim: 'Any',
				}),
			),
		);
		expect(error.message).toBe(
			`ExtraHop failed to process POST /api/v1/detections/rules/hiding (HTTP ${status})`,
		);
		expect(sent(h)).toEqual([`POST /api/v1/detections/rules/hiding ${status}`]);
		expect(h.sim.soc().tuning.rules()).toEqual([]);
	});

	it.each(TRANSIENT)(
		'Tag > Create answered %i: the list is read, the tag POSTed once',
		async (status) => {
			failNextPost('/api/v1/tags', status);
			const error = await rejection(
				h.engine.runNode(
					extraHopNode({ resource: 'tag', operation: 'create', name: 'quarantine' }),
				),
			);
			expect(error.message).toBe(`ExtraHop failed to process POST /api/v1/tags (HTTP ${status})`);
			expect(sent(h)).toEqual(['GET /api/v1/tags 200', `POST /api/v1/tags ${status}`]);
			expect(
				h.sim
					.soc()
					.devices.tags()
					.map((t: { name: string }) => t.name),
			).not.toContain('quarantine');
		},
	);

	it('the same POST is sent again when the failure proves it was not processed (refused connection)', async () => {
		// The counterpart of the tests above: a create is not "never retried", it is retried only safely.
		const port = Number(new URL(h.url).port);
		await h.sim.stop();
		const restart = new Promise<void>((resolve, reject) => {
			setTimeout(() => h.sim.start(port).then(() => resolve(), reject), 150);
		});
		const [out] = await h.engine.runNode(
			extraHopNode({ resource: 'investigation', operation: 'create', name: 'Beaconing' }),
		);
		await restart;
		expect(out.json).toMatchObject({ id: 1, name: 'Beaconing' });
		expect(sent(h)).toEqual([
			'POST /api/v1/investigations 201',
			'GET /api/v1/investigations/1 200',
		]);
	});

	it('Note > Append: the whole note is PUT (idempotent), so a 503 repeats the same PUT and the text lands once', async () => {
		h.sim.server.injectFault({
			method: 'PUT',
			pathPrefix: '/api/v1/detections/1002/notes',
			kind: 'status',
			status: 503,
			retryAfter: 0,
		});
		const [out] = await h.engine.runNode(
			extraHopNode({
				resource: 'note',
				operation: 'append',
				detectionId: byId(1002),
				text: 'Ticket SOC-7 opened',
				options: { timestampHeader: false },
			}),
		);
		expect(out.json).toEqual({ detection_id: 1002, note: 'Ticket SOC-7 opened' });
		expect(h.sim.note(1002)).toBe('Ticket SOC-7 opened');
		expect(sent(h)).toEqual([
			'GET /api/v1/extrahop/ticketing 200',
			'GET /api/v1/detections/1002/notes 200',
			'PUT /api/v1/detections/1002/notes 503',
			'PUT /api/v1/detections/1002/notes 204',
			'GET /api/v1/detections/1002/notes 200',
		]);
		const puts = apiRequests(h.sim).filter((r) => r.method === 'PUT');
		expect(puts.map((r) => JSON.parse(r.body))).toEqual([
			{ note: 'Ticket SOC-7 opened' },
			{ note: 'Ticket SOC-7 opened' },
		]);
	});

	it('Note > Append answered 500: one PUT, the note unchanged', async () => {
		h.sim.server.injectFault({
			method: 'PUT',
			pathPrefix: '/api/v1/detections/1002/notes',
			kind: 'status',
			status: 500,
		});
		const error = await rejection(
			h.engine.runNode(
				extraHopNode({
					resource: 'note',
					operation: 'append',
					detectionId: byId(1002),
					text: 'Ticket SOC-7 opened',
				}),
			),
		);
		expect(error.message).toBe(
			'ExtraHop failed to process PUT /api/v1/detections/1002/notes (HTTP 500)',
		);
		expect(apiRequests(h.sim).filter((r) => r.method === 'PUT')).toHaveLength(1);
		expect(h.sim.note(1002)).toBeUndefined();
	});
});

describe('Push trigger registration: the ODS target and the trigger are POSTed once', () => {
	let w: WebhookSetup;
	afterEach(async () => {
		await w.stop();
	});
	const start = async () =>
		(w = await startWebhookTrigger({
			webhookId: '5f0c2a9e-7b1d-4c3e-9a8f-0123456789ab',
			parameters: { autoRegister: true },
		}));
	const writes = () =>
		apiRequests(w.sim)
			.filter((r) => r.method !== 'GET')
			.map((r) => `${r.method} ${r.path} ${r.status}`);

	it.each(TRANSIENT)(
		'POST /odstargets/http answered %i: activation fails, nothing else is written',
		async (status) => {
			await start();
			w.sim.server.injectFault({
				method: 'POST',
				pathPrefix: '/api/v1/odstargets/http',
				kind: 'status',
				status,
				retryAfter: 0,
			});
			const error = await rejection(w.hook.activate());
			expect(error.message).toBe(
				`ExtraHop failed to process POST /api/v1/odstargets/http (HTTP ${status})`,
			);
			expect(writes()).toEqual([`POST /api/v1/odstargets/http ${status}`]);
			expect(w.sim.odsTargets()).toEqual([]);
			expect(w.sim.triggers()).toEqual([]);
		},
	);

	it.each(TRANSIENT)('POST /triggers answered %i: one trigger POST', async (status) => {
		await start();
		w.sim.server.injectFault({
			method: 'POST',
			pathPrefix: '/api/v1/triggers',
			kind: 'status',
			status,
			retryAfter: 0,
		});
		const error = await rejection(w.hook.activate());
		expect(error.message).toBe(`ExtraHop failed to process POST /api/v1/triggers (HTTP ${status})`);
		expect(writes()).toEqual([
			'POST /api/v1/odstargets/http 201',
			`POST /api/v1/triggers ${status}`,
		]);
		expect(w.sim.triggers()).toEqual([]);
	});
});

describe('LogMule > Create Incident answered by a gateway error is not sent again', () => {
	let l: LogMuleSetup;
	beforeEach(async () => {
		l = await startLogMule();
	});
	afterEach(async () => {
		await l.sim.stop();
	});

	it.each([502, 504])(
		'HTTP %i: one POST, and the error says to check LogMule first',
		async (status) => {
			const result = l.sim.createResult({});
			l.sim.server.injectFault({
				kind: 'status',
				status,
				retryAfter: 0,
				pathPrefix: '/cruddy/v2',
				body: { error: 'Bad Gateway' },
			});
			const error = await rejection(l.engine.runNode(createIncidentNode({ resultId: result.id })));
			expect(error.message).toBe(
				`LogMule or a proxy in front of it failed during POST /logmule_go_results/${result.id}/create_incident (HTTP ${status}): Bad Gateway`,
			);
			expect(error.description).toBe(
				'It was not retried: the request may have reached LogMule and created the incident or appended the result, and sending it again could append the result twice. Check the incident in LogMule before running this item again.',
			);
			expect(createCalls(l.sim).map((c) => c.status)).toEqual([status]);
			expect(l.sim.incidents()).toEqual([]);
		},
	);
});
