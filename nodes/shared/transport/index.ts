/**
 * The one HTTP core of this package: every request of every node goes out here, through n8n's
 * helpers. A service (ExtraHop, LogMule) gives its policy, one `ServicePolicy` object for all its
 * requests, and per request the options and how to explain a failure. The core:
 * - reads every HTTP answer itself (`ignoreHttpStatusErrors`), so status, body and Retry-After
 *   stay readable, and follows redirects or reports them as the policy says;
 * - repeats a failed request only when that cannot do harm: the failure proves the request was not
 *   processed, or the request is idempotent (POST is not, unless the caller says so) and the
 *   failure is one the policy retries; with exponential backoff and jitter, and Retry-After
 *   honoured up to the policy's longest wait;
 * - refuses a successful answer that is not JSON (a proxy's HTML page, a login page);
 * - ends every failure with a NodeApiError that carries the item index and holds no secret.
 * Bounds on answers (size, depth) belong in `ServicePolicy` and `answerProblem`.
 */
import {
	sleep,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestHelper,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import {
	describeThrown,
	isNotJson,
	readErrorBody,
	retryAfterMs,
	type ErrorText,
	type Failure,
} from './failure';
import { safeApiError } from './safeError';

export type HttpContext =
	IExecuteFunctions | IPollFunctions | IWebhookFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface RetryPolicy {
	/** Attempts after the first one. */
	retries: number;
	baseDelayMs: number;
	/** The longest wait between attempts. */
	maxDelayMs: number;
}

/** Failures by HTTP status, or by network error code when there was no answer. */
export interface FailureSet {
	statuses: ReadonlySet<number>;
	codes: ReadonlySet<string>;
}

/** What a service decides once for all its requests. */
export interface ServicePolicy {
	/** The service's name in the texts the core writes itself. */
	name: string;
	retry: RetryPolicy;
	/** Failures after which a request that is safe to repeat (idempotent) is sent again. */
	retryable: FailureSet;
	/** Failures that prove the request had no effect: it is sent again even when not idempotent. */
	notProcessed: FailureSet;
	/** A Retry-After beyond `retry.maxDelayMs`: wait that long at most ('cap'), or stop and say so ('stop'). */
	longRetryAfter: 'cap' | 'stop';
	/** Follow redirects, or report them as failures ('report': a redirected POST can turn into a GET). */
	redirects: 'follow' | 'report';
}

export interface HttpResponse<T> {
	body: T;
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
}

/** One request, as a service hands it to the core. */
export interface ServiceRequest {
	credentialType: string;
	/** Method, URL, query, body, headers, timeout, TLS verification: what n8n's helper takes. */
	options: IHttpRequestOptions;
	/** Whether repeating the request cannot do harm; by default every method but POST. */
	idempotent?: boolean;
	itemIndex?: number;
	/** Cut out of every error; `beforeAttempt` may add to it. */
	secrets: string[];
	/** Answer the body as a stream (files); an error body is still read, 64 KiB at most. */
	stream?: boolean;
	retry?: RetryPolicy;
	explain(failure: Failure, attempts: number): ErrorText;
	/** A successful answer that is not JSON. */
	explainNotJson(response: HttpResponse<unknown>, attempts: number): ErrorText;
	/** Runs before each attempt (e.g. puts a fresh token on the options); an ErrorText ends the request. */
	beforeAttempt?(options: IHttpRequestOptions): Promise<ErrorText | undefined>;
	/** A thrown failure the service knows to be final, however retryable it looks. */
	finalFailure?(failure: Failure): ErrorText | undefined;
	/** Whether to renew the authentication and send again at once; asked at most once per request. */
	renewAuthentication?(failure: Failure): boolean;
}

function withPolicy(options: IHttpRequestOptions, policy: ServicePolicy): IHttpRequestOptions {
	return policy.redirects === 'report' ? { ...options, disableFollowRedirect: true } : options;
}

function isSuccess(status: number, policy: ServicePolicy): boolean {
	return (
		(status >= 200 && status < 300) ||
		(policy.redirects === 'follow' && status >= 300 && status < 400)
	);
}

function matches(set: FailureSet, failure: Failure): boolean {
	if (failure.status !== undefined) return set.statuses.has(failure.status);
	return failure.code !== undefined && set.codes.has(failure.code);
}

function backoffMs(attempt: number, retry: RetryPolicy): number {
	const exponential = retry.baseDelayMs * 2 ** attempt;
	// Full jitter keeps many n8n workers from retrying in lockstep.
	return Math.min(retry.maxDelayMs, exponential / 2 + Math.random() * (exponential / 2));
}

/** What is wrong with a successful answer, before it is handed on. */
function answerProblem(
	response: HttpResponse<unknown>,
	request: ServiceRequest,
	attempts: number,
): ErrorText | undefined {
	if (!request.stream && isNotJson(response)) return request.explainNotJson(response, attempts);
	return undefined;
}

export async function sendRequest<T>(
	this: HttpContext,
	policy: ServicePolicy,
	request: ServiceRequest,
): Promise<HttpResponse<T> & { attempts: number }> {
	const node = this.getNode();
	const retry = request.retry ?? policy.retry;
	const method: IHttpRequestMethods = request.options.method ?? 'GET';
	const idempotent = request.idempotent ?? method !== 'POST';
	const fail = (text: ErrorText, failure: Failure): never => {
		throw safeApiError(node, text, failure, request.itemIndex, request.secrets);
	};

	let renewed = false;
	for (let attempt = 0; ; attempt++) {
		const options = withPolicy(
			{
				...request.options,
				headers: { ...request.options.headers },
				json: !request.stream,
				returnFullResponse: true,
				// HTTP errors come back as responses: a thrown one has lost its body and headers by the
				// time it reaches us (n8n-workflow 2.8), and both are needed (Retry-After, the server's words).
				ignoreHttpStatusErrors: true,
			},
			policy,
		);
		if (request.stream) options.encoding = 'stream';
		const refused = await request.beforeAttempt?.(options);
		if (refused) fail(refused, { message: refused.message });

		const answer = await this.helpers.httpRequestWithAuthentication
			.call(this, request.credentialType, options)
			.then(
				(response) => ({ response: response as HttpResponse<T> }),
				(error: unknown) => ({ thrown: describeThrown(error) }),
			);
		let failure: Failure;
		if ('thrown' in answer) {
			failure = answer.thrown;
			const final = request.finalFailure?.(failure);
			if (final) fail(final, failure);
		} else {
			const { response } = answer;
			if (isSuccess(response.statusCode, policy)) {
				const problem = answerProblem(response, request, attempt + 1);
				if (problem)
					fail(problem, { status: response.statusCode, body: response.body, message: '' });
				return { ...response, attempts: attempt + 1 };
			}
			const body = request.stream ? await readErrorBody(response.body) : response.body;
			failure = { status: response.statusCode, body, headers: response.headers, message: '' };
		}

		if (!renewed && request.renewAuthentication?.(failure)) {
			renewed = true;
			attempt--;
			continue;
		}
		const repeatable =
			matches(policy.notProcessed, failure) || (idempotent && matches(policy.retryable, failure));
		if (repeatable && attempt < retry.retries) {
			const announced = retryAfterMs(failure.headers);
			if (
				announced === undefined ||
				announced <= retry.maxDelayMs ||
				policy.longRetryAfter === 'cap'
			) {
				await sleep(Math.min(announced ?? backoffMs(attempt, retry), retry.maxDelayMs));
				continue;
			}
			const text = request.explain(failure, attempt + 1);
			fail(
				{
					message: `${text.message}; ${policy.name} asked to retry after ${Math.ceil(announced / 1000)} s`,
					description: `${text.description} The node waits at most ${Math.round(retry.maxDelayMs / 1000)} s between attempts, so it stopped instead of retrying earlier than asked.`,
				},
				failure,
			);
		}
		return fail(request.explain(failure, attempt + 1), failure);
	}
}

/** A request made without a node's credential (a token exchange), under the service's policy. */
export async function sendWithoutCredential<T>(
	helpers: IHttpRequestHelper['helpers'],
	policy: ServicePolicy,
	options: IHttpRequestOptions,
): Promise<T> {
	return (await helpers.httpRequest(withPolicy(options, policy))) as T;
}

export type { ErrorText, Failure } from './failure';
