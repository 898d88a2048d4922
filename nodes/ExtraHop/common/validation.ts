/** Reading and checking the values users give: IDs and locators, enumerations, dates, lists, IP addresses. */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeParameterResourceLocator,
} from 'n8n-workflow';

export const DETECTION_STATUSES = ['new', 'in_progress', 'closed', 'acknowledged'] as const;
export const DETECTION_RESOLUTIONS = ['action_taken', 'no_action_taken'] as const;

/** Detection IDs are positive integers; RevealX 360's are large but stay below 2^53. */
export function parseDetectionId(node: INode, raw: unknown, itemIndex: number): number {
	const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	const fail = (why: string) =>
		new NodeOperationError(node, `Invalid detection ID "${text.slice(0, 40)}": ${why}`, {
			itemIndex,
			description:
				"Use the numeric ID shown in the detection's URL (…/#/detections/detail/<ID>), or pick the detection from the list.",
		});
	if (text === '') throw fail('it is empty');
	if (!/^\d+$/.test(text)) throw fail('it must be a positive whole number');
	const id = Number(text);
	if (!Number.isSafeInteger(id)) throw fail('it is too large (above 2^53)');
	if (id <= 0) throw fail('it must be greater than zero');
	return id;
}

/** A detection ID from a resource locator: list, ID, or a detection URL. */
export function detectionIdFromLocator(
	context: IExecuteFunctions,
	itemIndex: number,
	name = 'detectionId',
): number {
	const locator = context.getNodeParameter(name, itemIndex) as
		INodeParameterResourceLocator | string | number;
	const node = context.getNode();
	if (typeof locator !== 'object' || locator === null)
		return parseDetectionId(node, locator, itemIndex);
	let value = locator.value;
	if (locator.mode === 'url') {
		const match = /detections\/detail\/(\d+)/.exec(String(value ?? ''));
		if (!match) {
			throw new NodeOperationError(
				node,
				`"${String(value).slice(0, 80)}" is not an ExtraHop detection URL`,
				{
					itemIndex,
					description:
						'Expected a link such as https://extrahop.example.com/extrahop/#/detections/detail/4327',
				},
			);
		}
		value = match[1];
	}
	return parseDetectionId(node, value, itemIndex);
}

/** Accepts API values and the labels users type ("In Progress"); anything else is an error. */
export function normaliseEnum<T extends string>(
	node: INode,
	field: string,
	raw: unknown,
	allowed: readonly T[],
	itemIndex: number,
): T {
	const text = String(raw ?? '').trim();
	const key = text.toLowerCase().replace(/[\s-]+/g, '_');
	const found = allowed.find((value) => value === key);
	if (found) return found;
	throw new NodeOperationError(node, `Invalid ${field} "${text.slice(0, 40)}"`, {
		itemIndex,
		description: `Allowed values: ${allowed.join(', ')}.`,
	});
}

/** A date from a n8n dateTime parameter or an expression, as epoch milliseconds. */
export function toEpochMs(node: INode, field: string, raw: unknown, itemIndex: number): number {
	if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
	const text = String((raw as { toISO?: () => string })?.toISO?.() ?? raw ?? '').trim();
	const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	if (!Number.isFinite(ms)) {
		throw new NodeOperationError(node, `Invalid date for ${field}: "${text.slice(0, 40)}"`, {
			itemIndex,
			description: 'Use an ISO 8601 date such as 2026-01-31T12:00:00Z, or epoch milliseconds.',
		});
	}
	return ms;
}

/** "a, b ,c" or an array, as a list of non-empty strings. */
export function toList(raw: unknown): string[] {
	const values = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	return values.map((v) => String(v).trim()).filter((v) => v !== '');
}

/** A positive whole-number API ID of any ExtraHop object (device, investigation, tuning rule, tag). */
export function parseObjectId(
	node: INode,
	label: string,
	raw: unknown,
	itemIndex: number,
	hint = '',
): number {
	const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	const fail = (why: string) =>
		new NodeOperationError(node, `Invalid ${label} ID "${text.slice(0, 40)}": ${why}`, {
			itemIndex,
			description: hint || `Use the numeric ${label} ID ExtraHop shows (the "API ID").`,
		});
	if (text === '') throw fail('it is empty');
	if (!/^\d+$/.test(text)) throw fail('it must be a positive whole number');
	const id = Number(text);
	if (!Number.isSafeInteger(id)) throw fail('it is too large (above 2^53)');
	if (id <= 0) throw fail('it must be greater than zero');
	return id;
}

/** A list of object IDs ("1, 2" or an array of numbers or strings); duplicates removed, order kept. */
export function parseObjectIds(
	node: INode,
	label: string,
	raw: unknown,
	itemIndex: number,
): number[] {
	const values = Array.isArray(raw) ? raw.map((v) => String(v)) : toList(raw);
	const ids = values.map((v) => parseObjectId(node, label, v, itemIndex));
	return [...new Set(ids)];
}

/** Where a device locator points: an API ID, or a discovery ID taken from a device page URL. */
export type DeviceRef = { id: number } | { discoveryId: string };

export function deviceRefFromLocator(
	context: IExecuteFunctions,
	itemIndex: number,
	name = 'deviceId',
): DeviceRef {
	const locator = context.getNodeParameter(name, itemIndex) as
		INodeParameterResourceLocator | string | number;
	const node = context.getNode();
	if (typeof locator !== 'object' || locator === null)
		return { id: parseObjectId(node, 'device', locator, itemIndex) };
	if (locator.mode === 'url') {
		const match = /\/devices\/([^/?#]+)/.exec(String(locator.value ?? ''));
		if (!match) {
			throw new NodeOperationError(
				node,
				`"${String(locator.value).slice(0, 80)}" is not an ExtraHop device URL`,
				{
					itemIndex,
					description:
						'Expected a device page link such as https://extrahop.example.com/extrahop/#/metrics/devices/0a1b2c3d4e5f0000/overview',
				},
			);
		}
		const key = decodedSegment(match[1]);
		if (key === undefined) {
			throw new NodeOperationError(
				node,
				`The device URL holds a malformed percent escape ("${match[1].slice(0, 60)}")`,
				{
					itemIndex,
					description:
						'Each % in a URL must start an escape of two hexadecimal digits (%2E). Copy the link from the device page again.',
				},
			);
		}
		if (/^\d+$/.test(key)) return { id: parseObjectId(node, 'device', key, itemIndex) };
		// Device pages are addressed by "<appliance uuid>.<discovery id>" or the discovery ID alone.
		const discoveryId = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : key;
		if (!/^[0-9a-z-]+$/i.test(discoveryId)) {
			throw new NodeOperationError(
				node,
				`The device URL holds no usable device identifier ("${key.slice(0, 60)}")`,
				{ itemIndex },
			);
		}
		return { discoveryId };
	}
	return { id: parseObjectId(node, 'device', locator.value, itemIndex) };
}

/** The decoded URL segment, or undefined when a % does not start a valid escape. */
function decodedSegment(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

/**
 * The appliance a page URL points at, compared by host name: RevealX 360 serves its pages at
 * `<tenant>.cloud.extrahop.com` and its API at `<tenant>.api.cloud.extrahop.com`, one appliance.
 */
function applianceHost(url: string): string | undefined {
	const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(url.trim());
	if (!match) return undefined;
	return match[1].toLowerCase().replace(/\.api\.(cloud\.extrahop\.com)$/, '.$1');
}

/**
 * Refuses a page URL of another appliance than the credential's: its device IDs would resolve to
 * a different device here. A URL without a host (a path alone) is taken as the credential's.
 */
export function assertSameAppliance(
	node: INode,
	pageUrl: string,
	apiBase: string,
	itemIndex: number,
): void {
	const host = applianceHost(pageUrl);
	const expected = applianceHost(apiBase);
	if (host === undefined || expected === undefined || host === expected) return;
	throw new NodeOperationError(
		node,
		`The device URL points at ${host.slice(0, 80)}, not at this credential's appliance (${expected})`,
		{
			itemIndex,
			description:
				'Device IDs differ between appliances. Use a credential for that appliance, or a link from this one.',
		},
	);
}

/** 4 or 6 for a valid IPv4 / IPv6 address, else 0 (node:net is not allowed in community nodes). */
export function ipVersion(text: string): 0 | 4 | 6 {
	if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text))
		return 4;
	if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return 0;
	let address = text;
	let groupsNeeded = 8;
	const lastColon = address.lastIndexOf(':');
	if (address.slice(lastColon + 1).includes('.')) {
		// An embedded IPv4 tail (::ffff:10.1.2.3) counts as two groups.
		if (ipVersion(address.slice(lastColon + 1)) !== 4) return 0;
		address = address.slice(0, lastColon + 1) + '0';
		groupsNeeded = 7;
	}
	const halves = address.split('::');
	if (halves.length > 2) return 0;
	const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
	if (groups.some((g) => g.some((part) => !/^[0-9a-f]{1,4}$/i.test(part)))) return 0;
	const count = groups.reduce((n, g) => n + g.length, 0);
	if (halves.length === 2 ? count >= groupsNeeded : count !== groupsNeeded) return 0;
	return 6;
}

export function isIpOrCidr(text: string): boolean {
	const [address, prefix, extra] = text.split('/');
	const version = ipVersion(address);
	if (extra !== undefined || version === 0) return false;
	if (prefix === undefined) return true;
	if (!/^\d+$/.test(prefix)) return false;
	return Number(prefix) <= (version === 4 ? 32 : 128);
}
