/**
 * Push trigger version 1.1, what a node added today gets: it works with a sender credential alone
 * (each push emitted as received, with the detection ID and event, until an ExtraHop API
 * credential is chosen), and its output is readable by default (Simplify on, ISO times beside
 * epoch ones). Version 1, in saved workflows, keeps its output.
 */
import type { IDataObject } from 'n8n-workflow';

import { WebhookHarness } from '../harness/webhook';
import { apiRequests, startExtraHop } from '../helpers/extrahop';
import {
	AUTH,
	HEADER,
	SECRET,
	WEBHOOK_NODE,
	emitted,
	serve,
	startWebhookTrigger,
	type Setup,
} from './setup';

let h: Setup | undefined;
afterEach(async () => {
	await h?.stop();
	h = undefined;
});

/** A node as the editor adds it: Events picked, the sender credential selected, nothing else set. */
async function freshNode(typeVersion: number): Promise<Setup> {
	const setup = await startExtraHop();
	setup.engine.addCredential('wh-secret', { headerName: HEADER, secret: SECRET });
	const hook = new WebhookHarness(setup.engine, {
		type: WEBHOOK_NODE,
		typeVersion,
		parameters: { events: ['created'] },
		credentials: { extraHopWebhookSecretApi: 'wh-secret' },
	});
	return await serve(setup, hook);
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('a push trigger added today (version 1.1)', () => {
	it('its first test push, with the sender secret only, starts the workflow with the pushed payload', async () => {
		h = await freshNode(1.1);
		const pushed = { id: 1004, title: 'Rare SSH Port', mod_time: 1_700_000_000_000 };
		const test = await h.hook.post(pushed, AUTH, true);
		expect(test.status).toBe(200);
		expect(test.json).toEqual({
			message: 'Detection 1004 received: workflow started',
			event: 'created',
		});
		expect(h.hook.doubleAnswers).toEqual([]);
		const [item] = emitted(test);
		expect(item).toEqual({
			id: 1004,
			event: 'created',
			title: 'Rare SSH Port',
			mod_time: 1_700_000_000_000,
			mod_time_iso: '2023-11-14T22:13:20.000Z',
			payload_format: 'triggerScript',
		});
		expect(Object.keys(item).slice(0, 2)).toEqual(['id', 'event']);
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('the same node does not serve the setup page ("Serve Setup Page" is off in the same version 1.1)', async () => {
		h = await freshNode(1.1);
		const page = await h.hook.get();
		expect(page.status).toBe(404);
		expect(page.json.message).toMatch(/setup page .* is turned off/);
		expect(page.text).not.toContain(HEADER);
		const pushed = await h.hook.post({ id: 1004 }, AUTH, true);
		expect(pushed.status).toBe(200);
	});

	it('the same node at version 1 (a saved workflow) still needs the ExtraHop API credential it defaults to', async () => {
		h = await freshNode(1);
		const test = await h.hook.post({ id: 1004 }, AUTH, true);
		expect(test.status).toBe(500);
		expect(test.json).toMatchObject({ code: 'workflow_not_started' });
		expect(h.hook.executions[0].error?.message).toBe('No ExtraHop API credential selected');
	});
});

describe('output with an ExtraHop API credential', () => {
	const columns = (item: IDataObject) => Object.keys(item);

	it('version 1.1: simplified by default: the ID and title first, an ISO time beside each epoch one', async () => {
		h = await startWebhookTrigger({ typeVersion: 1.1 });
		const [item] = emitted(await h.hook.post({ id: 1004 }, AUTH, true));
		expect(columns(item).slice(0, 2)).toEqual(['id', 'title']);
		for (const time of ['start_time', 'end_time', 'mod_time']) {
			expect(columns(item).indexOf(`${time}_iso`)).toBe(columns(item).indexOf(time) + 1);
			expect(item[`${time}_iso`]).toMatch(ISO);
		}
		expect(item.event).toBe('created');
	});

	it('version 1.1 with Simplify off: the full detection, each epoch time followed by its ISO copy', async () => {
		h = await startWebhookTrigger({ typeVersion: 1.1, parameters: { simplify: false } });
		const [item] = emitted(await h.hook.post({ id: 1004 }, AUTH, true));
		const full = h.sim.getDetection(1004) as IDataObject;
		for (const key of Object.keys(full)) expect(item[key]).toEqual(full[key]);
		expect(item.mod_time_iso).toBe(new Date(Number(full.mod_time)).toISOString());
		expect(columns(item).indexOf('mod_time_iso')).toBe(columns(item).indexOf('mod_time') + 1);
	});

	it('version 1 keeps its output: the full detection, epoch times only, Simplify only when asked in the options', async () => {
		h = await startWebhookTrigger();
		const [item] = emitted(await h.hook.post({ id: 1004 }, AUTH));
		expect(item).toEqual({
			...h.sim.getDetection(1004),
			url: `${h.url}/extrahop/#/detections/detail/1004`,
			event: 'created',
		});
		expect(columns(item).some((key) => key.endsWith('_iso'))).toBe(false);
	});
});
