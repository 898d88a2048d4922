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
				description:
					'Changes ExtraHop: makes an alert rule watch devices or device groups, one request per item',
				action: 'Assign an alert rule',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Changes ExtraHop: creates a threshold alert rule, two requests (create, then read back)',
				action: 'Create an alert rule',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Changes ExtraHop: deletes an alert rule, one request per item',
				action: 'Delete an alert rule',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List every alert rule in one request, to find a rule's ID before changing it",
				action: 'Get many alert rules',
			},
			{
				name: 'Unassign',
				value: 'unassign',
				description:
					'Changes ExtraHop: stops an alert rule watching devices or device groups, one request per item',
				action: 'Unassign an alert rule',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Changes ExtraHop: edits an alert rule, three requests (read, write, read back)',
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
