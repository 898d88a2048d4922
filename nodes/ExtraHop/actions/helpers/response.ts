/**
 * Response actions on devices (ExtraHop spec `devices.md`): the watchlist
 * (`POST /watchlist/devices` with an assignment, `GET /watchlist/devices`) and tags (`GET|POST
 * /tags`, `GET /tags/{id}`, `POST /tags/{id}/devices` with an assignment). An assignment is
 * `{"assign": [device IDs], "unassign": [device IDs]}` (the spec's `assignment` schema, the
 * body XSOAR's ExtraHop v2 integration sends).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { ExtraHopContext } from '../../common/auth';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { parseObjectId, parseObjectIds } from '../../common/validation';

export const deviceIdsProperty: INodeProperties = {
	displayName: 'Device IDs',
	name: 'deviceIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1907, 1912',
	description: 'Comma-separated device API IDs, or an expression giving an array of IDs',
};

export const tagProperty: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. quarantine or 12',
	description: 'The tag: its numeric ID, or its exact name',
};

export function deviceIdsOf(context: IExecuteFunctions, i: number): number[] {
	const ids = parseObjectIds(context.getNode(), 'device', context.getNodeParameter('deviceIds', i, ''), i);
	if (ids.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No device IDs given', { itemIndex: i, description: 'Give one or more device IDs, comma-separated.' });
	}
	return ids;
}

export type TagRef = { id: number } | { name: string };

export function tagRefOf(context: IExecuteFunctions, i: number): TagRef {
	const raw = context.getNodeParameter('tag', i, '');
	const text = String(raw ?? '').trim();
	if (text === '') throw new NodeOperationError(context.getNode(), 'No tag given', { itemIndex: i, description: 'Give the tag ID or its name.' });
	if (/^\d+$/.test(text)) return { id: parseObjectId(context.getNode(), 'tag', text, i) };
	return { name: text };
}

export async function listTags(context: ExtraHopContext, itemIndex: number): Promise<IDataObject[]> {
	const response = (await extraHopApiRequest.call(context, { method: 'GET', endpoint: '/tags', itemIndex })) as ExtraHopResponse<unknown>;
	if (!Array.isArray(response.body)) {
		throw new NodeOperationError(context.getNode(), 'ExtraHop answered the tag list with something other than a list', { itemIndex });
	}
	return response.body as IDataObject[];
}

export async function resolveTagId(context: IExecuteFunctions, ref: TagRef, itemIndex: number): Promise<number> {
	if ('id' in ref) return ref.id;
	const found = (await listTags(context, itemIndex)).find((t) => t.name === ref.name);
	if (!found || typeof found.id !== 'number') {
		throw new NodeOperationError(context.getNode(), `No tag named "${ref.name.slice(0, 80)}"`, {
			itemIndex,
			description: 'Create it first (Tag > Create), or check its spelling: names are matched exactly.',
		});
	}
	return found.id;
}
