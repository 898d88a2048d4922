import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { create } from './create.operation';
import { deleteRule } from './delete.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { update } from './update.operation';

export const operations: Record<string, Operation<unknown>> = {
	create,
	get,
	getAll: getMany,
	update,
	delete: deleteRule,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tuningRule'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Hide a detection type for an offender and/or victim',
				action: 'Create a tuning rule',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a tuning rule',
				action: 'Delete a tuning rule',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a tuning rule by ID',
				action: 'Get a tuning rule',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List tuning rules',
				action: 'Get many tuning rules',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change, enable or disable a tuning rule',
				action: 'Update a tuning rule',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...deleteRule.description,
];
