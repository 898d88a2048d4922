/**
 * LogMule's side of the HTTP core (nodes/shared/transport). `logMuleApiRequest`:
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
 * Every HTTP answer (status, body, Retry-After) is read by the core, so n8n core's "resend once
 * after a 401" does not apply either; redirects are never followed (the core's rule: the token
 * goes to the configured address only) but reported. All of this is LOGMULE_POLICY.
 */
import type { IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import {
	sendRequest,
	type ErrorText,
	type Failure,
	type HttpResponse,
	type RetryPolicy,
	type ServicePolicy,
} from '../../shared/transport';
import {
	explainConnection,
	isHtml,
	lacksScheme,
	parseMaybeJson,
	serverMessage as serverWords,
} from '../../shared/transport/failure';
import { safeApiError } from '../../shared/transport/safeError';

export const CREDENTIAL_TYPE = 'logMuleApi';
const CREDENTIAL_NAME = 'LogMule API';

const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Failures after which LogMule provably did nothing: it refused to process the request, or nothing was sent. */
const NOT_PROCESSED = {
	statuses: new Set([429, 503]),
	codes: new Set(['ECONNREFUSED', 'EAI_AGAIN']),
};

/** How every request to LogMule goes out (see RETRY POLICY above). */
export const LOGMULE_POLICY: ServicePolicy = {
	name: 'LogMule',
	retry: DEFAULT_RETRY,
	retryable: NOT_PROCESSED,
	notProcessed: NOT_PROCESSED,
	longRetryAfter: 'stop',
	// An incident is a few KB: 16 MiB leaves room, and no answer nests deep.
	answers: { maxBytes: 16 * 1024 * 1024, maxDepth: 64 },
	redirectAdvice: `Put the final address of the API root in the "${CREDENTIAL_NAME}" credential (often https:// instead of http://).`,
};

const TIMEOUT_CODES = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
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

export interface LogMuleResponse<T> extends HttpResponse<T> {
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

/** A LogMule error body: `{"error": "...", "error_code": 404}`. */
function isLogMuleError(body: unknown): body is { error?: unknown; error_code?: unknown } {
	const parsed = parseMaybeJson(body);
	return (
		typeof parsed === 'object' &&
		parsed !== null &&
		!Array.isArray(parsed) &&
		('error' in parsed || 'error_code' in parsed)
	);
}

const MESSAGE_KEYS = ['error', 'message', 'error_message', 'detail', 'error_description'];

/** The server's own words, from LogMule's `{"error"}` body or whatever a proxy sent. */
export function serverMessage(body: unknown): string {
	return serverWords(body, MESSAGE_KEYS);
}

function isTimeout(failure: Failure): boolean {
	const texts = [...(failure.messages ?? []), failure.message].join(' | ');
	return (
		(failure.code !== undefined && TIMEOUT_CODES.has(failure.code)) ||
		/timeout|timed out/i.test(texts)
	);
}

const MAY_HAVE_TAKEN_EFFECT =
	'It was not retried: the request may have reached LogMule and created the incident or appended the result, and sending it again could append the result twice. Check the incident in LogMule before running this item again.';

function explain(
	failure: Failure,
	request: LogMuleRequest,
	base: string,
	schemeAssumed: boolean,
	attempts: number,
	timeoutMs: number,
): ErrorText {
	const where = `${request.method} ${request.endpoint}`;
	const said = serverMessage(failure.body);
	const afterAttempts = attempts > 1 ? ` (${attempts} attempts)` : '';
	const resultId = request.resultId ?? '';
	if (failure.status === undefined) {
		const explained = explainConnection(failure, {
			base,
			schemeAssumed,
			where: `the "${CREDENTIAL_NAME}" credential`,
		});
		if (explained) {
			// Each of these fails before a request reaches LogMule: no TLS session, no connection.
			return {
				message: `${explained.message}${afterAttempts}`,
				description: `Nothing was sent, so nothing was created. ${explained.description}`,
			};
		}
		if (failure.code === 'ERR_INVALID_HTTP_TOKEN' || failure.code === 'ERR_INVALID_CHAR') {
			return {
				message: `The "${CREDENTIAL_NAME}" credential produces an invalid HTTP header`,
				description:
					"Nothing was sent. The header name may contain only letters, digits and - _ . ! # $ % & ' * + ^ ` | ~, and the token and prefix no line breaks.",
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
	switch (failure.status) {
		case 400:
			return {
				message: `LogMule rejected the result ID "${resultId}" (HTTP 400) as missing or of the wrong type`,
				description: `Nothing was created. Create Incident sends only the result ID (in the URL path), so that is what LogMule refused${said ? ` (it said "${said}")` : ''}. Use the ID of a correlation-rule result, a UUID such as 497f6eca-6276-4993-bfeb-53cbbbba6f08.`,
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
			if (
				failure.body !== undefined &&
				failure.body !== null &&
				failure.body !== '' &&
				!isLogMuleError(failure.body)
			) {
				return {
					message: `No LogMule API at ${base} (HTTP 404 for ${where}: ${said})`,
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
				description:
					'LogMule refused the requests without processing them; nothing was created. Lower "Parallel Requests" in the node options, or run the workflow less often.',
			};
		case 503:
			return {
				message: `LogMule is unavailable (HTTP 503${said ? `: ${said}` : ''})${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
				description:
					'LogMule refused the requests without processing them; nothing was created. Try again later.',
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
	const prefix =
		typeof credentials.headerPrefix === 'string' ? credentials.headerPrefix.trim() : '';
	const secrets = [token, token.trim(), `${prefix} ${token.trim()}`].filter(
		(s) => s.trim().length >= 4,
	);
	const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const fail = (text: ErrorText): never => {
		throw safeApiError(this.getNode(), text, {}, request.itemIndex, secrets);
	};

	if (base === '') {
		fail({
			message: `The "${CREDENTIAL_NAME}" credential has no URL`,
			description:
				'Open the credential and enter the API root, e.g. https://siem.example.com/cruddy/v2.',
		});
	}
	const headerName = String(credentials.headerName ?? '').trim();
	if (headerName !== '' && !HEADER_NAME.test(headerName)) {
		fail({
			message: `The header name "${headerName.slice(0, 60)}" in the "${CREDENTIAL_NAME}" credential is not a valid HTTP header name`,
			description:
				'Nothing was sent. Use a name such as Authorization or X-API-Key (letters, digits and - _ . only, no spaces or colons).',
		});
	}
	if (token.trim() === '') {
		fail({
			message: `The "${CREDENTIAL_NAME}" credential has no token`,
			description: 'Nothing was sent. Open the credential and enter the API token.',
		});
	}

	return (await sendRequest.call(this, LOGMULE_POLICY, {
		credentialType: CREDENTIAL_TYPE,
		options: {
			method: request.method,
			url: `${base}${request.endpoint}`,
			timeout: timeoutMs,
			skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
			headers: { Accept: 'application/json' },
		},
		itemIndex: request.itemIndex,
		secrets,
		retry: request.retry,
		where: `${request.method} ${request.endpoint}`,
		explain: (failure, attempts) =>
			explain(failure, request, base, lacksScheme(credentials.url), attempts, timeoutMs),
		explainNotJson: (response) => ({
			message: `LogMule answered ${request.method} ${request.endpoint} with ${isHtml(response.body) ? serverMessage(response.body) : 'text'} (HTTP ${response.statusCode}), not JSON`,
			description: `A proxy, a login page or another web server may have answered instead of the LogMule API: check that the URL in the "${CREDENTIAL_NAME}" credential is the API root. If it is, LogMule may have processed the request; check the incident in LogMule before running this item again.`,
		}),
	})) as LogMuleResponse<T>;
}
