/**
 * Devices (ExtraHop spec `devices.md`): `GET /devices/{id}`, `POST /devices/search`.
 * The search filter is `{field, operator, operand}` or `{operator: "and"|"or", rules: [...]}`
 * (the spec only says "filter (object)"; the shape is the one ExtraHop's REST API guide and its
 * own code examples use, e.g. code-examples/migrate_detection_hiding: `{"field": "macaddr",
 * "operand": mac, "operator": "="}`).
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { ExtraHopContext } from './auth';
import { extraHopApiRequest, type ExtraHopResponse } from './transport';
import { apiBase } from './api';
import { uiBaseUrl } from './detection';

export const DEVICE_SEARCH_PAGE = 1000;

export async function getDevice(
	context: ExtraHopContext,
	id: number,
	itemIndex: number,
): Promise<IDataObject> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: `/devices/${id}`,
		itemIndex,
		notFoundMessage: `Device ${id} not found`,
	})) as ExtraHopResponse<IDataObject>;
	return withDeviceUrl(response.body, await apiBase(context, itemIndex));
}

/** One page of POST /devices/search (a bare array). */
export async function searchDevicesPage(
	context: ExtraHopContext,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject[]> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'POST',
		endpoint: '/devices/search',
		body,
		idempotent: true,
		itemIndex,
	})) as ExtraHopResponse<unknown>;
	if (!Array.isArray(response.body)) {
		throw new NodeOperationError(
			context.getNode(),
			'ExtraHop answered the device search with something other than a list',
			{ itemIndex },
		);
	}
	return response.body as IDataObject[];
}

/** Pages through POST /devices/search up to `limit` devices. */
export async function searchDevices(
	context: ExtraHopContext,
	body: IDataObject,
	limit: number,
	itemIndex: number,
): Promise<IDataObject[]> {
	const base = await apiBase(context, itemIndex);
	const results = await collectPages(
		(pageLimit, offset) =>
			searchDevicesPage(context, { ...body, limit: pageLimit, offset }, itemIndex),
		limit,
		DEVICE_SEARCH_PAGE,
	);
	return results.map((d) => withDeviceUrl(d, base));
}

/** Pages by limit and offset until `limit` results, or a short page (the last one). */
export async function collectPages(
	fetchPage: (limit: number, offset: number) => Promise<IDataObject[]>,
	limit: number,
	pageSize: number,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	for (let offset = 0; results.length < limit;) {
		const size = Math.min(pageSize, limit - results.length);
		const page = await fetchPage(size, offset);
		results.push(...page);
		offset += page.length;
		if (page.length < size) break;
	}
	return results;
}

/** The device's page in the ExtraHop UI (the overview page is addressed by discovery ID). */
export function deviceUiUrl(device: IDataObject, base: string): string | undefined {
	const key = device.discovery_id ?? device.extrahop_id;
	if (typeof key !== 'string' || key === '') return undefined;
	return `${uiBaseUrl(base)}/extrahop/#/metrics/devices/${encodeURIComponent(key)}/overview`;
}

export function withDeviceUrl(device: IDataObject, base: string): IDataObject {
	if (typeof device.url === 'string' && device.url !== '') return device;
	const url = deviceUiUrl(device, base);
	return url ? { ...device, url } : device;
}

/** The name ExtraHop shows for a device: display name, then the other names it knows. */
export function deviceName(device: IDataObject): string | null {
	for (const key of [
		'display_name',
		'custom_name',
		'dns_name',
		'dhcp_name',
		'netbios_name',
		'cdp_name',
		'default_name',
	]) {
		const value = device[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
	}
	return null;
}

export function deviceIps(device: IDataObject): string[] {
	return [device.ipaddr4, device.ipaddr6].filter(
		(v): v is string => typeof v === 'string' && v !== '',
	);
}

/** What a ticket needs about a device. */
export function deviceSummary(device: IDataObject): IDataObject {
	return {
		id: device.id,
		name: deviceName(device),
		ipaddrs: deviceIps(device),
		macaddr: device.macaddr ?? null,
		role: device.role ?? null,
		vendor: device.vendor ?? null,
		on_watchlist: device.on_watchlist ?? null,
		url: device.url ?? null,
	};
}
