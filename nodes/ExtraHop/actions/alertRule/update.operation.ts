import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { alertRuleFields, alertRuleIdProperty } from '../descriptions/alertRule';
import {
	ALERT_WRITABLE,
	alertRuleBody,
	alertRuleIdOf,
	alertRuleNameOf,
	getAlertRule,
} from '../helpers/alertRules';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	alertRuleIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			...alertRuleFields,
		],
	},
];

interface Prepared {
	id: number;
	changes: IDataObject;
}

/**
 * Alert Rule > Update. The spec requires apply_all, name and type on PATCH too, so the rule is
 * read first and its writable fields are sent back with the changes on top.
 */
export const update: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['alertRule'], operation: ['update'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const { name, ...fields } = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const changes = alertRuleBody(node, fields, i);
		if (name !== undefined) changes.name = alertRuleNameOf(node, name, i);
		if (Object.keys(changes).length === 0)
			throw new NodeOperationError(node, 'Nothing to update', {
				itemIndex: i,
				description: 'Add at least one field under Update Fields.',
			});
		return { id: alertRuleIdOf(this, i), changes };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const current = await getAlertRule(this, p.id, i);
		const body: IDataObject = {};
		for (const key of ALERT_WRITABLE)
			if (current[key] !== undefined && current[key] !== null) body[key] = current[key];
		Object.assign(body, p.changes);
		body.type ??= 'threshold';
		body.apply_all ??= false;
		await extraHopApiRequest.call(this, {
			method: 'PATCH',
			endpoint: `/alerts/${p.id}`,
			body,
			itemIndex: i,
			notFoundMessage: `Alert rule ${p.id} not found`,
		});
		return await getAlertRule(this, p.id, i);
	},
};
