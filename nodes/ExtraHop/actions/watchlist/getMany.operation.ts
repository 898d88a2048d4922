import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { apiBase } from '../../common/api';
import { withDeviceUrl } from '../../common/devices';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [...returnAllOrLimit];

export const getMany: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['watchlist'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return resultLimitOf(this, i);
	},
	async execute(this: IExecuteFunctions, limit: number, i: number) {
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: '/watchlist/devices',
			itemIndex: i,
		})) as ExtraHopResponse<unknown>;
		if (!Array.isArray(response.body)) {
			throw new NodeOperationError(
				this.getNode(),
				'ExtraHop answered the watchlist with something other than a list',
				{ itemIndex: i },
			);
		}
		const base = await apiBase(this, i);
		return (response.body as IDataObject[]).slice(0, limit).map((d) => withDeviceUrl(d, base));
	},
};
