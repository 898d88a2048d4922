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
				description:
					'One device by ID or from its ExtraHop page, one request per device: role, criticality and IPs to weigh impact',
				action: 'Get a device',
			},
			{
				name: 'Get Many From Detection',
				value: 'getParticipants',
				description:
					"The devices behind a detection's offenders and victims, one request plus one per participant device",
				action: 'Get the devices of a detection',
			},
			{
				name: 'Get Peers',
				value: 'getPeers',
				description:
					'The devices a device talked to, heaviest first: two requests plus one per peer device, to scope lateral movement',
				action: 'Get the peers of a device',
			},
			{
				name: 'Get Protocols',
				value: 'getProtocols',
				description:
					'The protocols a device spoke as client and as server, two requests, to spot an unusual service',
				action: 'Get the protocols of a device',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find devices by IP, name, MAC and more, one request per 1,000 devices',
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
