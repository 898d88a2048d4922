/**
 * Investigations (ExtraHop spec `detections.md`, "Investigations"): `POST /investigations`
 * (name required; assessment, assignee, event_ids, notes, status), `GET /investigations`,
 * `POST /investigations/search` (creation_time, is_user_created, update_time),
 * `GET|PATCH|DELETE /investigations/{id}` (PATCH answers 204; `event_ids` replaces the list).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { ExtraHopContext } from '../../common/auth';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { parseObjectId, parseObjectIds } from '../../common/validation';

export const INVESTIGATION_ASSESSMENTS = [
	'malicious_true_positive',
	'benign_true_positive',
	'false_positive',
	'undecided',
] as const;
export const INVESTIGATION_STATUSES = ['open', 'in_progress', 'closed'] as const;

export function investigationIdOf(context: IExecuteFunctions, i: number): number {
	return parseObjectId(
		context.getNode(),
		'investigation',
		context.getNodeParameter('investigationId', i),
		i,
		'Use the numeric ID of the investigation (Get Many lists them).',
	);
}

export function detectionIdsOf(context: IExecuteFunctions, raw: unknown, i: number): number[] {
	return parseObjectIds(context.getNode(), 'detection', raw, i);
}

export async function getInvestigation(
	context: ExtraHopContext,
	id: number,
	itemIndex: number,
): Promise<IDataObject> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: `/investigations/${id}`,
		itemIndex,
		notFoundMessage: `Investigation ${id} not found`,
	})) as ExtraHopResponse<IDataObject>;
	return response.body;
}

export async function patchInvestigation(
	context: ExtraHopContext,
	id: number,
	body: IDataObject,
	itemIndex: number,
): Promise<void> {
	await extraHopApiRequest.call(context, {
		method: 'PATCH',
		endpoint: `/investigations/${id}`,
		body,
		itemIndex,
		notFoundMessage: `Investigation ${id} not found`,
	});
}

/**
 * The detection IDs an investigation holds. The spec names the write field `event_ids` but does
 * not list the fields of the Investigations object it answers; we read `detections` (an
 * assumption, unverified against an appliance) or `event_ids`. Without either we refuse rather
 * than replace the list with a partial one.
 */
export function investigationDetectionIds(
	context: ExtraHopContext,
	investigation: IDataObject,
	itemIndex: number,
): number[] {
	const list = Array.isArray(investigation.detections)
		? investigation.detections
		: Array.isArray(investigation.event_ids)
			? investigation.event_ids
			: undefined;
	if (!list) {
		throw new NodeOperationError(
			context.getNode(),
			`ExtraHop did not say which detections investigation ${String(investigation.id)} holds`,
			{
				itemIndex,
				description:
					'Adding would replace its detections with only the new ones. Use Update with the complete list of detection IDs instead.',
			},
		);
	}
	return list
		.map((d) => (typeof d === 'object' && d !== null ? Number((d as IDataObject).id) : Number(d)))
		.filter((n) => Number.isSafeInteger(n));
}
