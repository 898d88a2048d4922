import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { search } from './search.operation';

export const operations: Record<string, Operation<unknown>> = { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['record'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description:
					'Costly L2 search of transaction records, one request per 1,000, plus one per participant device from a detection',
				action: 'Search records',
			},
		],
		default: 'search',
	},
	...search.description,
];
