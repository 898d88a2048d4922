/**
 * What a push carries: the raw body read and bounded, parsed as one JSON object, the detection
 * id found in it, and a REST-shaped view of the fields a payload may carry (for filters and
 * fingerprints when no ExtraHop credential is selected). Free of n8n so it can be tested alone.
 */
import type { IDataObject } from 'n8n-workflow';

/** Largest accepted body, measured on the raw bytes (after n8n's gzip/deflate decoding). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Deepest nesting of objects and arrays accepted. ExtraHop's payloads nest 3 levels (the
 * ticketing script's `fields.priority.id`); the content hash and n8n's own copies of the output
 * recurse, so a hostile body nested thousands of levels deep is refused before either runs.
 */
export const MAX_DEPTH = 32;
/** Most values (objects, arrays, strings, numbers...) accepted in one body. */
export const MAX_VALUES = 20_000;

/** Where the id is looked for, in this order; the first key present decides. */
export const ID_SOURCES = [
	'id',
	'detection_id',
	'detectionId',
	'detection.id',
	'fields.summary',
] as const;
export type IdSource = (typeof ID_SOURCES)[number];

export type PayloadFormat = 'notificationRule' | 'triggerScript' | 'ticketScript';

export class BadPayload extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

/** The parts of n8n's (express) request this node reads. */
export interface RequestLike {
	body?: unknown;
	rawBody?: unknown;
	headers: Record<string, string | string[] | undefined>;
	readRawBody?: () => Promise<void>;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The body as one JSON object. n8n has already read the raw bytes (and parsed them when the
 * content type was application/json); the raw bytes are measured and parsed here so every
 * content type (ExtraHop's ODS may send none) is treated alike.
 */
export async function readPayload(
	req: RequestLike,
	maxBytes = MAX_BODY_BYTES,
): Promise<IDataObject> {
	if (
		!Buffer.isBuffer(req.rawBody) &&
		req.body === undefined &&
		typeof req.readRawBody === 'function'
	) {
		await req.readRawBody();
	}
	let text: string | undefined;
	let parsed: unknown;
	if (Buffer.isBuffer(req.rawBody)) {
		if (req.rawBody.length > maxBytes) throw tooLarge(req.rawBody.length, maxBytes);
		text = req.rawBody.toString('utf8');
	} else if (typeof req.body === 'string') {
		const size = Buffer.byteLength(req.body, 'utf8');
		if (size > maxBytes) throw tooLarge(size, maxBytes);
		text = req.body;
	} else if (isObject(req.body) && Object.keys(req.body).length > 0) {
		// Shape first: JSON.stringify of a deeply nested body would overflow the stack.
		checkShape(req.body);
		const size = Buffer.byteLength(JSON.stringify(req.body), 'utf8');
		if (size > maxBytes) throw tooLarge(size, maxBytes);
		parsed = req.body;
	}
	if (text !== undefined) {
		if (text.trim() === '')
			throw new BadPayload(
				'empty_body',
				'The request body is empty: send the detection as a JSON object such as {"id": 1234}',
			);
		parsed = parseJson(text.replace(/^\uFEFF/, ''));
		if (parsed === NOT_JSON) {
			throw new BadPayload(
				'invalid_json',
				'The request body is not valid JSON: send the detection as a JSON object such as {"id": 1234}',
			);
		}
	}
	if (parsed === undefined) {
		throw new BadPayload(
			'empty_body',
			'The request body is empty: send the detection as a JSON object such as {"id": 1234}',
		);
	}
	if (text !== undefined) checkShape(parsed);
	if (!isObject(parsed)) {
		throw new BadPayload(
			'not_an_object',
			`The request body must be one JSON object describing one detection, not ${Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}`,
		);
	}
	return parsed;
}

/** Refuses bodies nested deeper than MAX_DEPTH or holding more than MAX_VALUES values; iterative, so it cannot overflow. */
export function checkShape(value: unknown, maxDepth = MAX_DEPTH, maxValues = MAX_VALUES): void {
	const stack: Array<[unknown, number]> = [[value, 1]];
	let count = 0;
	while (stack.length > 0) {
		const [current, depth] = stack.pop()!;
		if (++count > maxValues) {
			throw new BadPayload(
				'body_too_complex',
				`The request body holds more than ${maxValues} values. Send only the detection id and a few fields: the node reads the rest from ExtraHop.`,
			);
		}
		if (typeof current !== 'object' || current === null) continue;
		if (depth > maxDepth) {
			throw new BadPayload(
				'body_too_deep',
				`The request body is nested more than ${maxDepth} levels deep; ExtraHop payloads nest a few levels. Send the detection as a flat JSON object such as {"id": 1234}.`,
			);
		}
		for (const child of Array.isArray(current) ? current : Object.values(current))
			stack.push([child, depth + 1]);
	}
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

function tooLarge(size: number, maxBytes: number): BadPayload {
	return new BadPayload(
		'body_too_large',
		`The request body has ${size} bytes; at most ${maxBytes} bytes (${Math.round(maxBytes / 1024)} KiB) are accepted. Send only the detection id and a few fields: the node reads the rest from ExtraHop.`,
	);
}

/** "ExtraHop Detection: 1234: Title", the summary ExtraHop's ticketing example script builds. */
const SUMMARY_ID = /^\s*ExtraHop Detection:\s*([^:\s][^:]*?)\s*:/i;

function candidate(payload: IDataObject, source: IdSource): unknown {
	switch (source) {
		case 'detection.id':
			return isObject(payload.detection) ? payload.detection.id : undefined;
		case 'fields.summary': {
			const summary = isObject(payload.fields) ? payload.fields.summary : undefined;
			if (typeof summary !== 'string') return undefined;
			return SUMMARY_ID.exec(summary)?.[1];
		}
		default:
			return payload[source];
	}
}

/**
 * The detection id: the first of `ID_SOURCES` present decides; a present but invalid id is an
 * error (never silently replaced by a later key). Ids are positive integers below 2^53.
 */
export function extractDetectionId(payload: IDataObject): { id: number; source: IdSource } {
	for (const source of ID_SOURCES) {
		const raw = candidate(payload, source);
		if (raw === undefined || raw === null || raw === '') continue;
		return { id: validId(raw, source), source };
	}
	throw new BadPayload(
		'no_detection_id',
		'No detection id in the request body. Send it as "id" (or "detection_id", "detectionId", "detection": {"id"}), or a Jira-style "fields.summary" starting with "ExtraHop Detection: <id>:".',
	);
}

function validId(raw: unknown, source: IdSource): number {
	const shown = (typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw))).slice(0, 40);
	const fail = (why: string) =>
		new BadPayload('invalid_detection_id', `Invalid detection id ${shown} in "${source}": ${why}`);
	let text: string;
	if (typeof raw === 'number') {
		if (!Number.isFinite(raw) || !Number.isInteger(raw))
			throw fail('it must be a positive whole number');
		text = raw.toFixed(0);
	} else if (typeof raw === 'string') {
		text = raw.trim();
	} else {
		throw fail('it must be a positive whole number');
	}
	if (!/^\d+$/.test(text)) throw fail('it must be a positive whole number');
	const id = Number(text);
	if (!Number.isSafeInteger(id)) throw fail('it is too large (ExtraHop ids are below 2^53)');
	if (id <= 0) throw fail('it must be greater than zero');
	return id;
}

/** Which kind of sender the payload looks like: informational, for the output when no credential. */
export function payloadFormat(payload: IDataObject, source: IdSource): PayloadFormat {
	if (source === 'fields.summary') return 'ticketScript';
	if (Array.isArray(payload.categories_ids) || isObject(payload.src) || isObject(payload.dst))
		return 'notificationRule';
	return 'triggerScript';
}

const num = (value: unknown): number | undefined => {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
};

const strings = (value: unknown): string[] | undefined =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

/**
 * The payload seen as a REST detection, for filters and change detection without a credential:
 * trigger scripts send REST or camelCase names, ExtraHop's ticketing example puts the risk score
 * in `fields.priority.id` and the categories in `fields.labels`, notification rules send
 * `categories_ids` and a display name in `type`. Fields the payload lacks stay absent, so a
 * filter on them does not match.
 */
export function payloadView(payload: IDataObject, id: number): IDataObject {
	const fields = isObject(payload.fields) ? payload.fields : {};
	const priority = isObject(fields.priority) ? fields.priority : {};
	const view: IDataObject = { ...payload, id };
	const riskScore = num(payload.risk_score) ?? num(payload.riskScore) ?? num(priority.id);
	if (riskScore !== undefined) view.risk_score = riskScore;
	else delete view.risk_score;
	const categories =
		strings(payload.categories) ?? strings(payload.categories_ids) ?? strings(fields.labels);
	if (categories) view.categories = categories;
	const modTime = num(payload.mod_time) ?? num(payload.modTime);
	if (modTime !== undefined) view.mod_time = modTime;
	else delete view.mod_time;
	const createTime = num(payload.create_time) ?? num(payload.createTime);
	if (createTime !== undefined) view.create_time = createTime;
	else delete view.create_time;
	if (view.ticket_id === undefined && typeof payload.ticketId === 'string')
		view.ticket_id = payload.ticketId;
	// The camelCase spellings are represented by their REST names above.
	for (const camel of ['ticketId', 'riskScore', 'modTime', 'createTime']) delete view[camel];
	return view;
}
