import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { deviceIps, deviceName, deviceSummary } from '../../common/devices';
import { participantDevice } from '../../common/enrichment';
import type { Operation } from '../../../shared/operation';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import {
	originDevice,
	originFields,
	prepareTopology,
	protocolName,
	queryPeers,
	topologyProperties,
	type TopologyQuery,
} from '../helpers/activityMap';

const properties: INodeProperties[] = [
	...topologyProperties,
	{
		displayName: 'Peer Role',
		name: 'peerRole',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Client', value: 'client', description: 'Peers that connected to the device' },
			{ name: 'Server', value: 'server', description: 'Peers the device connected to' },
		],
		default: 'any',
	},
	{
		displayName: 'Protocol',
		name: 'protocol',
		type: 'string',
		default: 'any',
		placeholder: 'e.g. any, CIFS, HTTP, SSH, DNS',
		description: 'Only peers reached over this protocol (any for all)',
	},
	...returnAllOrLimit,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			"Whether to return only the peer's ID, name and IP addresses, direction, protocols, weight and links, without the peer's device record and protocol stacks",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Look Up Peer Devices',
				name: 'lookUpPeers',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each peer device (name, IP addresses, link): one request per distinct peer, cached for the execution, at most 100 per execution',
			},
		],
	},
];

interface Prepared extends TopologyQuery {
	relationship: { protocol: string; role: string };
	limit: number;
	simplify: boolean;
	lookUp: boolean;
}

interface Peer {
	id: number;
	weight: number;
	outbound: boolean;
	inbound: boolean;
	stacks: Map<string, { stack: string[]; weight: number; direction: string }>;
}

export const getPeers: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['device'], operation: ['getPeers'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const role = String(this.getNodeParameter('peerRole', i, 'any'));
		if (!['any', 'client', 'server'].includes(role))
			throw new NodeOperationError(this.getNode(), `Invalid peer role "${role.slice(0, 20)}"`, {
				itemIndex: i,
				description: 'Peer roles: any, client, server.',
			});
		const protocol = String(this.getNodeParameter('protocol', i, 'any') ?? '').trim() || 'any';
		if (!/^[\w./ -]+$/.test(protocol))
			throw new NodeOperationError(this.getNode(), `Invalid protocol "${protocol.slice(0, 40)}"`, {
				itemIndex: i,
				description: 'A protocol name as ExtraHop shows it, such as CIFS, HTTP or SSH, or any.',
			});
		return {
			...prepareTopology(this, i),
			relationship: { protocol, role },
			limit: resultLimitOf(this, i),
			simplify: this.getNodeParameter('simplify', i, false) as boolean,
			lookUp: (this.getNodeParameter('options', i, {}) as IDataObject).lookUpPeers !== false,
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const device = await originDevice(this, p.device, i);
		const id = Number(device.id);
		const { edges, window } = await queryPeers(this, id, p, p.relationship, i);
		const peers = new Map<number, Peer>();
		for (const edge of edges) {
			if (edge.from !== id && edge.to !== id) continue;
			const outbound = edge.from === id;
			const peerId = outbound ? edge.to : edge.from;
			if (peerId === id) continue;
			const peer = peers.get(peerId) ?? {
				id: peerId,
				weight: 0,
				outbound: false,
				inbound: false,
				stacks: new Map(),
			};
			peer.weight += edge.weight;
			peer[outbound ? 'outbound' : 'inbound'] = true;
			for (const s of edge.stacks) {
				const key = `${outbound ? 'out' : 'in'}:${s.stack.join(':')}`;
				const entry = peer.stacks.get(key) ?? {
					stack: s.stack,
					weight: 0,
					direction: outbound ? 'outbound' : 'inbound',
				};
				entry.weight += s.weight;
				peer.stacks.set(key, entry);
			}
			peers.set(peerId, peer);
		}
		const origin = await originFields(this, device, window, i);
		const ranked = [...peers.values()]
			.sort((a, b) => b.weight - a.weight || a.id - b.id)
			.slice(0, p.limit);
		const out: IDataObject[] = [];
		for (const peer of ranked) {
			const found = p.lookUp
				? (await participantDevice(this, { object_type: 'device', object_id: peer.id }, i)).device
				: null;
			const stacks = [...peer.stacks.values()].sort((a, b) => b.weight - a.weight);
			const item: IDataObject = {
				...origin,
				peer_id: peer.id,
				peer_name: found ? deviceName(found) : null,
				peer_ipaddrs: found ? deviceIps(found) : [],
				direction: peer.outbound && peer.inbound ? 'both' : peer.outbound ? 'outbound' : 'inbound',
				peer_role: peer.outbound && peer.inbound ? 'both' : peer.outbound ? 'server' : 'client',
				weighting: p.weighting,
				weight: peer.weight,
				protocols: [...new Set(stacks.map((s) => protocolName(s.stack)))],
				peer_url: (found?.url as string) ?? null,
			};
			if (!p.simplify) {
				item.protocol_stacks = stacks.map((s) => ({
					protocol: s.stack.join(':'),
					direction: s.direction,
					weight: s.weight,
				}));
				item.peer_device = found ? deviceSummary(found) : null;
			}
			out.push(item);
		}
		return out;
	},
};
