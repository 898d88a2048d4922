import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { deviceGroupFilters } from '../descriptions/deviceGroup';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { listBody } from '../../common/api';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [...returnAllOrLimit, deviceGroupFilters];

interface Prepared {
	qs: IDataObject;
	limit: number;
}

/** Device Group > Get Many: `GET /devicegroups` (the API does not page it; Limit cuts the list). */
export const getMany: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['deviceGroup'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = { type: typeof filters.type === 'string' ? filters.type : 'all' };
		if (!['all', 'built_in', 'user_created'].includes(qs.type as string))
			throw new NodeOperationError(this.getNode(), `Invalid type "${String(qs.type)}"`, {
				itemIndex: i,
				description: 'Use all, built_in or user_created.',
			});
		const name = typeof filters.name === 'string' ? filters.name.trim() : '';
		if (name !== '') {
			try {
				new RegExp(name);
			} catch {
				throw new NodeOperationError(
					this.getNode(),
					`"${name.slice(0, 60)}" is not a valid regular expression`,
					{ itemIndex: i, description: 'Name Matches takes a regular expression, e.g. ^Finance' },
				);
			}
			qs.name = name;
		}
		return { qs, limit: resultLimitOf(this, i) };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: '/devicegroups',
			qs: p.qs,
			itemIndex: i,
		})) as ExtraHopResponse<unknown>;
		return listBody(this, response, 'the device group list', i).slice(0, p.limit);
	},
};
