import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { addDevices } from './add.operation';
import { getMany } from './getMany.operation';
import { removeDevices } from './remove.operation';

export const operations: Record<string, Operation<unknown>> = {
	add: addDevices,
	remove: removeDevices,
	getAll: getMany,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['watchlist'] } },
		options: [
			{
				name: 'Add Devices',
				value: 'add',
				description: 'Changes ExtraHop: puts devices on the watchlist, one request per item',
				action: 'Add devices to the watchlist',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'The devices on the watchlist, one request',
				action: 'Get the watchlist',
			},
			{
				name: 'Remove Devices',
				value: 'remove',
				description: 'Changes ExtraHop: takes devices off the watchlist, one request per item',
				action: 'Remove devices from the watchlist',
			},
		],
		default: 'add',
	},
	...addDevices.description,
	...removeDevices.description,
	...getMany.description,
];
