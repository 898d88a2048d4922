import type { INodeProperties } from 'n8n-workflow';

/** Pick a detection from a searchable list, by ID, or by pasting its ExtraHop URL. */
export const detectionIdLocator: INodeProperties = {
	displayName: 'Detection',
	name: 'detectionId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchDetections', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 4327',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A detection ID is a whole number' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://extrahop.example.com/extrahop/#/detections/detail/4327',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '.*detections/detail/\\d+.*',
						errorMessage: 'Not an ExtraHop detection URL',
					},
				},
			],
		},
	],
	description: 'The detection to work on',
};
