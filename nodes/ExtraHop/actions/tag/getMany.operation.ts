import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { listTags } from '../helpers/tags';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [...returnAllOrLimit];

export const getMany: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['tag'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return resultLimitOf(this, i);
	},
	async execute(this: IExecuteFunctions, limit: number, i: number) {
		return (await listTags(this, i)).slice(0, limit);
	},
};
