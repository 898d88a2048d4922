/**
 * The ExtraHop Webhook Trigger receiving pushes through n8n-core's WebhookContext: payload
 * shapes, sender authentication, bad bodies.
 */
import { MAX_BODY_BYTES } from '../../nodes/ExtraHop/webhook/payload';
import { apiRequests } from '../helpers/extrahop';
import {
	AUTH,
	BASIC_PASSWORD,
	BASIC_USER,
	HEADER,
	SECRET,
	basic,
	emitted,
	startWebhookTrigger,
	type Setup,
} from './setup';

let h: Setup;
afterEach(async () => {
	await h?.stop();
});

const detectionRequests = () => apiRequests(h.sim, '/api/v1/detections');

/** What the node must emit for a detection: the REST object, its page URL, the event. */
function expected(id: number, event: 'created' | 'updated') {
	return { ...h.sim.getDetection(id), url: `${h.url}/extrahop/#/detections/detail/${id}`, event };
}

describe('payload shapes (with an ExtraHop API credential)', () => {
	beforeEach(async () => {
		h = await startWebhookTrigger();
	});

	it('a trigger script payload {id, title, description} starts the workflow with the full detection', async () => {
		const d = h.sim.getDetection(1004);
		const reply = await h.hook.post({ id: 1004, title: d.title, description: d.description }, AUTH);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({
			message: 'Detection 1004 received: workflow started',
			event: 'created',
		});
		expect(reply.result).toMatchObject({
			webhookResponse: { message: 'Detection 1004 received: workflow started', event: 'created' },
			workflowData: [[{ json: expect.objectContaining({ id: 1004 }) }]],
		});
		expect(reply.result?.noWebhookResponse).toBeUndefined();
		expect(emitted(reply)).toEqual([expected(1004, 'created')]);
		expect(detectionRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v1/detections/1004',
		]);
	});

	it.each([
		['detection_id (a string)', { detection_id: '1004' }],
		['detectionId', { detectionId: 1004 }],
		['nested detection.id', { detection: { id: 1004, title: 'x' } }],
	])('finds the id in %s', async (_label, payload) => {
		const reply = await h.hook.post(payload, AUTH);
		expect(emitted(reply)).toEqual([expected(1004, 'created')]);
	});

	it("accepts the seeds' Jira-shaped payload, where the id is only inside fields.summary", async () => {
		const d = h.sim.getDetection(1004);
		// Exactly what ExtraHop's "configure third-party ticket tracking" example script builds.
		const payload = {
			fields: {
				summary: `ExtraHop Detection: ${d.id}: ${d.title}`,
				assignee: { name: 'escalations_team' },
				reporter: { name: 'ExtraHop' },
				priority: { id: d.risk_score },
				labels: d.categories,
				mitreCategories: d.mitre_tactics.map((t: { id: string }) => t.id),
				description: `ExtraHop has detected the following event on your network: ${d.description}`,
			},
		};
		const reply = await h.hook.post(payload, AUTH);
		expect(emitted(reply)).toEqual([expected(1004, 'created')]);
	});

	it('accepts a notification rule webhook payload (src/dst, categories_ids, time, display-name type) with a RevealX 360-sized id', async () => {
		const d = h.sim.getDetection(25769803828);
		const payload = {
			id: 25769803828,
			type: 'DNS Tunnel',
			title: d.title,
			risk_score: 91,
			time: d.start_time,
			categories_ids: d.categories,
			src: { role: 'offender', ipaddr: '10.8.0.12', hostname: 'hr-db-02' },
			dst: { role: 'victim', ipaddr: '172.16.40.9' },
			url: `${h.url}/extrahop/#/detections/detail/25769803828`,
		};
		const reply = await h.hook.post(payload, AUTH);
		const [item] = emitted(reply);
		expect(item).toEqual(expected(25769803828, 'created'));
		// The REST shape, not the notification's: machine type name, participants.
		expect(item.type).toBe('dns_tunnel');
		expect(item.participants).toEqual(d.participants);
	});

	it('uses the first id source present: top-level id wins over fields.summary', async () => {
		const reply = await h.hook.post(
			{ id: 1003, fields: { summary: 'ExtraHop Detection: 1004: Something else' } },
			AUTH,
		);
		expect(emitted(reply)[0].id).toBe(1003);
	});

	it("emits the polling trigger's simplified shape with Simplify on", async () => {
		await h.stop();
		h = await startWebhookTrigger({ parameters: { options: { simplify: true } } });
		const reply = await h.hook.post({ id: 1002 }, AUTH);
		const [item] = emitted(reply);
		expect(item).toMatchObject({
			id: 1002,
			title: 'Rare SSH Port',
			type: 'rare_ssh_port',
			event: 'updated',
			url: `${h.url}/extrahop/#/detections/detail/1002`,
		});
		expect(item.participants).toBeUndefined();
		expect(item.offenders).toEqual([
			expect.stringContaining(h.sim.getDetection(1002).participants[0].object_value),
		]);
	});
});

describe('sender authentication', () => {
	describe('shared secret header', () => {
		beforeEach(async () => {
			h = await startWebhookTrigger({ senderAuthentication: 'headerSecret' });
		});

		it('accepts the right secret (header names are case-insensitive)', async () => {
			const reply = await h.hook.post({ id: 1004 }, { [HEADER.toLowerCase()]: SECRET });
			expect(reply.status).toBe(200);
			expect(emitted(reply)).toHaveLength(1);
		});

		it('answers 401 to a push without the header: no workflow, no ExtraHop request', async () => {
			const reply = await h.hook.post({ id: 1004 });
			expect(reply.status).toBe(401);
			expect(reply.json).toEqual({
				code: 'missing_secret',
				message: `Authentication required: the ${HEADER} header is missing`,
			});
			expect(reply.result).toEqual({ noWebhookResponse: true });
			expect(reply.execution).toBeUndefined();
			expect(h.hook.executions).toHaveLength(0);
			expect(detectionRequests()).toHaveLength(0);
		});

		it.each([
			['a wrong secret', 'whs-0000000000000000000'],
			['the secret with a trailing character', `${SECRET}x`],
			['a prefix of the secret', SECRET.slice(0, -1)],
		])('answers 403 to %s', async (_label, value) => {
			const reply = await h.hook.post({ id: 1004 }, { [HEADER]: value });
			expect(reply.status).toBe(403);
			expect(reply.json.code).toBe('wrong_secret');
			expect(reply.text).not.toContain(SECRET);
			expect(reply.result).toEqual({ noWebhookResponse: true });
			expect(h.hook.executions).toHaveLength(0);
			expect(detectionRequests()).toHaveLength(0);
		});

		it('authenticates before looking at the body: a bad body without the secret is a 401, not a 400', async () => {
			const reply = await h.hook.post('not json', { 'Content-Type': 'text/plain' });
			expect(reply.status).toBe(401);
		});

		it('refuses every push when the credential is unusable (empty secret), and says why', async () => {
			h.engine.addCredential('wh-secret', { headerName: HEADER, secret: '' });
			const reply = await h.hook.post({ id: 1004 }, { [HEADER]: '' });
			expect(reply.status).toBe(500);
			expect(h.hook.executions).toHaveLength(1);
			expect(h.hook.executions[0].items).toEqual([]);
			expect(h.hook.executions[0].error?.message).toBe(
				'The sender authentication credential cannot be used: The secret is empty',
			);
			expect(detectionRequests()).toHaveLength(0);
		});
	});

	describe('HTTP Basic', () => {
		beforeEach(async () => {
			h = await startWebhookTrigger({ senderAuthentication: 'basicAuth' });
		});

		it('accepts the right user and password', async () => {
			const reply = await h.hook.post({ id: 1004 }, basic());
			expect(reply.status).toBe(200);
			expect(emitted(reply)[0].id).toBe(1004);
		});

		it('answers 401 with a Basic challenge when credentials are missing', async () => {
			for (const headers of [
				{},
				{ [HEADER]: SECRET },
				{ Authorization: `Bearer ${BASIC_PASSWORD}` },
			] as Array<Record<string, string>>) {
				const reply = await h.hook.post({ id: 1004 }, headers);
				expect(reply.status).toBe(401);
				expect(reply.headers['www-authenticate']).toBe(
					'Basic realm="ExtraHop Webhook Trigger", charset="UTF-8"',
				);
				expect(reply.json.code).toBe('missing_basic_auth');
			}
			expect(h.hook.executions).toHaveLength(0);
		});

		it.each([
			['a wrong password', basic(BASIC_USER, 'wrong-password-123456')],
			['a wrong user', basic('someone', BASIC_PASSWORD)],
			['no password', { Authorization: `Basic ${Buffer.from(BASIC_USER).toString('base64')}` }],
		])('answers 403 to %s', async (_label, headers) => {
			const reply = await h.hook.post({ id: 1004 }, headers);
			expect(reply.status).toBe(403);
			expect(reply.json).toEqual({
				code: 'wrong_basic_auth',
				message: 'Authentication failed: wrong user or password',
			});
			expect(reply.result).toEqual({ noWebhookResponse: true });
			expect(h.hook.executions).toHaveLength(0);
			expect(detectionRequests()).toHaveLength(0);
		});
	});

	it('"None" accepts pushes without any credential', async () => {
		h = await startWebhookTrigger({ senderAuthentication: 'none' });
		const reply = await h.hook.post({ id: 1004 });
		expect(reply.status).toBe(200);
		expect(emitted(reply)[0].id).toBe(1004);
	});
});

describe('bad bodies get 400 and start nothing', () => {
	beforeEach(async () => {
		h = await startWebhookTrigger();
	});

	const bad = async (
		body: unknown,
		headers: Record<string, string>,
		code: string,
		message: RegExp,
	) => {
		const reply = await h.hook.post(body, { ...AUTH, ...headers });
		expect({ status: reply.status, code: reply.json?.code }).toEqual({ status: 400, code });
		expect(reply.json.message).toMatch(message);
		expect(reply.result).toEqual({ noWebhookResponse: true });
		expect(reply.execution).toBeUndefined();
		return reply;
	};

	afterEach(() => {
		expect(h.hook.executions).toHaveLength(0);
		expect(detectionRequests()).toHaveLength(0);
	});

	it('not JSON (text/plain, or no content type as ODS may send)', async () => {
		await bad('id=1004', { 'Content-Type': 'text/plain' }, 'invalid_json', /not valid JSON/);
		await bad(Buffer.from('{"id": 1004'), {}, 'invalid_json', /not valid JSON/);
	});

	it('declared as application/json but not JSON: n8n itself refuses it with 422 before the node runs', async () => {
		const reply = await h.hook.post('{"id": 10', { ...AUTH, 'Content-Type': 'application/json' });
		expect(reply.status).toBe(422);
		expect(reply.json.message).toBe('Failed to parse request body');
		expect(reply.execution).toBeUndefined();
	});

	it('empty, or not one object', async () => {
		await bad('', { 'Content-Type': 'application/json' }, 'empty_body', /empty/);
		await bad('   ', { 'Content-Type': 'text/plain' }, 'empty_body', /empty/);
		await bad([{ id: 1004 }], {}, 'not_an_object', /one JSON object .* not an array/);
		await bad('1004', { 'Content-Type': 'application/json' }, 'not_an_object', /not a number/);
	});

	it('no usable id', async () => {
		await bad({ title: 'Rare SSH Port' }, {}, 'no_detection_id', /No detection id/);
		await bad(
			{ fields: { summary: 'Something happened' } },
			{},
			'no_detection_id',
			/No detection id/,
		);
		await bad({ id: null, detection: {} }, {}, 'no_detection_id', /No detection id/);
	});

	it.each([
		[
			'a negative id',
			'{"id": -5}',
			/Invalid detection id -5 in "id": it must be a positive whole number/,
		],
		[
			'zero',
			'{"detection_id": "0"}',
			/Invalid detection id 0 in "detection_id": it must be greater than zero/,
		],
		['a fraction', '{"id": 12.5}', /it must be a positive whole number/],
		['2^53 + 1 (not representable)', '{"id": 9007199254740993}', /it is too large/],
		['1e21', '{"id": 1e21}', /it is too large|positive whole number/],
		['a word', '{"detectionId": "abc"}', /Invalid detection id abc in "detectionId"/],
		['a boolean', '{"id": true}', /it must be a positive whole number/],
		[
			'a negative id in a Jira summary',
			'{"fields": {"summary": "ExtraHop Detection: -5: Port Scan"}}',
			/Invalid detection id -5 in "fields.summary"/,
		],
	])('an invalid id: %s', async (_label, raw, message) => {
		await bad(raw, { 'Content-Type': 'application/json' }, 'invalid_detection_id', message);
	});

	it(`oversized: more than ${MAX_BODY_BYTES} bytes of raw body (the limit itself is accepted)`, async () => {
		const sized = (bytes: number) => {
			const head = '{"id":1004,"pad":"';
			const tail = '"}';
			return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
		};
		expect(Buffer.byteLength(sized(MAX_BODY_BYTES + 1))).toBe(MAX_BODY_BYTES + 1);
		await bad(
			sized(MAX_BODY_BYTES + 1),
			{ 'Content-Type': 'application/json' },
			'body_too_large',
			/262145 bytes; at most 262144 bytes \(256 KiB\)/,
		);
		// Multi-byte characters count as bytes, not characters.
		await bad(
			`{"id":1004,"pad":"${'é'.repeat(MAX_BODY_BYTES / 2)}"}`,
			{ 'Content-Type': 'application/json' },
			'body_too_large',
			/at most 262144 bytes/,
		);
		expect(h.hook.executions).toHaveLength(0);
		const atLimit = await h.hook.post(sized(MAX_BODY_BYTES), {
			...AUTH,
			'Content-Type': 'application/json',
		});
		expect(atLimit.status).toBe(200);
		expect(emitted(atLimit)[0].id).toBe(1004);
		// Only this test started something; keep the afterEach checks meaningful.
		h.hook.executions.length = 0;
		h.sim.server.clearRequestLog();
	});
});
