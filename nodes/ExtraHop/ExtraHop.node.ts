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
import * as device from './actions/device';
import * as investigation from './actions/investigation';
import * as packet from './actions/packet';
import * as tag from './actions/tag';
import * as tuningRule from './actions/tuningRule';
import * as watchlist from './actions/watchlist';
import { parallelRequestsOption } from '../shared/router';
import { router } from './actions/router';
import { actionSubtitle } from '../shared/subtitle';
import { authenticationProperty } from './common/descriptions/authentication';
import { getDetectionTypes, searchDetectionsList, searchDevicesList } from './common/methods';
import { extraHopApiTest } from './common/credentialTest';

export class ExtraHop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExtraHop',
		name: 'extraHop',
		icon: { light: 'file:extrahop.svg', dark: 'file:extrahop.dark.svg' },
		group: ['transform'],
		// 1.1: Detection > Update no longer reads the detection back by default.
		version: [1, 1.1],
		// "Update a detection", not "update: detection". Every resource's operations belong in this list.
		subtitle: actionSubtitle([
			...detection.description,
			...note.description,
			...detectionType.description,
			...device.description,
			...investigation.description,
			...tuningRule.description,
			...watchlist.description,
			...tag.description,
			...packet.description,
		]),
		description: 'ExtraHop RevealX: detections and ticket tracking, notes, devices, investigations, tuning rules, watchlist, tags, packet captures',
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
					{ name: 'Device', value: 'device' },
					{ name: 'Investigation', value: 'investigation' },
					{ name: 'Note', value: 'note' },
					{ name: 'Packet', value: 'packet' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Tuning Rule', value: 'tuningRule' },
					{ name: 'Watchlist', value: 'watchlist' },
				],
				default: 'detection',
			},
			...detection.description,
			...note.description,
			...detectionType.description,
			...device.description,
			...investigation.description,
			...tuningRule.description,
			...watchlist.description,
			...tag.description,
			...packet.description,
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
		listSearch: { searchDetections: searchDetectionsList, searchDevices: searchDevicesList },
		credentialTest: { extraHopApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
