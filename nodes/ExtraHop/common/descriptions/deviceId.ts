import { NodeOperationError, type IExecuteFunctions, type INodeParameterResourceLocator, type INodeProperties } from 'n8n-workflow';

import { parseObjectId } from '../validation';

/** Pick a device from a searchable list, by API ID, or by pasting its ExtraHop page URL. */
export const deviceIdLocator: INodeProperties = {
	displayName: 'Device',
	name: 'deviceId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchDevices', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1907',
			validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A device ID is a whole number (the API ID on the device page)' } }],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://extrahop.example.com/extrahop/#/metrics/devices/0a1b2c3d4e5f0000/overview',
			validation: [{ type: 'regex', properties: { regex: '.*/devices/[^/?#]+.*', errorMessage: 'Not an ExtraHop device URL' } }],
		},
	],
	description: 'The device: its API ID, or its page in ExtraHop',
};

/** Where a device locator points: an API ID, or a discovery ID taken from a device page URL. */
export type DeviceRef = { id: number } | { discoveryId: string };

export function deviceRefFromLocator(context: IExecuteFunctions, itemIndex: number, name = 'deviceId'): DeviceRef {
	const locator = context.getNodeParameter(name, itemIndex) as INodeParameterResourceLocator | string | number;
	const node = context.getNode();
	if (typeof locator !== 'object' || locator === null) return { id: parseObjectId(node, 'device', locator, itemIndex) };
	if (locator.mode === 'url') {
		const match = /\/devices\/([^/?#]+)/.exec(String(locator.value ?? ''));
		if (!match) {
			throw new NodeOperationError(node, `"${String(locator.value).slice(0, 80)}" is not an ExtraHop device URL`, {
				itemIndex,
				description: 'Expected a device page link such as https://extrahop.example.com/extrahop/#/metrics/devices/0a1b2c3d4e5f0000/overview',
			});
		}
		const key = decodeURIComponent(match[1]);
		if (/^\d+$/.test(key)) return { id: parseObjectId(node, 'device', key, itemIndex) };
		// Device pages are addressed by "<appliance uuid>.<discovery id>" or the discovery ID alone.
		const discoveryId = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : key;
		if (!/^[0-9a-z-]+$/i.test(discoveryId)) {
			throw new NodeOperationError(node, `The device URL holds no usable device identifier ("${key.slice(0, 60)}")`, { itemIndex });
		}
		return { discoveryId };
	}
	return { id: parseObjectId(node, 'device', locator.value, itemIndex) };
}
