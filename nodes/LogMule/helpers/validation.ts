import { NodeOperationError, type INode } from 'n8n-workflow';

/** LogMule's result IDs: UUIDs in the hyphenated form (any version), as in its examples. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longer than any ID a correlation engine hands out; keeps URLs sane. */
export const MAX_RESULT_ID_LENGTH = 512;

const isControl = (code: number) => code <= 0x1f || (code >= 0x7f && code <= 0x9f);

function hasControl(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
	return false;
}

/** Control characters made visible for messages (\u000a). */
function visible(text: string): string {
	let out = '';
	for (const char of text) {
		const code = char.charCodeAt(0);
		out += char.length === 1 && isControl(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
	}
	return out;
}

function decodeOnce(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

/** Why a text cannot be one path segment, or undefined when it can. */
function segmentProblem(text: string): string | undefined {
	if (hasControl(text))
		return 'it contains control characters (line breaks, tabs or other invisible characters)';
	if (text.includes('/') || text.includes('\\'))
		return 'it contains a slash; it must be a single ID, not a path or a URL';
	if (text === '.' || text === '..') return `"${text}" is a relative path segment, not an ID`;
	return undefined;
}

/**
 * A correlation result ID, checked before any request is sent and returned trimmed with its
 * encoded form for the URL path. The ID becomes exactly one path segment
 * (`encodeURIComponent`), and anything that could step out of it is refused: `.`/`..`, slashes
 * and backslashes, control characters, and percent-escapes of those (a server or proxy that
 * decodes twice would otherwise see them). With `requireUuid`, anything but a UUID is refused too.
 */
export function parseResultId(
	node: INode,
	raw: unknown,
	itemIndex: number,
	requireUuid = false,
): { id: string; segment: string } {
	const fail = (why: string, shown: string) =>
		new NodeOperationError(node, `Invalid result ID "${shown.slice(0, 60)}": ${why}`, {
			itemIndex,
			description:
				"Use the ID of the correlation-rule result (LogMule's examples are UUIDs such as 497f6eca-6276-4993-bfeb-53cbbbba6f08). No request was sent.",
		});
	if (raw !== null && raw !== undefined && typeof raw === 'object') {
		throw fail(
			'it is an object or a list, not a single ID; map the field that holds the ID',
			JSON.stringify(raw) ?? '',
		);
	}
	const text = String(raw ?? '').trim();
	const shown = visible(text);
	if (text === '') throw fail('it is empty', '');
	if (text.length > MAX_RESULT_ID_LENGTH)
		throw fail(`it is longer than ${MAX_RESULT_ID_LENGTH} characters`, shown);
	const problem = segmentProblem(text);
	if (problem) throw fail(problem, shown);
	if (requireUuid && !UUID.test(text)) {
		throw fail(
			'it is not a UUID (8-4-4-4-12 hexadecimal digits); to send IDs of another form, turn off "Check Result ID Format"',
			shown,
		);
	}
	if (/%[0-9a-f]{2}/i.test(text)) {
		const decoded = decodeOnce(text);
		if (decoded !== undefined && decoded !== text && segmentProblem(decoded)) {
			throw fail(
				'it contains percent-encoded path characters (such as %2F or %2E%2E); give the ID itself, not an encoded form',
				shown,
			);
		}
	}
	let segment: string;
	try {
		segment = encodeURIComponent(text);
	} catch {
		throw fail('it contains invalid Unicode (an unpaired surrogate)', shown);
	}
	return { id: text, segment };
}
