import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';

const properties: INodeProperties[] = [...returnAllOrLimit];

export const getMany: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['detectionType'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return resultLimitOf(this, i);
	},
	async execute(this: IExecuteFunctions, limit: number, i: number) {
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: '/detections/formats',
			itemIndex: i,
		})) as ExtraHopResponse<IDataObject[]>;
		const types = Array.isArray(response.body) ? response.body : [];
		return types.slice(0, limit);
	},
};
