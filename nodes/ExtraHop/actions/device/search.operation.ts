import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { deviceRoleOptions } from '../descriptions/deviceRoles';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { buildDeviceFilter } from '../helpers/deviceFilter';
import { deviceSummary, searchDevices } from '../../common/devices';
import { toEpochMs } from '../../common/validation';
import type { Operation } from '../../../shared/operation';
import { simplifyOf, simplifyProperties } from '../descriptions/simplify';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Activity',
				name: 'activity',
				type: 'string',
				default: '',
				placeholder: 'e.g. dns_server',
				description: 'A protocol activity the device shows (ExtraHop activity name)',
			},
			{
				displayName: 'Discovery ID',
				name: 'discovery_id',
				type: 'string',
				default: '',
				description: 'The ID ExtraHop gave the device when it discovered it',
			},
			{
				displayName: 'IP Address',
				name: 'ipaddr',
				type: 'string',
				default: '',
				placeholder: 'e.g. 10.1.4.55 or 10.1.0.0/16',
				description: 'An IPv4/IPv6 address or CIDR block',
			},
			{
				displayName: 'MAC Address',
				name: 'macaddr',
				type: 'string',
				default: '',
				placeholder: 'e.g. 00:50:56:9c:2e:8e',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Matched as a regular expression against any of the device names',
			},
			{
				displayName: 'Role',
				name: 'role',
				type: 'options',
				options: deviceRoleOptions,
				default: 'pc',
			},
			{
				displayName: 'Software',
				name: 'software',
				type: 'string',
				default: '',
				description: 'Operating system or software, matched as a regular expression',
			},
			{
				displayName: 'Tag',
				name: 'tag',
				type: 'string',
				default: '',
				description: 'A tag name assigned to the device',
			},
			{
				displayName: 'Vendor',
				name: 'vendor',
				type: 'string',
				default: '',
				description: 'Matched as a regular expression (vendor from the MAC address)',
			},
			{ displayName: 'VLAN', name: 'vlan', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Match',
		name: 'match',
		type: 'options',
		options: [
			{ name: 'All Filters', value: 'and' },
			{ name: 'Any Filter', value: 'or' },
		],
		default: 'and',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Active From',
				name: 'activeFrom',
				type: 'dateTime',
				default: '',
				description: 'Only devices active after this time',
			},
			{
				displayName: 'Active Until',
				name: 'activeUntil',
				type: 'dateTime',
				default: '',
				description: 'Only devices active before this time',
			},
		],
	},
	...simplifyProperties(
		'Whether to return only ID, name, IP addresses, MAC address, role, vendor, watchlist flag and link',
	),
];

interface Prepared {
	body: IDataObject;
	limit: number;
	simplify: boolean;
}

export const search: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['device'], operation: ['search'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const match = this.getNodeParameter('match', i, 'and') as 'and' | 'or';
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const body: IDataObject = {};
		const filter = buildDeviceFilter(node, filters, match === 'or' ? 'or' : 'and', i);
		if (filter) body.filter = filter;
		if (options.activeFrom)
			body.active_from = toEpochMs(node, 'Active From', options.activeFrom, i);
		if (options.activeUntil)
			body.active_until = toEpochMs(node, 'Active Until', options.activeUntil, i);
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		return {
			body,
			limit: returnAll
				? Infinity
				: Math.max(1, Math.floor(this.getNodeParameter('limit', i, 50) as number)),
			simplify: simplifyOf(this, i),
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const devices = await searchDevices(this, p.body, p.limit, i);
		return p.simplify ? devices.map(deviceSummary) : devices;
	},
};
