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
import { READ_BACK_ATTEMPTS, writeUntilItHolds } from '../../common/readBack';

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

/**
 * The API has no "append": PUT replaces the whole note and there is no conditional write. So: read
 * the note, write it back with our block (header + text) at the end, and read it back. Items of
 * one run take turns; another execution or n8n process appending at the same moment can replace
 * our write with its own, which the read-back shows, so we read again and append again (up to
 * READ_BACK_ATTEMPTS). Our block counts as there once the note holds it more often than when we first
 * read it (a note may already hold the same text), so it never lands twice, also when another
 * writer carried an earlier attempt along. A writer that read before our write and writes after
 * our read-back still drops ours unseen, and our write drops any change made between our read and
 * our write (documented in docs/nodes/extrahop.md).
 */
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
		// Items of one execution that append to the same detection take turns.
		return await executionLock(this, 'note').run(String(p.id), async () => {
			const header = p.header
				? `[${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}${p.label ? ` ${p.label}` : ''}]\n`
				: '';
			const block = `${header}${p.text}`;
			const first = await readNote(this, p.id, i);
			const wanted = occurrences(first, block) + 1;
			const note = await writeUntilItHolds(first, {
				holds: (state) => occurrences(state, block) >= wanted,
				write: async (current) =>
					await writeNote(this, p.id, `${current}${current === '' ? '' : p.separator}${block}`, i),
				read: async () => await readNote(this, p.id, i),
			});
			if (note !== undefined) return { detection_id: p.id, note };
			throw new NodeOperationError(
				this.getNode(),
				`The text could not be appended to the note of detection ${p.id}: other writers kept replacing the note`,
				{
					itemIndex: i,
					description: `Each of ${READ_BACK_ATTEMPTS} writes was replaced before it could be read back. Check the note in ExtraHop, then run this item again.`,
				},
			);
		});
	},
};

/**
 * Counted on both sides normalised as a server may store text (line endings, trailing blanks on a
 * line or at either end): the spec does not say the note comes back byte for byte, and a block never
 * found again would be written READ_BACK_ATTEMPTS times.
 */
function occurrences(note: string, block: string): number {
	const wanted = normalised(block);
	return wanted === '' ? 0 : normalised(note).split(wanted).length - 1;
}

function normalised(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/[ \t]+$/gm, '')
		.trim();
}
