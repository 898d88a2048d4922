import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { assignTag } from './assign.operation';
import { create } from './create.operation';
import { getMany } from './getMany.operation';
import { unassignTag } from './unassign.operation';

export const operations: Record<string, Operation<unknown>> = {
	create,
	getAll: getMany,
	assign: assignTag,
	unassign: unassignTag,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Assign to Devices',
				value: 'assign',
				description: 'Put a tag on devices',
				action: 'Assign a tag to devices',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a device tag',
				action: 'Create a tag',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List device tags',
				action: 'Get many tags',
			},
			{
				name: 'Unassign From Devices',
				value: 'unassign',
				description: 'Take a tag off devices',
				action: 'Unassign a tag from devices',
			},
		],
		default: 'assign',
	},
	...create.description,
	...getMany.description,
	...assignTag.description,
	...unassignTag.description,
];
