import type { INodeProperties } from 'n8n-workflow';

export const deviceGroupIdProperty: INodeProperties = {
	displayName: 'Device Group ID',
	name: 'deviceGroupId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 7',
	description: 'The numeric ID of the device group (Get Many lists them)',
};

export const deviceGroupFilters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Name Matches',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. ^Finance',
			description: 'A regular expression the group name must match (ExtraHop applies it)',
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'All', value: 'all' },
				{ name: 'Built-In', value: 'built_in' },
				{ name: 'User-Created', value: 'user_created' },
			],
			description: 'Which groups to list (ExtraHop lists only user-created ones by default)',
		},
	],
};
