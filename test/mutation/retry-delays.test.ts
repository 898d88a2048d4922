/**
 * How long the transport core waits between attempts, on a recorded clock: Retry-After honoured
 * exactly, and never beyond the policy's longest wait (an ExtraHop `Retry-After: 3600` must not
 * hold an execution for an hour); backoff with jitter when the server says nothing.
 */
import { EXTRAHOP_POLICY } from '../../nodes/ExtraHop/common/transportPolicy';
import { LOGMULE_POLICY } from '../../nodes/LogMule/transport';
import { sendRequest } from '../../nodes/shared/transport';
import {
	ATTEMPT_TIMEOUT_MS,
	recordWaits,
	requestError,
	scriptedHttp,
	serviceRequest,
	type RecordedClock,
	type Scripted,
} from './fake-http';

let clock: RecordedClock;
afterEach(() => clock?.restore());

const busy = (retryAfter?: unknown, status = 503): Scripted => ({
	status,
	headers:
		retryAfter === undefined
			? { 'content-type': 'application/json' }
			: { 'content-type': 'application/json', 'retry-after': retryAfter },
});
const ok: Scripted = { status: 200, body: { ok: true } };

describe('Retry-After', () => {
	it('ExtraHop asks for 3600 s: the node waits 30 s (the policy maximum), then tries again', async () => {
		clock = recordWaits();
		const http = scriptedHttp([busy('3600'), ok]);
		const response = await sendRequest.call(http.ctx, EXTRAHOP_POLICY, serviceRequest('GET'));
		expect(response).toMatchObject({ statusCode: 200, body: { ok: true }, attempts: 2 });
		expect(clock.waits).toEqual([30_000]);
		expect(http.sent).toHaveLength(2);
	});

	it.each([
		['2', 2000],
		['1.5', 1500],
		['0', 0],
		['30', 30_000],
		[' 7 ', 7000],
		[['4', '9'], 4000],
	])('ExtraHop asks for %j: the node waits exactly %i ms', async (header, expected) => {
		clock = recordWaits();
		const http = scriptedHttp([busy(header, 429), ok]);
		await sendRequest.call(http.ctx, EXTRAHOP_POLICY, serviceRequest('GET'));
		expect(clock.waits).toEqual([expected]);
	});

	it('reads Retry-After spelled with capitals too', async () => {
		clock = recordWaits();
		const http = scriptedHttp([
			{ status: 503, headers: { 'content-type': 'application/json', 'Retry-After': '3' } },
			ok,
		]);
		await sendRequest.call(http.ctx, EXTRAHOP_POLICY, serviceRequest('GET'));
		expect(clock.waits).toEqual([3000]);
	});

	it('an HTTP date: the time until then; a date in the past: no wait; a far one: the maximum', async () => {
		const now = Date.parse('2026-03-01T10:00:00Z');
		const dateNow = jest.spyOn(Date, 'now').mockReturnValue(now);
		try {
			clock = recordWaits();
			const http = scriptedHttp([
				busy(new Date(now + 12_000).toUTCString()),
				busy(new Date(now - 60_000).toUTCString()),
				busy(new Date(now + 86_400_000).toUTCString()),
				busy('tomorrow-ish'),
				ok,
			]);
			const response = await sendRequest.call(http.ctx, EXTRAHOP_POLICY, serviceRequest('GET'));
			expect(response.attempts).toBe(5);
			// The unreadable header counts as none: backoff for the fourth attempt (400 * 2^3 * 0.75).
			expect(clock.waits).toEqual([12_000, 0, 30_000, 2400]);
		} finally {
			dateNow.mockRestore();
		}
	});

	it('LogMule asks for more than it waits (31 s > 30 s): it stops at once and says so, one request sent', async () => {
		clock = recordWaits();
		const http = scriptedHttp([busy('31'), ok]);
		const error = await requestError(http, LOGMULE_POLICY, serviceRequest('POST'));
		expect(error.message).toBe('explained 503 after 1; LogMule asked to retry after 31 s');
		expect(error.description).toBe(
			'what to do The node waits at most 30 s between attempts, so it stopped instead of retrying earlier than asked.',
		);
		expect(error.httpCode).toBe('503');
		expect(error.context.itemIndex).toBe(2);
		expect(clock.waits).toEqual([]);
		expect(http.sent).toHaveLength(1);
	});

	it('LogMule asks for exactly its longest wait (30 s): it waits 30 s and sends again', async () => {
		clock = recordWaits();
		const http = scriptedHttp([busy('30', 429), { status: 200, body: { id: 'inc-1' } }]);
		const response = await sendRequest.call(http.ctx, LOGMULE_POLICY, serviceRequest('POST'));
		expect(response).toMatchObject({ statusCode: 200, body: { id: 'inc-1' }, attempts: 2 });
		expect(clock.waits).toEqual([30_000]);
	});

	it('LogMule: a fractional wait is rounded up in the message (90.2 s -> 91 s)', async () => {
		clock = recordWaits();
		const error = await requestError(
			scriptedHttp([busy('90.2')]),
			LOGMULE_POLICY,
			serviceRequest('POST'),
		);
		expect(error.message).toBe('explained 503 after 1; LogMule asked to retry after 91 s');
	});
});

describe('backoff without Retry-After', () => {
	it('ExtraHop: 5 attempts, waits 400 * 2^n scaled by jitter between one half and one', async () => {
		clock = recordWaits(0);
		const lowest = scriptedHttp([busy()]);
		const error = await requestError(lowest, EXTRAHOP_POLICY, serviceRequest('GET'));
		expect(error.message).toBe('explained 503 after 5');
		expect(lowest.sent).toHaveLength(5);
		expect(clock.waits).toEqual([200, 400, 800, 1600]);
		clock.restore();

		clock = recordWaits(0.75);
		await requestError(scriptedHttp([busy()]), EXTRAHOP_POLICY, serviceRequest('GET'));
		expect(clock.waits).toEqual([350, 700, 1400, 2800]);
	});

	it('LogMule: 4 attempts, 500 ms base', async () => {
		clock = recordWaits(0.5);
		const http = scriptedHttp([busy()]);
		const error = await requestError(http, LOGMULE_POLICY, serviceRequest('POST'));
		expect(error.message).toBe('explained 503 after 4');
		expect(http.sent).toHaveLength(4);
		expect(clock.waits).toEqual([375, 750, 1500]);
	});

	it('backoff is capped at the longest wait too', async () => {
		clock = recordWaits(0.5);
		const http = scriptedHttp([busy()]);
		await requestError(
			http,
			EXTRAHOP_POLICY,
			serviceRequest('GET', { retry: { retries: 3, baseDelayMs: 10_000, maxDelayMs: 20_000 } }),
		);
		expect(clock.waits).toEqual([7500, 15_000, 20_000]);
		expect(http.sent).toHaveLength(4);
	});

	it('a request-level retry budget of 0 sends once', async () => {
		clock = recordWaits();
		const http = scriptedHttp([busy()]);
		const error = await requestError(
			http,
			EXTRAHOP_POLICY,
			serviceRequest('GET', { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }),
		);
		expect(error.message).toBe('explained 503 after 1');
		expect(clock.waits).toEqual([]);
	});
});

describe('the wait between attempts', () => {
	it('the next attempt goes out only once the wait is over, not while it runs', async () => {
		const waiting: Array<() => void> = [];
		const realSetTimeout = globalThis.setTimeout;
		const timer = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((
			callback: () => void,
			ms?: number,
		) => {
			if (ms !== ATTEMPT_TIMEOUT_MS) waiting.push(callback);
			return realSetTimeout(() => undefined, 0);
		}) as unknown as typeof setTimeout);
		try {
			const http = scriptedHttp([busy('2'), ok]);
			const response = sendRequest.call(http.ctx, EXTRAHOP_POLICY, serviceRequest('GET'));
			for (let turn = 0; turn < 50; turn++) await new Promise((r) => setImmediate(r));
			expect(waiting).toHaveLength(1);
			expect(http.sent).toHaveLength(1);
			waiting[0]();
			await expect(response).resolves.toMatchObject({ statusCode: 200, attempts: 2 });
			expect(http.sent).toHaveLength(2);
		} finally {
			timer.mockRestore();
		}
	});
});
