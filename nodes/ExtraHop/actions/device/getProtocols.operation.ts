import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

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

const properties: INodeProperties[] = [...topologyProperties, ...returnAllOrLimit];

interface Prepared extends TopologyQuery {
	limit: number;
}

export const getProtocols: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['device'], operation: ['getProtocols'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return {
			...prepareTopology(this, i),
			limit: resultLimitOf(this, i),
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const device = await originDevice(this, p.device, i);
		const id = Number(device.id);
		const { edges, window } = await queryPeers(this, id, p, undefined, i);
		// One entry per protocol stack and role of the device in it (client: it opened the connections).
		const protocols = new Map<
			string,
			{ stack: string[]; role: string; weight: number; peers: Set<number> }
		>();
		for (const edge of edges) {
			if (edge.from !== id && edge.to !== id) continue;
			const role = edge.from === id ? 'client' : 'server';
			const peer = role === 'client' ? edge.to : edge.from;
			for (const s of edge.stacks) {
				const key = `${role}:${s.stack.join(':')}`;
				const entry = protocols.get(key) ?? {
					stack: s.stack,
					role,
					weight: 0,
					peers: new Set<number>(),
				};
				entry.weight += s.weight;
				entry.peers.add(peer);
				protocols.set(key, entry);
			}
		}
		const origin = await originFields(this, device, window, i);
		return [...protocols.values()]
			.sort((a, b) => b.weight - a.weight)
			.slice(0, p.limit)
			.map((e): IDataObject => ({
				...origin,
				protocol: protocolName(e.stack),
				stack: e.stack.join(':'),
				role: e.role,
				weighting: p.weighting,
				weight: e.weight,
				peer_count: e.peers.size,
				peer_ids: [...e.peers].sort((a, b) => a - b),
			}));
	},
};
