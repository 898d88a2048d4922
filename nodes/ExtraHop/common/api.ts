/**
 * Typed calls the ExtraHop operations and triggers share, on top of the transport.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { CREDENTIAL_TYPE, authenticationOf, type ExtraHopContext } from './auth';
import { extraHopApiRequest, normaliseBaseUrl, type ExtraHopResponse } from './transport';
import { withDetectionUrl } from './detection';

export async function apiBase(context: ExtraHopContext, itemIndex = 0): Promise<string> {
	const credentials = await context.getCredentials(
		CREDENTIAL_TYPE[authenticationOf(context)],
		itemIndex,
	);
	return normaliseBaseUrl(credentials.url);
}

export async function getDetection(
	context: ExtraHopContext,
	id: number,
	itemIndex: number,
	includeActivityLog = false,
): Promise<IDataObject> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: `/detections/${id}`,
		qs: includeActivityLog ? { include_activity_log: true } : undefined,
		itemIndex,
		notFoundMessage: `Detection ${id} not found`,
	})) as ExtraHopResponse<IDataObject>;
	return withDetectionUrl(response.body, await apiBase(context, itemIndex));
}

/** One page of POST /detections/search; the API answers a bare array. */
export async function searchDetections(
	context: ExtraHopContext,
	body: IDataObject,
	itemIndex = 0,
): Promise<{ detections: IDataObject[]; headers: ExtraHopResponse<unknown>['headers'] }> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'POST',
		endpoint: '/detections/search',
		body,
		idempotent: true,
		itemIndex,
	})) as ExtraHopResponse<unknown>;
	if (!Array.isArray(response.body)) {
		throw new NodeOperationError(
			context.getNode(),
			'ExtraHop answered the detection search with something other than a list',
			{
				itemIndex,
				description:
					'Check that the credential URL points at an ExtraHop sensor or console (firmware 8.0 or later).',
			},
		);
	}
	return { detections: response.body as IDataObject[], headers: response.headers };
}

/**
 * The ID of an object ExtraHop just created: creates answer 201 with no body and the new
 * object's address in Location (e.g. `/api/v1/investigations/12`).
 */
export function createdId(
	headers: ExtraHopResponse<unknown>['headers'],
	body?: unknown,
): number | undefined {
	const raw = headers?.location ?? headers?.Location;
	const location = Array.isArray(raw) ? raw[0] : raw;
	const match = typeof location === 'string' ? /\/(\d+)\/?$/.exec(location) : null;
	if (match) return Number(match[1]);
	const id = (body as { id?: unknown } | undefined)?.id;
	return typeof id === 'number' ? id : undefined;
}

/** The body of a GET that answers a list (a bare array); anything else is a clear error naming `what`. */
export function listBody(
	context: ExtraHopContext,
	response: ExtraHopResponse<unknown>,
	what: string,
	itemIndex: number,
): IDataObject[] {
	if (!Array.isArray(response.body)) {
		throw new NodeOperationError(
			context.getNode(),
			`ExtraHop answered ${what} with something other than a list`,
			{ itemIndex },
		);
	}
	return response.body as IDataObject[];
}

/**
 * The object a create (answered 201) made: read by the ID in Location; without that header, the
 * list is read back and matched on what was sent (exactly one match is the new object); none or
 * several leave the ID unknown, and the output says so rather than guess.
 */
export async function readCreated(
	context: ExtraHopContext,
	response: ExtraHopResponse<unknown>,
	created: {
		read: (id: number) => Promise<IDataObject>;
		list: string;
		isCreated: (candidate: IDataObject) => boolean;
		sent: IDataObject;
	},
	itemIndex: number,
): Promise<IDataObject> {
	const id = createdId(response.headers, response.body);
	if (id !== undefined) return await created.read(id);
	const listed = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: created.list,
		itemIndex,
	})) as ExtraHopResponse<unknown>;
	const list = listBody(context, listed, 'the list', itemIndex);
	const matches = list.filter((candidate) => candidate && created.isCreated(candidate));
	if (matches.length === 1) return matches[0];
	return {
		created: true,
		...created.sent,
		id: null,
		id_unknown:
			'ExtraHop answered without the new ID (no Location header) and more than one object matches what was sent',
	};
}
