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
				description:
					'One detection by ID, one request per detection: spend it on outliers; type context or activity log in Options',
				action: 'Get a detection',
			},
			{
				name: 'Get Investigations',
				value: 'getInvestigations',
				description: 'The investigations a detection is in, one request per detection',
				action: 'Get the investigations of a detection',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'Search detections, one request per 1,000: the cheap first step of triage and of the prior-disposition check',
				action: 'Get many detections',
			},
			{
				name: 'Get Related',
				value: 'getRelated',
				description:
					'The detections ExtraHop relates to one, one request per detection (two without From and Until)',
				action: 'Get related detections',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					"Changes ExtraHop: sets a detection's ticket ID, status, assignee or resolution, one to three requests",
				action: 'Update a detection',
			},
			{
				name: 'Update by Ticket',
				value: 'updateByTicket',
				description:
					'Changes ExtraHop: updates every detection linked to a ticket, two requests (update, then search)',
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
