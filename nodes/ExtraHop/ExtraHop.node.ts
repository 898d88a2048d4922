import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { resources } from './actions/resources';
import { READABLE_FROM_VERSION } from './actions/descriptions/simplify';
import { parallelRequestsOption } from '../shared/descriptions/parallelRequests';
import { resourceProperty } from '../shared/descriptions/resource';
import { routeItems } from '../shared/router';
import { actionSubtitle } from '../shared/subtitle';
import { authenticationProperty } from './common/descriptions/authentication';
import { getDetectionTypes, searchDetectionsList, searchDevicesList } from './common/methods';
import { extraHopApiTest, extraHopRevealX360ApiTest } from './common/credentialTest';
import { withReadableTimes } from './common/readableTimes';

export class ExtraHop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExtraHop',
		name: 'extraHop',
		icon: { light: 'file:extrahop.svg', dark: 'file:extrahop.dark.svg' },
		group: ['transform'],
		// 1.1: Detection > Update no longer reads the detection back by default.
		// 1.2: readable by default: Simplify on, an ISO copy beside every epoch time (READABLE_FROM_VERSION).
		version: [1, 1.1, 1.2],
		// "Update a detection", not "update: detection".
		subtitle: actionSubtitle(resources),
		description:
			'ExtraHop RevealX: detections and ticket tracking, notes, devices and their peers and protocols, investigations, tuning rules, watchlist, tags, transaction records, metrics, packet captures',
		defaults: { name: 'ExtraHop' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// As extraHopCredentials() builds them, written out so that n8n's lint sees the `testedBy`.
		credentials: [
			{
				name: 'extraHopApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
				testedBy: 'extraHopApiTest',
			},
			{
				name: 'extraHopRevealX360Api',
				required: true,
				displayOptions: { show: { authentication: ['revealX360'] } },
				testedBy: 'extraHopRevealX360ApiTest',
			},
		],
		properties: [
			authenticationProperty,
			resourceProperty(resources, 'detection'),
			...resources.flatMap((resource) => resource.description),
			{
				displayName: 'Request Options',
				name: 'requestOptions',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [parallelRequestsOption('ExtraHop')],
			},
		],
	};

	methods = {
		loadOptions: { getDetectionTypes },
		listSearch: { searchDetections: searchDetectionsList, searchDevices: searchDevicesList },
		credentialTest: { extraHopApiTest, extraHopRevealX360ApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output = await routeItems.call(this, resources);
		if (this.getNode().typeVersion < READABLE_FROM_VERSION) return output;
		return output.map((items) =>
			items.map((item) => ({ ...item, json: withReadableTimes(item.json) })),
		);
	}
}
