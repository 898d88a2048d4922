import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { assign, deviceIdsOf, deviceIdsProperty } from '../../helpers/response';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [deviceIdsProperty];

export const addDevices: Operation<number[]> = {
	description: updateDisplayOptions({ show: { resource: ['watchlist'], operation: ['add'] } }, properties),
	prepare(this: IExecuteFunctions, i: number) {
		return deviceIdsOf(this, i);
	},
	async execute(this: IExecuteFunctions, deviceIds: number[], i: number) {
		await assign(this, '/watchlist/devices', { assign: deviceIds }, i);
		return { watchlist: 'added', device_ids: deviceIds };
	},
};
