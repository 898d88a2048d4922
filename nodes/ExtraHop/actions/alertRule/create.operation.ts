import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { alertRuleFields } from '../descriptions/alertRule';
import { alertRuleBody, alertRuleNameOf, getAlertRule } from '../helpers/alertRules';
import { createAndReadBack } from '../../common/api';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SMB write bytes spike',
		description: 'A unique name for the alert rule',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: alertRuleFields,
	},
];

/** Alert Rule > Create: a threshold alert (`POST /alerts`, the only type the spec allows). */
export const create: Operation<IDataObject> = {
	description: updateDisplayOptions(
		{ show: { resource: ['alertRule'], operation: ['create'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const name = alertRuleNameOf(node, this.getNodeParameter('name', i, ''), i);
		const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		return { name, type: 'threshold', apply_all: false, ...alertRuleBody(node, fields, i) };
	},
	async execute(this: IExecuteFunctions, body: IDataObject, i: number) {
		// Alert names are unique on ExtraHop: without Location, the name finds the new rule.
		return await createAndReadBack(
			this,
			{
				method: 'POST',
				endpoint: '/alerts',
				body,
				read: async (id) => await getAlertRule(this, id, i),
				isCreated: (a) => a.name === body.name,
			},
			i,
		);
	},
};
