/**
 * What ExtraHop's and LogMule's policies repeat, on the transport core: every failure each one
 * retries, the ones it never does, for a read and for a create, and how redirects are treated.
 * The recorded clock keeps it instant.
 */
import type { IHttpRequestMethods } from 'n8n-workflow';

import { EXTRAHOP_POLICY } from '../../nodes/ExtraHop/common/transportPolicy';
import { LOGMULE_POLICY } from '../../nodes/LogMule/transport';
import { sendRequest, type ServicePolicy } from '../../nodes/shared/transport';
import {
	networkError,
	recordWaits,
	requestError,
	scriptedHttp,
	serviceRequest,
	type RecordedClock,
	type Scripted,
} from './fake-http';

let clock: RecordedClock;
beforeEach(() => {
	clock = recordWaits();
});
afterEach(() => clock.restore());

const ok: Scripted = { status: 200, body: { ok: true } };
const status = (code: number): Scripted => ({ status: code, body: { error: `status ${code}` } });
const thrown = (code: string): Scripted => ({ error: networkError(code) });

/** How many requests one call sent when the first attempt failed with `first` and the next succeeded. */
async function attemptsAfter(
	policy: ServicePolicy,
	method: IHttpRequestMethods,
	first: Scripted,
): Promise<number> {
	const http = scriptedHttp([first, ok]);
	await sendRequest.call(http.ctx, policy, serviceRequest(method)).catch(() => undefined);
	return http.sent.length;
}

describe('ExtraHop', () => {
	it.each([429, 502, 503, 504])('a read answered %i is sent again', async (code) => {
		expect(await attemptsAfter(EXTRAHOP_POLICY, 'GET', status(code))).toBe(2);
	});

	it.each([400, 401, 403, 404, 409, 422, 500, 501, 505])(
		'a read answered %i is not',
		async (code) => {
			expect(await attemptsAfter(EXTRAHOP_POLICY, 'GET', status(code))).toBe(1);
		},
	);

	it.each([
		'ECONNRESET',
		'ETIMEDOUT',
		'ECONNABORTED',
		'EPIPE',
		'ECONNREFUSED',
		'EAI_AGAIN',
		'ERR_SOCKET_CONNECTION_TIMEOUT',
	])('a read that failed with %s is sent again', async (code) => {
		expect(await attemptsAfter(EXTRAHOP_POLICY, 'GET', thrown(code))).toBe(2);
	});

	it.each(['ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO'])(
		'a read that failed with %s is not',
		async (code) => {
			expect(await attemptsAfter(EXTRAHOP_POLICY, 'GET', thrown(code))).toBe(1);
		},
	);

	it.each([429, 502, 503, 504, 500])('a create answered %i is not sent again', async (code) => {
		expect(await attemptsAfter(EXTRAHOP_POLICY, 'POST', status(code))).toBe(1);
	});

	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN'])(
		'a create that failed with %s is not sent again',
		async (code) => {
			expect(await attemptsAfter(EXTRAHOP_POLICY, 'POST', thrown(code))).toBe(1);
		},
	);

	it('a create whose connection was refused is sent again: it never reached ExtraHop', async () => {
		expect(await attemptsAfter(EXTRAHOP_POLICY, 'POST', thrown('ECONNREFUSED'))).toBe(2);
	});

	it.each(['PUT', 'PATCH', 'DELETE'] as const)(
		'%s counts as idempotent unless the caller says otherwise',
		async (method) => {
			expect(await attemptsAfter(EXTRAHOP_POLICY, method, status(503))).toBe(2);
			const http = scriptedHttp([status(503), ok]);
			await requestError(http, EXTRAHOP_POLICY, serviceRequest(method, { idempotent: false }));
			expect(http.sent).toHaveLength(1);
		},
	);

	it('a request without a method is a GET, and is repeated', async () => {
		const http = scriptedHttp([status(503), ok]);
		const request = serviceRequest('GET');
		delete request.options.method;
		const response = await sendRequest.call(http.ctx, EXTRAHOP_POLICY, request);
		expect(response.attempts).toBe(2);
	});

	it('follows no redirect: a 3xx is an error naming where it pointed, sent once, never retried', async () => {
		const http = scriptedHttp([
			{ status: 302, body: { moved: true }, headers: { location: '/login' } },
			ok,
		]);
		const error = await requestError(http, EXTRAHOP_POLICY, serviceRequest('GET'));
		expect(error.message).toBe(
			'ExtraHop redirected GET /api/thing (HTTP 302) to https://service.test/login',
		);
		// The advice in full, not read from the policy: an emptied advice must fail here.
		expect(error.description).toBe(
			'The request was not followed: the node sends the credential only to the address in it, never where a redirect points. If the system moved, enter the address it answers at (as you open it in a browser, often https:// instead of http://) in the credential.',
		);
		expect(error.httpCode).toBe('302');
		expect(http.sent).toHaveLength(1);
		expect(http.sent[0]).toMatchObject({
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		});
	});
});

describe('LogMule', () => {
	it.each([429, 503])('a create answered %i (not processed) is sent again', async (code) => {
		expect(await attemptsAfter(LOGMULE_POLICY, 'POST', status(code))).toBe(2);
	});

	it.each([400, 401, 404, 500, 502, 504])('a create answered %i is not', async (code) => {
		expect(await attemptsAfter(LOGMULE_POLICY, 'POST', status(code))).toBe(1);
	});

	it.each([502, 504])(
		'even a read answered %i is not: it retries only what had no effect',
		async (code) => {
			expect(await attemptsAfter(LOGMULE_POLICY, 'GET', status(code))).toBe(1);
		},
	);

	it.each(['ECONNREFUSED', 'EAI_AGAIN'])(
		'a create that failed with %s is sent again',
		async (code) => {
			expect(await attemptsAfter(LOGMULE_POLICY, 'POST', thrown(code))).toBe(2);
		},
	);

	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND'])(
		'a create that failed with %s is not',
		async (code) => {
			expect(await attemptsAfter(LOGMULE_POLICY, 'POST', thrown(code))).toBe(1);
		},
	);

	it('does not follow redirects: it asks the helper not to, and a 3xx is a failure, not retried', async () => {
		const http = scriptedHttp([
			{ status: 308, headers: { location: 'https://elsewhere.test/' } },
			ok,
		]);
		const error = await requestError(http, LOGMULE_POLICY, serviceRequest('POST'));
		expect(error.message).toBe(
			'LogMule redirected POST /api/thing (HTTP 308) to https://elsewhere.test/',
		);
		expect(error.description).toBe(
			`The request was not followed: the node sends the credential only to the address in it, never where a redirect points. It pointed away from https://service.test, the address in the credential. Put the final address of the API root in the "LogMule API" credential (often https:// instead of http://).`,
		);
		expect(error.httpCode).toBe('308');
		expect(http.sent).toHaveLength(1);
		expect(http.sent[0].disableFollowRedirect).toBe(true);
	});
});
