/**
 * The transport core's request loop (nodes/shared/transport/index.ts), exactly: the options it
 * hands n8n's helper, what counts as success, answers that are not JSON, streams, the hooks a
 * service gives it (before each attempt, final failures, renewing authentication), and the error
 * every failure ends with.
 */
import { Readable } from 'node:stream';

import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	sendRequest,
	sendWithoutCredential,
	type ServicePolicy,
} from '../../nodes/shared/transport';
import {
	FAKE_NODE,
	networkError,
	recordWaits,
	requestError,
	scriptedHttp,
	serviceRequest,
	type RecordedClock,
} from './fake-http';

let clock: RecordedClock;
beforeEach(() => {
	clock = recordWaits();
});
afterEach(() => clock.restore());

const policy: ServicePolicy = {
	name: 'Fake',
	retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 1000 },
	retryable: { statuses: new Set([503]), codes: new Set(['ECONNRESET']) },
	notProcessed: { statuses: new Set([429]), codes: new Set(['ECONNREFUSED']) },
	longRetryAfter: 'stop',
	redirectAdvice: 'Enter the right URL.',
};
const notFollowed =
	'The request was not followed: the node sends the credential only to the address in it, never where a redirect points.';
const json = { 'content-type': 'application/json' };

describe('what goes to n8n', () => {
	it('the caller options, plus: full response as a stream, HTTP errors as answers, no redirect followed; headers copied, not shared', async () => {
		const headers = { Accept: 'application/json', 'X-Trace': '1' };
		const http = scriptedHttp([{ status: 200, body: { a: 1 } }]);
		const request = serviceRequest('PATCH', {
			options: {
				method: 'PATCH',
				url: 'https://service.test/api/x',
				qs: { q: 1 },
				body: { b: 2 },
				timeout: 1234,
				headers,
			},
		});
		const response = await sendRequest.call(http.ctx, policy, request);
		expect(response).toEqual({ statusCode: 200, body: { a: 1 }, headers: json, attempts: 1 });
		expect(http.sent).toEqual([
			{
				method: 'PATCH',
				url: 'https://service.test/api/x',
				qs: { q: 1 },
				body: { b: 2 },
				timeout: 1234,
				headers: { Accept: 'application/json', 'X-Trace': '1' },
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				encoding: 'stream',
				json: false,
			},
		]);
		expect(http.sent[0].headers).not.toBe(headers);
	});

	it('a stream is asked for as a stream, not JSON', async () => {
		const http = scriptedHttp([{ status: 200, body: 'pcap bytes', headers: {} }]);
		const response = await sendRequest.call(
			http.ctx,
			policy,
			serviceRequest('POST', { stream: true }),
		);
		expect(http.sent[0]).toMatchObject({ json: false, encoding: 'stream' });
		// A stream's body is the caller's: no "not JSON" check.
		expect(response.body).toBe('pcap bytes');
	});

	it('the credential type the service named', async () => {
		const types: string[] = [];
		const http = scriptedHttp([{ status: 200 }]);
		const helper = http.ctx.helpers.httpRequestWithAuthentication;
		(http.ctx.helpers as { httpRequestWithAuthentication: unknown }).httpRequestWithAuthentication =
			async function (this: unknown, type: string, options: IHttpRequestOptions) {
				types.push(type);
				return await helper.call(this as never, type, options);
			};
		await sendRequest.call(http.ctx, policy, serviceRequest('GET'));
		expect(types).toEqual(['fakeApi']);
	});
});

describe('what counts as success', () => {
	it.each([200, 201, 204, 299])('%i', async (code) => {
		const http = scriptedHttp([{ status: code }]);
		expect((await sendRequest.call(http.ctx, policy, serviceRequest('GET'))).statusCode).toBe(code);
	});

	it.each([300, 304, 399])(
		'not %i: a redirect is an error naming where it pointed, and nothing is followed',
		async (code) => {
			const http = scriptedHttp([
				{ status: code, headers: { location: 'https://service.test/elsewhere' } },
				{ status: 200 },
			]);
			const error = await requestError(http, policy, serviceRequest('GET'));
			expect(error.message).toBe(
				`Fake redirected GET /api/thing (HTTP ${code}) to https://service.test/elsewhere`,
			);
			expect(error.description).toBe(`${notFollowed} Enter the right URL.`);
			expect(error.httpCode).toBe(String(code));
			expect(error.context.itemIndex).toBe(2);
			expect(http.sent).toHaveLength(1);
		},
	);

	it('a redirect is never retried, even when the policy would retry its status', async () => {
		const http = scriptedHttp([{ status: 302 }, { status: 200 }]);
		const error = await requestError(
			http,
			{ ...policy, retryable: { statuses: new Set([302]), codes: new Set() } },
			serviceRequest('GET'),
		);
		expect(error.message).toBe('Fake redirected GET /api/thing (HTTP 302)');
		expect(http.sent).toHaveLength(1);
		expect(clock.waits).toEqual([]);
	});

	it('a relative Location is resolved; another host, or HTTPS to HTTP, is said so; secrets cut out', async () => {
		const relative = await requestError(
			scriptedHttp([{ status: 301, headers: { location: '/v2/thing' } }]),
			policy,
			serviceRequest('GET'),
		);
		expect(relative.message).toBe(
			'Fake redirected GET /api/thing (HTTP 301) to https://service.test/v2/thing',
		);
		expect(relative.description).toBe(`${notFollowed} Enter the right URL.`);
		const away = await requestError(
			scriptedHttp([{ status: 307, headers: { location: 'https://other.test/x?key=s3cret-key' } }]),
			policy,
			serviceRequest('GET', { secrets: ['s3cret-key'] }),
		);
		expect(away.message).toBe(
			'Fake redirected GET /api/thing (HTTP 307) to https://other.test/x?key=[redacted]',
		);
		expect(away.description).toBe(
			`${notFollowed} It pointed away from https://service.test, the address in the credential. Enter the right URL.`,
		);
		const downgrade = await requestError(
			scriptedHttp([{ status: 308, headers: { location: 'http://service.test/api/thing' } }]),
			policy,
			serviceRequest('GET'),
		);
		expect(downgrade.description).toBe(
			`${notFollowed} It pointed from HTTPS to plain HTTP, where the credential would cross the network unencrypted. Enter the right URL.`,
		);
	});

	it.each([199, 400, 404])('not %i', async (code) => {
		const error = await requestError(
			scriptedHttp([{ status: code }]),
			policy,
			serviceRequest('GET'),
		);
		expect(error.message).toBe(`explained ${code} after 1`);
		expect(error.httpCode).toBe(String(code));
	});
});

describe('answers that are not JSON', () => {
	it.each([
		['an HTML page', '<html><title>Login</title></html>', { 'content-type': 'text/html' }],
		['text not declared as JSON', 'OK', { 'content-type': 'text/plain' }],
		['text without content type', 'OK', {}],
	])('%s is refused once, never retried', async (_what, body, headers) => {
		const http = scriptedHttp([{ status: 200, body, headers }]);
		const error = await requestError(http, policy, serviceRequest('GET'));
		expect(error.message).toBe('not JSON 200 after 1');
		expect(error.description).toBe('a proxy answered');
		expect(error.httpCode).toBe('200');
		expect(http.sent).toHaveLength(1);
	});

	it('counts the attempts before it', async () => {
		const http = scriptedHttp([
			{ status: 503 },
			{ status: 200, body: '<html><body>proxy</body></html>', headers: {} },
		]);
		const error = await requestError(http, policy, serviceRequest('GET'));
		expect(error.message).toBe('not JSON 200 after 2');
	});

	it.each([
		['JSON text declared as JSON', '{"a":1}', json, { a: 1 }],
		['an empty text', '', { 'content-type': 'text/plain' }, undefined],
		['a JSON object', { a: 1 }, {}, { a: 1 }],
	])('%s is accepted, parsed', async (_what, body, headers, parsed) => {
		const http = scriptedHttp([{ status: 200, body, headers }]);
		const response = await sendRequest.call(http.ctx, policy, serviceRequest('GET'));
		expect(response.body).toEqual(parsed);
	});
});

describe("a failed stream's body", () => {
	it('is read (64 KiB at most) and handed to explain', async () => {
		const seen: unknown[] = [];
		const http = scriptedHttp([
			{ status: 500, body: Readable.from([Buffer.from('{"error":'), Buffer.from('"no"}')]) },
		]);
		await requestError(
			http,
			policy,
			serviceRequest('POST', {
				stream: true,
				explain: (failure) => {
					seen.push(failure.body, failure.status, failure.headers);
					return { message: 'm', description: 'd' };
				},
			}),
		);
		expect(seen).toEqual([{ error: 'no' }, 500, json]);
	});

	it('at most 64 KiB of it, as text when cut short', async () => {
		const seen: unknown[] = [];
		const http = scriptedHttp([
			{ status: 500, body: Readable.from([Buffer.alloc(40_000, 'a'), Buffer.alloc(40_000, 'b')]) },
		]);
		await requestError(
			http,
			policy,
			serviceRequest('POST', {
				stream: true,
				explain: (failure) => {
					seen.push(failure.body);
					return { message: 'm', description: 'd' };
				},
			}),
		);
		expect(seen).toEqual(['a'.repeat(40_000) + 'b'.repeat(65_536 - 40_000)]);
	});

	it('a JSON request keeps the body as the helper gave it', async () => {
		const seen: unknown[] = [];
		const http = scriptedHttp([{ status: 400, body: { error: 'bad' } }]);
		await requestError(
			http,
			policy,
			serviceRequest('GET', {
				explain: (failure, attempts) => {
					seen.push(failure.body, failure.message, attempts);
					return { message: 'm', description: 'd' };
				},
			}),
		);
		expect(seen).toEqual([{ error: 'bad' }, '', 1]);
	});
});

describe('the service hooks', () => {
	it('beforeAttempt runs before every attempt and may change the options sent', async () => {
		let calls = 0;
		const http = scriptedHttp([{ status: 503 }, { status: 200 }]);
		await sendRequest.call(
			http.ctx,
			policy,
			serviceRequest('GET', {
				beforeAttempt: async (options) => {
					calls++;
					options.headers = { ...options.headers, Authorization: `Bearer t${calls}` };
					return undefined;
				},
			}),
		);
		expect(calls).toBe(2);
		expect(http.sent.map((o) => o.headers?.Authorization)).toEqual(['Bearer t1', 'Bearer t2']);
	});

	it('beforeAttempt refusing ends the request before anything is sent, with its words', async () => {
		const http = scriptedHttp([{ status: 200 }]);
		const error = await requestError(
			http,
			policy,
			serviceRequest('GET', {
				beforeAttempt: async () => ({ message: 'no token', description: 'get a token first' }),
			}),
		);
		expect(error.message).toBe('no token');
		expect(error.description).toBe('get a token first');
		expect(error.httpCode).toBeNull();
		expect(error.context.itemIndex).toBe(2);
		expect(http.sent).toHaveLength(0);
	});

	it('finalFailure ends a thrown failure at once, however retryable it looks', async () => {
		const seen: unknown[] = [];
		const http = scriptedHttp([{ error: networkError('ECONNRESET', 'token endpoint down') }]);
		const error = await requestError(
			http,
			policy,
			serviceRequest('GET', {
				finalFailure: (failure) => {
					seen.push(failure.code, failure.message);
					return { message: `final: ${failure.message}`, description: 'final description' };
				},
			}),
		);
		expect(error.message).toBe('final: token endpoint down');
		expect(error.description).toBe('final description');
		expect(http.sent).toHaveLength(1);
		expect(seen).toEqual(['ECONNRESET', 'token endpoint down']);
	});

	it('finalFailure answering nothing leaves the failure to the policy', async () => {
		const http = scriptedHttp([{ error: networkError('ECONNRESET') }, { status: 200 }]);
		const response = await sendRequest.call(
			http.ctx,
			policy,
			serviceRequest('GET', { finalFailure: () => undefined }),
		);
		expect(response.attempts).toBe(2);
	});

	it('renewAuthentication: asked once, the request sent again at once, without counting an attempt', async () => {
		const asked: unknown[] = [];
		const http = scriptedHttp([{ status: 401 }, { status: 401 }, { status: 200 }]);
		const error = await requestError(
			http,
			policy,
			serviceRequest('GET', {
				renewAuthentication: (failure) => {
					asked.push(failure.status);
					return true;
				},
			}),
		);
		expect(asked).toEqual([401]);
		expect(http.sent).toHaveLength(2);
		expect(error.message).toBe('explained 401 after 1');
		expect(clock.waits).toEqual([]);
	});

	it('after a renewal the retry budget is whole', async () => {
		const http = scriptedHttp([
			{ status: 401 },
			{ status: 503 },
			{ status: 503 },
			{ status: 503 },
			{ status: 200 },
		]);
		const error = await requestError(
			http,
			policy,
			serviceRequest('GET', { renewAuthentication: (failure) => failure.status === 401 }),
		);
		expect(error.message).toBe('explained 503 after 3');
		expect(http.sent).toHaveLength(4);
	});

	it('renewAuthentication declining: the failure is explained as it is', async () => {
		const http = scriptedHttp([{ status: 401 }, { status: 200 }]);
		const error = await requestError(
			http,
			policy,
			serviceRequest('GET', { renewAuthentication: () => false }),
		);
		expect(error.message).toBe('explained 401 after 1');
		expect(http.sent).toHaveLength(1);
	});
});

describe('Retry-After beyond the longest wait, policy "stop"', () => {
	it('when retries are left: stops and says how long was asked, rounded up', async () => {
		const http = scriptedHttp([{ status: 503, headers: { 'retry-after': '1.2' } }]);
		const error = await requestError(http, policy, serviceRequest('GET'));
		expect(error.message).toBe('explained 503 after 1; Fake asked to retry after 2 s');
		expect(error.description).toBe(
			'what to do The node waits at most 1 s between attempts, so it stopped instead of retrying earlier than asked.',
		);
		expect(error.httpCode).toBe('503');
		expect(error.context.itemIndex).toBe(2);
	});

	it('the longest wait is rounded in the description (1500 ms -> 2 s)', async () => {
		const error = await requestError(
			scriptedHttp([{ status: 503, headers: { 'retry-after': '60' } }]),
			{ ...policy, retry: { ...policy.retry, maxDelayMs: 1500 } },
			serviceRequest('GET'),
		);
		expect(error.description).toBe(
			'what to do The node waits at most 2 s between attempts, so it stopped instead of retrying earlier than asked.',
		);
	});

	it('on the last attempt: the plain explanation, nothing about waiting', async () => {
		const http = scriptedHttp([
			{ status: 503 },
			{ status: 503 },
			{ status: 503, headers: { 'retry-after': '60' } },
		]);
		const error = await requestError(http, policy, serviceRequest('GET'));
		expect(error.message).toBe('explained 503 after 3');
		expect(error.description).toBe('what to do');
	});

	it('a failure that is not repeated ignores Retry-After', async () => {
		const http = scriptedHttp([{ status: 500, headers: { 'retry-after': '60' } }]);
		const error = await requestError(http, policy, serviceRequest('GET'));
		expect(error.message).toBe('explained 500 after 1');
		expect(clock.waits).toEqual([]);
	});
});

describe('thrown failures', () => {
	it("reach explain with the network error's code and message", async () => {
		const seen: unknown[] = [];
		const http = scriptedHttp([{ error: networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND x') }]);
		const error = await requestError(
			http,
			policy,
			serviceRequest('GET', {
				explain: (failure, attempts) => {
					seen.push(failure.status, failure.code, failure.message, attempts);
					return { message: 'cannot resolve', description: 'check the URL' };
				},
			}),
		);
		expect(seen).toEqual([undefined, 'ENOTFOUND', 'getaddrinfo ENOTFOUND x', 1]);
		expect(error.message).toBe('cannot resolve');
		// No status: n8n's NodeApiError takes the code as httpCode.
		expect(error.httpCode).toBe('ENOTFOUND');
		expect((error.errorResponse as Record<string, unknown>).code).toBe('ENOTFOUND');
	});
});

describe('sendWithoutCredential', () => {
	it('sends through the plain helper under the policy, and answers the parsed response', async () => {
		const sent: IHttpRequestOptions[] = [];
		const helpers = {
			httpRequest: async (options: IHttpRequestOptions) => {
				sent.push(options);
				return { statusCode: 200, body: '{"access_token":"t"}', headers: json };
			},
		} as never;
		const options: IHttpRequestOptions = { method: 'POST', url: 'https://auth.test/token' };
		expect(await sendWithoutCredential(helpers, policy, options, [])).toEqual({
			response: { statusCode: 200, body: { access_token: 't' }, headers: json },
		});
		expect(sent).toEqual([
			{
				method: 'POST',
				url: 'https://auth.test/token',
				headers: {},
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				encoding: 'stream',
				json: false,
			},
		]);
		expect(options).toEqual({ method: 'POST', url: 'https://auth.test/token' });
	});

	it('a redirect: refused, explained, where it pointed with the secrets cut out; a failure: cleaned', async () => {
		const answers = [
			{ statusCode: 302, body: '', headers: { location: 'https://evil.test/?s=client-secret' } },
			{ statusCode: 401, body: '{"error":"bad client-secret"}', headers: json },
		];
		const helpers = { httpRequest: async () => answers.shift() } as never;
		const options: IHttpRequestOptions = { method: 'POST', url: 'https://auth.test/token' };
		expect(await sendWithoutCredential(helpers, policy, options, ['client-secret'])).toEqual({
			refused: {
				message: 'Fake redirected POST /token (HTTP 302) to https://evil.test/?s=[redacted]',
				description: `${notFollowed} It pointed away from https://auth.test, the address in the credential. Enter the right URL.`,
			},
			failure: {
				status: 302,
				headers: { location: 'https://evil.test/?s=[redacted]' },
				body: undefined,
				location: 'https://evil.test/?s=[redacted]',
				message: '',
				messages: undefined,
			},
		});
		expect(await sendWithoutCredential(helpers, policy, options, ['client-secret'])).toEqual({
			failure: {
				status: 401,
				body: { error: 'bad [redacted]' },
				headers: json,
				location: undefined,
				message: '',
				messages: undefined,
			},
		});
	});
});

it('the error names the node it came from', async () => {
	const error = await requestError(scriptedHttp([{ status: 400 }]), policy, serviceRequest('GET'));
	expect(error.node).toBe(FAKE_NODE);
});
