import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { ALLOW_UNAUTHORIZED_CERTS } from './common';

/**
 * The LogMule incident platform's REST API ("cruddy/v2"). Its documentation does not describe
 * authentication, so the header that carries the token, and the word before it, are configurable.
 *
 * Credential test: by the LogMule node (`testedBy: 'logMuleApiTest'`,
 * nodes/LogMule/transport/credentialTest.ts). It asks for the one documented endpoint with a GET
 * for the nil UUID (which cannot create anything), so that a wrong API URL fails the test.
 */
export class LogMuleApi implements ICredentialType {
	name = 'logMuleApi';

	displayName = 'LogMule API';

	icon: Icon = {
		light: 'file:../nodes/LogMule/logmule.svg',
		dark: 'file:../nodes/LogMule/logmule.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/credentials/logmule-api.md';

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
}
