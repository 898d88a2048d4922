import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { alertRuleIdProperty } from '../descriptions/alertRule';
import { alertRuleIdOf } from '../helpers/alertRules';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [alertRuleIdProperty];

/** Alert Rule > Delete: `DELETE /alerts/{id}`. */
export const deleteAlertRule: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['alertRule'], operation: ['delete'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return alertRuleIdOf(this, i);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		await extraHopApiRequest.call(this, {
			method: 'DELETE',
			endpoint: `/alerts/${id}`,
			itemIndex: i,
			notFoundMessage: `Alert rule ${id} not found`,
		});
		return { id, deleted: true };
	},
};
