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
		value.message = redact(value.message, secrets);
		if (value.stack) value.stack = redact(value.stack, secrets);
		return value;
	}
	if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, seen));
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) out[key] = redactValue(v, secrets, seen);
	return out;
}

/** A copy of a value (a parsed answer, headers) with every secret cut out of every string in it. */
export function redactDeep(value: unknown, secrets: string[]): unknown {
	const live = secrets.filter((s) => s.length >= 4);
	return live.length === 0 ? value : redactValue(value, live, new WeakSet<object>());
}

/**
 * Cuts the secrets out of every text an n8n error carries, where n8n shows, logs or stores it:
 * message, description, messages, stack, errorResponse, cause and context.
 */
export function redactError<E extends NodeApiError | NodeOperationError>(
	error: E,
	secrets: string[],
): E {
	const live = secrets.filter((s) => s.length >= 4);
	if (live.length === 0) return error;
	const seen = new WeakSet<object>();
	error.message = redact(error.message, live);
	if (error.description) error.description = redact(error.description, live);
	if (error.stack) error.stack = redact(error.stack, live);
	error.messages = error.messages.map((m) => redact(m, live));
	if (error.errorResponse)
		error.errorResponse = redactValue(error.errorResponse, live, seen) as JsonObject;
	if (error.cause) error.cause = redactValue(error.cause, live, seen) as Error;
	error.context = redactValue(error.context, live, seen) as E['context'];
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
