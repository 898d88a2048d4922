import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { get } from './get.operation';
import { getInvestigations } from './getInvestigations.operation';
import { getMany } from './getMany.operation';
import { getRelated } from './getRelated.operation';
import { update } from './update.operation';
import { updateByTicket } from './updateByTicket.operation';

export const operations: Record<string, Operation<unknown>> = {
	get,
	getAll: getMany,
	update,
	updateByTicket,
	getInvestigations,
	getRelated,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['detection'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a detection by ID',
				action: 'Get a detection',
			},
			{
				name: 'Get Investigations',
				value: 'getInvestigations',
				description: 'Get the investigations a detection is in',
				action: 'Get the investigations of a detection',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Search detections',
				action: 'Get many detections',
			},
			{
				name: 'Get Related',
				value: 'getRelated',
				description: 'Get the detections ExtraHop relates to a detection',
				action: 'Get related detections',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Set the ticket ID, status, assignee or resolution of a detection',
				action: 'Update a detection',
			},
			{
				name: 'Update by Ticket',
				value: 'updateByTicket',
				description: 'Update every detection linked to a ticket',
				action: 'Update detections by ticket',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...update.description,
	...updateByTicket.description,
	...getInvestigations.description,
	...getRelated.description,
];
