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
import { authenticationProperty, extraHopCredentials } from './descriptions/authentication';
import { getDetectionTypes, searchDetectionsList } from './methods';

export class ExtraHop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExtraHop',
		name: 'extraHop',
		icon: { light: 'file:extrahop.svg', dark: 'file:extrahop.dark.svg' },
		group: ['transform'],
		// 1.1: Detection > Update no longer reads the detection back by default.
		version: [1, 1.1],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and update ExtraHop RevealX detections: ticket tracking, notes, detection types',
		defaults: { name: 'ExtraHop' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: extraHopCredentials(),
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
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
