/**
 * ExtraHop's side of the HTTP core (nodes/shared/transport): every ExtraHop node (action, poll
 * trigger, push trigger) calls `extraHopApiRequest`, which:
 * - picks the credential the node's `authentication` parameter names, and normalises its URL;
 * - verifies TLS unless the credential explicitly allows self-signed certificates;
 * - sends the RevealX 360 token the process-wide cache (auth.ts) hands out, and renews it once
 *   (one token request for all parallel requests) on any of RevealX 360's stale-token answers;
 * - checks that ticket tracking is enabled (GET /extrahop/ticketing) before the first request
 *   that needs it, and says how to enable it;
 * - explains every failure: what happened and how to fix it.
 * Which failures are retried, and how, is EXTRAHOP_POLICY (transportPolicy.ts).
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import {
	sendRequest,
	type ErrorText,
	type Failure,
	type HttpResponse,
	type RetryPolicy,
} from '../../shared/transport';
import {
	explainConnection,
	isHtml,
	lacksScheme,
	serverMessage as serverWords,
} from '../../shared/transport/failure';
import { safeApiError } from '../../shared/transport/safeError';
import {
	CREDENTIAL_TYPE,
	REVEALX_CHOSEN_BEARER_OPTION,
	TokenRequestError,
	authenticationOf,
	markRevealX360TokenRejected,
	revealX360Token,
	type Authentication,
	type ExtraHopContext,
} from './auth';
import { DEFAULT_RETRY, EXTRAHOP_POLICY, answerBytesFor } from './transportPolicy';

export const INTEGRATION_HEADER = 'ExtraHop-Integration';
export const INTEGRATION_NAME = 'n8n-nodes-extrahop';

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
	/** Values sent in the body that are secrets too (a webhook secret): cut out of every error. */
	secrets?: string[];
}

export type ExtraHopResponse<T> = HttpResponse<T>;

/** `https://` assumed; trailing slashes and a pasted `/api/v1` removed. */
export function normaliseBaseUrl(url: unknown): string {
	let base = String(url ?? '').trim();
	if (base === '') return base;
	if (!/^https?:\/\//i.test(base)) base = `https://${base}`;
	return base
		.replace(/\/+$/, '')
		.replace(/\/api\/v1$/i, '')
		.replace(/\/+$/, '');
}

const MESSAGE_KEYS = ['error_message', 'detail', 'message', 'error_description', 'error'];

/** The server's own words, from any of the shapes ExtraHop and proxies use. */
export function serverMessage(body: unknown): string {
	return serverWords(body, MESSAGE_KEYS);
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

const TOKEN_NOT_OBTAINED = 'The RevealX 360 access token could not be obtained.';

const TRACKING_DISABLED: ErrorText = {
	message: 'Ticket tracking through the REST API is not enabled on this ExtraHop system',
	description:
		'An administrator must enable it: Administration > System Configuration > Detection Tracking > select "Enable external integrations, such as SOAR or ticket tracking systems, to track detections through the ExtraHop REST API". ' +
		'(GET /api/v1/extrahop/ticketing answered enabled: false.)',
};

/** Per run (node execution, poll, hook): the ticket tracking state, read once. */
const trackingState = new WeakMap<object, Promise<boolean | undefined>>();

const credentialName = (auth: Authentication) =>
	auth === 'revealX360' ? 'ExtraHop RevealX 360 API' : 'ExtraHop API';

function explain(
	failure: Failure,
	request: ExtraHopRequest,
	base: string,
	schemeAssumed: boolean,
	auth: Authentication,
	attempts: number,
): ErrorText {
	const where = `${request.method} /api/v1${request.endpoint}`;
	const said = serverMessage(failure.body);
	const credential = credentialName(auth);
	if (failure.status === undefined) {
		const host = base.replace(/^https?:\/\//, '');
		const explained = explainConnection(failure, {
			base,
			schemeAssumed,
			where: `the "${credential}" credential`,
		});
		if (explained) {
			return {
				message: `${explained.message}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
				description: explained.description,
			};
		}
		if (
			failure.code === 'ECONNABORTED' ||
			failure.code === 'ETIMEDOUT' ||
			/timeout/i.test(failure.message)
		) {
			return {
				message: `ExtraHop did not answer ${where} in time${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
				description:
					'The appliance may be overloaded or unreachable. Try again later, or reduce the number of parallel requests in the node options.',
			};
		}
		return {
			message: `The connection to ExtraHop failed during ${where} (${failure.code ?? 'network error'})${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
			description: `Check that n8n can reach ${host}.`,
		};
	}
	if (isHtml(failure.body))
		return notJson(failure.status, failure.body, where, credential, attempts);
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
			return request.notFoundMessage
				? {
						message: request.notFoundMessage,
						description: `Check the ID. If every ID gives this, check the URL in the "${credential}" credential: the address of the sensor or console, without a path.${said ? ` ExtraHop said: ${said}` : ''}`,
					}
				: {
						message: `No ExtraHop REST API at ${base}/api/v1 (HTTP 404 for ${where})`,
						description: `Check the URL in the "${credential}" credential: enter the address of the sensor or console as you open it in a browser, without a path. If it is right, this ExtraHop firmware lacks the endpoint.`,
					};
		case 429:
			return {
				message: `ExtraHop is rate limiting requests (HTTP 429) and still was after ${attempts} attempts`,
				description:
					'Lower the number of parallel requests in the node options, or run the workflow less often.',
			};
		default:
			if (failure.status >= 500) {
				return {
					message: `ExtraHop failed to process ${where} (HTTP ${failure.status})${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
					description: said
						? `ExtraHop said: ${said}`
						: 'The ExtraHop system reported an internal error. Try again later.',
				};
			}
			return {
				message: `ExtraHop rejected ${where} (HTTP ${failure.status})${said ? `: ${said}` : ''}`,
				description: 'Check the values given to the node.',
			};
	}
}

/** An HTML page (a proxy's error or login page) or plain text, where the REST API answers JSON. */
function notJson(
	status: number,
	body: unknown,
	where: string,
	credential: string,
	attempts: number,
): ErrorText {
	return {
		message: `ExtraHop answered ${where} with ${isHtml(body) ? serverMessage(body) : 'text'} (HTTP ${status}), not JSON`,
		description: `A proxy or load balancer answered instead of the ExtraHop REST API. Check that the URL in the "${credential}" credential points at the appliance itself${attempts > 1 ? `; ${attempts} attempts were made` : ''}.`,
	};
}

export async function extraHopApiRequest<T = unknown>(
	this: ExtraHopContext,
	request: ExtraHopRequest,
): Promise<ExtraHopResponse<T>> {
	const auth = authenticationOf(this);
	const credentialType = CREDENTIAL_TYPE[auth];
	const credentials = await this.getCredentials(credentialType, request.itemIndex ?? 0);
	const base = normaliseBaseUrl(credentials.url);
	const secrets = [
		credentials.apiKey,
		credentials.clientSecret,
		credentials.accessToken,
		credentials.clientId,
		...(request.secrets ?? []),
	].filter((s): s is string => typeof s === 'string');
	const fail = (text: ErrorText, failure: Pick<Failure, 'status'>): never => {
		throw safeApiError(this.getNode(), text, failure, request.itemIndex, secrets);
	};

	if (base === '') {
		fail(
			{
				message: 'The ExtraHop credential has no URL',
				description: 'Open the credential and enter the address of the ExtraHop system.',
			},
			{},
		);
	}
	if (request.tracking) {
		let state = trackingState.get(this);
		if (!state) {
			state = ticketTrackingEnabled(this, request.itemIndex);
			trackingState.set(this, state);
		}
		if ((await state) === false) fail(TRACKING_DISABLED, { status: 403 });
	}

	let token = '';
	return (await sendRequest.call(this, EXTRAHOP_POLICY, {
		credentialType,
		options: {
			method: request.method,
			url: `${base}/api/v1${request.endpoint}`,
			qs: request.qs,
			body: request.body,
			timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
			headers: {
				Accept: request.stream?.accept ?? 'application/json',
				[INTEGRATION_HEADER]: INTEGRATION_NAME,
			},
		},
		idempotent: request.idempotent,
		itemIndex: request.itemIndex,
		secrets,
		stream: request.stream !== undefined,
		retry: request.retry,
		where: `${request.method} /api/v1${request.endpoint}`,
		maxAnswerBytes: answerBytesFor(request),
		explain: (failure, attempts) =>
			explain(failure, request, base, lacksScheme(credentials.url), auth, attempts),
		explainNotJson: (response, attempts) =>
			notJson(
				response.statusCode,
				response.body,
				`${request.method} /api/v1${request.endpoint}`,
				credentialName(auth),
				attempts,
			),
		beforeAttempt: async (options: IHttpRequestOptions) => {
			if (auth !== 'revealX360') return undefined;
			try {
				token = (await revealX360Token(this.helpers, credentials)).accessToken;
			} catch (error) {
				if (error instanceof TokenRequestError)
					return { message: error.reason, description: error.fix };
				const message = error instanceof Error ? error.message : String(error);
				return { message, description: TOKEN_NOT_OBTAINED };
			}
			if (!secrets.includes(token)) secrets.push(token);
			(options as unknown as Record<string, unknown>)[REVEALX_CHOSEN_BEARER_OPTION] = token;
			return undefined;
		},
		// preAuthentication's own message: the token request itself failed.
		finalFailure: (failure) =>
			failure.status === undefined && /RevealX 360/.test(failure.message)
				? { message: failure.message, description: TOKEN_NOT_OBTAINED }
				: undefined,
		renewAuthentication: (failure) => {
			if (auth !== 'revealX360' || !isRejectedToken(failure.status, failure.body)) return false;
			// Every parallel request rejected with the same token shares one token request.
			markRevealX360TokenRejected(credentials, token);
			return true;
		},
	})) as ExtraHopResponse<T>;
}

/**
 * GET /extrahop/ticketing (admin.md, "ExtraHop › GET /extrahop/ticketing"): false when ExtraHop
 * says ticket tracking is off; undefined when it cannot be read (for example a user without the
 * privilege): then the operation is tried and its own answer explained.
 */
async function ticketTrackingEnabled(
	context: ExtraHopContext,
	itemIndex: number | undefined,
): Promise<boolean | undefined> {
	try {
		const response = await extraHopApiRequest.call(context, {
			method: 'GET',
			endpoint: '/extrahop/ticketing',
			itemIndex,
			retry: { ...DEFAULT_RETRY, retries: 1 },
		});
		const enabled = (response.body as IDataObject | undefined)?.enabled;
		return typeof enabled === 'boolean' ? enabled : undefined;
	} catch {
		return undefined;
	}
}
