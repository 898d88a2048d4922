import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { assignAlertRule } from './assign.operation';
import { create } from './create.operation';
import { deleteAlertRule } from './delete.operation';
import { getMany } from './getMany.operation';
import { unassignAlertRule } from './unassign.operation';
import { update } from './update.operation';

export const operations: Record<string, Operation<unknown>> = {
	create,
	getAll: getMany,
	update,
	delete: deleteAlertRule,
	assign: assignAlertRule,
	unassign: unassignAlertRule,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alertRule'] } },
		options: [
			{
				name: 'Assign',
				value: 'assign',
				description: 'Make an alert rule watch devices or device groups',
				action: 'Assign an alert rule',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a threshold alert rule',
				action: 'Create an alert rule',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an alert rule',
				action: 'Delete an alert rule',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List alert rules',
				action: 'Get many alert rules',
			},
			{
				name: 'Unassign',
				value: 'unassign',
				description: 'Stop an alert rule watching devices or device groups',
				action: 'Unassign an alert rule',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change an alert rule',
				action: 'Update an alert rule',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...getMany.description,
	...update.description,
	...deleteAlertRule.description,
	...assignAlertRule.description,
	...unassignAlertRule.description,
];
