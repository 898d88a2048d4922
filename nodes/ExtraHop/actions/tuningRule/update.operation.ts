import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { PARTICIPANT_HINT, ruleIdProperty } from '../descriptions/tuningRule';
import { getTuningRule, parseRuleParticipant, ruleIdOf } from '../helpers/tuningRules';
import { toEpochMs } from '../../common/validation';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	ruleIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether the rule hides detections',
			},
			{
				displayName: 'Expires',
				name: 'expires',
				type: 'dateTime',
				default: '',
				description: 'When the rule stops hiding detections',
			},
			{
				displayName: 'Never Expires',
				name: 'neverExpires',
				type: 'boolean',
				default: true,
				description: 'Whether to remove the expiry date',
			},
			{
				displayName: 'Offender',
				name: 'offender',
				type: 'string',
				default: 'Any',
				description: `Which offender the rule applies to: ${PARTICIPANT_HINT}`,
			},
			{
				displayName: 'Victim',
				name: 'victim',
				type: 'string',
				default: 'Any',
				description: `Which victim the rule applies to: ${PARTICIPANT_HINT}`,
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
		{ show: { resource: ['tuningRule'], operation: ['update'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const id = ruleIdOf(this, i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (fields.description !== undefined) body.description = String(fields.description);
		if (typeof fields.enabled === 'boolean') body.enabled = fields.enabled;
		if (fields.neverExpires === true && fields.expires) {
			throw new NodeOperationError(node, 'Choose either "Expires" or "Never Expires", not both', {
				itemIndex: i,
			});
		}
		if (fields.neverExpires === true) body.expiration = 0;
		if (fields.expires) body.expiration = toEpochMs(node, 'Expires', fields.expires, i);
		if (fields.offender !== undefined)
			body.offender = parseRuleParticipant(node, 'offender', fields.offender, i);
		if (fields.victim !== undefined)
			body.victim = parseRuleParticipant(node, 'victim', fields.victim, i);
		if (Object.keys(body).length === 0) {
			throw new NodeOperationError(node, 'Nothing to update', {
				itemIndex: i,
				description: 'Add at least one field under "Update Fields".',
			});
		}
		return { id, body };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		await extraHopApiRequest.call(this, {
			method: 'PATCH',
			endpoint: `/detections/rules/hiding/${p.id}`,
			body: p.body,
			itemIndex: i,
			notFoundMessage: `Tuning rule ${p.id} not found`,
		});
		return await getTuningRule(this, p.id, i);
	},
};
