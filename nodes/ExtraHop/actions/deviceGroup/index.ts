import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { addDevices } from './addDevices.operation';
import { getDevices } from './getDevices.operation';
import { getMany } from './getMany.operation';
import { removeDevices } from './removeDevices.operation';

export const operations: Record<string, Operation<unknown>> = {
	getAll: getMany,
	getDevices,
	addDevices,
	removeDevices,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deviceGroup'] } },
		options: [
			{
				name: 'Add Devices',
				value: 'addDevices',
				description:
					'Changes ExtraHop: puts devices in a static device group, one request per item',
				action: 'Add devices to a device group',
			},
			{
				name: 'Get Devices',
				value: 'getDevices',
				description: 'The devices in a device group, one request per 1,000 devices',
				action: 'Get the devices of a device group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Find device groups by name or type, one request',
				action: 'Get many device groups',
			},
			{
				name: 'Remove Devices',
				value: 'removeDevices',
				description:
					'Changes ExtraHop: takes devices out of a static device group, one request per item',
				action: 'Remove devices from a device group',
			},
		],
		default: 'getAll',
	},
	...getMany.description,
	...getDevices.description,
	...addDevices.description,
	...removeDevices.description,
];
