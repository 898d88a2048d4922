import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import {
	detectionContextOptions,
	includeActivityLogOption,
} from '../../common/descriptions/detectionContext';
import { enrichParticipantsOption } from '../../common/descriptions/enrichParticipants';
import { searchFilterOptions, timeFilterOptions } from '../../common/descriptions/searchFilters';
import { apiBase, searchDetections } from '../../common/api';
import { simplifyDetection, withDetectionUrl } from '../../common/detection';
import { addDetectionContext, type ContextOptions } from '../../common/detectionContext';
import { enrichParticipants } from '../../common/enrichment';
import { buildSearchFilter, buildTimeFields } from '../../common/searchFilter';
import type { Operation } from '../../../shared/operation';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { simplifyOf, simplifyProperties } from '../descriptions/simplify';

const PAGE_SIZE = 1000;

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [...searchFilterOptions, ...timeFilterOptions].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
	{
		displayName: 'Sort By',
		name: 'sortBy',
		type: 'options',
		options: [
			{ name: 'End Time', value: 'end_time' },
			{ name: 'ID', value: 'id' },
			{ name: 'Last Modified', value: 'mod_time' },
			{ name: 'Risk Score', value: 'risk_score' },
			{ name: 'Start Time', value: 'start_time' },
		],
		default: 'mod_time',
	},
	{
		displayName: 'Sort Direction',
		name: 'sortDirection',
		type: 'options',
		options: [
			{ name: 'Descending (Newest or Highest First)', value: 'desc' },
			{ name: 'Ascending', value: 'asc' },
		],
		default: 'desc',
	},
	...simplifyProperties(
		'Whether to return only the fields a ticket needs instead of the full detections',
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...detectionContextOptions, includeActivityLogOption, enrichParticipantsOption],
	},
];

interface Prepared {
	body: IDataObject;
	limit: number;
	simplify: boolean;
	enrich: boolean;
	context: ContextOptions;
}

export const getMany: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['detection'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const sortBy = this.getNodeParameter('sortBy', i, 'mod_time') as string;
		const direction = this.getNodeParameter('sortDirection', i, 'desc') as string;
		const sort = [{ field: sortBy, direction }];
		// An explicit, total order: without it ExtraHop pages in no guaranteed order.
		if (sortBy !== 'id') sort.push({ field: 'id', direction });
		const body: IDataObject = { ...buildTimeFields(this.getNode(), filters, i), sort };
		const filter = buildSearchFilter(filters);
		if (Object.keys(filter).length) body.filter = filter;
		const options = this.getNodeParameter('options', i, {}) as ContextOptions & {
			includeActivityLog?: boolean;
			enrichParticipants?: boolean;
		};
		if (options.includeActivityLog === true) body.include_activity_log = true;
		return {
			body,
			limit: returnAll
				? Infinity
				: Math.max(1, Math.floor(this.getNodeParameter('limit', i, 50) as number)),
			simplify: simplifyOf(this, i),
			enrich: options.enrichParticipants === true,
			context: { addTypeContext: options.addTypeContext, addLinks: options.addLinks },
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const base = await apiBase(this, i);
		const results: IDataObject[] = [];
		for (let offset = 0; results.length < p.limit;) {
			const pageSize = Math.min(PAGE_SIZE, p.limit - results.length);
			const { detections } = await searchDetections(
				this,
				{ ...p.body, limit: pageSize, offset },
				i,
			);
			results.push(...detections);
			offset += detections.length;
			if (detections.length < pageSize) break;
		}
		const out: IDataObject[] = [];
		for (const d of results) {
			let detection = withDetectionUrl(d, base);
			if (p.enrich) detection = await enrichParticipants(this, detection, i);
			detection = await addDetectionContext(this, detection, p.context, i);
			out.push(p.simplify ? simplifyDetection(detection) : detection);
		}
		return out;
	},
};
