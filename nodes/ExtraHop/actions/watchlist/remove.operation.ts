import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deviceIdsProperty } from '../descriptions/deviceIds';
import { deviceIdsOf } from '../helpers/deviceIds';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [deviceIdsProperty];

export const removeDevices: Operation<number[]> = {
	description: updateDisplayOptions(
		{ show: { resource: ['watchlist'], operation: ['remove'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return deviceIdsOf(this, i);
	},
	async execute(this: IExecuteFunctions, deviceIds: number[], i: number) {
		// An assignment is idempotent: repeating it cannot do harm.
		await extraHopApiRequest.call(this, {
			method: 'POST',
			endpoint: '/watchlist/devices',
			body: { unassign: deviceIds },
			idempotent: true,
			itemIndex: i,
		});
		return { watchlist: 'removed', device_ids: deviceIds };
	},
};
