/**
 * "Enrich Participants": adds to each participant of a detection the device behind it (name,
 * IPs, MAC, role, a link to its page in ExtraHop), shared by the action node (Detection Get /
 * Get Many) and both triggers.
 *
 * One request per distinct device: `GET /devices/{object_id}` for a device participant,
 * `POST /devices/search` on `ipaddr` for an IP participant. Lookups are cached per execution
 * (per n8n context object, so every item and every detection of one run share them) and bounded:
 * past `maxLookups` distinct devices, participants are left as they are with a note saying so.
 */
import { NodeApiError, type IDataObject } from 'n8n-workflow';

import type { ExtraHopContext } from './auth';
import { withItemIndex } from '../../shared/errors';
import { deviceIps, deviceName, getDevice, searchDevicesPage, withDeviceUrl } from './devices';
import { apiBase } from './api';

export const DEFAULT_MAX_DEVICE_LOOKUPS = 100;

interface Cache {
	lookups: number;
	devices: Map<string, Promise<IDataObject | null>>;
}

const caches = new WeakMap<object, Cache>();

function cacheFor(context: ExtraHopContext): Cache {
	let cache = caches.get(context);
	if (!cache) {
		cache = { lookups: 0, devices: new Map() };
		caches.set(context, cache);
	}
	return cache;
}

export interface Participant extends IDataObject {
	object_type?: string;
	object_id?: number;
	object_value?: string;
	role?: string;
	hostname?: string;
}

function lookupKey(p: Participant): string | undefined {
	if (p.object_type === 'device' && typeof p.object_id === 'number' && p.object_id > 0)
		return `device:${p.object_id}`;
	if (typeof p.object_value === 'string' && p.object_value.trim() !== '')
		return `ip:${p.object_value.trim()}`;
	return undefined;
}

function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

async function lookup(
	context: ExtraHopContext,
	key: string,
	itemIndex: number,
): Promise<IDataObject | null> {
	if (key.startsWith('device:')) {
		try {
			return await getDevice(context, Number(key.slice(7)), itemIndex);
		} catch (error) {
			if (isNotFound(error)) return null;
			throw withItemIndex(context.getNode(), error, itemIndex);
		}
	}
	const ip = key.slice(3);
	const devices = await searchDevicesPage(
		context,
		{ filter: { field: 'ipaddr', operator: '=', operand: ip }, limit: 10 },
		itemIndex,
	);
	if (devices.length === 0) return null;
	// Several devices can have held one IP (DHCP): the one seen last is the one behind it now.
	const newest = [...devices].sort(
		(a, b) => Number(b.last_seen_time ?? 0) - Number(a.last_seen_time ?? 0),
	)[0];
	return withDeviceUrl(newest, await apiBase(context, itemIndex));
}

function describe(p: Participant, device: IDataObject | null): string {
	const name =
		(device && deviceName(device)) ??
		p.hostname ??
		p.object_value ??
		`${p.object_type ?? 'object'} ${p.object_id ?? ''}`.trim();
	const ips = device ? deviceIps(device) : [];
	const ip = ips.length ? ips.join(', ') : (p.object_value ?? '');
	return `${p.role ?? 'participant'}: ${name}${ip && ip !== name ? ` (${ip})` : ''}`;
}

/** The full device behind one participant (cached, bounded), or null with the reason. */
export async function participantDevice(
	context: ExtraHopContext,
	participant: Participant,
	itemIndex: number,
	maxLookups = DEFAULT_MAX_DEVICE_LOOKUPS,
): Promise<{ device: IDataObject | null; note?: string }> {
	const key = lookupKey(participant);
	if (key === undefined) return { device: null, note: 'no device or IP address to look up' };
	const cache = cacheFor(context);
	let pending = cache.devices.get(key);
	if (!pending && cache.lookups >= maxLookups) {
		return {
			device: null,
			note: `not looked up: this execution already looked up ${maxLookups} devices`,
		};
	}
	if (!pending) {
		cache.lookups++;
		pending = lookup(context, key, itemIndex);
		// A failed lookup is not kept: a later item tries again.
		pending.catch(() => cache.devices.delete(key));
		cache.devices.set(key, pending);
	}
	const device = await pending;
	return device
		? { device }
		: { device: null, note: 'ExtraHop has no device for this participant' };
}

/**
 * A copy of the detection whose participants carry `device` ({id, name, ipaddrs, macaddr, role,
 * url} or null when ExtraHop knows no device behind it), plus `participants_summary`, one line per
 * participant ("offender: AccountingLaptop (192.168.6.21)").
 */
export async function enrichParticipants(
	context: ExtraHopContext,
	detection: IDataObject,
	itemIndex: number,
	maxLookups = DEFAULT_MAX_DEVICE_LOOKUPS,
): Promise<IDataObject> {
	const participants = (
		Array.isArray(detection.participants) ? detection.participants : []
	) as Participant[];
	const enriched: IDataObject[] = [];
	const summary: string[] = [];
	for (const participant of participants) {
		const { device, note } = await participantDevice(context, participant, itemIndex, maxLookups);
		const entry: IDataObject = {
			...participant,
			device: device
				? {
						id: device.id,
						name: deviceName(device),
						ipaddrs: deviceIps(device),
						macaddr: device.macaddr ?? null,
						role: device.role ?? null,
						url: device.url ?? null,
					}
				: null,
		};
		if (note) entry.device_note = note;
		enriched.push(entry);
		summary.push(describe(participant, device));
	}
	return { ...detection, participants: enriched, participants_summary: summary };
}

/** Enriches when the node's options ask for it ("Enrich Participants"): the one call the triggers make. */
export async function enrichIfAsked(
	context: ExtraHopContext,
	detection: IDataObject,
	options: IDataObject,
	itemIndex = 0,
): Promise<IDataObject> {
	return options.enrichParticipants === true
		? await enrichParticipants(context, detection, itemIndex)
		: detection;
}
