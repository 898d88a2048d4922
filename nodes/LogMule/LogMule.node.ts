import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { resources } from './actions/resources';
import { parallelRequestsOption } from '../shared/descriptions/parallelRequests';
import { resourceProperty } from '../shared/descriptions/resource';
import { routeItems } from '../shared/router';
import { actionSubtitle } from '../shared/subtitle';
import { DEFAULT_TIMEOUT_MS } from './transport';
import { logMuleApiTest } from './transport/credentialTest';

export class LogMule implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LogMule',
		name: 'logMule',
		icon: { light: 'file:logmule.svg', dark: 'file:logmule.dark.svg' },
		group: ['transform'],
		// 1.1: a result ID that is not a UUID is refused before sending ("Check Result ID Format").
		version: [1, 1.1],
		subtitle: actionSubtitle(resources),
		description:
			'Turn LogMule correlation results into incidents, and tell new, appended and reopened incidents apart',
		defaults: { name: 'LogMule' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'logMuleApi', required: true, testedBy: 'logMuleApiTest' }],
		properties: [
			resourceProperty(resources, 'correlationResult'),
			...resources.flatMap((resource) => resource.description),
			{
				displayName: 'Request Options',
				name: 'requestOptions',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					parallelRequestsOption('LogMule'),
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 100 },
						default: DEFAULT_TIMEOUT_MS,
						description:
							'Milliseconds to wait for LogMule to answer. A request that times out is not repeated, because LogMule may have processed it.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { logMuleApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, resources);
	}
}
