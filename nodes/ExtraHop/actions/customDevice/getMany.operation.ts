import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { listBody } from '../../common/api';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Include Criteria',
		name: 'includeCriteria',
		type: 'boolean',
		default: false,
		description: 'Whether to include the addresses that make up each custom device',
	},
];

interface Prepared {
	limit: number;
	includeCriteria: boolean;
}

/** Custom Device > Get Many: `GET /customdevices` (not paged by the API; Limit cuts the list). */
export const getMany: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['customDevice'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return {
			limit: resultLimitOf(this, i),
			includeCriteria: this.getNodeParameter('includeCriteria', i, false) === true,
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: '/customdevices',
			qs: p.includeCriteria ? { include_criteria: true } : undefined,
			itemIndex: i,
		})) as ExtraHopResponse<unknown>;
		return listBody(this, response, 'the custom device list', i).slice(0, p.limit);
	},
};
