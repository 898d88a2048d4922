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
				description: "Add text at the end of a detection's note",
				action: 'Append to a note',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: "Delete a detection's note",
				action: 'Delete a note',
			},
			{ name: 'Get', value: 'get', description: "Get a detection's note", action: 'Get a note' },
			{
				name: 'Replace',
				value: 'replace',
				description: "Create or replace a detection's note",
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
