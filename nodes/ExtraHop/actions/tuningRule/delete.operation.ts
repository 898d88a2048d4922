import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { ruleIdProperty } from '../descriptions/tuningRule';
import { ruleIdOf } from '../helpers/tuningRules';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [ruleIdProperty];

export const deleteRule: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['tuningRule'], operation: ['delete'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return ruleIdOf(this, i);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		await extraHopApiRequest.call(this, {
			method: 'DELETE',
			endpoint: `/detections/rules/hiding/${id}`,
			itemIndex: i,
			notFoundMessage: `Tuning rule ${id} not found`,
		});
		return { id, deleted: true };
	},
};
