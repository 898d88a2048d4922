/**
 * Typed calls the ExtraHop operations and triggers share, on top of the transport.
 */
import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

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
 * POST a new object to `endpoint` and return it as ExtraHop stored it. Creates answer 201 with
 * the new ID in Location: the object is read by that ID. Without that header, the list at the same
 * endpoint is read back and matched on what was sent (exactly one match is the new object); none or
 * several leave the ID unknown, and the output says so rather than guess.
 */
export async function createAndReadBack(
	context: ExtraHopContext,
	create: {
		/** Always POST; named at each call so scripts/endpoints.mjs lists the endpoint. */
		method: 'POST';
		endpoint: string;
		body: IDataObject;
		read: (id: number) => Promise<IDataObject>;
		isCreated: (candidate: IDataObject) => boolean;
	},
	itemIndex: number,
): Promise<IDataObject> {
	const response = (await extraHopApiRequest.call(context, {
		method: create.method,
		endpoint: create.endpoint,
		body: create.body,
		itemIndex,
	})) as ExtraHopResponse<unknown>;
	const id = createdId(response.headers, response.body);
	if (id !== undefined) return await create.read(id);
	const listed = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: create.endpoint,
		itemIndex,
	})) as ExtraHopResponse<unknown>;
	const list = listBody(context, listed, 'the list', itemIndex);
	const matches = list.filter((candidate) => candidate && create.isCreated(candidate));
	if (matches.length === 1) return matches[0];
	return {
		created: true,
		...create.body,
		id: null,
		id_unknown:
			'ExtraHop answered without the new ID (no Location header), and not exactly one object in the list matches what was sent',
	};
}

/** A name an object cannot be created without: trimmed, or a clear error naming the object. */
export function requiredName(node: INode, value: unknown, what: string, itemIndex: number): string {
	const name = String(value ?? '').trim();
	if (name === '') throw new NodeOperationError(node, `The ${what} needs a name`, { itemIndex });
	return name;
}
