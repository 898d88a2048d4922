import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { createIncident } from './createIncident.operation';

export const operations: Record<string, Operation<unknown>> = { createIncident };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['correlationResult'] } },
		options: [
			{
				name: 'Create Incident',
				value: 'createIncident',
				description:
					'Create an incident from a correlation result, or add the result to its open incident',
				action: 'Create an incident',
			},
		],
		default: 'createIncident',
	},
	...createIncident.description,
];
