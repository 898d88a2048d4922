import {
	apiRequests,
	byId,
	extraHopNode,
	startExtraHop,
	type ExtraHopSetup,
} from '../helpers/extrahop';
import { interleave } from '../helpers/interleave';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const note = (operation: string, parameters: Record<string, unknown> = {}) =>
	extraHopNode({ resource: 'note', operation, detectionId: byId(1002), ...parameters });

describe('Notes', () => {
	it('replaces, reads, appends with a timestamp header, and deletes', async () => {
		await h.engine.runNode(note('replace', { note: 'First line' }));
		expect(h.sim.note(1002)).toBe('First line');
		const [read] = await h.engine.runNode(note('get'));
		expect(read.json).toEqual({ detection_id: 1002, note: 'First line' });

		const [appended] = await h.engine.runNode(
			note('append', { text: 'Ticket SOC-3 opened', options: { headerLabel: 'Jira' } }),
		);
		expect(h.sim.note(1002)).toMatch(
			/^First line\n\n\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ Jira\]\nTicket SOC-3 opened$/,
		);
		expect(appended.json.note).toBe(h.sim.note(1002));
		// Read, concatenate, write, read back: there is no append in the API.
		expect(
			apiRequests(h.sim)
				.slice(-3)
				.map((r) => r.method),
		).toEqual(['GET', 'PUT', 'GET']);

		const [deleted] = await h.engine.runNode(note('delete'));
		expect(deleted.json).toEqual({ detection_id: 1002, deleted: true });
		expect(h.sim.note(1002)).toBeUndefined();
	});

	it('appends from many items to the same detection without losing any', async () => {
		const items = Array.from({ length: 8 }, (_, i) => ({ line: `line ${i}` }));
		await h.engine.runNode(
			note('append', {
				text: '={{ $json.line }}',
				options: { timestampHeader: false, separator: '\n' },
			}),
			items,
		);
		expect(h.sim.note(1002)).toBe(items.map((i) => i.line).join('\n'));
	});

	it('refuses to append nothing', async () => {
		await expect(h.engine.runNode(note('append', { text: '  ' }))).rejects.toMatchObject({
			message: expect.stringContaining('Nothing to append'),
		});
		expect(apiRequests(h.sim)).toHaveLength(0);
	});
});

// Note > Append racing other writers of the same note: other executions or n8n processes
// appending at the same moment, and writers that are not this node. The API replaces the whole
// note on PUT and has no conditional write. Requests held on the simulator (until others arrive)
// force each interleaving, so the outcome does not depend on the machine's speed.
const NOTE_PATH = '/api/v1/detections/1002/notes';

const append = (text: string, options: Record<string, unknown> = {}, nodeOptions = {}) =>
	extraHopNode(
		{ resource: 'note', operation: 'append', detectionId: byId(1002), text, options },
		nodeOptions,
	);

const delay = (method: string, delayMs: number, times: number) =>
	h.sim.server.injectFault({ method, pathPrefix: NOTE_PATH, kind: 'latency', delayMs, times });

const noteRequests = () => apiRequests(h.sim).filter((r) => r.path === NOTE_PATH);
const puts = () => noteRequests().filter((r) => r.method === 'PUT');

const count = (note: string, text: string) => note.split(text).length - 1;

/** Runs `act` just before the simulator answers the `n`th request (1-based) matching `method`. */
function beforeNth(method: string, n: number, act: () => void) {
	let seen = 0;
	h.sim.server.watch((req: { method: string; path: string }) => {
		if (req.method === method && req.path === NOTE_PATH && ++seen === n) act();
	});
}

describe('Note > Append from several executions at once', () => {
	it('keeps both texts, each once, when one execution replaces the note the other just wrote', async () => {
		h.sim.setNote(1002, 'Opened by the SOC');
		// Both executions read the note before either writes; the first read-back comes after both
		// writes, so one side finds its text replaced by the other's note.
		interleave(h.sim.server, NOTE_PATH)
			.hold('GET', 1, 'GET', 2)
			.hold('GET', 2, 'GET', 2)
			.hold('GET', 3, 'PUT', 2);
		const [a, b] = await Promise.all([
			h.engine.runNode(append('Jira comment from Ana', { headerLabel: 'Jira' })),
			h.engine.runNode(append('Jira comment from Ben', { headerLabel: 'Jira' })),
		]);

		const note = h.sim.note(1002) as string;
		expect(note.startsWith('Opened by the SOC\n\n')).toBe(true);
		expect(count(note, 'Opened by the SOC')).toBe(1);
		expect(count(note, 'Jira comment from Ana')).toBe(1);
		expect(count(note, 'Jira comment from Ben')).toBe(1);
		expect(a[0].json.note).toContain('Jira comment from Ana');
		expect(b[0].json.note).toContain('Jira comment from Ben');
		expect(puts()).toHaveLength(3);
	});

	it('keeps all three texts, each once, when three executions append at the same moment', async () => {
		// All three read before any writes; the first read-back comes after all three writes.
		interleave(h.sim.server, NOTE_PATH)
			.hold('GET', 1, 'GET', 3)
			.hold('GET', 2, 'GET', 3)
			.hold('GET', 3, 'GET', 3)
			.hold('GET', 4, 'PUT', 3);
		const texts = ['first', 'second', 'third'].map((n) => `Comment ${n}`);
		const outputs = await Promise.all(texts.map((t) => h.engine.runNode(append(t))));

		const note = h.sim.note(1002) as string;
		for (const text of texts) expect(count(note, text)).toBe(1);
		expect(outputs.map((o) => o[0].json.detection_id)).toEqual([1002, 1002, 1002]);
		expect(puts().length).toBeGreaterThan(3);
	});
});

describe('Note > Append against a writer that replaces the note', () => {
	const plain = { timestampHeader: false, separator: '\n' };

	it('does not append again when the other writer already carried our text along', async () => {
		h.sim.setNote(1002, 'Opened');
		// Our write is replaced before the read-back; by the next read the other writer has put
		// our text back in.
		beforeNth('GET', 2, () => h.sim.setNote(1002, 'Opened\nAnalyst: host isolated'));
		beforeNth('GET', 3, () =>
			h.sim.setNote(1002, 'Opened\nAnalyst: host isolated\nTicket SOC-7 opened'),
		);
		const [out] = await h.engine.runNode(append('Ticket SOC-7 opened', plain));

		expect(h.sim.note(1002)).toBe('Opened\nAnalyst: host isolated\nTicket SOC-7 opened');
		expect(out.json).toEqual({
			detection_id: 1002,
			note: 'Opened\nAnalyst: host isolated\nTicket SOC-7 opened',
		});
		expect(puts()).toHaveLength(1);
	});

	it('appends again when the note already held the same text before and ours was replaced', async () => {
		h.sim.setNote(1002, 'Escalated');
		beforeNth('GET', 2, () => h.sim.setNote(1002, 'Escalated\nAnalyst: owner told'));
		const [out] = await h.engine.runNode(append('Escalated', plain));

		expect(h.sim.note(1002)).toBe('Escalated\nAnalyst: owner told\nEscalated');
		expect(out.json.note).toBe(h.sim.note(1002));
		expect(puts()).toHaveLength(2);
	});

	it('finds its text again when the server stores it with other line endings and no trailing blanks', async () => {
		h.sim.setNote(1002, 'Opened');
		// A plausible reading the spec leaves open: the appliance normalises the text it stores.
		beforeNth('GET', 2, () => {
			const stored = (h.sim.note(1002) as string).replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '');
			h.sim.setNote(1002, stored.trim());
		});
		const [out] = await h.engine.runNode(append('Host isolated  \r\nby Ana \r\n', plain));

		expect(h.sim.note(1002)).toBe('Opened\nHost isolated\nby Ana');
		expect(out.json.note).toBe('Opened\nHost isolated\nby Ana');
		expect(puts()).toHaveLength(1);
	});

	it('fails the item with a clear error when other writers keep replacing the note; Continue On Fail keeps the others', async () => {
		const otherWriter = setInterval(() => h.sim.setNote(1002, 'Rewritten by another tool'), 10);
		delay('GET', 100, 30);
		const items = [{ id: 1003 }, { id: 1002 }];
		const appendTo = (nodeOptions = {}) =>
			extraHopNode(
				{
					resource: 'note',
					operation: 'append',
					detectionId: byId('={{ $json.id }}'),
					text: 'Ticket SOC-9 opened',
					options: {},
				},
				nodeOptions,
			);
		try {
			await expect(h.engine.runNode(appendTo(), items)).rejects.toMatchObject({
				message:
					'The text could not be appended to the note of detection 1002: other writers kept replacing the note',
				context: { itemIndex: 1 },
			});
			expect(puts()).toHaveLength(5);

			const out = await h.engine.runNode(appendTo({ continueOnFail: true }), items);
			expect(out[0].json).toMatchObject({ detection_id: 1003 });
			expect(out[0].json.note).toContain('Ticket SOC-9 opened');
			expect(out[1].json).toMatchObject({
				error:
					'The text could not be appended to the note of detection 1002: other writers kept replacing the note',
			});
			expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		} finally {
			clearInterval(otherWriter);
		}
	});
});

describe('Note > Append: what the API cannot make safe (documented limits)', () => {
	it("replaces a change another writer made between Append's read and write", async () => {
		h.sim.setNote(1002, 'Opened');
		beforeNth('PUT', 1, () => h.sim.setNote(1002, 'Opened\nAnalyst: false positive?'));
		await h.engine.runNode(append('Ticket SOC-7 opened', { timestampHeader: false }));

		expect(h.sim.note(1002)).toBe('Opened\n\nTicket SOC-7 opened');
	});

	it('loses one text when the other execution read before our write and writes after our read-back', async () => {
		h.sim.setNote(1002, 'Opened');
		// Both read "Opened"; the first write is held until the other write has been read back: the
		// held write replaces the note with its own text only, and both succeed.
		interleave(h.sim.server, NOTE_PATH)
			.hold('GET', 1, 'GET', 2)
			.hold('GET', 2, 'GET', 2)
			.hold('PUT', 1, 'GET', 3);
		const outputs = await Promise.all(
			['Comment A', 'Comment B'].map((t) =>
				h.engine.runNode(append(t, { timestampHeader: false })),
			),
		);

		const note = h.sim.note(1002) as string;
		expect(outputs).toHaveLength(2);
		expect(count(note, 'Comment A') + count(note, 'Comment B')).toBe(1);
		expect(puts()).toHaveLength(2);
	});

	it('leaves the same text once when two executions append it at the same moment', async () => {
		h.sim.setNote(1002, 'Opened');
		interleave(h.sim.server, NOTE_PATH).hold('GET', 1, 'GET', 2).hold('GET', 2, 'GET', 2);
		const outputs = await Promise.all(
			[1, 2].map(() => h.engine.runNode(append('Escalated', { timestampHeader: false }))),
		);

		expect(outputs.map((o) => o[0].json.note)).toEqual([
			'Opened\n\nEscalated',
			'Opened\n\nEscalated',
		]);
		expect(h.sim.note(1002)).toBe('Opened\n\nEscalated');
		expect(puts()).toHaveLength(2);
	});
});
