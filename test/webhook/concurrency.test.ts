/**
 * The webhook trigger under concurrent pushes in one n8n process (issue 11): the harness loads
 * the static data afresh for every request and saves the whole object after it, last writer
 * wins, with a save that takes a moment as a database round trip does, exactly as n8n's
 * LiveWebhooks does. Nothing the trigger decided may be lost, nothing emitted twice, and the
 * memory must be saved before ExtraHop gets its 200.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_PROCESS_SCOPES,
	resetProcessMemory,
	syncMemory,
} from '../../nodes/ExtraHop/webhook/memory';
import { checkShape, MAX_DEPTH } from '../../nodes/ExtraHop/webhook/payload';
import { AUTH, startWebhookTrigger, type Setup } from './setup';

let h: Setup;
afterEach(async () => {
	await h?.stop();
});

const COUNT = 40;

async function withDetections(count: number): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < count; i++) ids.push(h.sim.createDetection({}).id as number);
	return ids;
}

const memoryIds = () =>
	Object.keys(
		((h.hook.nodeStaticData.memory ?? { seen: {} }) as { seen: Record<string, unknown> }).seen,
	).sort();

describe('concurrent pushes in one process', () => {
	beforeEach(async () => {
		h = await startWebhookTrigger();
		h.hook.saveDelayMs = 15;
	});

	it(`${COUNT} distinct concurrent pushes, then their ${COUNT} write-back echoes: ${COUNT} executions, 0 spurious, nothing forgotten`, async () => {
		const ids = await withDetections(COUNT);
		const first = await Promise.all(ids.map((id) => h.hook.post({ id }, AUTH)));
		expect(first.map((r) => r.status)).toEqual(ids.map(() => 200));
		expect(h.hook.executions).toHaveLength(COUNT);
		expect(new Set(h.hook.executions.map((e) => e.items[0].json.id)).size).toBe(COUNT);
		// Every one of the 40 is in the saved memory, although 40 saves overwrote one another.
		expect(memoryIds()).toEqual(ids.map((id) => `d${id}`).sort());

		// The workflow writes the ticket id back; ExtraHop's trigger pushes each change again.
		for (const id of ids) h.sim.modifyDetection(id, { fields: { ticket_id: `SOC-${id}` } });
		const echoes = await Promise.all(ids.map((id) => h.hook.post({ id }, AUTH)));
		expect(echoes.map((r) => r.json.ignored)).toEqual(ids.map(() => 'trackingOnly'));
		expect(h.hook.executions).toHaveLength(COUNT);

		// A restarted process knows only the saved memory: the echoes are still recognised.
		resetProcessMemory();
		const again = await Promise.all(ids.map((id) => h.hook.post({ id }, AUTH)));
		expect(again.map((r) => r.json.ignored)).toEqual(ids.map(() => 'duplicate'));
		expect(h.hook.executions).toHaveLength(COUNT);
	});

	it('the same push sent 10 times at once starts one execution', async () => {
		const [id] = await withDetections(1);
		const replies = await Promise.all(Array.from({ length: 10 }, () => h.hook.post({ id }, AUTH)));
		expect(h.hook.executions).toHaveLength(1);
		expect(replies.filter((r) => r.json.ignored === 'duplicate')).toHaveLength(9);
	});

	it('answers an accepted or ignored push only after its memory is saved (n8n answers, not the node)', async () => {
		const [id] = await withDetections(1);
		const accepted = await h.hook.post({ id }, AUTH);
		expect(accepted.result?.noWebhookResponse).toBeUndefined();
		expect(accepted.result?.webhookResponse).toEqual({
			message: `Detection ${id} received: workflow started`,
			event: 'created',
		});
		expect(accepted.json).toEqual(accepted.result?.webhookResponse);
		expect(memoryIds()).toEqual([`d${id}`]);
		// A new process right after the 200 (nothing held in memory) knows the push.
		resetProcessMemory();
		const repeat = await h.hook.post({ id }, AUTH);
		expect(repeat.json.ignored).toBe('duplicate');
		expect(h.hook.executions).toHaveLength(1);
	});

	it('merges what another process saved into what this one holds, in both directions', async () => {
		const [a, b] = await withDetections(2);
		await h.hook.post({ id: a }, AUTH);
		// Another webhook process saved its own memory (b only) over ours.
		const other = structuredClone(h.hook.storedStaticData) as Record<string, any>;
		const key = Object.keys(other).find((k) => k.startsWith('node:'))!;
		other[key].memory = { v: 1, seen: { [`d${b}`]: [h.sim.getDetection(b).mod_time, 'x', 'y'] } };
		h.hook.storedStaticData = other;
		expect((await h.hook.post({ id: b }, AUTH)).json.ignored).toBe('duplicate');
		expect((await h.hook.post({ id: a }, AUTH)).json.ignored).toBe('duplicate');
		expect(memoryIds()).toEqual([`d${a}`, `d${b}`].sort());
		expect(h.hook.executions).toHaveLength(1);
	});

	// The process-wide record of emitted versions (markEmitted): the last guard when both the saved
	// memory and this process's memory of the node lost a version it emitted.
	it(`a repeated push is still a duplicate after another process saved over the memory and this process served ${MAX_PROCESS_SCOPES} other push triggers`, async () => {
		const [a, b] = await withDetections(2);
		expect((await h.hook.post({ id: a }, AUTH)).json.event).toBe('created');
		// Another webhook process, which loaded the static data before a was saved, saves its own
		// memory (b only) last: a is no longer in the saved memory.
		const other = structuredClone(h.hook.storedStaticData) as Record<string, IDataObject>;
		const key = Object.keys(other).find((k) => k.startsWith('node:'))!;
		other[key].memory = { v: 1, seen: { [`d${b}`]: [h.sim.getDetection(b).mod_time, 'x', 'y'] } };
		h.hook.storedStaticData = other;
		// This process received pushes for as many other push trigger nodes: it dropped its memory
		// of this one (the least recently used).
		for (let i = 0; i < MAX_PROCESS_SCOPES; i++)
			syncMemory(`other-workflow/${i}`, { v: 1, seen: {} });
		// ExtraHop sends the version of a again (a lost 200, a retry): no second execution.
		expect((await h.hook.post({ id: a }, AUTH)).json.ignored).toBe('duplicate');
		expect(h.hook.executions).toHaveLength(1);
	});
});

describe('back-to-back pushes', () => {
	// 120 here (each request runs n8n-core's WebhookContext); test:queue sends 300 to a real n8n.
	it('120 back-to-back pushes, then re-pushed from a restarted process: 0 forgotten', async () => {
		h = await startWebhookTrigger({ authentication: 'none' });
		h.hook.saveDelayMs = 5;
		const now = Date.now();
		const pushes = Array.from({ length: 120 }, (_, i) => ({
			id: 5000 + i,
			mod_time: now + i,
			create_time: now + i,
		}));
		for (const push of pushes) expect((await h.hook.post(push, AUTH)).status).toBe(200);
		expect(h.hook.executions).toHaveLength(120);
		resetProcessMemory();
		const again = await Promise.all(pushes.map((push) => h.hook.post(push, AUTH)));
		expect(again.filter((r) => r.json?.ignored !== 'duplicate')).toHaveLength(0);
		expect(h.hook.executions).toHaveLength(120);
	});
});

describe('hostile bodies', () => {
	beforeEach(async () => {
		h = await startWebhookTrigger({ authentication: 'none' });
	});

	const deep = (levels: number) =>
		`{"id": 1004, "x": ${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

	it.each([
		['application/json', 'application/json'],
		['text/plain', 'text/plain'],
		['no content type', undefined],
	])(
		'a body nested 10,000 levels deep under a valid id (%s): 400 body_too_deep, no execution',
		async (_label, type) => {
			const reply = await h.hook.post(deep(10_000), {
				...AUTH,
				...(type ? { 'Content-Type': type } : {}),
			});
			expect(reply.status).toBe(400);
			expect(reply.json).toEqual({
				code: 'body_too_deep',
				message: expect.stringContaining(`nested more than ${MAX_DEPTH} levels`),
			});
			expect(h.hook.executions).toHaveLength(0);
			expect(h.hook.errors).toHaveLength(0);
		},
	);

	it(`accepts ${MAX_DEPTH} levels, refuses ${MAX_DEPTH + 1}`, async () => {
		// The top-level object is level 1.
		expect((await h.hook.post(deep(MAX_DEPTH - 1), AUTH)).status).toBe(200);
		expect((await h.hook.post(deep(MAX_DEPTH), AUTH)).json.code).toBe('body_too_deep');
	});

	it('a body of many small values within the byte limit: 400 body_too_complex', async () => {
		const reply = await h.hook.post(`{"id":1004,"x":[${Array(25_000).fill('0').join(',')}]}`, AUTH);
		expect(reply.status).toBe(400);
		expect(reply.json.code).toBe('body_too_complex');
		expect(h.hook.executions).toHaveLength(0);
	});

	it('checkShape is iterative: a million levels do not overflow the stack', () => {
		let value: unknown = 1;
		for (let i = 0; i < 1_000_000; i++) value = [value];
		expect(() => checkShape(value)).toThrow(/nested more than/);
	});
});
