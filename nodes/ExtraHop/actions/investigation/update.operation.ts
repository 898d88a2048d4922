import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import {
	assessmentOptions,
	investigationIdProperty,
	investigationStatusOptions,
} from '../descriptions/investigation';
import {
	INVESTIGATION_ASSESSMENTS,
	INVESTIGATION_STATUSES,
	detectionIdsOf,
	getInvestigation,
	investigationIdOf,
	patchInvestigation,
} from '../helpers/investigations';
import { normaliseEnum } from '../../common/validation';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	investigationIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Assessment',
				name: 'assessment',
				type: 'options',
				options: assessmentOptions,
				default: 'undecided',
			},
			{ displayName: 'Assignee', name: 'assignee', type: 'string', default: '' },
			{
				displayName: 'Detection IDs (Replace)',
				name: 'detectionIds',
				type: 'string',
				default: '',
				description:
					'The complete list of detections the investigation holds afterwards (replaces the current list; use Add Detections to add)',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: 'Replaces the notes',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: investigationStatusOptions,
				default: 'in_progress',
			},
		],
	},
];

interface Prepared {
	id: number;
	body: IDataObject;
}

export const update: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['investigation'], operation: ['update'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const id = investigationIdOf(this, i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (fields.assessment !== undefined)
			body.assessment = normaliseEnum(
				node,
				'assessment',
				fields.assessment,
				INVESTIGATION_ASSESSMENTS,
				i,
			);
		if (fields.status !== undefined)
			body.status = normaliseEnum(node, 'status', fields.status, INVESTIGATION_STATUSES, i);
		if (fields.assignee !== undefined) body.assignee = String(fields.assignee).trim();
		if (fields.notes !== undefined) body.notes = String(fields.notes);
		if (fields.name !== undefined) {
			const name = String(fields.name).trim();
			if (name === '')
				throw new NodeOperationError(node, 'The investigation name cannot be empty', {
					itemIndex: i,
				});
			body.name = name;
		}
		if (fields.detectionIds !== undefined)
			body.event_ids = detectionIdsOf(this, fields.detectionIds, i);
		if (Object.keys(body).length === 0) {
			throw new NodeOperationError(node, 'Nothing to update', {
				itemIndex: i,
				description: 'Add at least one field under "Update Fields".',
			});
		}
		return { id, body };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		await patchInvestigation(this, p.id, p.body, i);
		return await getInvestigation(this, p.id, i);
	},
};
