import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { detectionIdFromLocator } from '../../common/validation';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

export const deleteNote: Operation<number> = {
	description: updateDisplayOptions({ show: { resource: ['note'], operation: ['delete'] } }, [
		detectionIdLocator,
	]),
	prepare(this: IExecuteFunctions, i: number) {
		return detectionIdFromLocator(this, i);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		await extraHopApiRequest.call(this, {
			method: 'DELETE',
			endpoint: `/detections/${id}/notes`,
			tracking: true,
			idempotent: true,
			itemIndex: i,
			notFoundMessage: `Detection ${id} not found`,
		});
		return { detection_id: id, deleted: true };
	},
};
