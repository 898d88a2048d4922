import type { INodeProperties } from 'n8n-workflow';

export const deviceIdsProperty: INodeProperties = {
	displayName: 'Device IDs',
	name: 'deviceIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1907, 1912',
	description: 'Comma-separated device API IDs, or an expression giving an array of IDs',
};
