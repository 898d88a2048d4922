/**
 * The ExtraHop simulator's notes: an analyst's edit through the control API (the mirroring e2e
 * edits notes as a person in ExtraHop would), and `noteChangeMovesModTime`, the two readings of
 * what the spec leaves open (whether a note change moves the detection's mod_time).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');

type NotesTestSimulator = ReturnType<typeof createExtraHopSimulator>;

describe('ExtraHop simulator: notes and mod_time', () => {
	let sim: NotesTestSimulator;
	let url: string;

	beforeEach(async () => {
		sim = createExtraHopSimulator({ seed: false });
		url = await sim.start();
	});
	afterEach(async () => {
		await sim.stop();
	});

	const api = (method: string, path: string, body?: unknown) =>
		fetch(`${url}/api/v1${path}`, {
			method,
			headers: {
				Authorization: `ExtraHop apikey=${sim.config.apiKey}`,
				'Content-Type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	const control = (method: string, path: string, body?: unknown) =>
		fetch(`${url}/_sim${path}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	const modTime = (id: number): number => sim.getDetection(id).mod_time;

	it('an analyst edits a note through the control API: the API reads it back', async () => {
		const d = sim.createDetection();
		const res = await control('PUT', `/detections/${d.id}/notes`, { note: 'Seen before.' });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ note: 'Seen before.' });
		expect(await (await api('GET', `/detections/${d.id}/notes`)).json()).toEqual({
			note: 'Seen before.',
		});
		expect((await control('PUT', `/detections/${d.id}/notes`, { note: null })).status).toBe(200);
		expect(sim.note(d.id)).toBeUndefined();
		expect((await control('PUT', '/detections/999999/notes', { note: 'x' })).status).toBe(404);
	});

	it('by default a note change leaves mod_time as it was', async () => {
		const d = sim.createDetection();
		const before = modTime(d.id);
		expect((await api('PUT', `/detections/${d.id}/notes`, { note: 'by the API' })).status).toBe(
			204,
		);
		sim.setNote(d.id, 'by an analyst');
		expect((await api('DELETE', `/detections/${d.id}/notes`)).status).toBe(204);
		expect(modTime(d.id)).toBe(before);
	});

	it('with noteChangeMovesModTime every note change moves mod_time', async () => {
		sim.config.noteChangeMovesModTime = true;
		const d = sim.createDetection();
		const times = [modTime(d.id)];
		await api('PUT', `/detections/${d.id}/notes`, { note: 'by the API' });
		times.push(modTime(d.id));
		await control('PUT', `/detections/${d.id}/notes`, { note: 'by an analyst' });
		times.push(modTime(d.id));
		await api('DELETE', `/detections/${d.id}/notes`);
		times.push(modTime(d.id));
		for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
		expect(sim.note(d.id)).toBeUndefined();
	});
});
