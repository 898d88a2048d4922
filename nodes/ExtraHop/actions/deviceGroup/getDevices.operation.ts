import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deviceGroupIdProperty } from '../descriptions/deviceGroup';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { deviceGroupIdOf } from '../helpers/deviceGroups';
import { resultLimitOf } from '../helpers/limit';
import { apiBase, listBody } from '../../common/api';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { collectPages, withDeviceUrl } from '../../common/devices';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [deviceGroupIdProperty, ...returnAllOrLimit];
const MEMBERS_PAGE = 1000;

interface Prepared {
	id: number;
	limit: number;
}

/** Device Group > Get Devices: one item per member, `GET /devicegroups/{id}/devices` paged. */
export const getDevices: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['deviceGroup'], operation: ['getDevices'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return { id: deviceGroupIdOf(this, i), limit: resultLimitOf(this, i) };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const page = async (limit: number, offset: number) => {
			const response = (await extraHopApiRequest.call(this, {
				method: 'GET',
				endpoint: `/devicegroups/${p.id}/devices`,
				qs: { limit, offset },
				itemIndex: i,
				notFoundMessage: `Device group ${p.id} not found`,
			})) as ExtraHopResponse<unknown>;
			return listBody(this, response, `the members of device group ${p.id}`, i);
		};
		const base = await apiBase(this, i);
		const devices = await collectPages(page, p.limit, MEMBERS_PAGE);
		return devices.map((d) => ({ ...withDeviceUrl(d, base), device_group_id: p.id }));
	},
};
