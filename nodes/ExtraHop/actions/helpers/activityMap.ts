/**
 * A device's peers and protocols from ExtraHop's activity maps (metrics.md, "Activity Map":
 * POST /activitymaps/query). The walk is the one Cortex XSOAR's ExtraHop v2 sends: origins
 * `[{object_type: "device", object_id}]`, one step `[{relationships: [{protocol, role}]}]` (`role`
 * is the peer's), `edge_annotations: ["protocols"]`. An edge `{from, to, weight, annotations:
 * {protocols: [{protocol: [stack], weight}]}}` runs from the client to the server; its ends are
 * device IDs, or, when the answer lists `nodes`, node IDs naming devices (both are read).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { deviceIdLocator } from '../../common/descriptions/deviceId';
import { apiBase } from '../../common/api';
import { activityMapUrl } from '../../common/detectionContext';
import { deviceName, getDevice, searchDevicesPage, withDeviceUrl } from '../../common/devices';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { deviceRefFromLocator, type DeviceRef } from '../../common/validation';
import { isoTime } from '../../common/detection';
import { checkWindow, parseQueryTime, timeRangeProperties, type QueryTime } from './timeRange';

export const WEIGHTINGS = ['bytes', 'connections', 'turns'] as const;
export type Weighting = (typeof WEIGHTINGS)[number];

/** The parameters Get Peers and Get Protocols share: the device, the time range, the weighting. */
export const topologyProperties: INodeProperties[] = [
	deviceIdLocator,
	...timeRangeProperties(),
	{
		displayName: 'Weighting',
		name: 'weighting',
		type: 'options',
		options: [
			{ name: 'Bytes', value: 'bytes' },
			{ name: 'Connections', value: 'connections' },
			{ name: 'Turns', value: 'turns' },
		],
		default: 'bytes',
		description: 'What the weight of each peer or protocol counts',
	},
];

export interface TopologyQuery {
	device: DeviceRef;
	from: QueryTime;
	until: QueryTime;
	window: { from: number; until: number };
	weighting: Weighting;
}

export function prepareTopology(context: IExecuteFunctions, i: number): TopologyQuery {
	const node = context.getNode();
	const from = parseQueryTime(node, 'From', context.getNodeParameter('from', i, ''), i);
	const until = parseQueryTime(node, 'Until', context.getNodeParameter('until', i, '0'), i);
	const weighting = String(context.getNodeParameter('weighting', i, 'bytes')) as Weighting;
	if (!WEIGHTINGS.includes(weighting))
		throw new NodeOperationError(node, `Invalid weighting "${weighting.slice(0, 20)}"`, {
			itemIndex: i,
			description: `Weightings: ${WEIGHTINGS.join(', ')}.`,
		});
	return {
		device: deviceRefFromLocator(context, i),
		from,
		until,
		window: checkWindow(node, from, until, i),
		weighting,
	};
}

/** The origin device itself (its ID, name and discovery ID are needed for the output and links). */
export async function originDevice(
	context: IExecuteFunctions,
	ref: DeviceRef,
	i: number,
): Promise<IDataObject> {
	if ('id' in ref) return await getDevice(context, ref.id, i);
	const found = await searchDevicesPage(
		context,
		{ filter: { field: 'discovery_id', operator: '=', operand: ref.discoveryId }, limit: 1 },
		i,
	);
	if (found.length === 0)
		throw new NodeOperationError(
			context.getNode(),
			`No device with discovery ID ${ref.discoveryId}`,
			{
				itemIndex: i,
				description: 'Check the device URL, or pick the device from the list.',
			},
		);
	return withDeviceUrl(found[0], await apiBase(context, i));
}

export interface Edge {
	from: number;
	to: number;
	weight: number;
	stacks: Array<{ stack: string[]; weight: number }>;
}

/** POST /activitymaps/query for one device's direct peers; edges with device IDs at both ends. */
export async function queryPeers(
	context: IExecuteFunctions,
	deviceId: number,
	query: TopologyQuery,
	relationship: { protocol: string; role: string } | undefined,
	i: number,
): Promise<{ edges: Edge[]; window: { from: number; until: number } }> {
	const body: IDataObject = {
		edge_annotations: ['protocols'],
		from: query.from.api,
		until: query.until.api,
		weighting: query.weighting,
		walks: [
			{
				origins: [{ object_type: 'device', object_id: deviceId }],
				steps: [relationship ? { relationships: [relationship] } : {}],
			},
		],
	};
	const response = (await extraHopApiRequest.call(context, {
		method: 'POST',
		endpoint: '/activitymaps/query',
		body,
		idempotent: true,
		itemIndex: i,
	})) as ExtraHopResponse<IDataObject>;
	const answer = response.body;
	if (!answer || typeof answer !== 'object' || !Array.isArray(answer.edges))
		throw new NodeOperationError(
			context.getNode(),
			'ExtraHop answered the activity map query without edges',
			{
				itemIndex: i,
			},
		);
	const nodes = new Map<number, number>();
	for (const n of (Array.isArray(answer.nodes) ? answer.nodes : []) as IDataObject[])
		if (typeof n.id === 'number' && typeof n.object_id === 'number') nodes.set(n.id, n.object_id);
	const deviceOf = (end: unknown) => (nodes.size ? nodes.get(Number(end)) : Number(end));
	const edges: Edge[] = [];
	for (const e of answer.edges as IDataObject[]) {
		const from = deviceOf(e.from);
		const to = deviceOf(e.to);
		if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to))
			continue;
		const annotations = (e.annotations ?? {}) as IDataObject;
		const stacks = (
			(Array.isArray(annotations.protocols) ? annotations.protocols : []) as IDataObject[]
		).map((p) => ({
			stack: (Array.isArray(p.protocol) ? p.protocol : [p.protocol]).map(String),
			weight: Number(p.weight ?? 0),
		}));
		edges.push({ from, to, weight: Number(e.weight ?? 0), stacks });
	}
	return {
		edges,
		window: {
			from: typeof answer.from === 'number' ? answer.from : query.window.from,
			until: typeof answer.until === 'number' ? answer.until : query.window.until,
		},
	};
}

/** A protocol by its top layer ("IPv4:TCP:CIFS" is CIFS). */
export const protocolName = (stack: string[]): string => stack[stack.length - 1] ?? 'unknown';

/** What every peer and protocol item says about the origin and the time range. */
export async function originFields(
	context: IExecuteFunctions,
	device: IDataObject,
	window: { from: number; until: number },
	i: number,
): Promise<IDataObject> {
	return {
		device_id: device.id,
		device_name: deviceName(device),
		from: isoTime(window.from),
		until: isoTime(window.until),
		activity_map_url: activityMapUrl(await apiBase(context, i), device, window) ?? null,
	};
}
