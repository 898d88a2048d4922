/**
 * Paging through a record search. Recordstores differ (agent-skills
 * extrahop-pqc-tls-readiness/reference/metrics.md, measured on 26.3): some refuse `offset` (422)
 * and page only with a cursor (`context_ttl` on the search, then `POST /records/cursor`); others
 * give no cursor and page with `offset`. The search always asks for a cursor, follows it when one
 * comes back, and otherwise pages with `offset` over the absolute from/until of the first answer
 * (so a relative "-1h" does not slide between pages), as ExtraHop's own tools do.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';

export const RECORD_PAGE = 1000;
/** How long ExtraHop keeps the search context between two pages, in milliseconds. */
export const CONTEXT_TTL_MS = 120_000;

interface RecordPage {
	records: IDataObject[];
	total?: number;
	cursor?: string;
	from?: number;
	until?: number;
}

function readPage(context: IExecuteFunctions, body: unknown, itemIndex: number): RecordPage {
	const page = body as RecordPage | undefined;
	if (!page || typeof page !== 'object' || !Array.isArray(page.records)) {
		throw new NodeOperationError(
			context.getNode(),
			'ExtraHop answered the record search without a list of records',
			{
				itemIndex,
				description:
					'Record search needs a recordstore (RevealX Enterprise: an ExtraHop recordstore or CrowdStrike LogScale; RevealX 360: Premium Investigation).',
			},
		);
	}
	return page;
}

/** A first page (a search body) or the next page of a cursor. */
async function fetchPage(
	context: IExecuteFunctions,
	request: { search: IDataObject } | { cursor: string },
	itemIndex: number,
): Promise<RecordPage> {
	const response = (
		'search' in request
			? await extraHopApiRequest.call(context, {
					method: 'POST',
					endpoint: '/records/search',
					body: request.search,
					idempotent: true,
					itemIndex,
				})
			: // Not repeated on a lost answer: the cursor may have moved on, and a page would be skipped.
				await extraHopApiRequest.call(context, {
					method: 'POST',
					endpoint: '/records/cursor',
					body: { cursor: request.cursor },
					qs: { context_ttl: CONTEXT_TTL_MS },
					itemIndex,
				})
	) as ExtraHopResponse<unknown>;
	return readPage(context, response.body, itemIndex);
}

/** Up to `limit` records of a search body (filter, types, from, until, sort), in ExtraHop's order. */
export async function searchRecords(
	context: IExecuteFunctions,
	body: IDataObject,
	limit: number,
	itemIndex: number,
): Promise<IDataObject[]> {
	const pageSize = Math.min(RECORD_PAGE, limit);
	let page = await fetchPage(
		context,
		{ search: { ...body, limit: pageSize, context_ttl: CONTEXT_TTL_MS } },
		itemIndex,
	);
	const records = [...page.records];
	const total = typeof page.total === 'number' ? page.total : Infinity;
	const window = {
		from: typeof page.from === 'number' ? page.from : body.from,
		until: typeof page.until === 'number' ? page.until : body.until,
	};
	while (records.length < limit && records.length < total && page.records.length > 0) {
		if (typeof page.cursor === 'string' && page.cursor !== '') {
			page = await fetchPage(context, { cursor: page.cursor }, itemIndex);
		} else {
			if (page.records.length < pageSize) break;
			page = await fetchPage(
				context,
				{ search: { ...body, ...window, limit: pageSize, offset: records.length } },
				itemIndex,
			);
		}
		records.push(...page.records);
	}
	return records.slice(0, limit);
}
