/**
 * "Listen for test event" (the test URL, execution mode "manual"): a push that starts no workflow
 * must not leave the editor listening with no reason. The sender gets the answer production gives
 * (401/403 refused, 400 unreadable, 200 ignored), never n8n's 500 with its stack trace, and the
 * test ends with an error naming the reason (n8n records a failed test execution; nothing
 * downstream runs). Production pushes that are refused start no execution at all.
 */
import { AUTH, HEADER, SECRET, startWebhookTrigger, type Setup } from './setup';

let h: Setup | undefined;
afterEach(async () => {
	await h?.stop();
	h = undefined;
});

/** The sender's answer came from the node alone: n8n's own answer found nothing to write. */
function answeredOnce(setup: Setup) {
	expect(setup.hook.doubleAnswers).toEqual([]);
}

describe('test pushes the node ignores', () => {
	it('a filtered test push: the sender gets 200 "ignored", the test execution fails with the reason; the same push in production is answered 200 "ignored" and starts nothing', async () => {
		h = await startWebhookTrigger({ parameters: { filters: { riskScoreMin: 95 } } });
		// 25769803828: risk score 91, below the filter's 95.
		const test = await h.hook.post({ id: 25769803828 }, AUTH, true);
		expect(test.status).toBe(200);
		expect(test.json).toEqual({
			message:
				"Detection 25769803828 received and ignored: it does not match the trigger's filters",
			ignored: 'filtered',
		});
		answeredOnce(h);
		expect(h.hook.executions).toHaveLength(1);
		expect(h.hook.executions[0].mode).toBe('manual');
		expect(h.hook.executions[0].items).toEqual([]);
		expect(h.hook.executions[0].error?.message).toBe(
			"Detection 25769803828 received and ignored: it does not match the trigger's filters",
		);
		expect((h.hook.executions[0].error as { description?: string }).description).toMatch(
			/In production ExtraHop gets 200 and no workflow starts/,
		);
		const production = await h.hook.post({ id: 25769803828 }, AUTH);
		expect(production.status).toBe(200);
		expect(production.json).toMatchObject({ ignored: 'filtered' });
		expect(h.hook.executions).toHaveLength(1);
	});

	it('an event that is not selected: the test says so', async () => {
		h = await startWebhookTrigger({ parameters: { events: ['updated'] } });
		const test = await h.hook.post({ id: 1004 }, AUTH, true);
		expect(test.status).toBe(200);
		answeredOnce(h);
		expect(h.hook.executions[0].error?.message).toBe(
			'Detection 1004 received and ignored: its event is not selected',
		);
	});
});

describe('test pushes the node refuses', () => {
	it.each([
		['without the secret header', 401, {}, 'missing_secret', /header is missing/],
		[
			'with a wrong secret',
			403,
			{ [HEADER]: 'not-the-secret-000000' },
			'wrong_secret',
			/does not hold the expected secret/,
		],
	])(
		'%s: the sender gets %s as in production, and the test ends with the reason',
		async (_label, status, headers, code, why) => {
			h = await startWebhookTrigger();
			const test = await h.hook.post({ id: 1004 }, headers, true);
			expect(test.status).toBe(status);
			expect(test.json).toMatchObject({ code });
			expect(test.text).not.toMatch(/stack|at \w+ \(/i);
			answeredOnce(h);
			expect(h.hook.executions).toHaveLength(1);
			expect(h.hook.executions[0].items).toEqual([]);
			const error = h.hook.executions[0].error as Error & { description?: string };
			expect(error.message).toMatch(new RegExp(`^Test push refused \\(HTTP ${status}\\): `));
			expect(error.message).toMatch(why);
			expect(`${error.message} ${error.description}`).not.toContain(SECRET);
			expect(`${error.message} ${error.description}`).not.toContain('not-the-secret');
		},
	);

	it('in production a refused push starts nothing, not even a failed execution', async () => {
		h = await startWebhookTrigger();
		const missing = await h.hook.post({ id: 1004 }, {});
		const wrong = await h.hook.post({ id: 1004 }, { [HEADER]: 'not-the-secret-000000' });
		expect([missing.status, wrong.status]).toEqual([401, 403]);
		expect(h.hook.executions).toHaveLength(0);
		answeredOnce(h);
	});

	it('a test push that is not JSON: 400 to the sender, the test ends saying why', async () => {
		h = await startWebhookTrigger();
		const test = await h.hook.post('not json', AUTH, true);
		expect(test.status).toBe(400);
		expect(test.json).toMatchObject({ code: 'invalid_json' });
		answeredOnce(h);
		expect(h.hook.executions[0].error?.message).toMatch(
			/^Test push refused \(HTTP 400\): The request body is not valid JSON/,
		);
	});
});

describe('a trigger that cannot start the workflow', () => {
	it('"API Key" chosen without a credential (version 1): the sender gets a 500 without n8n\'s stack trace; the execution says what to do', async () => {
		h = await startWebhookTrigger({ noApiCredential: true });
		for (const test of [true, false]) {
			const reply = await h.hook.post({ id: 1004 }, AUTH, test);
			expect(reply.status).toBe(500);
			expect(reply.json).toEqual({
				code: 'workflow_not_started',
				message:
					'The push was received but the n8n workflow could not start; its failed execution in n8n says why',
			});
		}
		answeredOnce(h);
		expect(h.hook.executions.map((e) => e.error?.message)).toEqual([
			'No ExtraHop API credential selected',
			'No ExtraHop API credential selected',
		]);
	});

	it('ExtraHop unreachable: the sender gets the same clean 500, the execution holds the reason', async () => {
		h = await startWebhookTrigger();
		await h.sim.stop();
		const reply = await h.hook.post({ id: 1004 }, AUTH);
		expect(reply.status).toBe(500);
		expect(reply.json).toMatchObject({ code: 'workflow_not_started' });
		expect(reply.text).not.toContain('127.0.0.1');
		answeredOnce(h);
		expect(h.hook.executions[0].error?.message).toMatch(/refused the connection/);
	});
});
