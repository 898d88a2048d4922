import { NodeOperationError, type IExecuteFunctions, type INode, type INodeParameterResourceLocator } from 'n8n-workflow';

export const DETECTION_STATUSES = ['new', 'in_progress', 'closed', 'acknowledged'] as const;
export const DETECTION_RESOLUTIONS = ['action_taken', 'no_action_taken'] as const;

/** Detection IDs are positive integers; RevealX 360's are large but stay below 2^53. */
export function parseDetectionId(node: INode, raw: unknown, itemIndex: number): number {
	const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	const fail = (why: string) =>
		new NodeOperationError(node, `Invalid detection ID "${text.slice(0, 40)}": ${why}`, {
			itemIndex,
			description: 'Use the numeric ID shown in the detection\'s URL (…/#/detections/detail/<ID>), or pick the detection from the list.',
		});
	if (text === '') throw fail('it is empty');
	if (!/^\d+$/.test(text)) throw fail('it must be a positive whole number');
	const id = Number(text);
	if (!Number.isSafeInteger(id)) throw fail('it is too large (above 2^53)');
	if (id <= 0) throw fail('it must be greater than zero');
	return id;
}

/** A detection ID from a resource locator: list, ID, or a detection URL. */
export function detectionIdFromLocator(context: IExecuteFunctions, itemIndex: number, name = 'detectionId'): number {
	const locator = context.getNodeParameter(name, itemIndex) as INodeParameterResourceLocator | string | number;
	const node = context.getNode();
	if (typeof locator !== 'object' || locator === null) return parseDetectionId(node, locator, itemIndex);
	let value = locator.value;
	if (locator.mode === 'url') {
		const match = /detections\/detail\/(\d+)/.exec(String(value ?? ''));
		if (!match) {
			throw new NodeOperationError(node, `"${String(value).slice(0, 80)}" is not an ExtraHop detection URL`, {
				itemIndex,
				description: 'Expected a link such as https://extrahop.example.com/extrahop/#/detections/detail/4327',
			});
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
export function parseObjectId(node: INode, label: string, raw: unknown, itemIndex: number, hint = ''): number {
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
export function parseObjectIds(node: INode, label: string, raw: unknown, itemIndex: number): number[] {
	const values = Array.isArray(raw) ? raw.map((v) => String(v)) : toList(raw);
	const ids = values.map((v) => parseObjectId(node, label, v, itemIndex));
	return [...new Set(ids)];
}
