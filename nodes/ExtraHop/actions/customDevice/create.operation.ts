import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { createAndReadBack, requiredName } from '../../common/api';
import { isIpOrCidr, toList } from '../../common/validation';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Partner VPN range',
	},
	{
		displayName: 'IP Addresses or CIDRs',
		name: 'addresses',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 203.0.113.0/24, 198.51.100.7',
		description:
			'Comma-separated addresses or CIDR blocks whose traffic ExtraHop gathers into this device',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Disabled',
				name: 'disabled',
				type: 'boolean',
				default: false,
				description: 'Whether the custom device is created inactive',
			},
			{
				displayName: 'ExtraHop ID',
				name: 'extrahopId',
				type: 'string',
				default: '',
				placeholder: 'e.g. partner_vpn',
				description:
					'A unique ID without spaces; ExtraHop makes one from the name when empty. It cannot change later.',
			},
		],
	},
];

/**
 * Custom Device > Create: `POST /customdevices`. The spec names the criterion schema without its
 * fields; each address is sent as `{ipaddr}` (ExtraHop's REST guide; unverified on an appliance).
 */
export const create: Operation<IDataObject> = {
	description: updateDisplayOptions(
		{ show: { resource: ['customDevice'], operation: ['create'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const name = requiredName(node, this.getNodeParameter('name', i, ''), 'custom device', i);
		const addresses = toList(this.getNodeParameter('addresses', i, ''));
		if (addresses.length === 0)
			throw new NodeOperationError(node, 'No IP addresses or CIDRs given', { itemIndex: i });
		const bad = addresses.find((a) => !isIpOrCidr(a));
		if (bad !== undefined)
			throw new NodeOperationError(node, `Invalid IP address or CIDR "${bad.slice(0, 60)}"`, {
				itemIndex: i,
			});
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body: IDataObject = {
			name,
			disabled: extra.disabled === true,
			criteria: [...new Set(addresses)].map((ipaddr) => ({ ipaddr })),
		};
		if (typeof extra.description === 'string' && extra.description !== '')
			body.description = extra.description;
		const extrahopId = typeof extra.extrahopId === 'string' ? extra.extrahopId.trim() : '';
		if (extrahopId !== '') {
			if (/\s/.test(extrahopId))
				throw new NodeOperationError(node, 'The ExtraHop ID cannot contain spaces', {
					itemIndex: i,
				});
			body.extrahop_id = extrahopId;
		}
		return body;
	},
	async execute(this: IExecuteFunctions, body: IDataObject, i: number) {
		const read = async (id: number) => {
			const created = (await extraHopApiRequest.call(this, {
				method: 'GET',
				endpoint: `/customdevices/${id}`,
				qs: { include_criteria: true },
				itemIndex: i,
			})) as ExtraHopResponse<IDataObject>;
			return created.body;
		};
		return await createAndReadBack(
			this,
			{
				method: 'POST',
				endpoint: '/customdevices',
				body,
				read,
				isCreated: (d) => d.name === body.name,
			},
			i,
		);
	},
};
