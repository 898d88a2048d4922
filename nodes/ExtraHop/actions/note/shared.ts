import type { IDataObject } from 'n8n-workflow';

import type { ExtraHopContext } from '../../common/auth';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';

export async function readNote(
	context: ExtraHopContext,
	id: number,
	itemIndex: number,
): Promise<string> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: `/detections/${id}/notes`,
		tracking: true,
		itemIndex,
		notFoundMessage: `Detection ${id} not found`,
	})) as ExtraHopResponse<IDataObject>;
	const note = response.body?.note;
	return typeof note === 'string' ? note : '';
}

/** PUT creates or replaces the whole note: there is no append in the API. */
export async function writeNote(
	context: ExtraHopContext,
	id: number,
	note: string,
	itemIndex: number,
): Promise<void> {
	await extraHopApiRequest.call(context, {
		method: 'PUT',
		endpoint: `/detections/${id}/notes`,
		tracking: true,
		body: { note },
		idempotent: true,
		itemIndex,
		notFoundMessage: `Detection ${id} not found`,
	});
}
