import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { detectionIdLocator } from '../../descriptions/detectionId';
import { getDetection } from '../../helpers/api';
import { simplifyDetection } from '../../helpers/detection';
import { detectionIdFromLocator } from '../../helpers/validation';
import type { Operation } from '../../../shared/operation';
import { patchDetection } from './patchDetection';
import { buildTrackingBody, requireChanges, trackingFieldOptions } from './trackingFields';

const properties: INodeProperties[] = [
	detectionIdLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: trackingFieldOptions(true),
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return only the fields a ticket needs instead of the full detection',
	},
];

interface Prepared {
	id: number;
	body: IDataObject;
	simplify: boolean;
}

export const update: Operation<Prepared> = {
	description: updateDisplayOptions({ show: { resource: ['detection'], operation: ['update'] } }, properties),
	prepare(this: IExecuteFunctions, i: number) {
		const id = detectionIdFromLocator(this, i);
		const body = buildTrackingBody(this.getNode(), this.getNodeParameter('updateFields', i, {}) as IDataObject, i);
		requireChanges(this.getNode(), body, i, `detection ${id}`);
		return { id, body, simplify: this.getNodeParameter('simplify', i, false) as boolean };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		await patchDetection(this, p.id, p.body, i);
		// PATCH answers 204 without a body: read the detection back as it now stands.
		const detection = await getDetection(this, p.id, i);
		return p.simplify ? simplifyDetection(detection) : detection;
	},
};
