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
					"Search transaction records (HTTP, DNS, SSL, CIFS, flows) of a detection's participants or by IP address, port, text or any field, over at most 7 days; one item per record. Use it to see what was said on the wire after a detection and before pulling packets. Costly: needs a recordstore, and each page of up to 1,000 records is one request.",
				action: 'Search records',
			},
		],
		default: 'search',
	},
	...search.description,
];
