/**
 * Context for a detection, the rungs of ExtraHop's own triage "enrichment cost ladder"
 * (agent-skills extrahop-triage/reference/tools.md) that the Detection Get / Get Many options add:
 * - type context: the type's display name, categories and MITRE ATT&CK IDs from
 *   `GET /detections/formats` (`mitre_categories`), read once per execution and shared by every
 *   item and detection of it;
 * - links: the detection's page, and for each participant its device page and activity map in the
 *   ExtraHop UI (extrahop-triage/reference/console-urls.md: `https://<fqdn>/extrahop/#/...`, the
 *   host taken from the credential, never guessed).
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { ExtraHopContext } from './auth';
import { apiBase } from './api';
import { participantsOf, uiBaseUrl, withDetectionUrl } from './detection';
import { deviceName, deviceUiUrl } from './devices';
import { participantDevice, type Participant } from './enrichment';
import { extraHopApiRequest, type ExtraHopResponse } from './transport';

/** How far around a detection a participant's activity map looks. */
export const ACTIVITY_MAP_MARGIN_MS = 30 * 60_000;

const formatsByRun = new WeakMap<object, Promise<Map<string, IDataObject>>>();

/** GET /detections/formats, once per execution (per n8n context object). */
function detectionFormats(
	context: ExtraHopContext,
	itemIndex: number,
): Promise<Map<string, IDataObject>> {
	let pending = formatsByRun.get(context);
	if (!pending) {
		pending = (async () => {
			const response = (await extraHopApiRequest.call(context, {
				method: 'GET',
				endpoint: '/detections/formats',
				itemIndex,
			})) as ExtraHopResponse<unknown>;
			if (!Array.isArray(response.body))
				throw new NodeOperationError(
					context.getNode(),
					'ExtraHop answered the detection types (GET /detections/formats) with something other than a list',
					{ itemIndex },
				);
			return new Map((response.body as IDataObject[]).map((f) => [String(f.type), f]));
		})();
		// A failed read is not kept: a later item tries again.
		pending.catch(() => formatsByRun.delete(context));
		formatsByRun.set(context, pending);
	}
	return pending;
}

/** MITRE ATT&CK's page for a tactic (TA0011) or a technique (T1071, T1071.004). */
export function mitreUrl(id: string): string | null {
	if (/^TA\d{4}$/.test(id)) return `https://attack.mitre.org/tactics/${id}`;
	const technique = /^(T\d{4})(?:\.(\d{3}))?$/.exec(id);
	if (!technique) return null;
	return `https://attack.mitre.org/techniques/${technique[1]}${technique[2] ? `/${technique[2]}` : ''}`;
}

/**
 * Adds `type_context`: the type's display name and categories, and its MITRE ATT&CK tactics and
 * techniques (IDs from the type's `mitre_categories` and the detection's own, names where the
 * detection carries them). `known: false` when ExtraHop lists no such type.
 */
export async function withTypeContext(
	context: ExtraHopContext,
	detection: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const format = (await detectionFormats(context, itemIndex)).get(String(detection.type));
	const named = new Map<string, string | null>();
	for (const key of ['mitre_techniques', 'mitre_tactics'])
		for (const m of (Array.isArray(detection[key]) ? detection[key] : []) as IDataObject[])
			if (typeof m.id === 'string') named.set(m.id, typeof m.name === 'string' ? m.name : null);
	const ids = [
		...new Set([
			...(
				(Array.isArray(format?.mitre_categories) ? format.mitre_categories : []) as unknown[]
			).map(String),
			...named.keys(),
		]),
	];
	const entry = (id: string) => ({ id, name: named.get(id) ?? null, url: mitreUrl(id) });
	return {
		...detection,
		type_context: {
			type: detection.type ?? null,
			known: format !== undefined,
			display_name: (format?.display_name as string) ?? null,
			categories: (format?.categories as string[]) ?? (detection.categories as string[]) ?? [],
			mitre_tactics: ids.filter((id) => id.startsWith('TA')).map(entry),
			mitre_techniques: ids.filter((id) => /^T\d/.test(id)).map(entry),
		},
	};
}

/**
 * A device's activity map in the ExtraHop UI over a time window, the link Cortex XSOAR's ExtraHop
 * v2 builds (`#/activitymaps?discovery_id=…&from=…&until=…` in seconds, fixed range), without its
 * `appliance_id`, which needs `GET /networks`.
 */
export function activityMapUrl(
	base: string,
	device: IDataObject,
	window: { from: number; until: number },
): string | undefined {
	const key = device.discovery_id ?? device.extrahop_id;
	if (typeof key !== 'string' || key === '') return undefined;
	const query = [
		`discovery_id=${encodeURIComponent(key)}`,
		`from=${Math.floor(window.from / 1000)}`,
		'interval_type=DT',
		'object_type=device',
		'protocol=any',
		'role=any',
		`until=${Math.ceil(window.until / 1000)}`,
	].join('&');
	return `${uiBaseUrl(base)}/extrahop/#/activitymaps?${query}`;
}

/**
 * Adds `links`: the detection's page and, per participant, its device page and its activity map
 * from half an hour before the detection to half an hour after (null where ExtraHop knows no
 * device). Devices are looked up as Enrich Participants does, in the same per-execution cache.
 */
export async function withLinks(
	context: ExtraHopContext,
	detection: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const base = await apiBase(context, itemIndex);
	const linked = withDetectionUrl(detection, base);
	const start = Number(detection.start_time);
	const end = Number(detection.end_time ?? detection.start_time);
	const window = Number.isFinite(start)
		? {
				from: start - ACTIVITY_MAP_MARGIN_MS,
				until: (Number.isFinite(end) ? end : start) + ACTIVITY_MAP_MARGIN_MS,
			}
		: undefined;
	const participants: IDataObject[] = [];
	for (const p of participantsOf(detection) as Participant[]) {
		const { device } = await participantDevice(context, p, itemIndex);
		participants.push({
			role: p.role ?? null,
			object_type: p.object_type ?? null,
			object_value: p.object_value ?? null,
			device_id: (device?.id as number) ?? null,
			name: (device && deviceName(device)) ?? p.hostname ?? p.object_value ?? null,
			device: (device && ((device.url as string) ?? deviceUiUrl(device, base))) ?? null,
			activity_map: (device && window && activityMapUrl(base, device, window)) ?? null,
		});
	}
	return { ...linked, links: { detection: linked.url ?? null, participants } };
}

/** The options of Detection Get / Get Many that this file serves. */
export interface ContextOptions {
	addTypeContext?: boolean;
	addLinks?: boolean;
}

export async function addDetectionContext(
	context: ExtraHopContext,
	detection: IDataObject,
	options: ContextOptions,
	itemIndex: number,
): Promise<IDataObject> {
	let out = detection;
	if (options.addTypeContext) out = await withTypeContext(context, out, itemIndex);
	if (options.addLinks) out = await withLinks(context, out, itemIndex);
	return out;
}
