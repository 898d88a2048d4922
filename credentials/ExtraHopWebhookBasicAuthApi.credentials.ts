import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * HTTP Basic authentication the ExtraHop Webhook Trigger requires of pushes, for ExtraHop Open
 * Data Stream HTTP targets configured with Basic authentication. Nothing is sent with this
 * credential; the node tests it (`testedBy`) by checking it is usable.
 */
export class ExtraHopWebhookBasicAuthApi implements ICredentialType {
	name = 'extraHopWebhookBasicAuthApi';

	displayName = 'ExtraHop Webhook Basic Auth API';

	icon: Icon = {
		light: 'file:../nodes/ExtraHop/extrahop.svg',
		dark: 'file:../nodes/ExtraHop/extrahop.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/credentials/extrahop-webhook-basic-auth-api.md';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description:
				'The user name ExtraHop\'s Open Data Stream target sends (it must not contain ":")',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random password (at least 16 characters) that the Open Data Stream target sends',
		},
	];
}
