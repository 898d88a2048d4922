import { NodeApiError, type IHttpRequestOptions, type INode } from 'n8n-workflow';

import {
	sendRequest,
	type HttpContext,
	type ServicePolicy,
	type ServiceRequest,
} from '../../nodes/shared/transport';

const node: INode = {
	id: '1',
	name: 'Service',
	type: 'test.service',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const SECRET = 'super-secret-token-4711';

const policy: ServicePolicy = {
	name: 'Service',
	retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
	retryable: { statuses: new Set([503]), codes: new Set(['ECONNRESET']) },
	notProcessed: { statuses: new Set([429]), codes: new Set(['ECONNREFUSED']) },
	longRetryAfter: 'cap',
	redirectAdvice: 'Enter the right address in the credential.',
};

type Answer =
	{ statusCode: number; body?: unknown; headers?: Record<string, string> } | { throw: unknown };

/** A node context whose HTTP helper gives the answers in order and records the options it was sent. */
function context(answers: Answer[]) {
	const sent: IHttpRequestOptions[] = [];
	const httpRequestWithAuthentication = async (
		_credentialType: string,
		options: IHttpRequestOptions,
	) => {
		sent.push(options);
		const answer = answers[Math.min(sent.length - 1, answers.length - 1)];
		if ('throw' in answer) throw answer.throw;
		return {
			body: answer.body ?? {},
			headers: answer.headers ?? { 'content-type': 'application/json' },
			statusCode: answer.statusCode,
		};
	};
	const ctx = {
		getNode: () => node,
		helpers: { httpRequestWithAuthentication },
	} as unknown as HttpContext;
	return { ctx, sent };
}

function request(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
	return {
		credentialType: 'serviceApi',
		options: { method: 'GET', url: 'https://service.example/api' },
		itemIndex: 3,
		secrets: [SECRET],
		explain: (failure, attempts) => ({
			message: `failed with HTTP ${failure.status ?? failure.code} after ${attempts}: ${JSON.stringify(failure.body ?? '')}`,
			description: `the server said ${JSON.stringify(failure.body ?? '')}`,
		}),
		explainNotJson: (response) => ({
			message: `not JSON (HTTP ${response.statusCode})`,
			description: 'a proxy answered',
		}),
		...overrides,
	};
}

async function failure(
	ctx: HttpContext,
	req: ServiceRequest,
	servicePolicy = policy,
): Promise<NodeApiError> {
	try {
		await sendRequest.call(ctx, servicePolicy, req);
	} catch (error) {
		expect(error).toBeInstanceOf(NodeApiError);
		return error as NodeApiError;
	}
	throw new Error('the request did not fail');
}

describe('the HTTP core', () => {
	it('retries an idempotent request on a retryable failure, and says how many attempts it made', async () => {
		const { ctx, sent } = context([{ statusCode: 503 }, { statusCode: 200, body: { ok: true } }]);
		const response = await sendRequest.call(ctx, policy, request());
		expect(response).toMatchObject({ statusCode: 200, body: { ok: true }, attempts: 2 });
		expect(sent).toHaveLength(2);
		expect(sent[0]).toMatchObject({
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The core reads and bounds the body itself (answer.ts), so n8n must not parse it.
			encoding: 'stream',
			json: false,
		});
	});

	it('does not repeat a POST unless the caller says it is idempotent', async () => {
		const post = {
			credentialType: 'serviceApi',
			options: { method: 'POST' as const, url: 'https://service.example/api' },
		};
		const once = context([{ statusCode: 503 }]);
		expect((await failure(once.ctx, request(post))).message).toBe(
			'failed with HTTP 503 after 1: {}',
		);
		expect(once.sent).toHaveLength(1);
		const idempotent = context([{ statusCode: 503 }, { statusCode: 200 }]);
		await sendRequest.call(idempotent.ctx, policy, request({ ...post, idempotent: true }));
		expect(idempotent.sent).toHaveLength(2);
	});

	it('repeats a POST whose failure proves it was not processed', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		const { ctx, sent } = context([{ throw: refused }, { statusCode: 429 }, { statusCode: 201 }]);
		const response = await sendRequest.call(
			ctx,
			policy,
			request({ options: { method: 'POST', url: 'https://service.example/api' } }),
		);
		expect(response.attempts).toBe(3);
		expect(sent).toHaveLength(3);
	});

	it("waits at most the policy's longest delay when Retry-After asks for more, or stops and says so", async () => {
		const answers: Answer[] = [
			{ statusCode: 429, headers: { 'retry-after': '120' } },
			{ statusCode: 200 },
		];
		const capped = context(answers);
		const started = Date.now();
		await sendRequest.call(capped.ctx, policy, request());
		expect(Date.now() - started).toBeLessThan(5000);
		const stopped = context(answers);
		const error = await failure(stopped.ctx, request(), { ...policy, longRetryAfter: 'stop' });
		expect(error.message).toBe(
			'failed with HTTP 429 after 1: {}; Service asked to retry after 120 s',
		);
		expect(error.description).toMatch(/waits at most 0 s between attempts, so it stopped/);
		expect(stopped.sent).toHaveLength(1);
	});

	it('never follows a redirect: asks n8n not to, and reports where it pointed', async () => {
		const { ctx, sent } = context([
			{ statusCode: 307, headers: { location: 'https://elsewhere.example/api' } },
		]);
		const error = await failure(ctx, request());
		expect(sent[0].disableFollowRedirect).toBe(true);
		expect(sent[0].sendCredentialsOnCrossOriginRedirect).toBe(false);
		expect(sent).toHaveLength(1);
		expect(error.httpCode).toBe('307');
		expect(error.message).toBe(
			'Service redirected GET /api (HTTP 307) to https://elsewhere.example/api',
		);
		expect(error.description).toContain('https://service.example, the address in the credential');
		expect(error.description).toContain('Enter the right address in the credential.');
	});

	it("refuses a successful answer that is not JSON, once, with the service's words", async () => {
		const { ctx } = context([
			{
				statusCode: 200,
				body: '<html><title>Login</title></html>',
				headers: { 'content-type': 'text/html' },
			},
		]);
		const error = await failure(ctx, request());
		expect(error.message).toBe('not JSON (HTTP 200)');
		expect(error.httpCode).toBe('200');
	});

	it('carries the item index, and no secret in any property of the error', async () => {
		const echo = { error: `token ${SECRET} is not valid`, detail: [SECRET] };
		const { ctx } = context([{ statusCode: 400, body: echo }]);
		const error = await failure(ctx, request());
		expect(error.context.itemIndex).toBe(3);
		expect(error.message).toContain('[redacted]');
		const everything = [
			error.message,
			error.description,
			error.stack,
			JSON.stringify(error.messages),
			JSON.stringify(error.errorResponse),
			JSON.stringify(error.context),
			JSON.stringify(error.cause ?? null),
			JSON.stringify(error),
		];
		for (const text of everything) expect(String(text)).not.toContain(SECRET);
	});

	it('cuts a secret added before an attempt (a fetched token) out of the error too', async () => {
		const token = 'fresh-token-0815-abcdef';
		const { ctx, sent } = context([{ statusCode: 500, body: { error: `bad ${token}` } }]);
		const req = request({
			beforeAttempt: async (options) => {
				req.secrets.push(token);
				options.headers = { ...options.headers, Authorization: `Bearer ${token}` };
				return undefined;
			},
		});
		const error = await failure(ctx, req);
		expect(sent[0].headers?.Authorization).toBe(`Bearer ${token}`);
		expect(
			JSON.stringify([error.message, error.description, error.messages, error.errorResponse]),
		).not.toContain(token);
	});
});
