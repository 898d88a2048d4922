/**
 * The only place that talks HTTP to LogMule. `logMuleApiRequest`:
 * - reads the `logMuleApi` credential and normalises its URL to the API root (…/cruddy/v2);
 * - verifies TLS unless the credential explicitly allows self-signed certificates;
 * - retries only where the request provably had no effect (below);
 * - turns every failure into a NodeApiError that says what happened and how to fix it, carries
 *   the item index, and contains no secret: the raw HTTP error holds the request headers (the
 *   token), so it is never passed on; a plain object is built instead, and the token is cut out of
 *   anything the server echoed.
 *
 * RETRY POLICY: NO DUPLICATE SIDE EFFECTS.
 * `POST …/logmule_go_results/{id}/create_incident` creates an incident or appends the result to
 * one; sending it twice can append the same result twice. A request is therefore repeated only
 * when it provably had no effect:
 * - the connection was refused (ECONNREFUSED) or the host name could not be resolved for the time
 *   being (EAI_AGAIN): nothing was sent;
 * - LogMule answered 429 (rate limited) or 503 (unavailable): it refused to process the request.
 * At most `retries` (3) repeats, i.e. 4 attempts, with exponential backoff and jitter (0.5 s, 1 s,
 * 2 s, capped at 30 s). A Retry-After header is honoured: the node waits at least that long, and
 * when LogMule asks for more than the cap it stops and says so instead of retrying early.
 * Never repeated: a timeout, a connection reset or dropped mid-request, a 500 (or 502/504, which a
 * proxy sends after it may have forwarded the request), any other status. The request may have
 * reached LogMule and created or appended an incident, so the error says that LogMule must be
 * checked before the item is run again. n8n's own "Retry On Fail" node setting repeats any
 * failure: leave it off for this node.
 * Requests go out with `ignoreHttpStatusErrors`, so every HTTP answer (status, body, Retry-After)
 * is read here, and n8n core's "resend once after a 401" does not apply either; redirects are not
 * followed (a redirected POST can become a GET) but reported.
 */
import {
	NodeApiError,
	sleep,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import { TLS_ERROR_CODES, isHtml, redact, retryAfterMs } from '../../shared/http';

export const CREDENTIAL_TYPE = 'logMuleApi';
const CREDENTIAL_NAME = 'LogMule API';

export interface RetryPolicy {
	/** Attempts after the first one. */
	retries: number;
	baseDelayMs: number;
	/** Longest wait between attempts; a longer Retry-After ends the retries. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Statuses with which the server refuses to process a request: safe to repeat. */
const RETRYABLE_STATUS = new Set([429, 503]);
/** Network failures that happen before a request is sent: safe to repeat. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);
const TLS_CODES = TLS_ERROR_CODES;
/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export interface LogMuleRequest {
	method: IHttpRequestMethods;
	/** Path under the API root, already encoded, e.g. `/logmule_go_results/abc/create_incident`. */
	endpoint: string;
	itemIndex?: number;
	/** The correlation result the request is about, for messages. */
	resultId?: string;
	timeoutMs?: number;
	retry?: RetryPolicy;
}

export interface LogMuleResponse<T> {
	body: T;
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	/** How many requests were sent (1 unless a safe retry happened). */
	attempts: number;
}

/**
 * The API root: `https://` assumed, trailing slashes removed, and a pasted endpoint tail
 * (`/logmule_go_results/…`) cut off. Kept in step with the credential test's expression.
 */
export function normaliseApiRoot(url: unknown): string {
	let base = String(url ?? '').trim();
	if (base === '') return base;
	if (!/^https?:\/\//i.test(base)) base = `https://${base}`;
	return base.replace(/\/logmule_go_results(\/.*)?$/i, '').replace(/\/+$/, '');
}

interface Failure {
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	code?: string;
	message: string;
}

/**
 * What a network failure was. Requests are sent with `ignoreHttpStatusErrors`, so anything thrown
 * is a failure without an HTTP answer; n8n's NodeApiError drops the original error (`cause`) and
 * keeps its code in `httpCode` and its original text in `messages`.
 */
function describeNetworkFailure(error: unknown): Failure {
	const e = error as Record<string, unknown>;
	const cause = (e?.cause ?? {}) as Record<string, unknown>;
	const httpCode = e?.httpCode === null || e?.httpCode === undefined ? undefined : String(e.httpCode);
	const rawCode = cause.code ?? e?.code ?? (httpCode !== undefined && !/^\d{3}$/.test(httpCode) ? httpCode : undefined);
	const messages = [cause.message, e?.message, ...(Array.isArray(e?.messages) ? e.messages : [])].filter((m) => typeof m === 'string');
	return {
		code: typeof rawCode === 'string' ? rawCode : undefined,
		message: messages.join(' | ') || String(error),
	};
}

function parseMaybeJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!/^[[{]/.test(text)) return body;
	try {
		return JSON.parse(text);
	} catch {
		return body;
	}
}

/** A LogMule error body: `{"error": "...", "error_code": 404}`. */
function isLogMuleError(body: unknown): body is { error?: unknown; error_code?: unknown } {
	const parsed = parseMaybeJson(body);
	return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && ('error' in parsed || 'error_code' in parsed);
}

/** The server's own words, from LogMule's `{"error"}` body or whatever a proxy sent. */
export function serverMessage(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	if (typeof body === 'string') {
		if (isHtml(body)) {
			const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
			return title ? `an HTML page titled "${title}"` : 'an HTML page';
		}
		const parsed = parseMaybeJson(body);
		return parsed === body ? body.trim().slice(0, 300) : serverMessage(parsed);
	}
	if (typeof body === 'object') {
		const b = body as Record<string, unknown>;
		for (const key of ['error', 'message', 'error_message', 'detail', 'error_description']) {
			const value = b[key];
			if (typeof value === 'string' && value !== '') return value.slice(0, 300);
			if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
				return String((value as { message: string }).message).slice(0, 300);
			}
		}
		return JSON.stringify(body).slice(0, 300);
	}
	return String(body);
}

/** Whether the failed request provably had no effect on LogMule. */
export function hadNoEffect(failure: { status?: number; code?: string }): boolean {
	if (failure.status !== undefined) return RETRYABLE_STATUS.has(failure.status);
	return failure.code !== undefined && NOT_SENT_CODES.has(failure.code);
}

function isTimeout(failure: Failure): boolean {
	return (failure.code !== undefined && TIMEOUT_CODES.has(failure.code)) || /timeout|timed out/i.test(failure.message);
}

interface ErrorText {
	message: string;
	description: string;
}

const MAY_HAVE_TAKEN_EFFECT =
	'It was not retried: the request may have reached LogMule and created the incident or appended the result, and sending it again could append the result twice. Check the incident in LogMule before running this item again.';

function explain(failure: Failure, request: LogMuleRequest, base: string, attempts: number, timeoutMs: number): ErrorText {
	const where = `${request.method} ${request.endpoint}`;
	const said = serverMessage(failure.body);
	const host = base.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
	const afterAttempts = attempts > 1 ? ` (${attempts} attempts)` : '';
	const resultId = request.resultId ?? '';
	if (failure.status === undefined) {
		if (failure.code && TLS_CODES.has(failure.code)) {
			return {
				message: `The TLS certificate of ${host} is not trusted (${failure.code})`,
				description: `Nothing was sent. Install a certificate from a trusted authority on the LogMule server, or, if you accept the risk of a self-signed certificate, turn on "Ignore SSL Issues" in the "${CREDENTIAL_NAME}" credential.`,
			};
		}
		if (failure.code === 'ECONNREFUSED') {
			return {
				message: `Could not connect to ${host}: connection refused${afterAttempts}`,
				description: `Nothing was sent, so nothing was created. Check the URL and port in the "${CREDENTIAL_NAME}" credential, and that n8n can reach LogMule.`,
			};
		}
		if (failure.code === 'ENOTFOUND' || failure.code === 'EAI_AGAIN') {
			return {
				message: `The host name ${host} could not be resolved${afterAttempts}`,
				description: `Nothing was sent. Check the URL in the "${CREDENTIAL_NAME}" credential.`,
			};
		}
		if (failure.code === 'ERR_INVALID_HTTP_TOKEN' || failure.code === 'ERR_INVALID_CHAR') {
			return {
				message: `The "${CREDENTIAL_NAME}" credential produces an invalid HTTP header`,
				description: 'Nothing was sent. The header name may contain only letters, digits and - _ . ! # $ % & \' * + ^ ` | ~, and the token and prefix no line breaks.',
			};
		}
		if (isTimeout(failure)) {
			return {
				message: `LogMule did not answer ${where} within ${Math.round(timeoutMs / 100) / 10} s`,
				description: `${MAY_HAVE_TAKEN_EFFECT} If LogMule is just slow, raise "Timeout" in the node's request options.`,
			};
		}
		return {
			message: `The connection to LogMule was lost during ${where} (${failure.code ?? 'network error'})`,
			description: MAY_HAVE_TAKEN_EFFECT,
		};
	}
	if (isHtml(failure.body)) {
		return {
			message: `LogMule answered ${where} with ${said} (HTTP ${failure.status}), not JSON${afterAttempts}`,
			description:
				failure.status === 503 || failure.status === 429
					? `A proxy or load balancer in front of LogMule refused the request; nothing was created. Try again later.`
					: `A proxy, load balancer or another web server answered instead of the LogMule API. Check that the URL in the "${CREDENTIAL_NAME}" credential is the API root (e.g. https://siem.example.com/cruddy/v2). ${failure.status >= 500 ? MAY_HAVE_TAKEN_EFFECT : ''}`.trim(),
		};
	}
	if (failure.status >= 300 && failure.status < 400) {
		const location = failure.headers?.location ?? failure.headers?.Location;
		return {
			message: `LogMule redirected ${where} (HTTP ${failure.status}${location ? ` to ${String(location)}` : ''})`,
			description: `The request was not followed, because a redirected POST can turn into a GET. Put the final address of the API root in the "${CREDENTIAL_NAME}" credential (often https:// instead of http://).`,
		};
	}
	switch (failure.status) {
		case 400:
			return {
				message: `LogMule rejected the result ID "${resultId}" (HTTP 400)${said ? `: ${said}` : ''}`,
				description: `The only parameter of Create Incident is the result ID in the URL path ({id} in /logmule_go_results/{id}/create_incident), so that is the value LogMule found missing or of the wrong type. Use the ID of a correlation-rule result (LogMule's examples are UUIDs such as 497f6eca-6276-4993-bfeb-53cbbbba6f08).${said ? ` LogMule said: ${said}` : ''}`,
			};
		case 401:
			return {
				message: 'LogMule rejected the token (HTTP 401)',
				description: `Check the token in the "${CREDENTIAL_NAME}" credential, and the header name and prefix your LogMule expects (default: "Authorization: Bearer …"). Nothing was created.`,
			};
		case 403:
			return {
				message: `The LogMule token may not do ${where} (HTTP 403)`,
				description: `Give the token's user the right to create incidents from correlation results. Nothing was created.${said ? ` LogMule said: ${said}` : ''}`,
			};
		case 404:
			if (failure.body !== undefined && failure.body !== null && failure.body !== '' && !isLogMuleError(failure.body)) {
				return {
					message: `${base} has no ${where} (HTTP 404: ${said})`,
					description: `Check that the URL in the "${CREDENTIAL_NAME}" credential is the API root, up to and including the version (e.g. https://siem.example.com/cruddy/v2).`,
				};
			}
			return {
				message: `No correlation result with ID "${resultId}"`,
				description: `LogMule has no correlation-rule result with this ID (HTTP 404${said ? `: ${said}` : ''}). Use the ID of a result, not of an incident or a rule. If every ID gives this, check the API URL in the "${CREDENTIAL_NAME}" credential.`,
			};
		case 429:
			return {
				message: `LogMule is rate limiting requests (HTTP 429)${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
				description: 'LogMule refused the requests without processing them; nothing was created. Lower "Parallel Requests" in the node options, or run the workflow less often.',
			};
		case 503:
			return {
				message: `LogMule is unavailable (HTTP 503${said ? `: ${said}` : ''})${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
				description: 'LogMule refused the requests without processing them; nothing was created. Try again later.',
			};
		case 500:
			return {
				message: `LogMule failed to create the incident for result "${resultId}" (HTTP 500)${said ? `: ${said}` : ''}`,
				description: `LogMule reported an internal error. ${MAY_HAVE_TAKEN_EFFECT}`,
			};
		default:
			if (failure.status >= 500) {
				return {
					message: `LogMule or a proxy in front of it failed during ${where} (HTTP ${failure.status})${said ? `: ${said}` : ''}`,
					description: MAY_HAVE_TAKEN_EFFECT,
				};
			}
			return {
				message: `LogMule rejected ${where} (HTTP ${failure.status})${said ? `: ${said}` : ''}`,
				description: 'Check the result ID given to the node and the URL in the credential.',
			};
	}
}

export async function logMuleApiRequest<T = unknown>(
	this: IExecuteFunctions,
	request: LogMuleRequest,
): Promise<LogMuleResponse<T>> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, request.itemIndex ?? 0);
	const base = normaliseApiRoot(credentials.url);
	const token = typeof credentials.token === 'string' ? credentials.token : '';
	const prefix = typeof credentials.headerPrefix === 'string' ? credentials.headerPrefix.trim() : '';
	const secrets = [token, token.trim(), `${prefix} ${token.trim()}`].filter((s) => s.trim().length >= 4);
	const policy = request.retry ?? DEFAULT_RETRY;
	const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const node = this.getNode();

	const fail = (text: ErrorText, failure: Failure): never => {
		const message = redact(text.message, secrets);
		const description = redact(text.description, secrets);
		const httpCode = failure.status ? String(failure.status) : undefined;
		// A plain object, not the HTTP error: nothing of the request (headers) travels with it.
		const safe: JsonObject = { message, description, httpCode: httpCode ?? null };
		if (failure.code) safe.errorCode = failure.code;
		const error = new NodeApiError(node, safe, { message, description, httpCode, itemIndex: request.itemIndex });
		// NodeApiError swaps messages that mention a network error code for generic ones; keep ours.
		error.message = message;
		error.description = description;
		throw error;
	};

	if (base === '') {
		fail({ message: `The "${CREDENTIAL_NAME}" credential has no URL`, description: 'Open the credential and enter the API root, e.g. https://siem.example.com/cruddy/v2.' }, { message: '' });
	}
	const headerName = String(credentials.headerName ?? '').trim();
	if (headerName !== '' && !HEADER_NAME.test(headerName)) {
		fail(
			{
				message: `The header name "${headerName.slice(0, 60)}" in the "${CREDENTIAL_NAME}" credential is not a valid HTTP header name`,
				description: 'Nothing was sent. Use a name such as Authorization or X-API-Key (letters, digits and - _ . only, no spaces or colons).',
			},
			{ message: '' },
		);
	}
	if (token.trim() === '') {
		fail({ message: `The "${CREDENTIAL_NAME}" credential has no token`, description: 'Nothing was sent. Open the credential and enter the API token.' }, { message: '' });
	}

	for (let attempt = 0; ; attempt++) {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${base}${request.endpoint}`,
			json: true,
			returnFullResponse: true,
			// Every HTTP answer comes back as a response, so its body and Retry-After stay readable.
			ignoreHttpStatusErrors: true,
			// A redirected POST would silently become a GET: report redirects instead of following them.
			disableFollowRedirect: true,
			timeout: timeoutMs,
			skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
			headers: { Accept: 'application/json' },
		};
		let response: Omit<LogMuleResponse<T>, 'attempts'>;
		let failure: Failure | undefined;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options)) as Omit<
				LogMuleResponse<T>,
				'attempts'
			>;
			if (response.statusCode < 200 || response.statusCode > 299) {
				failure = { status: response.statusCode, body: response.body, headers: response.headers, message: '' };
			}
		} catch (error) {
			failure = describeNetworkFailure(error);
			response = { body: undefined as T, statusCode: 0, headers: {} };
		}
		if (failure) {
			if (hadNoEffect(failure) && attempt < policy.retries) {
				const announced = retryAfterMs(failure.headers);
				if (announced === undefined || announced <= policy.maxDelayMs) {
					const exponential = policy.baseDelayMs * 2 ** attempt;
					// Jitter keeps many n8n workers from retrying in lockstep; never earlier than announced.
					const backoff = Math.min(policy.maxDelayMs, exponential / 2 + Math.random() * (exponential / 2));
					await sleep(announced ?? backoff);
					continue;
				}
				const text = explain(failure, request, base, attempt + 1, timeoutMs);
				fail(
					{
						message: `${text.message}; LogMule asked to retry after ${Math.ceil(announced / 1000)} s`,
						description: `${text.description} The node waits at most ${Math.round(policy.maxDelayMs / 1000)} s between attempts, so it stopped instead of retrying earlier than asked.`,
					},
					failure,
				);
			}
			return fail(explain(failure, request, base, attempt + 1, timeoutMs), failure);
		}
		const contentType = String(response.headers?.['content-type'] ?? '');
		const notJson = typeof response.body === 'string' && response.body !== '' && !contentType.includes('json');
		if (isHtml(response.body) || notJson) {
			const said = serverMessage(response.body);
			fail(
				{
					message: `LogMule answered ${request.method} ${request.endpoint} with ${isHtml(response.body) ? said : 'text'} (HTTP ${response.statusCode}), not JSON`,
					description: `A proxy, a login page or another web server may have answered instead of the LogMule API: check that the URL in the "${CREDENTIAL_NAME}" credential is the API root. If it is, LogMule may have processed the request; check the incident in LogMule before running this item again.`,
				},
				{ status: response.statusCode, body: response.body, message: '' },
			);
		}
		return { ...response, attempts: attempt + 1 };
	}
}
