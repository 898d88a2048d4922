/**
 * Device groups (ExtraHop spec `devices.md`, "Device Group"): `GET /devicegroups` (name as a
 * regular expression, type), `GET /devicegroups/{id}/devices` (limit, offset) and
 * `POST /devicegroups/{id}/devices` with an assignment (static groups only).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { parseObjectId } from '../../common/validation';

export function deviceGroupIdOf(context: IExecuteFunctions, i: number): number {
	return parseObjectId(
		context.getNode(),
		'device group',
		context.getNodeParameter('deviceGroupId', i),
		i,
		'Use the numeric ID of the device group (Device Group > Get Many lists them).',
	);
}
