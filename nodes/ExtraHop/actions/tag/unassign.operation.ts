import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deviceIdsOf, deviceIdsProperty, resolveTagId, tagProperty, tagRefOf, type TagRef } from '../../helpers/response';
import { extraHopApiRequest } from '../../transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [tagProperty, deviceIdsProperty];

interface Prepared {
	tag: TagRef;
	deviceIds: number[];
}

export const unassignTag: Operation<Prepared> = {
	description: updateDisplayOptions({ show: { resource: ['tag'], operation: ['unassign'] } }, properties),
	prepare(this: IExecuteFunctions, i: number) {
		return { tag: tagRefOf(this, i), deviceIds: deviceIdsOf(this, i) };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const tagId = await resolveTagId(this, p.tag, i);
		await extraHopApiRequest.call(this, {
			method: 'POST',
			endpoint: `/tags/${tagId}/devices`,
			body: { unassign: p.deviceIds },
			idempotent: true,
			itemIndex: i,
			notFoundMessage: `Tag ${tagId} not found`,
		});
		return { tag_id: tagId, unassigned_device_ids: p.deviceIds };
	},
};
