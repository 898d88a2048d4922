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
				description:
					'Changes ExtraHop: puts a tag on devices, one request per item (plus one to find a tag given by name)',
				action: 'Assign a tag to devices',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Changes ExtraHop: creates a device tag, two requests (create, then read back), more when reusing a name',
				action: 'Create a tag',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List every device tag in one request',
				action: 'Get many tags',
			},
			{
				name: 'Unassign From Devices',
				value: 'unassign',
				description:
					'Changes ExtraHop: takes a tag off devices, one request per item (plus one to find a tag given by name)',
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
