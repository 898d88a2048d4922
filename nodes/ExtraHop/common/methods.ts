import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { apiBase, searchDetections } from './api';
import { withDetectionUrl } from './detection';
import { deviceIps, deviceName, searchDevicesPage, withDeviceUrl } from './devices';
import { extraHopApiRequest, type ExtraHopResponse } from './transport';
import { isIpOrCidr } from './validation';

export async function getDetectionTypes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const response = (await extraHopApiRequest.call(this, {
		method: 'GET',
		endpoint: '/detections/formats',
	})) as ExtraHopResponse<IDataObject[]>;
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
export async function searchDetectionsList(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
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
		.filter(
			(d) =>
				needle === '' ||
				String(d.title ?? '')
					.toLowerCase()
					.includes(needle) ||
				String(d.id) === needle,
		)
		.map((d) => ({
			name: `#${String(d.id)} ${String(d.title ?? '')}${typeof d.risk_score === 'number' ? ` (risk ${d.risk_score})` : ''}`,
			value: String(d.id),
			url: String(withDetectionUrl(d, base).url),
		}));
	return { results };
}

/** Devices for the "From List" picker: search by name (or IP when the filter is one), at most 100. */
export async function searchDevicesList(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim();
	const body: IDataObject = { limit: 100 };
	if (needle !== '') {
		body.filter = isIpOrCidr(needle)
			? { field: 'ipaddr', operator: '=', operand: needle }
			: { field: 'name', operator: '~', operand: needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
	}
	const devices = await searchDevicesPage(this, body, 0);
	const base = await apiBase(this);
	return {
		results: devices.map((d) => {
			const ips = deviceIps(d);
			return {
				name: `${deviceName(d) ?? `Device ${String(d.id)}`}${ips.length ? ` (${ips.join(', ')})` : ''}`,
				value: String(d.id),
				url: withDeviceUrl(d, base).url as string | undefined,
			};
		}),
	};
}
