import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../descriptions/returnAll';
import { listTags } from '../helpers/tags';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [...returnAllOrLimit];

export const getMany: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['tag'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		return returnAll
			? Infinity
			: Math.max(1, Math.floor(this.getNodeParameter('limit', i, 50) as number));
	},
	async execute(this: IExecuteFunctions, limit: number, i: number) {
		return (await listTags(this, i)).slice(0, limit);
	},
};
