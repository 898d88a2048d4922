import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { addDetections } from './addDetections.operation';
import { create } from './create.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { update } from './update.operation';

export const operations: Record<string, Operation<unknown>> = {
	create,
	get,
	getAll: getMany,
	update,
	addDetections,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['investigation'] } },
		options: [
			{
				name: 'Add Detections',
				value: 'addDetections',
				description:
					'Changes ExtraHop: adds detections to an investigation, keeping its others, up to three requests (read, write, read back)',
				action: 'Add detections to an investigation',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Changes ExtraHop: opens an investigation holding detections, two requests (create, then read back)',
				action: 'Create an investigation',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'One investigation by ID, one request',
				action: 'Get an investigation',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List or search investigations, one request',
				action: 'Get many investigations',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Changes ExtraHop: sets status, assessment, assignee, name, notes or detections, two requests',
				action: 'Update an investigation',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...addDetections.description,
];
