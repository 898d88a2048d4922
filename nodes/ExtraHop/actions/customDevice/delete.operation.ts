import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { extraHopApiRequest } from '../../common/transport';
import { parseObjectId } from '../../common/validation';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Custom Device ID',
		name: 'customDeviceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3',
		description: 'The numeric ID of the custom device (Get Many lists them)',
	},
];

/** Custom Device > Delete: `DELETE /customdevices/{id}`. */
export const deleteCustomDevice: Operation<number> = {
	description: updateDisplayOptions(
		{ show: { resource: ['customDevice'], operation: ['delete'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return parseObjectId(
			this.getNode(),
			'custom device',
			this.getNodeParameter('customDeviceId', i),
			i,
		);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		await extraHopApiRequest.call(this, {
			method: 'DELETE',
			endpoint: `/customdevices/${id}`,
			itemIndex: i,
			notFoundMessage: `Custom device ${id} not found`,
		});
		return { id, deleted: true };
	},
};
