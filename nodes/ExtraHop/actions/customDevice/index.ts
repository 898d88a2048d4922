import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { create } from './create.operation';
import { deleteCustomDevice } from './delete.operation';
import { getMany } from './getMany.operation';

export const operations: Record<string, Operation<unknown>> = {
	create,
	getAll: getMany,
	delete: deleteCustomDevice,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customDevice'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Changes ExtraHop: gathers the traffic of addresses or CIDR blocks into one device, two requests',
				action: 'Create a custom device',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Changes ExtraHop: deletes a custom device, one request per item',
				action: 'Delete a custom device',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List every custom device in one request',
				action: 'Get many custom devices',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...getMany.description,
	...deleteCustomDevice.description,
];
