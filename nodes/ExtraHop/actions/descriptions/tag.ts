import type { INodeProperties } from 'n8n-workflow';

export const tagProperty: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. quarantine or 12',
	description: 'The tag: its numeric ID, or its exact name',
};
