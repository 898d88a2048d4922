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
		displayOptions: { show: { resource: ['packet'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description:
					'Download packets as a PCAP file, one request (two from a detection): the costliest step, for deep confirmation',
				action: 'Search packets',
			},
		],
		default: 'search',
	},
	...search.description,
];
