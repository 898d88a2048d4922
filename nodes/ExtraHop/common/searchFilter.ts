/** The body of POST /detections/search from the filter options (descriptions/searchFilters.ts) the user set. */
import type { IDataObject, INode } from 'n8n-workflow';

import { toEpochMs, toList } from './validation';

/** Search-body `filter` object from the filter options the user set; nothing for unset ones. */
export function buildSearchFilter(filters: IDataObject): IDataObject {
	const filter: IDataObject = {};
	const categories = toList(filters.categories);
	if (categories.length) filter.categories = categories;
	const riskScoreMin = Number(filters.riskScoreMin ?? 0);
	if (Number.isFinite(riskScoreMin) && riskScoreMin > 0)
		filter.risk_score_min = Math.round(riskScoreMin);
	for (const [option, key] of [
		['status', 'status'],
		['resolution', 'resolution'],
		['assignee', 'assignee'],
		['ticketId', 'ticket_id'],
		['types', 'types'],
	] as const) {
		const values = toList(filters[option]);
		if (values.length) filter[key] = values;
	}
	if (filters.recommended === true) filter.recommended = true;
	return filter;
}

export function buildTimeFields(node: INode, filters: IDataObject, itemIndex: number): IDataObject {
	const body: IDataObject = {};
	if (filters.modifiedSince)
		body.mod_time = toEpochMs(node, 'Modified Since', filters.modifiedSince, itemIndex);
	if (filters.occurredFrom)
		body.from = toEpochMs(node, 'Occurred From', filters.occurredFrom, itemIndex);
	if (filters.occurredUntil)
		body.until = toEpochMs(node, 'Occurred Until', filters.occurredUntil, itemIndex);
	return body;
}
