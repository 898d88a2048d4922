import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as detection from './actions/detection';
import * as detectionType from './actions/detectionType';
import * as note from './actions/note';
import { parallelRequestsOption } from '../shared/router';
import { router } from './actions/router';
import { actionSubtitle } from '../shared/subtitle';
import { authenticationProperty } from './descriptions/authentication';
import { getDetectionTypes, searchDetectionsList } from './methods';
import { extraHopApiTest } from './transport/credentialTest';

export class ExtraHop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExtraHop',
		name: 'extraHop',
		icon: { light: 'file:extrahop.svg', dark: 'file:extrahop.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Update a detection", not "update: detection". Every resource's operations belong in this list.
		subtitle: actionSubtitle([...detection.description, ...note.description, ...detectionType.description]),
		description: 'Read and update ExtraHop RevealX detections: ticket tracking, notes, detection types',
		defaults: { name: 'ExtraHop' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// As extraHopCredentials() builds them, written out so that n8n's lint sees the `testedBy`.
		credentials: [
			{ name: 'extraHopApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } }, testedBy: 'extraHopApiTest' },
			{ name: 'extraHopRevealX360Api', required: true, displayOptions: { show: { authentication: ['revealX360'] } } },
		],
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Detection', value: 'detection' },
					{ name: 'Detection Type', value: 'detectionType' },
					{ name: 'Note', value: 'note' },
				],
				default: 'detection',
			},
			...detection.description,
			...note.description,
			...detectionType.description,
			{
				displayName: 'Request Options',
				name: 'requestOptions',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					parallelRequestsOption('ExtraHop'),
				],
			},
		],
	};

	methods = {
		loadOptions: { getDetectionTypes },
		listSearch: { searchDetections: searchDetectionsList },
		credentialTest: { extraHopApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
