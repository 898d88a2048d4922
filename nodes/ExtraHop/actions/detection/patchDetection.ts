/**
 * PATCH /detections/{id} as ExtraHop's reference defines it: `ticket_id` is "(required)" on this
 * operation (detections.md, "PATCH /detections/{id}"), and ExtraHop's own example
 * (ExtraHop/code-examples, update_detections.py) always sends one. A status, assignee or
 * resolution change has no ticket ID to give, so when the user sets none, the detection's current
 * ticket ID is read and sent back unchanged: an existing ticket ID is never cleared or changed, and
 * the request is valid whether or not the appliance enforces the field. (If another system links a
 * ticket between the read and the write, the write puts back the value read: the window is one
 * round trip.)
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { extraHopApiRequest } from '../../common/transport';

async function currentTicketId(
	context: IExecuteFunctions,
	id: number,
	itemIndex: number,
): Promise<string | null> {
	const response = await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: `/detections/${id}`,
		itemIndex,
		notFoundMessage: `Detection ${id} not found`,
	});
	const ticket = (response.body as IDataObject | undefined)?.ticket_id;
	return typeof ticket === 'string' ? ticket : null;
}

export async function patchDetection(
	context: IExecuteFunctions,
	id: number,
	body: IDataObject,
	itemIndex: number,
): Promise<void> {
	const payload =
		'ticket_id' in body
			? body
			: { ...body, ticket_id: await currentTicketId(context, id, itemIndex) };
	await extraHopApiRequest.call(context, {
		method: 'PATCH',
		endpoint: `/detections/${id}`,
		tracking: true,
		body: payload,
		idempotent: true,
		itemIndex,
		notFoundMessage: `Detection ${id} not found`,
	});
}
