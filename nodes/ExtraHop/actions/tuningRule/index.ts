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
				description:
					'Changes ExtraHop: hides a detection type for an offender and/or victim, two requests (create, read back)',
				action: 'Create a tuning rule',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Changes ExtraHop: deletes a tuning rule, one request per item',
				action: 'Delete a tuning rule',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'One tuning rule by ID, one request',
				action: 'Get a tuning rule',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List every tuning rule in one request, to check for an existing rule before creating one',
				action: 'Get many tuning rules',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Changes ExtraHop: edits, enables or disables a tuning rule, two requests (write, then read back)',
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
