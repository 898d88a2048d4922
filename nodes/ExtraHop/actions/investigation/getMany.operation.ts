import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { toEpochMs } from '../../common/validation';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
			{
				displayName: 'Only Created by a User',
				name: 'userCreatedOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to leave out investigations ExtraHop created by itself',
			},
			{ displayName: 'Updated After', name: 'updatedAfter', type: 'dateTime', default: '' },
		],
	},
];

interface Prepared {
	search?: IDataObject;
	limit: number;
}

/** GET /investigations, or POST /investigations/search when a filter is set. Neither pages: the limit is applied here. */
export const getMany: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['investigation'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const search: IDataObject = {};
		if (filters.createdAfter)
			search.creation_time = toEpochMs(node, 'Created After', filters.createdAfter, i);
		if (filters.updatedAfter)
			search.update_time = toEpochMs(node, 'Updated After', filters.updatedAfter, i);
		if (typeof filters.userCreatedOnly === 'boolean')
			search.is_user_created = filters.userCreatedOnly;
		return {
			search: Object.keys(search).length ? search : undefined,
			limit: resultLimitOf(this, i),
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const response = (await extraHopApiRequest.call(
			this,
			p.search
				? {
						method: 'POST',
						endpoint: '/investigations/search',
						body: p.search,
						idempotent: true,
						itemIndex: i,
					}
				: { method: 'GET', endpoint: '/investigations', itemIndex: i },
		)) as ExtraHopResponse<unknown>;
		if (!Array.isArray(response.body)) {
			throw new NodeOperationError(
				this.getNode(),
				'ExtraHop answered the investigation list with something other than a list',
				{ itemIndex: i },
			);
		}
		return (response.body as IDataObject[]).slice(0, p.limit);
	},
};
