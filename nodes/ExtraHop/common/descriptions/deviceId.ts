import type { INodeProperties } from 'n8n-workflow';

/** Pick a device from a searchable list, by API ID, or by pasting its ExtraHop page URL. */
export const deviceIdLocator: INodeProperties = {
	displayName: 'Device',
	name: 'deviceId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchDevices', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1907',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*\\d+\\s*$',
						errorMessage: 'A device ID is a whole number (the API ID on the device page)',
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder:
				'e.g. https://extrahop.example.com/extrahop/#/metrics/devices/0a1b2c3d4e5f0000/overview',
			validation: [
				{
					type: 'regex',
					properties: { regex: '.*/devices/[^/?#]+.*', errorMessage: 'Not an ExtraHop device URL' },
				},
			],
		},
	],
	description: 'The device: its API ID, or its page in ExtraHop',
};
