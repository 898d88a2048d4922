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

export const REVEALX_STALE_TOKEN = 'extraHopStaleTokenFingerprint';

export function tokenFingerprint(token: string): string {
	return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export function revealX360BaseUrl(url: unknown): string {
	let base = String(url ?? '').trim();
	if (!/^https?:\/\//i.test(base)) base = `https://${base}`;
	return base.replace(/\/+$/, '').replace(/\/api\/v1$/i, '').replace(/\/+$/, '');
}

/**
 * RevealX 360 (SaaS): OAuth2 client credentials exchanged for a short-lived bearer token.
 *
 * n8n fetches the token through `preAuthentication` when the stored token is empty, when the
 * credential is tested, and after a 401, and saves it with the credential. RevealX 360 also
 * answers a stale token with 400, and n8n has no hook for expiry times, so `authenticate` leaves
 * the token off when it is past `expires_in` (minus a margin) or when the transport marked it as
 * rejected: the server's 401 then makes n8n fetch a fresh token and retry the request once.
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
		const base = revealX360BaseUrl(credentials.url);
		const basic = Buffer.from(`${String(credentials.clientId)}:${String(credentials.clientSecret)}`).toString('base64');
		let response: { access_token?: unknown; expires_in?: unknown };
		try {
			response = (await this.helpers.httpRequest({
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
			accessTokenExpiry: String(Math.round(Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2))),
		};
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		const expiresAt = Number(credentials.accessTokenExpiry ?? 0);
		const rejected = (requestOptions as unknown as Record<string, unknown>)[REVEALX_STALE_TOKEN];
		const usable =
			token !== '' &&
			!(expiresAt > 0 && Date.now() >= expiresAt) &&
			rejected !== tokenFingerprint(token);
		const headers = { ...(requestOptions.headers ?? {}) };
		if (usable) headers.Authorization = `Bearer ${token}`;
		else delete headers.Authorization;
		return { ...requestOptions, headers };
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
