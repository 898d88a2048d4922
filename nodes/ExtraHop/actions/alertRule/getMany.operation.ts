import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { listBody } from '../../common/api';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [...returnAllOrLimit];

/** Alert Rule > Get Many: `GET /alerts` (not paged by the API; Limit cuts the list). */
export const getMany: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['alertRule'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return resultLimitOf(this, i);
	},
	async execute(this: IExecuteFunctions, limit: number, i: number) {
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: '/alerts',
			itemIndex: i,
		})) as ExtraHopResponse<unknown>;
		return listBody(this, response, 'the alert list', i).slice(0, limit);
	},
};
