import { NodeApiError, type INode, type JsonObject, type NodeOperationError } from 'n8n-workflow';

import type { ErrorText, Failure } from './failure';

const REDACTED = '[redacted]';

/** Removes every secret (of 4 characters or more) from a text, whatever echoed it. */
export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
	return out;
}

function redactValue(value: unknown, secrets: string[], seen: WeakSet<object>): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (value === null || typeof value !== 'object' || seen.has(value)) return value;
	seen.add(value);
	if (value instanceof Error) {
		redactOwnProperties(value, secrets, seen);
		return value;
	}
	if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, seen));
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) out[key] = redactValue(v, secrets, seen);
	return out;
}

/**
 * An error is redacted in place, every own property of it: message and stack (not enumerable), a
 * cause (not enumerable either when given to the constructor) and whatever else was put on it. The
 * node it names is n8n's own object, left as it is.
 */
function redactOwnProperties(error: Error, secrets: string[], seen: WeakSet<object>) {
	const record = error as unknown as Record<string, unknown>;
	for (const key of Object.getOwnPropertyNames(error)) {
		const property = Object.getOwnPropertyDescriptor(error, key);
		// `stack` is an accessor on newer Node.js versions: what has a setter is written too.
		if (key === 'node' || !(property?.writable || property?.set)) continue;
		record[key] = redactValue(record[key], secrets, seen);
	}
}

/** A copy of a value (a parsed answer, headers) with every secret cut out of every string in it. */
export function redactDeep(value: unknown, secrets: string[]): unknown {
	const live = secrets.filter((s) => s.length >= 4);
	return live.length === 0 ? value : redactValue(value, live, new WeakSet<object>());
}

/**
 * Cuts the secrets out of every text an n8n error carries, where n8n shows, logs or stores it:
 * every property of it (message, description, messages, stack, errorResponse, cause, context,
 * extra...) and of the errors in them.
 */
export function redactError<E extends NodeApiError | NodeOperationError>(
	error: E,
	secrets: string[],
): E {
	const live = secrets.filter((s) => s.length >= 4);
	if (live.length === 0) return error;
	redactValue(error, live, new WeakSet<object>());
	return error;
}

/**
 * The error a failed request ends with: built from a plain object, never from the HTTP error,
 * so nothing of the request (its headers, which hold credentials) travels with it.
 */
export function safeApiError(
	node: INode,
	text: ErrorText,
	failure: Pick<Failure, 'status' | 'code'>,
	itemIndex: number | undefined,
	secrets: string[],
): NodeApiError {
	const message = redact(text.message, secrets);
	const description = redact(text.description, secrets);
	const httpCode = failure.status ? String(failure.status) : undefined;
	const response: JsonObject = { message, description, httpCode: httpCode ?? null };
	if (failure.code) response.code = failure.code;
	const error = new NodeApiError(node, response, { message, description, httpCode, itemIndex });
	// NodeApiError swaps messages that mention a network error code for generic ones: keep ours.
	error.message = message;
	error.description = description;
	return redactError(error, secrets);
}
