import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { ruleIdProperty } from '../descriptions/tuningRule';
import { getTuningRule, ruleIdOf } from '../helpers/tuningRules';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [ruleIdProperty];

export const get: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['tuningRule'], operation: ['get'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return ruleIdOf(this, i);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		return await getTuningRule(this, id, i);
	},
};
