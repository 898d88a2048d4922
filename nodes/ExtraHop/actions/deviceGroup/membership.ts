import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deviceGroupIdProperty } from '../descriptions/deviceGroup';
import { deviceIdsProperty } from '../descriptions/deviceIds';
import { deviceGroupIdOf } from '../helpers/deviceGroups';
import { deviceIdsOf } from '../helpers/deviceIds';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [deviceGroupIdProperty, deviceIdsProperty];

export interface Membership {
	id: number;
	deviceIds: number[];
}

/**
 * Device Group > Add Devices / Remove Devices: one request, `POST /devicegroups/{id}/devices`
 * with `assign` or `unassign` (static groups only: a dynamic group's members follow its filter).
 */
export function deviceGroupMembership(
	operation: 'addDevices' | 'removeDevices',
): Operation<Membership> {
	const direction = operation === 'addDevices' ? 'assign' : 'unassign';
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['deviceGroup'], operation: [operation] } },
			properties,
		),
		prepare(this: IExecuteFunctions, i: number) {
			return { id: deviceGroupIdOf(this, i), deviceIds: deviceIdsOf(this, i) };
		},
		async execute(this: IExecuteFunctions, p: Membership, i: number) {
			await extraHopApiRequest.call(this, {
				method: 'POST',
				endpoint: `/devicegroups/${p.id}/devices`,
				body: { [direction]: p.deviceIds },
				idempotent: true,
				itemIndex: i,
				notFoundMessage: `Device group ${p.id} not found`,
			});
			return {
				device_group_id: p.id,
				[operation === 'addDevices' ? 'added_device_ids' : 'removed_device_ids']: p.deviceIds,
			};
		},
	};
}
