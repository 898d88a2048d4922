/**
 * What a poll asks ExtraHop (nodes/ExtraHop/trigger/server.ts), exactly: the sort every search
 * sends (the in-memory search of the other cursor tests sorts by itself, whatever is asked), the
 * first run's request and starting point, the filter, page bounds, the request count and the
 * server's clock.
 */
import type { IDataObject } from 'n8n-workflow';

import { poll } from '../../nodes/ExtraHop/trigger/cursor';
import {
	MAX_PAGE,
	MIN_PAGE,
	SORT,
	Server,
	filterBody,
	firstState,
	idOf,
	pageOf,
	type SearchResult,
} from '../../nodes/ExtraHop/trigger/server';
import { DEFAULT_SETTINGS, MIN } from '../helpers/memory-extrahop';

const SETTINGS = DEFAULT_SETTINGS;

/** A search answering `answers` in turn (the last one again), recording every body it was sent. */
function recording(answers: SearchResult[]) {
	const bodies: IDataObject[] = [];
	const search = async (body: IDataObject) => {
		bodies.push(body);
		return answers[Math.min(bodies.length, answers.length) - 1];
	};
	return { bodies, search };
}

const detection = (id: number, modTime: number) => ({ id, mod_time: modTime });

describe('the searches a poll sends', () => {
	it('every search after the first run sorts by mod_time, then id, both ascending', () => {
		expect(SORT).toEqual([
			{ field: 'mod_time', direction: 'asc' },
			{ field: 'id', direction: 'asc' },
		]);
	});

	it('the first run asks for the newest version (descending, one), with the filter', async () => {
		const filter = { types: ['a'] };
		const { bodies, search } = recording([{ detections: [detection(9, 5000)] }]);
		const state = await firstState(new Server(search), { ...SETTINGS, filter });
		expect(bodies).toEqual([
			{
				filter,
				sort: [
					{ field: 'mod_time', direction: 'desc' },
					{ field: 'id', direction: 'desc' },
				],
				limit: 1,
			},
		]);
		expect(state.w).toEqual({ t: 5000, i: 9 });
		expect(state.c).toBe(5000 - 10 * MIN);
	});

	it('with a lookback, the first run starts that far back from the server clock (never below 0)', async () => {
		const now = Date.parse('2026-05-01T08:00:00Z');
		const { search } = recording([{ detections: [detection(9, now - 5)], serverDate: now }]);
		const lookback = { ...SETTINGS, lookbackMs: 60 * MIN };
		expect((await firstState(new Server(search), lookback)).w).toEqual({ t: now - 60 * MIN, i: 0 });
		const early = recording([{ detections: [], serverDate: 1000 }]);
		expect((await firstState(new Server(early.search), lookback)).w).toEqual({ t: 0, i: 0 });
		const none = recording([{ detections: [], serverDate: now }]);
		expect((await firstState(new Server(none.search), SETTINGS)).w).toEqual({ t: now, i: 0 });
	});

	it('a poll from a saved state sends the ascending sort on every search', async () => {
		const first = recording([{ detections: [detection(1, 1000)], serverDate: 2000 }]);
		const start = await poll(first.search, undefined, SETTINGS);
		const next = recording([{ detections: [detection(1, 1000), detection(2, 1500)] }]);
		await poll(next.search, start.state, SETTINGS);
		expect(next.bodies.length).toBeGreaterThan(0);
		for (const body of next.bodies) expect(body.sort).toEqual(SORT);
	});

	it('counts its requests and keeps the first answer clock, a second before its Date', async () => {
		const { search } = recording([{ detections: [], serverDate: 10_000 }, { detections: [] }]);
		const server = new Server(search);
		await server.ask({});
		await server.ask({});
		expect(server.requests).toBe(2);
		expect(server.now).toBe(9000);
	});
});

describe('helpers', () => {
	it('idOf reads an ID alone or a detection', () => {
		expect(idOf(7)).toBe(7);
		expect(idOf('8')).toBe(8);
		expect(idOf({ id: 9, mod_time: 1 })).toBe(9);
	});

	it('filterBody: no filter key without filters', () => {
		expect(filterBody({})).toEqual({});
		expect(filterBody({ status: ['new'] })).toEqual({ filter: { status: ['new'] } });
	});

	it('pageOf stays within the API page bounds', () => {
		expect(pageOf(1)).toBe(MIN_PAGE);
		expect(pageOf(MIN_PAGE)).toBe(MIN_PAGE);
		expect(pageOf(500)).toBe(500);
		expect(pageOf(MAX_PAGE + 1)).toBe(MAX_PAGE);
	});
});
