import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { detectionIdFromLocator } from '../../common/validation';
import type { Operation } from '../../../shared/operation';
import { writeNote } from './shared';

const properties: INodeProperties[] = [
	detectionIdLocator,
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The new note; it replaces any existing one',
	},
];

export const replace: Operation<{ id: number; note: string }> = {
	description: updateDisplayOptions(
		{ show: { resource: ['note'], operation: ['replace'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return {
			id: detectionIdFromLocator(this, i),
			note: String(this.getNodeParameter('note', i, '')),
		};
	},
	async execute(this: IExecuteFunctions, p: { id: number; note: string }, i: number) {
		await writeNote(this, p.id, p.note, i);
		return { detection_id: p.id, note: p.note };
	},
};
