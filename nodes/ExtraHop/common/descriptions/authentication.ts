import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/**
 * Every ExtraHop node offers both deployments' credentials. They are tested by `extraHopApiTest`
 * and `extraHopRevealX360ApiTest`, which every node listing them must offer in
 * `methods.credentialTest` (n8n asks the first node it finds).
 */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'API Key (RevealX Enterprise)',
			value: 'apiKey',
			description: 'Self-managed sensor or console',
		},
		{
			name: 'Client Credentials (RevealX 360)',
			value: 'revealX360',
			description: "ExtraHop's SaaS",
		},
	],
	default: 'apiKey',
};

export function extraHopCredentials(required = true): INodeCredentialDescription[] {
	return [
		{
			name: 'extraHopApi',
			required,
			displayOptions: { show: { authentication: ['apiKey'] } },
			testedBy: 'extraHopApiTest',
		},
		{
			name: 'extraHopRevealX360Api',
			required,
			displayOptions: { show: { authentication: ['revealX360'] } },
			testedBy: 'extraHopRevealX360ApiTest',
		},
	];
}
