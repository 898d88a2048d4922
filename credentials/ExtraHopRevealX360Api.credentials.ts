import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	REVEALX_CHOSEN_BEARER_OPTION,
	markRevealX360TokenRejected,
	revealX360Token,
} from '../nodes/ExtraHop/common/auth';
import { ALLOW_UNAUTHORIZED_CERTS } from './common';

/**
 * RevealX 360 (SaaS): OAuth2 client credentials exchanged for a short-lived bearer token.
 *
 * Tokens are managed per process by nodes/ExtraHop/common/auth.ts (`revealX360Token`): one request to /oauth2/token per
 * expiry however many requests run in parallel, a token renewed before `expires_in` (minus a
 * margin) and as soon as the server answers it as stale, whichever of its answers that is (the
 * ExtraHop transport recognises them and calls `markRevealX360TokenRejected`). Nothing depends on
 * how RevealX 360 answers a request without a token: none is sent. n8n's own `preAuthentication`
 * path (an empty stored token, a 401) draws from the same cache.
 *
 * Tested by the nodes (`testedBy: 'extraHopRevealX360ApiTest'`,
 * nodes/ExtraHop/common/credentialTest.ts), not by a declarative `test`: n8n's tester would follow
 * a redirect with the bearer token, read the answer without bound and could only say "Request
 * failed with status code 302".
 */
export class ExtraHopRevealX360Api implements ICredentialType {
	name = 'extraHopRevealX360Api';

	displayName = 'ExtraHop RevealX 360 API';

	icon: Icon = {
		light: 'file:../nodes/ExtraHop/extrahop.svg',
		dark: 'file:../nodes/ExtraHop/extrahop.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/credentials/extrahop-revealx-360-api.md';

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

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// The ExtraHop nodes' transport names the token to send (REVEALX_CHOSEN_BEARER_OPTION); anything else (the
		// credential test, n8n's HTTP Request node) gets the stored one.
		const chosen = (requestOptions as unknown as Record<string, unknown>)[
			REVEALX_CHOSEN_BEARER_OPTION
		];
		const token =
			typeof chosen === 'string' && chosen !== ''
				? chosen
				: typeof credentials.accessToken === 'string'
					? credentials.accessToken
					: '';
		const headers = { ...(requestOptions.headers ?? {}) };
		if (token !== '') headers.Authorization = `Bearer ${token}`;
		const options = { ...requestOptions, headers };
		delete (options as unknown as Record<string, unknown>)[REVEALX_CHOSEN_BEARER_OPTION];
		return options;
	}
}
