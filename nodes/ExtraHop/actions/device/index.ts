import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { get } from './get.operation';
import { getParticipants } from './getParticipants.operation';
import { getPeers } from './getPeers.operation';
import { getProtocols } from './getProtocols.operation';
import { search } from './search.operation';

export const operations: Record<string, Operation<unknown>> = {
	get,
	search,
	getParticipants,
	getPeers,
	getProtocols,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a device by ID or from its ExtraHop page',
				action: 'Get a device',
			},
			{
				name: 'Get Many From Detection',
				value: 'getParticipants',
				description: "Get the devices behind a detection's offenders and victims",
				action: 'Get the devices of a detection',
			},
			{
				name: 'Get Peers',
				value: 'getPeers',
				description:
					"Get the devices a device talked to over a time range, from ExtraHop's activity maps: one item per peer with direction, protocols, bytes (or connections) and links, heaviest first. Use it to scope a detection's blast radius or find lateral movement. Cheap: one activity map query plus one request per distinct peer device (cached).",
				action: 'Get the peers of a device',
			},
			{
				name: 'Get Protocols',
				value: 'getProtocols',
				description:
					"Get the protocols a device spoke over a time range, as client and as server, from ExtraHop's activity maps: one item per protocol with bytes (or connections) and peer count. Use it to spot an unusual service on a device. Cheap: two requests.",
				action: 'Get the protocols of a device',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Search devices by IP, name, MAC and more',
				action: 'Search devices',
			},
		],
		default: 'get',
	},
	...get.description,
	...search.description,
	...getParticipants.description,
	...getPeers.description,
	...getProtocols.description,
];
