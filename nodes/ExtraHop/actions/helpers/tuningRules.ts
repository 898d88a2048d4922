/**
 * Tuning rules (ExtraHop spec `detections.md`: `/detections/rules/hiding`). Create requires
 * `expiration` (ms since the epoch; 0 or null: never), `offender` and `victim` (a
 * detection_hiding_participant object, or "Any"); `detection_types` lists the types it hides;
 * `description` is optional (ExtraHop's migrate_detection_hiding example: it cannot be null).
 * PATCH also takes `enabled`. A participant object is `{object_type: "device"|"device_group",
 * object_id}` or `{object_type: "ipaddr", object_value}` (the objects that example migrates).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
} from 'n8n-workflow';

import type { ExtraHopContext } from '../../common/auth';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { isIpOrCidr, parseObjectId } from '../../common/validation';
import { PARTICIPANT_HINT } from '../descriptions/tuningRule';

/** "Any", a device ID, an IP/CIDR or group:<id>, as the API's participant value. */
export function parseRuleParticipant(
	node: INode,
	role: string,
	raw: unknown,
	itemIndex: number,
): IDataObject | 'Any' {
	if (raw !== null && typeof raw === 'object') {
		const given = raw as IDataObject;
		if (typeof given.object_type === 'string') return given;
	}
	const text = String(raw ?? '').trim();
	if (text === '' || text.toLowerCase() === 'any') return 'Any';
	const device = /^(?:device:)?(\d+)$/i.exec(text);
	if (device)
		return {
			object_type: 'device',
			object_id: parseObjectId(node, 'device', device[1], itemIndex),
		};
	const group = /^(?:group|device_group):(\d+)$/i.exec(text);
	if (group)
		return {
			object_type: 'device_group',
			object_id: parseObjectId(node, 'device group', group[1], itemIndex),
		};
	const ip = text.replace(/^ip(?:addr)?:/i, '');
	if (isIpOrCidr(ip)) return { object_type: 'ipaddr', object_value: ip };
	throw new NodeOperationError(node, `Invalid ${role} "${text.slice(0, 60)}"`, {
		itemIndex,
		description: `Use ${PARTICIPANT_HINT}`,
	});
}

export function ruleIdOf(context: IExecuteFunctions, i: number): number {
	return parseObjectId(
		context.getNode(),
		'tuning rule',
		context.getNodeParameter('ruleId', i),
		i,
		'Use the numeric ID of the tuning rule (Get Many lists them).',
	);
}

export async function getTuningRule(
	context: ExtraHopContext,
	id: number,
	itemIndex: number,
): Promise<IDataObject> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: `/detections/rules/hiding/${id}`,
		itemIndex,
		notFoundMessage: `Tuning rule ${id} not found`,
	})) as ExtraHopResponse<IDataObject>;
	return response.body;
}
