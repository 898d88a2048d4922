import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deviceIdsProperty } from '../descriptions/deviceIds';
import { tagProperty } from '../descriptions/tag';
import { deviceIdsOf } from '../helpers/deviceIds';
import { resolveTagId, tagRefOf, type TagRef } from '../helpers/tags';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [tagProperty, deviceIdsProperty];

export interface TagAssignment {
	tag: TagRef;
	deviceIds: number[];
}

/** Tag > Assign / Unassign: one request, `POST /tags/{id}/devices` with `assign` or `unassign`. */
export function tagDeviceAssignment(direction: 'assign' | 'unassign'): Operation<TagAssignment> {
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['tag'], operation: [direction] } },
			properties,
		),
		prepare(this: IExecuteFunctions, i: number) {
			return { tag: tagRefOf(this, i), deviceIds: deviceIdsOf(this, i) };
		},
		async execute(this: IExecuteFunctions, p: TagAssignment, i: number) {
			const tagId = await resolveTagId(this, p.tag, i);
			await extraHopApiRequest.call(this, {
				method: 'POST',
				endpoint: `/tags/${tagId}/devices`,
				body: { [direction]: p.deviceIds },
				idempotent: true,
				itemIndex: i,
				notFoundMessage: `Tag ${tagId} not found`,
			});
			return { tag_id: tagId, [`${direction}ed_device_ids`]: p.deviceIds };
		},
	};
}
