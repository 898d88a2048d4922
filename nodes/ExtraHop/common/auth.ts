/**
 * Which ExtraHop credential a node uses, and the RevealX 360 access tokens of this process.
 * The RevealX 360 credential (credentials/ExtraHopRevealX360Api.credentials.ts) draws its tokens
 * from here too, so the nodes' requests and n8n's own preAuthentication share one cache.
 */
import { createHash } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestHelper,
} from 'n8n-workflow';

import { sendWithoutCredential, type Failure, type HttpContext } from '../../shared/transport';
import { explainConnection, lacksScheme } from '../../shared/transport/failure';
import { redact } from '../../shared/transport/safeError';
import { bodyKind } from '../../shared/credentialProbe';
import { EXTRAHOP_POLICY } from './transportPolicy';

export type ExtraHopContext = HttpContext;

export type Authentication = 'apiKey' | 'revealX360';

export const CREDENTIAL_TYPE: Record<Authentication, string> = {
	apiKey: 'extraHopApi',
	revealX360: 'extraHopRevealX360Api',
};

export function authenticationOf(context: ExtraHopContext): Authentication {
	let value: unknown = 'apiKey';
	try {
		value = (context as IExecuteFunctions).getNodeParameter('authentication', 0, 'apiKey');
	} catch {
		value = 'apiKey';
	}
	return value === 'revealX360' ? 'revealX360' : 'apiKey';
}

/** Refresh this long before the server-announced expiry, so no request carries a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

/** Request option carrying the token the transport chose (see revealX360Token); `authenticate` sends it. */
export const REVEALX_CHOSEN_BEARER_OPTION = 'extraHopRevealX360Token';

export function tokenFingerprint(token: string): string {
	return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

interface CachedToken {
	accessToken: string;
	/** Epoch ms after which the token counts as expired (server lifetime minus a margin). */
	expiresAt: number;
}

/**
 * Tokens of this process, per tenant and client: one token request per expiry, however many items,
 * polls or workflows run in parallel on this n8n process. In flight requests are shared (single flight);
 * a token the server rejected is never handed out again.
 */
const tokens = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();
const rejected = new Set<string>();
const MAX_REJECTED = 1000;

function cacheKey(credentials: ICredentialDataDecryptedObject): string {
	return createHash('sha256')
		.update(
			`${revealX360BaseUrl(credentials.url)}\n${String(credentials.clientId)}\n${String(credentials.clientSecret)}`,
		)
		.digest('hex');
}

/** The server answered this token as stale: drop it, so the next revealX360Token call fetches a new one. */
export function markRevealX360TokenRejected(
	credentials: ICredentialDataDecryptedObject,
	token: string,
) {
	if (rejected.size >= MAX_REJECTED) rejected.clear();
	rejected.add(tokenFingerprint(token));
	const key = cacheKey(credentials);
	if (tokens.get(key)?.accessToken === token) tokens.delete(key);
}

const usable = (t: CachedToken | undefined): t is CachedToken =>
	t !== undefined &&
	t.accessToken !== '' &&
	Date.now() < t.expiresAt &&
	!rejected.has(tokenFingerprint(t.accessToken));

/**
 * A usable token: this process's cached one, else the one stored with the credential (unless
 * expired or rejected), else a new one from /oauth2/token, requested once for all concurrent callers.
 */
export async function revealX360Token(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
	options: { ignoreStored?: boolean } = {},
): Promise<CachedToken> {
	const key = cacheKey(credentials);
	const cached = tokens.get(key);
	if (usable(cached)) return cached;
	const stored: CachedToken = {
		accessToken: typeof credentials.accessToken === 'string' ? credentials.accessToken : '',
		expiresAt: Number(credentials.accessTokenExpiry ?? 0) || Number.MAX_SAFE_INTEGER,
	};
	if (!options.ignoreStored && usable(stored)) {
		tokens.set(key, stored);
		return stored;
	}
	let pending = inFlight.get(key);
	if (!pending) {
		pending = requestToken(helpers, credentials).then(
			(token) => {
				tokens.set(key, token);
				inFlight.delete(key);
				return token;
			},
			(error: unknown) => {
				inFlight.delete(key);
				throw error;
			},
		);
		inFlight.set(key, pending);
	}
	return await pending;
}

/**
 * A token request that failed: `reason` says what happened, `fix` what to do; the message holds
 * both (n8n shows only the message when its own preAuthentication path asks for a token).
 */
export class TokenRequestError extends Error {
	constructor(
		readonly reason: string,
		readonly fix: string,
	) {
		super(`${reason}. ${fix}`);
	}
}

const CREDENTIAL_360 = 'the "ExtraHop RevealX 360 API" credential';
const ENDPOINT_FIX = `Check the API endpoint in ${CREDENTIAL_360}: the one shown under Administration > API Access in RevealX 360 (note the ".api." part), without a path.`;

/**
 * Why /oauth2/token answered `status` without a token, in the words of the credential test and the
 * nodes. `body` is what it answered, secrets already cut out.
 */
export function tokenFailure(
	status: number,
	base: string,
	body: unknown,
): { reason: string; fix: string } {
	if (status === 400 || status === 401)
		return {
			reason: `RevealX 360 refused the client ID or secret (HTTP ${status})`,
			fix: 'Check both in the credential; they are created under Administration > API Access.',
		};
	return {
		reason: `${base}/oauth2/token answered HTTP ${status} with ${bodyKind(body)}, not a RevealX 360 token`,
		fix: ENDPOINT_FIX,
	};
}

/**
 * Why the token request failed, in words rebuilt on purpose: n8n's raw error carries the request
 * headers (the client secret). `failure` has had every secret cut out by the transport.
 */
function tokenRequestFailure(
	failure: Failure,
	base: string,
	enteredUrl: unknown,
): TokenRequestError {
	const { status, code } = failure;
	if (status) {
		const { reason, fix } = tokenFailure(status, base, failure.body);
		return new TokenRequestError(reason, fix);
	}
	const explained = explainConnection(failure, {
		base,
		schemeAssumed: lacksScheme(enteredUrl),
		where: CREDENTIAL_360,
	});
	if (explained)
		return new TokenRequestError(
			`No RevealX 360 access token: ${explained.message}`,
			explained.description,
		);
	return /timeout/i.test(failure.message) || code === 'ETIMEDOUT'
		? new TokenRequestError(
				`${base}/oauth2/token did not answer in time`,
				`${ENDPOINT_FIX} Check also that n8n can reach it.`,
			)
		: new TokenRequestError(
				`Could not reach ${base}/oauth2/token (${code ?? 'network error'})`,
				ENDPOINT_FIX,
			);
}

/** The value of the token request's Authorization header, which a server may echo: a secret too. */
export function revealX360BasicAuth(credentials: ICredentialDataDecryptedObject): string {
	return Buffer.from(
		`${String(credentials.clientId)}:${String(credentials.clientSecret)}`,
	).toString('base64');
}

async function requestToken(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<CachedToken> {
	const base = revealX360BaseUrl(credentials.url);
	const basic = revealX360BasicAuth(credentials);
	const secrets = [basic, String(credentials.clientSecret ?? '')];
	const outcome = await sendWithoutCredential(
		helpers,
		EXTRAHOP_POLICY,
		{
			method: 'POST',
			url: `${base}/oauth2/token`,
			headers: {
				Authorization: `Basic ${basic}`,
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json',
			},
			body: 'grant_type=client_credentials',
			timeout: 30_000,
			skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
		},
		secrets,
	);
	// Plain errors: the credential's preAuthentication has no node to build a NodeApiError with, and
	// the transport turns their message into one.
	if ('refused' in outcome)
		throw new TokenRequestError(
			redact(`${outcome.refused.message} (RevealX 360 token request)`, secrets),
			redact(outcome.refused.description, secrets),
		);
	if ('failure' in outcome) throw tokenRequestFailure(outcome.failure, base, credentials.url);
	const response = outcome.response.body as { access_token?: unknown; expires_in?: unknown };
	if (typeof response?.access_token !== 'string' || response.access_token === '') {
		const { reason, fix } = tokenFailure(outcome.response.statusCode, base, outcome.response.body);
		throw new TokenRequestError(redact(reason, secrets), fix);
	}
	const lifetimeSeconds = Number(response.expires_in);
	const lifetimeMs =
		Number.isFinite(lifetimeSeconds) && lifetimeSeconds > 0 ? lifetimeSeconds * 1000 : 300_000;
	return {
		accessToken: response.access_token,
		expiresAt: Math.round(Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2)),
	};
}

export function revealX360BaseUrl(url: unknown): string {
	let base = String(url ?? '').trim();
	if (!/^https?:\/\//i.test(base)) base = `https://${base}`;
	return base
		.replace(/\/+$/, '')
		.replace(/\/api\/v1$/i, '')
		.replace(/\/+$/, '');
}
