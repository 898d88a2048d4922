import { createHash } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ALLOW_UNAUTHORIZED_CERTS } from './common';

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
		.update(`${revealX360BaseUrl(credentials.url)}\n${String(credentials.clientId)}\n${String(credentials.clientSecret)}`)
		.digest('hex');
}

/** The server answered this token as stale: drop it, so the next revealX360Token call fetches a new one. */
export function markRevealX360TokenRejected(credentials: ICredentialDataDecryptedObject, token: string) {
	if (rejected.size >= MAX_REJECTED) rejected.clear();
	rejected.add(tokenFingerprint(token));
	const key = cacheKey(credentials);
	if (tokens.get(key)?.accessToken === token) tokens.delete(key);
}

const usable = (t: CachedToken | undefined): t is CachedToken =>
	t !== undefined && t.accessToken !== '' && Date.now() < t.expiresAt && !rejected.has(tokenFingerprint(t.accessToken));

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

async function requestToken(helpers: IHttpRequestHelper['helpers'], credentials: ICredentialDataDecryptedObject): Promise<CachedToken> {
	const base = revealX360BaseUrl(credentials.url);
	const basic = Buffer.from(`${String(credentials.clientId)}:${String(credentials.clientSecret)}`).toString('base64');
	let response: { access_token?: unknown; expires_in?: unknown };
	try {
		response = (await helpers.httpRequest({
			method: 'POST',
			url: `${base}/oauth2/token`,
			headers: {
				Authorization: `Basic ${basic}`,
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: 'grant_type=client_credentials',
			json: true,
			timeout: 30_000,
			skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
		})) as typeof response;
	} catch (error) {
		// Rebuilt on purpose: the raw error carries the request headers (the client secret).
		const status = (error as { response?: { status?: number } }).response?.status;
		const code = (error as { code?: string }).code;
		const reason = status
			? status === 400 || status === 401
				? `RevealX 360 refused the client ID or secret (HTTP ${status}). Check both in the credential; they are created under Administration > API Access.`
				: `RevealX 360 answered HTTP ${status} at ${base}/oauth2/token. Check the API endpoint in the credential.`
			: `Could not reach ${base}/oauth2/token (${code ?? 'network error'}). Check the API endpoint in the credential.`;
		throw new Error(reason);
	}
	if (typeof response?.access_token !== 'string' || response.access_token === '') {
		throw new Error(`RevealX 360 answered ${base}/oauth2/token without an access token. Check the API endpoint in the credential.`);
	}
	const lifetimeSeconds = Number(response.expires_in);
	const lifetimeMs = Number.isFinite(lifetimeSeconds) && lifetimeSeconds > 0 ? lifetimeSeconds * 1000 : 300_000;
	return {
		accessToken: response.access_token,
		expiresAt: Math.round(Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2)),
	};
}

export function revealX360BaseUrl(url: unknown): string {
	let base = String(url ?? '').trim();
	if (!/^https?:\/\//i.test(base)) base = `https://${base}`;
	return base.replace(/\/+$/, '').replace(/\/api\/v1$/i, '').replace(/\/+$/, '');
}

/**
 * RevealX 360 (SaaS): OAuth2 client credentials exchanged for a short-lived bearer token.
 *
 * Tokens are managed here, per process (`revealX360Token`): one request to /oauth2/token per
 * expiry however many requests run in parallel, a token renewed before `expires_in` (minus a
 * margin) and as soon as the server answers it as stale, whichever of its answers that is (the
 * ExtraHop transport recognises them and calls `markRevealX360TokenRejected`). Nothing depends on
 * how RevealX 360 answers a request without a token: none is sent. n8n's own `preAuthentication`
 * path (empty stored token, credential test, a 401) draws from the same cache.
 */
export class ExtraHopRevealX360Api implements ICredentialType {
	name = 'extraHopRevealX360Api';

	displayName = 'ExtraHop RevealX 360 API';

	icon: Icon = { light: 'file:../nodes/ExtraHop/extrahop.svg', dark: 'file:../nodes/ExtraHop/extrahop.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/credentials/extrahop-revealx-360-api.md';

	properties: INodeProperties[] = [
		{
			displayName: 'API Endpoint',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://mytenant.api.cloud.extrahop.com',
			required: true,
			description:
				'The API endpoint shown under Administration > API Access in RevealX 360 (note the ".api." part, which the console address lacks)',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: ALLOW_UNAUTHORIZED_CERTS,
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the TLS certificate cannot be verified. RevealX 360 has publicly trusted certificates: leave this off.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expiry',
			name: 'accessTokenExpiry',
			type: 'hidden',
			// A string, and not the old name `accessTokenExpiresAt`: n8n redacts password fields with string
			// methods when it lists credentials, so the number that version 0.1.0 stored there made GET /rest/credentials
			// answer 500 (Credentials page stuck loading). Renaming leaves such stored numbers undeclared,
			// hence never redacted, so existing credentials heal without the user doing anything.
			typeOptions: { password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		// n8n asks when the stored token is empty, or after the server refused it (401): hand out this
		// process's current token, or fetch one (once for all concurrent callers).
		if (typeof credentials.accessToken === 'string' && credentials.accessToken !== '') {
			markRevealX360TokenRejected(credentials, credentials.accessToken);
		}
		const token = await revealX360Token(this.helpers, credentials, { ignoreStored: true });
		return { accessToken: token.accessToken, accessTokenExpiry: String(token.expiresAt) };
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		// The ExtraHop nodes' transport names the token to send (REVEALX_CHOSEN_BEARER_OPTION); anything else (the
		// credential test, n8n's HTTP Request node) gets the stored one.
		const chosen = (requestOptions as unknown as Record<string, unknown>)[REVEALX_CHOSEN_BEARER_OPTION];
		const token = typeof chosen === 'string' && chosen !== '' ? chosen : typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		const headers = { ...(requestOptions.headers ?? {}) };
		if (token !== '') headers.Authorization = `Bearer ${token}`;
		const options = { ...requestOptions, headers };
		delete (options as unknown as Record<string, unknown>)[REVEALX_CHOSEN_BEARER_OPTION];
		return options;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ (/^https?:\\/\\//i.test($credentials.url.trim()) ? $credentials.url.trim() : "https://" + $credentials.url.trim()).replace(/\\/+$/, "").replace(/\\/api\\/v1$/i, "") }}',
			url: '/api/v1/extrahop',
			skipSslCertificateValidation: '={{$credentials.allowUnauthorizedCerts}}',
		},
	};
}
