import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { createAndReadBack, requiredName } from '../../common/api';
import {
	assessmentOptions,
	detectionIdsProperty,
	investigationStatusOptions,
} from '../descriptions/investigation';
import {
	INVESTIGATION_ASSESSMENTS,
	INVESTIGATION_STATUSES,
	detectionIdsOf,
	getInvestigation,
} from '../helpers/investigations';
import { normaliseEnum } from '../../common/validation';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Lateral movement from AccountingLaptop',
	},
	{
		...detectionIdsProperty,
		description:
			'Detections to put in the investigation: comma-separated IDs, or an expression giving an array',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
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
			{
				displayName: 'Assignee',
				name: 'assignee',
				type: 'string',
				default: '',
				description: 'Username of the ExtraHop user the investigation is assigned to',
			},
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: investigationStatusOptions,
				default: 'open',
			},
		],
	},
];

export const create: Operation<IDataObject> = {
	description: updateDisplayOptions(
		{ show: { resource: ['investigation'], operation: ['create'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const name = requiredName(node, this.getNodeParameter('name', i, ''), 'investigation', i);
		const body: IDataObject = { name };
		const ids = detectionIdsOf(this, this.getNodeParameter('detectionIds', i, ''), i);
		if (ids.length) body.event_ids = ids;
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		if (extra.assessment !== undefined)
			body.assessment = normaliseEnum(
				node,
				'assessment',
				extra.assessment,
				INVESTIGATION_ASSESSMENTS,
				i,
			);
		if (extra.status !== undefined)
			body.status = normaliseEnum(node, 'status', extra.status, INVESTIGATION_STATUSES, i);
		if (typeof extra.assignee === 'string' && extra.assignee.trim() !== '')
			body.assignee = extra.assignee.trim();
		if (typeof extra.notes === 'string' && extra.notes !== '') body.notes = extra.notes;
		return body;
	},
	async execute(this: IExecuteFunctions, body: IDataObject, i: number) {
		return await createAndReadBack(
			this,
			{
				method: 'POST',
				endpoint: '/investigations',
				body,
				read: async (id) => await getInvestigation(this, id, i),
				isCreated: (c) => isSameInvestigation(c, body),
			},
			i,
		);
	},
};

function isSameInvestigation(candidate: IDataObject, sent: IDataObject): boolean {
	for (const key of ['name', 'assessment', 'status', 'assignee', 'notes'])
		if (key in sent && candidate[key] !== sent[key]) return false;
	const held = Array.isArray(candidate.detections) ? candidate.detections : candidate.event_ids;
	const wanted = (sent.event_ids as number[] | undefined) ?? [];
	return (
		Array.isArray(held) && held.length === wanted.length && wanted.every((d) => held.includes(d))
	);
}
