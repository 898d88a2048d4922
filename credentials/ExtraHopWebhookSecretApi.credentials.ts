import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export const DEFAULT_SECRET_HEADER = 'X-ExtraHop-Secret';

/**
 * What ExtraHop must send for the ExtraHop Webhook Trigger to accept a push: a shared secret in
 * one HTTP header. ExtraHop's Open Data Stream HTTP target adds it to every request as its
 * "additional header". Nothing is sent with this credential: the trigger compares incoming
 * requests against it, so the node tests it (`testedBy`) by checking it is usable.
 */
export class ExtraHopWebhookSecretApi implements ICredentialType {
	name = 'extraHopWebhookSecretApi';

	displayName = 'ExtraHop Webhook Secret API';

	icon: Icon = {
		light: 'file:../nodes/ExtraHop/extrahop.svg',
		dark: 'file:../nodes/ExtraHop/extrahop.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/credentials/extrahop-webhook-secret-api.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: DEFAULT_SECRET_HEADER,
			required: true,
			description:
				'The HTTP header that carries the secret. Enter the same name in the ExtraHop Open Data Stream target\'s additional header ("Name: value").',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random value (at least 16 characters), e.g. from "openssl rand -hex 32". ExtraHop sends it as the header\'s value; requests without it are refused.',
		},
	];
}
