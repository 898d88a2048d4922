import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { getMany } from './getMany.operation';

export const operations: Record<string, Operation<unknown>> = { getAll: getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['detectionType'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'Every detection type with its MITRE ATT&CK context in one request: fetch once and reuse, never per detection',
				action: 'Get many detection types',
			},
		],
		default: 'getAll',
	},
	...getMany.description,
];
