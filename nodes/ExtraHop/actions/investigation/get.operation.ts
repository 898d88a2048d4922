import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { investigationIdProperty } from '../descriptions/investigation';
import { getInvestigation, investigationIdOf } from '../helpers/investigations';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [investigationIdProperty];

export const get: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['investigation'], operation: ['get'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return investigationIdOf(this, i);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		return await getInvestigation(this, id, i);
	},
};
