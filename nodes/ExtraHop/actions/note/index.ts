import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { append } from './append.operation';
import { deleteNote } from './delete.operation';
import { get } from './get.operation';
import { replace } from './replace.operation';

export const operations: Record<string, Operation<unknown>> = {
	get,
	replace,
	append,
	delete: deleteNote,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: [
			{
				name: 'Append',
				value: 'append',
				description:
					"Changes ExtraHop: adds text at the end of a detection's note, two requests per detection (read, write)",
				action: 'Append to a note',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: "Changes ExtraHop: deletes a detection's note, one request per detection",
				action: 'Delete a note',
			},
			{
				name: 'Get',
				value: 'get',
				description: "A detection's note, one request per detection",
				action: 'Get a note',
			},
			{
				name: 'Replace',
				value: 'replace',
				description:
					"Changes ExtraHop: creates or replaces a detection's note, one request per detection",
				action: 'Replace a note',
			},
		],
		default: 'get',
	},
	...get.description,
	...replace.description,
	...append.description,
	...deleteNote.description,
];
