import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { apiBase, searchDetections } from '../helpers/api';
import { withDetectionUrl } from '../helpers/detection';
import { extraHopApiRequest, type ExtraHopResponse } from '../transport';

export async function getDetectionTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = (await extraHopApiRequest.call(this, { method: 'GET', endpoint: '/detections/formats' })) as ExtraHopResponse<IDataObject[]>;
	const types = Array.isArray(response.body) ? response.body : [];
	return types
		.map((t) => ({
			name: String(t.display_name ?? t.type),
			value: String(t.type),
			description: Array.isArray(t.categories) ? t.categories.join(', ') : undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Recent detections for the "From List" picker, newest first, filtered by title or ID. */
export async function searchDetectionsList(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { detections } = await searchDetections(this, {
		sort: [
			{ field: 'mod_time', direction: 'desc' },
			{ field: 'id', direction: 'desc' },
		],
		limit: 200,
	});
	const base = await apiBase(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = detections
		.filter((d) => needle === '' || String(d.title ?? '').toLowerCase().includes(needle) || String(d.id) === needle)
		.map((d) => ({
			name: `#${String(d.id)} ${String(d.title ?? '')}${typeof d.risk_score === 'number' ? ` (risk ${d.risk_score})` : ''}`,
			value: String(d.id),
			url: String(withDetectionUrl(d, base).url),
		}));
	return { results };
}
