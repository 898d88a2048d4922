/**
 * "Listen for test event" (the test URL, execution mode "manual"): a push the node ignores must not
 * leave the editor listening with no reason. It ends the test with an error naming the reason (n8n
 * records a failed test execution; nothing downstream runs). Production pushes are unchanged.
 */
import { AUTH, startWebhookTrigger, type Setup } from './setup';

let h: Setup | undefined;
afterEach(async () => {
	await h?.stop();
	h = undefined;
});

describe('test pushes the node ignores', () => {
	it('a filtered test push fails the test execution with the reason; the same push in production is answered 200 "ignored"', async () => {
		h = await startWebhookTrigger({ parameters: { filters: { riskScoreMin: 95 } } });
		// 25769803828: risk score 91, below the filter's 95.
		const test = await h.hook.post({ id: 25769803828 }, AUTH, true);
		expect(test.status).toBe(500);
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
		await h.hook.post({ id: 1004 }, AUTH, true);
		expect(h.hook.executions[0].error?.message).toBe(
			'Detection 1004 received and ignored: its event is not selected',
		);
	});
});
