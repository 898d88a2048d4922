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
