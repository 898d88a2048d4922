import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ALLOW_UNAUTHORIZED_CERTS } from './common';

/**
 * A result ID that cannot name a real result: the nil UUID (RFC 9562 §5.9). Results carry random
 * (version 4) UUIDs, whose version digit is never 0.
 */
export const LOGMULE_TEST_RESULT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The LogMule incident platform's REST API ("cruddy/v2"). Its documentation does not describe
 * authentication, so the header that carries the token, and the word before it, are configurable.
 *
 * Credential test. The only documented endpoint, `POST .../logmule_go_results/{id}/create_incident`,
 * creates or appends an incident, so the test never calls it, not even with an ID that "cannot
 * exist": a POST to a side-effecting endpoint is not provably harmless (a server may create
 * something before validating, a proxy may rewrite the path). Instead the test sends
 * `GET {url}/logmule_go_results/00000000-0000-0000-0000-000000000000`, which cannot create anything
 * for three independent reasons:
 * 1. GET is a safe method (RFC 9110 §9.2.1): a server may not change state because of it;
 * 2. the path does not end in `/create_incident`, so not even a server that ignores the HTTP method
 *    (a Go handler without a method check) can reach the create handler with it;
 * 3. the ID is the nil UUID, which no result has.
 * The request carries the token in the configured header. n8n's test passes unless the request
 * fails to connect (wrong host, port, TLS certificate without "Ignore SSL Issues") or LogMule
 * answers with its own 401 body (`"error_code": 401`): the token or header is wrong. LogMule
 * documents no read endpoint, so the usual answer to a good token is a 404 or 405, which is
 * accepted (hence `ignoreHttpStatusErrors`). Limits: a server that checks tokens only on routes
 * it knows answers 404 to any token, and a URL pointing at another web server also passes; in
 * both cases the node's first run reports the problem precisely (401 or "not the LogMule API").
 */
export class LogMuleApi implements ICredentialType {
	name = 'logMuleApi';

	displayName = 'LogMule API';

	icon: Icon = { light: 'file:../nodes/LogMule/logmule.svg', dark: 'file:../nodes/LogMule/logmule.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop#logmule-credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://siem.example.com/cruddy/v2',
			required: true,
			description:
				'The API root, up to and including the version, e.g. https://siem.example.com/cruddy/v2. "https://" is assumed when missing; a pasted "/logmule_go_results/…" tail is ignored.',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token of the LogMule user the node acts as',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			description: 'The HTTP header that carries the token, e.g. Authorization or X-API-Key',
		},
		{
			displayName: 'Value Prefix',
			name: 'headerPrefix',
			type: 'string',
			default: 'Bearer',
			description:
				'Word sent before the token, separated by a space (Authorization: Bearer TOKEN). Leave empty to send the token alone.',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: ALLOW_UNAUTHORIZED_CERTS,
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the TLS certificate of the LogMule server cannot be verified (self-signed). Leave off unless you accept the risk.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'={{ String($credentials.headerName || "Authorization").trim() || "Authorization" }}':
					'={{ (String($credentials.headerPrefix || "").trim() ? String($credentials.headerPrefix).trim() + " " : "") + String($credentials.token || "").trim() }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL:
				'={{ (/^https?:\\/\\//i.test(String($credentials.url).trim()) ? String($credentials.url).trim() : "https://" + String($credentials.url).trim()).replace(/\\/logmule_go_results(\\/.*)?$/i, "").replace(/\\/+$/, "") }}',
			url: `/logmule_go_results/${LOGMULE_TEST_RESULT_ID}`,
			skipSslCertificateValidation: '={{$credentials.allowUnauthorizedCerts}}',
			ignoreHttpStatusErrors: true,
			json: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_code',
					value: 401,
					message:
						'LogMule rejected the token (HTTP 401). Check the token, and the header name and prefix your LogMule expects.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_code',
					value: '401',
					message:
						'LogMule rejected the token (HTTP 401). Check the token, and the header name and prefix your LogMule expects.',
				},
			},
		],
	};
}
