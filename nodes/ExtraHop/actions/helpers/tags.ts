/**
 * Tags (ExtraHop spec `devices.md`): `GET|POST /tags`, `GET /tags/{id}`, and `POST
 * /tags/{id}/devices` with an assignment, `{"assign": [device IDs], "unassign": [device IDs]}` (the
 * spec's `assignment` schema, the body XSOAR's ExtraHop v2 integration sends; the watchlist's
 * `POST /watchlist/devices` takes the same).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { ExtraHopContext } from '../../common/auth';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { parseObjectId } from '../../common/validation';

export type TagRef = { id: number } | { name: string };

export function tagRefOf(context: IExecuteFunctions, i: number): TagRef {
	const raw = context.getNodeParameter('tag', i, '');
	const text = String(raw ?? '').trim();
	if (text === '')
		throw new NodeOperationError(context.getNode(), 'No tag given', {
			itemIndex: i,
			description: 'Give the tag ID or its name.',
		});
	if (/^\d+$/.test(text)) return { id: parseObjectId(context.getNode(), 'tag', text, i) };
	return { name: text };
}

export async function listTags(
	context: ExtraHopContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: '/tags',
		itemIndex,
	})) as ExtraHopResponse<unknown>;
	if (!Array.isArray(response.body)) {
		throw new NodeOperationError(
			context.getNode(),
			'ExtraHop answered the tag list with something other than a list',
			{ itemIndex },
		);
	}
	return response.body as IDataObject[];
}

export async function resolveTagId(
	context: IExecuteFunctions,
	ref: TagRef,
	itemIndex: number,
): Promise<number> {
	if ('id' in ref) return ref.id;
	const found = (await listTags(context, itemIndex)).find((t) => t.name === ref.name);
	if (!found || typeof found.id !== 'number') {
		throw new NodeOperationError(context.getNode(), `No tag named "${ref.name.slice(0, 80)}"`, {
			itemIndex,
			description:
				'Create it first (Tag > Create), or check its spelling: names are matched exactly.',
		});
	}
	return found.id;
}
