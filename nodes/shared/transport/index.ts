/**
 * The one HTTP core of this package: every request of every node goes out here, through n8n's
 * helpers. A service (ExtraHop, LogMule) gives its policy, one `ServicePolicy` object for all its
 * requests, and per request the options and how to explain a failure. The core:
 * - never follows a redirect: a 3xx is an error naming where it pointed, so a credential goes to
 *   the address in it and nowhere else (n8n's helper follows redirects by default and sends the
 *   Authorization header along even to another host; other headers go anywhere);
 * - reads every answer itself, within bounds (answer.ts): at most `answers.maxBytes` of body, JSON
 *   nested at most `answers.maxDepth` deep, the whole exchange within the request's timeout; so
 *   status, body and Retry-After stay readable too;
 * - repeats a failed request only when that cannot do harm: the failure proves the request was not
 *   processed, or the request is idempotent (POST is not, unless the caller says so) and the
 *   failure is one the policy retries; with exponential backoff and jitter, and Retry-After
 *   honoured up to the policy's longest wait;
 * - refuses a successful answer that is not JSON (a proxy's HTML page, a login page);
 * - ends every failure with a NodeApiError that carries the item index and holds no secret: what
 *   the server sent is cleaned of secrets before any explanation quotes (and shortens) it.
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
	DEFAULT_ANSWER_LIMITS,
	EXPIRED,
	MAX_ERROR_BODY_BYTES,
	discard,
	expiry,
	isStream,
	megabytes,
	parseAnswer,
	readBounded,
	type AnswerLimits,
} from './answer';
import {
	describeThrown,
	isNotJson,
	parseMaybeJson,
	redirectLocation,
	redirectText,
	retryAfterMs,
	type ErrorText,
	type Failure,
} from './failure';
import { redact, redactDeep, safeApiError } from './safeError';

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
	/**
	 * What to do about a redirect, which the core never follows: where the user enters the address
	 * the service really answers at.
	 */
	redirectAdvice: string;
	/** Bounds on every answer; DEFAULT_ANSWER_LIMITS when not given. */
	answers?: AnswerLimits;
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
	/**
	 * Answer the body as a stream (files), which the caller reads and bounds; it is destroyed when
	 * the request's timeout has passed. An error body is still read, 64 KiB at most.
	 */
	stream?: boolean;
	/** How the messages the core writes name the request, e.g. `GET /api/v1/detections/42`. */
	where?: string;
	/** The most bytes this request's answer may have, instead of the policy's. */
	maxAnswerBytes?: number;
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

/** n8n's helper without a timeout of its own waits five minutes (axios' default in n8n). */
const DEFAULT_TIMEOUT_MS = 300_000;

/** What every request of the core carries, whatever the service: the answer read by the core, no redirect followed. */
function withPolicy(options: IHttpRequestOptions): IHttpRequestOptions {
	return {
		...options,
		headers: { ...options.headers },
		disableFollowRedirect: true,
		// n8n 1.104 and later: also strips Authorization from a cross-origin hop, were one ever followed.
		sendCredentialsOnCrossOriginRedirect: false,
		returnFullResponse: true,
		// HTTP errors come back as responses: a thrown one has lost its body and headers by the
		// time it reaches us (n8n-workflow 2.8), and both are needed (Retry-After, the server's words).
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
	};
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

/** One attempt's end: a 2xx answer (body read and parsed, or a stream), a failure, or a refusal of the core. */
export type Outcome =
	| { response: HttpResponse<unknown> }
	| { failure: Failure }
	| { refused: ErrorText; failure: Failure };

interface Exchange {
	service: string;
	where: string;
	limits: AnswerLimits;
	maxBytes: number;
	stream: boolean;
}

export function whereOf(options: IHttpRequestOptions): string {
	let path = String(options.url);
	try {
		path = new URL(options.url, options.baseURL).pathname;
	} catch {
		// A URL n8n will refuse itself: named as given.
	}
	return `${options.method ?? 'GET'} ${path}`;
}

/** An error answer's body: its start (64 KiB at most), as JSON when it is (and not too deep), else text. */
function errorBody(bytes: Buffer, maxDepth: number): unknown {
	const parsed = parseAnswer(bytes, maxDepth);
	if ('problem' in parsed) return bytes.toString('utf8');
	return typeof parsed.value === 'string' ? parseMaybeJson(parsed.value) : parsed.value;
}

/** Sends once and reads what came back within the bounds (answer.ts). Never throws. */
async function exchange(
	send: (options: IHttpRequestOptions) => Promise<unknown>,
	options: IHttpRequestOptions,
	x: Exchange,
): Promise<Outcome> {
	const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
	const expired = expiry(timeoutMs);
	const timedOut: Failure = {
		code: 'ETIMEDOUT',
		message: `timeout: no complete answer within ${Math.round(timeoutMs / 100) / 10} s`,
	};
	const sent = send(options).then(
		(response) => ({ response: response as HttpResponse<unknown> }),
		(error: unknown) => ({ thrown: describeThrown(error) }),
	);
	const first = await Promise.race([sent, expired]);
	if (first === EXPIRED) {
		// Headers that never complete: the answer is given up, and its body stopped should it come.
		void sent.then((late) => 'response' in late && discard(late.response.body));
		return { failure: timedOut };
	}
	if ('thrown' in first) return { failure: first.thrown };
	const { response } = first;
	const status = response.statusCode;
	if (status >= 300 && status < 400) {
		discard(response.body);
		const location = redirectLocation(response.headers, options.url);
		return { failure: { status, headers: response.headers, location, message: '' } };
	}
	if (status < 200 || status >= 300) {
		const read = await readBounded(response.body, MAX_ERROR_BODY_BYTES, expired, true);
		const body = 'bytes' in read ? errorBody(read.bytes, x.limits.maxDepth) : undefined;
		return { failure: { status, body, headers: response.headers, message: '' } };
	}
	if (x.stream) {
		const body = response.body;
		if (isStream(body)) {
			void expired.then(() =>
				body.destroy?.(
					new Error(
						`${x.service} did not finish sending ${x.where} within ${Math.round(timeoutMs / 1000)} s`,
					),
				),
			);
		}
		return { response };
	}
	const read = await readBounded(response.body, x.maxBytes, expired);
	if ('problem' in read) {
		if (read.problem === 'tooSlow') return { failure: timedOut };
		if (read.problem === 'broken')
			return { failure: { code: read.code ?? 'ECONNRESET', message: read.message } };
		return {
			refused: {
				message: `${x.service} answered ${x.where} with more than ${megabytes(x.maxBytes)} MB; the node stopped reading`,
				description: `No answer of ${x.service} to this request is expected to be that large, so the node refuses it rather than hold it in n8n's memory. If the request asks for many items at once, ask for fewer; otherwise check that the URL in the credential points at ${x.service} itself.`,
			},
			failure: { status, message: '' },
		};
	}
	const parsed = parseAnswer(read.bytes, x.limits.maxDepth);
	if ('problem' in parsed) {
		return {
			refused: {
				message: `${x.service} answered ${x.where} with JSON nested more than ${x.limits.maxDepth} levels deep`,
				description: `No answer of ${x.service} nests that deep; the node refuses it, so that n8n can still store and show the execution. Check that the URL in the credential points at ${x.service} itself.`,
			},
			failure: { status, message: '' },
		};
	}
	return { response: { ...response, body: parsed.value } };
}

/** The failure as explanations may quote it: every secret cut out first, before any text is shortened. */
function cleaned(failure: Failure, secrets: string[]): Failure {
	const live = secrets.filter((s) => s.length >= 4);
	if (live.length === 0) return failure;
	return {
		...failure,
		body: redactDeep(failure.body, live),
		headers: redactDeep(failure.headers, live) as Failure['headers'],
		message: redact(failure.message, live),
		messages: failure.messages?.map((m) => redact(m, live)),
		location: failure.location === undefined ? undefined : redact(failure.location, live),
	};
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
	const limits = policy.answers ?? DEFAULT_ANSWER_LIMITS;
	const where = request.where ?? whereOf(request.options);
	const fail = (text: ErrorText, failure: Failure): never => {
		throw safeApiError(node, text, failure, request.itemIndex, request.secrets);
	};
	const send = async (options: IHttpRequestOptions) =>
		await this.helpers.httpRequestWithAuthentication.call(this, request.credentialType, options);

	let renewed = false;
	for (let attempt = 0; ; attempt++) {
		const options = withPolicy(request.options);
		const refused = await request.beforeAttempt?.(options);
		if (refused) fail(refused, { message: refused.message });

		const outcome = await exchange(send, options, {
			service: policy.name,
			where,
			limits,
			maxBytes: request.maxAnswerBytes ?? limits.maxBytes,
			stream: request.stream === true,
		});
		if ('refused' in outcome) fail(outcome.refused, outcome.failure);
		if ('response' in outcome) {
			const response = outcome.response as HttpResponse<T>;
			if (!request.stream && isNotJson(response)) {
				fail(request.explainNotJson(response, attempt + 1), {
					status: response.statusCode,
					message: '',
				});
			}
			return { ...response, attempts: attempt + 1 };
		}
		const failure = cleaned(outcome.failure, request.secrets);
		if (failure.status !== undefined && failure.status >= 300 && failure.status < 400) {
			fail(redirectText(policy.name, where, failure, options.url, policy.redirectAdvice), failure);
		}
		if (failure.status === undefined) {
			const final = request.finalFailure?.(failure);
			if (final) fail(final, failure);
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

/**
 * A request made without a node's credential (a token exchange), under the same rules: one
 * attempt, no redirect followed, the answer read within the policy's bounds. The caller explains
 * the outcome; a redirect comes back as a refusal already explained.
 */
export async function sendWithoutCredential(
	helpers: IHttpRequestHelper['helpers'],
	policy: ServicePolicy,
	options: IHttpRequestOptions,
	secrets: string[],
): Promise<Outcome> {
	const where = whereOf(options);
	const limits = policy.answers ?? DEFAULT_ANSWER_LIMITS;
	const outcome = await exchange(
		async (sent) => await helpers.httpRequest(sent),
		withPolicy(options),
		{ service: policy.name, where, limits, maxBytes: limits.maxBytes, stream: false },
	);
	if (!('failure' in outcome) || 'refused' in outcome) return outcome;
	const failure = cleaned(outcome.failure, secrets);
	if (failure.status !== undefined && failure.status >= 300 && failure.status < 400) {
		return {
			refused: redirectText(policy.name, where, failure, options.url, policy.redirectAdvice),
			failure,
		};
	}
	return { failure };
}

export type { ErrorText, Failure } from './failure';
export type { AnswerLimits } from './answer';
