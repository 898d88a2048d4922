import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeParameterResourceLocator,
	type INodeProperties,
} from 'n8n-workflow';

import { apiBase } from '../../common/api';
import { deviceIdLocator } from '../../common/descriptions/deviceId';
import { getDevice, searchDevices } from '../../common/devices';
import { assertSameAppliance, deviceRefFromLocator, type DeviceRef } from '../../common/validation';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [deviceIdLocator];

export const get: Operation<DeviceRef> = {
	description: updateDisplayOptions(
		{ show: { resource: ['device'], operation: ['get'] } },
		properties,
	),
	async prepare(this: IExecuteFunctions, i: number) {
		const ref = deviceRefFromLocator(this, i);
		const locator = this.getNodeParameter('deviceId', i) as INodeParameterResourceLocator;
		if (typeof locator === 'object' && locator?.mode === 'url')
			assertSameAppliance(this.getNode(), String(locator.value), await apiBase(this, i), i);
		return ref;
	},
	async execute(this: IExecuteFunctions, ref: DeviceRef, i: number) {
		if ('id' in ref) return await getDevice(this, ref.id, i);
		const [device] = await searchDevices(
			this,
			{ filter: { field: 'discovery_id', operator: '=', operand: ref.discoveryId } },
			1,
			i,
		);
		if (!device) {
			throw new NodeOperationError(
				this.getNode(),
				`No device with discovery ID ${ref.discoveryId}`,
				{
					itemIndex: i,
					description: 'Check the device URL, or pick the device from the list.',
				},
			);
		}
		return device;
	},
};
