import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { detectionIdFromLocator } from '../../common/validation';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [detectionIdLocator];

/** GET /detections/{id}/investigations: one item per investigation holding the detection. */
export const getInvestigations: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['detection'], operation: ['getInvestigations'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return detectionIdFromLocator(this, i);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: `/detections/${id}/investigations`,
			itemIndex: i,
			notFoundMessage: `Detection ${id} not found`,
		})) as ExtraHopResponse<unknown>;
		if (!Array.isArray(response.body)) {
			throw new NodeOperationError(
				this.getNode(),
				`ExtraHop answered the investigations of detection ${id} with something other than a list`,
				{ itemIndex: i },
			);
		}
		return (response.body as IDataObject[]).map((investigation) => ({
			...investigation,
			detection_id: id,
		}));
	},
};
