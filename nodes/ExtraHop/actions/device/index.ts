import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { get } from './get.operation';
import { getParticipants } from './getParticipants.operation';
import { search } from './search.operation';

export const operations: Record<string, Operation<unknown>> = { get, search, getParticipants };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a device by ID or from its ExtraHop page',
				action: 'Get a device',
			},
			{
				name: 'Get Many From Detection',
				value: 'getParticipants',
				description: "Get the devices behind a detection's offenders and victims",
				action: 'Get the devices of a detection',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Search devices by IP, name, MAC and more',
				action: 'Search devices',
			},
		],
		default: 'get',
	},
	...get.description,
	...search.description,
	...getParticipants.description,
];
