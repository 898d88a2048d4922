/**
 * The only place that talks HTTP to ExtraHop. Every ExtraHop node (action, polling trigger,
 * webhook trigger) calls `extraHopApiRequest`, which:
 * - picks the credential the node's `authentication` parameter names, and normalises its URL;
 * - verifies TLS unless the credential explicitly allows self-signed certificates;
 * - retries requests that are safe to repeat on 429/502/503/504, resets and timeouts, with
 *   exponential backoff that honours Retry-After;
 * - sends the RevealX 360 token the credential's process-wide cache hands out, and renews it once
 *   (one token request for all parallel requests) on any of RevealX 360's stale-token answers;
 * - checks that ticket tracking is enabled (GET /extrahop/ticketing) before the first request
 *   that needs it, and says how to enable it;
 * - turns every failure into a NodeApiError that says what happened and how to fix it, carries
 *   the item index, and contains no secret (the raw HTTP error holds the request headers).
 */
import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import { TLS_ERROR_CODES, isHtml, redact, retryAfterMs } from '../../shared/http';

import {
	CREDENTIAL_TYPE,
	REVEALX_CHOSEN_BEARER_OPTION,
	authenticationOf,
	markRevealX360TokenRejected,
	revealX360Token,
	type Authentication,
	type ExtraHopContext,
} from './auth';

export const INTEGRATION_HEADER = 'ExtraHop-Integration';
export const INTEGRATION_NAME = 'n8n-nodes-extrahop';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ERR_SOCKET_CONNECTION_TIMEOUT']);
const TLS_CODES = TLS_ERROR_CODES;

export interface RetryPolicy {
	/** Attempts after the first one. */
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 400, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ExtraHopRequest {
	method: IHttpRequestMethods;
	/** Path under /api/v1, e.g. `/detections/search`. */
	endpoint: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/** Whether repeating the request cannot do harm (reads, searches, idempotent writes). */
	idempotent?: boolean;
	itemIndex?: number;
	/**
	 * The operation is "available only if detections are tracked from an external ticketing system"
	 * (the reference's words): ticket tracking is checked first, once per run.
	 */
	tracking?: boolean;
	/** Message for a 404, e.g. "Detection 42 not found". */
	notFoundMessage?: string;
	timeoutMs?: number;
	retry?: RetryPolicy;
	/**
	 * Answer the body as a stream instead of JSON (files: a packet search's PCAP). Errors are
	 * still read (at most 64 KiB of them) and explained; the caller consumes a success's body.
	 */
	stream?: { accept: string };
}

export interface ExtraHopResponse<T> {
	body: T;
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
}

/** `https://` assumed; trailing slashes and a pasted `/api/v1` removed. */
export function normaliseBaseUrl(url: unknown): string {
	let base = String(url ?? '').trim();
	if (base === '') return base;
	if (!/^https?:\/\//i.test(base)) base = `https://${base}`;
	return base.replace(/\/+$/, '').replace(/\/api\/v1$/i, '').replace(/\/+$/, '');
}

interface Failure {
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	code?: string;
	message: string;
}

/** Pulls status, body, headers and code out of whatever n8n's helpers threw. */
function describeFailure(error: unknown): Failure {
	const e = error as Record<string, unknown>;
	const cause = (e?.cause ?? {}) as Record<string, unknown>;
	const response = (cause.response ?? e?.response ?? {}) as Record<string, unknown>;
	// n8n puts a network error's code (ECONNRESET, ETIMEDOUT...) in httpCode and drops the cause.
	const httpCode = e?.httpCode === null || e?.httpCode === undefined ? undefined : String(e.httpCode);
	const numericHttpCode = httpCode !== undefined && /^\d{3}$/.test(httpCode) ? Number(httpCode) : undefined;
	const status = Number(response.status ?? cause.status ?? cause.statusCode) || numericHttpCode;
	const rawCode = cause.code ?? e?.code ?? (httpCode !== undefined && numericHttpCode === undefined ? httpCode : undefined);
	const code = typeof rawCode === 'string' ? rawCode : undefined;
	return {
		status,
		body: cause.error ?? response.data ?? e?.errorResponse,
		headers: (response.headers ?? {}) as Record<string, unknown>,
		code,
		message: String(cause.message ?? e?.message ?? error),
	};
}

/** The server's own words, from any of the shapes ExtraHop and proxies use. */
export function serverMessage(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	if (typeof body === 'string') {
		if (isHtml(body)) {
			const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
			return title ? `an HTML page titled "${title}"` : 'an HTML page';
		}
		try {
			return serverMessage(JSON.parse(body));
		} catch {
			return body.slice(0, 300);
		}
	}
	if (typeof body === 'object') {
		const b = body as Record<string, unknown>;
		for (const key of ['error_message', 'detail', 'message', 'error_description', 'error']) {
			if (typeof b[key] === 'string' && b[key] !== '') return b[key] as string;
		}
		return JSON.stringify(body).slice(0, 300);
	}
	return String(body);
}

function backoffMs(attempt: number, policy: RetryPolicy, failure: Failure): number {
	const announced = retryAfterMs(failure.headers);
	if (announced !== undefined) return Math.min(announced, policy.maxDelayMs);
	const exponential = policy.baseDelayMs * 2 ** attempt;
	// Full jitter keeps many n8n workers from retrying in lockstep.
	return Math.min(policy.maxDelayMs, exponential / 2 + Math.random() * (exponential / 2));
}

function isRetryable(failure: Failure): boolean {
	if (failure.status !== undefined) return RETRYABLE_STATUS.has(failure.status);
	return failure.code !== undefined && RETRYABLE_CODES.has(failure.code);
}

/**
 * A RevealX 360 token the server no longer accepts. The answers seen in the field (Splunk SOAR's
 * ExtraHop app recognises exactly these, its list grown from bug reports): 400 "The specified access
 * token is invalid", 400 {"error": "invalid"}, 401 "Invalid access token", 401 "Error getting user
 * from bearer token". Any 401 counts; a 400 only when it talks about the token or says just "invalid".
 */
export function isRejectedToken(status: number | undefined, body: unknown): boolean {
	const said = serverMessage(body).trim();
	if (/invalid_client/i.test(said)) return false;
	return status === 401 || (status === 400 && (/token/i.test(said) || /^invalid$/i.test(said)));
}

const TRACKING_DISABLED: ErrorText = {
	message: 'Ticket tracking through the REST API is not enabled on this ExtraHop system',
	description:
		'An administrator must enable it: Administration > System Configuration > Detection Tracking > select "Enable external integrations, such as SOAR or ticket tracking systems, to track detections through the ExtraHop REST API". ' +
		'(GET /api/v1/extrahop/ticketing answered enabled: false.)',
};

/** Per run (node execution, poll, hook): the ticket tracking state, read once. */
const trackingState = new WeakMap<object, Promise<boolean | undefined>>();

interface ErrorText {
	message: string;
	description: string;
}

function explain(failure: Failure, request: ExtraHopRequest, base: string, auth: Authentication, attempts: number): ErrorText {
	const where = `${request.method} /api/v1${request.endpoint}`;
	const said = serverMessage(failure.body);
	const credentialName = auth === 'revealX360' ? 'ExtraHop RevealX 360 API' : 'ExtraHop API';
	if (failure.status === undefined) {
		const host = base.replace(/^https?:\/\//, '');
		if (failure.code && TLS_CODES.has(failure.code)) {
			return {
				message: `The TLS certificate of ${host} is not trusted (${failure.code})`,
				description: `Install a certificate from a trusted authority on the ExtraHop system, or, if you accept the risk of a self-signed certificate, turn on "Ignore SSL Issues" in the "${credentialName}" credential.`,
			};
		}
		if (failure.code === 'ECONNREFUSED') {
			return {
				message: `Could not connect to ${host}: connection refused`,
				description: `Check the URL and port in the "${credentialName}" credential, and that n8n can reach the ExtraHop system.`,
			};
		}
		if (failure.code === 'ENOTFOUND' || failure.code === 'EAI_AGAIN') {
			return {
				message: `The host name ${host} could not be resolved`,
				description: `Check the URL in the "${credentialName}" credential.`,
			};
		}
		if (failure.code === 'ECONNABORTED' || failure.code === 'ETIMEDOUT' || /timeout/i.test(failure.message)) {
			return {
				message: `ExtraHop did not answer ${where} in time${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
				description: 'The appliance may be overloaded or unreachable. Try again later, or reduce the number of parallel requests in the node options.',
			};
		}
		return {
			message: `The connection to ExtraHop failed during ${where} (${failure.code ?? 'network error'})${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
			description: `Check that n8n can reach ${host}.`,
		};
	}
	if (isHtml(failure.body)) {
		return {
			message: `ExtraHop answered ${where} with ${said} (HTTP ${failure.status}), not JSON`,
			description: `A proxy or load balancer answered instead of the ExtraHop REST API. Check that the URL in the "${credentialName}" credential points at the appliance itself${attempts > 1 ? `; ${attempts} attempts were made` : ''}.`,
		};
	}
	switch (failure.status) {
		case 401:
			return {
				message: 'ExtraHop rejected the credentials (HTTP 401)',
				description:
					auth === 'revealX360'
						? 'Check the client ID and secret in the "ExtraHop RevealX 360 API" credential; REST API credentials are created in RevealX 360 under Administration > API Access.'
						: 'Check the API key in the "ExtraHop API" credential; keys are generated under Administration > Access Settings > API Access, and stop working when their user is disabled.',
			};
		case 403:
			return {
				message: `The ExtraHop user behind these credentials may not do ${where} (HTTP 403)`,
				description: `Give the API key's user (or the RevealX 360 API credential) the privileges this operation needs, such as detection tracking or write access.${said ? ` ExtraHop said: ${said}` : ''}`,
			};
		case 404:
			return {
				message: request.notFoundMessage ?? `ExtraHop has no ${request.endpoint} (HTTP 404)`,
				description: request.notFoundMessage
					? `Check the ID. ${said ? `ExtraHop said: ${said}` : ''}`.trim()
					: 'Check the URL in the credential and the firmware version of the ExtraHop system.',
			};
		case 429:
			return {
				message: `ExtraHop is rate limiting requests (HTTP 429) and still was after ${attempts} attempts`,
				description: 'Lower the number of parallel requests in the node options, or run the workflow less often.',
			};
		default:
			if (failure.status >= 500) {
				return {
					message: `ExtraHop failed to process ${where} (HTTP ${failure.status})${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
					description: said ? `ExtraHop said: ${said}` : 'The ExtraHop system reported an internal error. Try again later.',
				};
			}
			return {
				message: `ExtraHop rejected ${where} (HTTP ${failure.status})${said ? `: ${said}` : ''}`,
				description: 'Check the values given to the node.',
			};
	}
}

/** The start (64 KiB at most) of a streamed error body, as text; the rest is discarded. */
async function readErrorText(body: unknown): Promise<string> {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.subarray(0, 65536).toString('utf8');
	const stream = body as (AsyncIterable<Buffer> & { destroy?: () => void }) | undefined;
	if (!stream || typeof (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') return '';
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			chunks.push(Buffer.from(chunk));
			size += chunk.length;
			if (size >= 65536) break;
		}
	} catch {
		// A broken error body: explain the status without it.
	} finally {
		stream.destroy?.();
	}
	return Buffer.concat(chunks).subarray(0, 65536).toString('utf8');
}

export async function extraHopApiRequest<T = unknown>(
	this: ExtraHopContext,
	request: ExtraHopRequest,
): Promise<ExtraHopResponse<T>> {
	const auth = authenticationOf(this);
	const credentialType = CREDENTIAL_TYPE[auth];
	const credentials = await this.getCredentials(credentialType, request.itemIndex ?? 0);
	const base = normaliseBaseUrl(credentials.url);
	const secrets = [credentials.apiKey, credentials.clientSecret, credentials.accessToken, credentials.clientId]
		.filter((s): s is string => typeof s === 'string');
	const policy = request.retry ?? DEFAULT_RETRY;
	const idempotent = request.idempotent ?? request.method !== 'POST';
	const node = this.getNode();

	const fail = (text: ErrorText, failure: Failure): never => {
		const message = redact(text.message, secrets);
		const description = redact(text.description, secrets);
		// A plain object, not the HTTP error: nothing of the request (headers) travels with it.
		const safe: JsonObject = { message, description, httpCode: failure.status ? String(failure.status) : null };
		if (failure.code) safe.code = failure.code;
		const error = new NodeApiError(node, safe, {
			message,
			description,
			httpCode: failure.status ? String(failure.status) : undefined,
			itemIndex: request.itemIndex,
		});
		// NodeApiError swaps messages that mention network codes for generic ones: keep ours.
		error.message = message;
		error.description = description;
		throw error;
	};

	if (base === '') {
		fail({ message: 'The ExtraHop credential has no URL', description: 'Open the credential and enter the address of the ExtraHop system.' }, { message: '' });
	}

	if (request.tracking) {
		let state = trackingState.get(this);
		if (!state) {
			state = ticketTrackingEnabled(this, request.itemIndex);
			trackingState.set(this, state);
		}
		if ((await state) === false) fail(TRACKING_DISABLED, { status: 403, message: '' });
	}

	let tokenRetried = false;
	for (let attempt = 0; ; attempt++) {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${base}/api/v1${request.endpoint}`,
			qs: request.qs,
			body: request.body,
			json: true,
			returnFullResponse: true,
			// HTTP errors come back as responses: a thrown one has lost its body and headers by the
			// time it reaches us (n8n-workflow 2.8), and we need both (Retry-After, the server's words).
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
			headers: { Accept: request.stream?.accept ?? 'application/json', [INTEGRATION_HEADER]: INTEGRATION_NAME },
		};
		if (request.stream) {
			options.encoding = 'stream';
			options.json = false;
		}
		let token = '';
		if (auth === 'revealX360') {
			try {
				token = (await revealX360Token(this.helpers, credentials)).accessToken;
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				return fail({ message, description: 'The RevealX 360 access token could not be obtained.' }, { message });
			}
			(options as unknown as Record<string, unknown>)[REVEALX_CHOSEN_BEARER_OPTION] = token;
		}
		let failure: Failure;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentialType,
				options,
			)) as ExtraHopResponse<T>;
			if (request.stream && response.statusCode >= 400) {
				const text = await readErrorText(response.body);
				failure = { status: response.statusCode, body: text, headers: response.headers, message: '' };
			} else if (request.stream) {
				return response;
			} else if (response.statusCode >= 400) {
				failure = { status: response.statusCode, body: response.body, headers: response.headers, message: '' };
			} else {
				const contentType = String(response.headers?.['content-type'] ?? '');
				const notJson = typeof response.body === 'string' && response.body !== '' && !contentType.includes('json');
				if (isHtml(response.body) || notJson) {
					const odd = { status: response.statusCode, body: response.body, message: '' };
					return fail(explain(odd, request, base, auth, attempt + 1), odd);
				}
				return response;
			}
		} catch (error) {
			failure = describeFailure(error);
			if (failure.status === undefined && /RevealX 360/.test(failure.message)) {
				// preAuthentication's own message: the token request itself failed.
				return fail({ message: failure.message, description: 'The RevealX 360 access token could not be obtained.' }, failure);
			}
		}
		if (auth === 'revealX360' && !tokenRetried && isRejectedToken(failure.status, failure.body)) {
			// Renew once: every parallel request rejected with the same token shares one token request.
			tokenRetried = true;
			markRevealX360TokenRejected(credentials, token);
			attempt--;
			continue;
		}
		// Connection refused means the request never arrived: safe to repeat even when not idempotent.
		if ((idempotent || failure.code === 'ECONNREFUSED') && isRetryable(failure) && attempt < policy.retries) {
			await sleep(backoffMs(attempt, policy, failure));
			continue;
		}
		return fail(explain(failure, request, base, auth, attempt + 1), failure);
	}
}

/**
 * GET /extrahop/ticketing (admin.md, "ExtraHop › GET /extrahop/ticketing"): false when ExtraHop
 * says ticket tracking is off; undefined when it cannot be read (for example a user without the
 * privilege): then the operation is tried and its own answer explained.
 */
async function ticketTrackingEnabled(context: ExtraHopContext, itemIndex: number | undefined): Promise<boolean | undefined> {
	try {
		const response = await extraHopApiRequest.call(context, { method: 'GET', endpoint: '/extrahop/ticketing', itemIndex, retry: { ...DEFAULT_RETRY, retries: 1 } });
		const enabled = (response.body as IDataObject | undefined)?.enabled;
		return typeof enabled === 'boolean' ? enabled : undefined;
	} catch {
		return undefined;
	}
}
