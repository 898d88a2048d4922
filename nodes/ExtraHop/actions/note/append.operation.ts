import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { executionLock } from '../../../shared/concurrency';
import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { detectionIdFromLocator } from '../../common/validation';
import type { Operation } from '../../../shared/operation';
import { readNote, writeNote } from './shared';

const properties: INodeProperties[] = [
	detectionIdLocator,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: "Text added at the end of the detection's note",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Timestamp Header',
				name: 'timestampHeader',
				type: 'boolean',
				default: true,
				description: 'Whether to put a line with the date and time (UTC) above the appended text',
			},
			{
				displayName: 'Header Label',
				name: 'headerLabel',
				type: 'string',
				default: 'n8n',
				description:
					'Shown in the timestamp header, e.g. the workflow or ticketing system that wrote the text',
			},
			{
				displayName: 'Separator',
				name: 'separator',
				type: 'string',
				default: '\n\n',
				description: 'Put between the existing note and the new text',
			},
		],
	},
];

interface Prepared {
	id: number;
	text: string;
	header: boolean;
	label: string;
	separator: string;
}

export const append: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['note'], operation: ['append'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const options = this.getNodeParameter('options', i, {}) as {
			timestampHeader?: boolean;
			headerLabel?: string;
			separator?: string;
		};
		const text = String(this.getNodeParameter('text', i, ''));
		if (text.trim() === '') {
			throw new NodeOperationError(this.getNode(), 'Nothing to append: the text is empty', {
				itemIndex: i,
			});
		}
		return {
			id: detectionIdFromLocator(this, i),
			text,
			header: options.timestampHeader !== false,
			label: options.headerLabel ?? 'n8n',
			separator: options.separator ?? '\n\n',
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		// Items of one execution that append to the same detection must not overwrite each other.
		return await executionLock(this, 'note').run(String(p.id), async () => {
			const existing = await readNote(this, p.id, i);
			const header = p.header
				? `[${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}${p.label ? ` ${p.label}` : ''}]\n`
				: '';
			const note = `${existing}${existing === '' ? '' : p.separator}${header}${p.text}`;
			await writeNote(this, p.id, note, i);
			return { detection_id: p.id, note };
		});
	},
};
