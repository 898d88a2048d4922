/**
 * Reading a server's answer within bounds, whoever the server is: at most so many bytes, JSON
 * nested at most so deep, and the whole exchange (headers and body) within the request's timeout.
 * n8n's helpers read and parse every answer themselves, without limit (axios with
 * `maxContentLength: Infinity`, and a socket timeout that only counts idle time, so a body sent
 * one byte a second never times out). So the core asks them for the body as a stream and reads
 * it here, where it stops at the first byte too many and when time is up.
 */
import { sleep } from 'n8n-workflow';

const MIB = 1024 * 1024;

export interface AnswerLimits {
	/** Bytes of body read at most: past it the answer is refused and reading stops. */
	maxBytes: number;
	/** The deepest nesting of arrays and objects a JSON answer may have. */
	maxDepth: number;
}

/** The bounds of every service unless its policy says otherwise. */
export const DEFAULT_ANSWER_LIMITS: AnswerLimits = { maxBytes: 16 * MIB, maxDepth: 64 };

/** How much of an error answer is read: enough for any server's words. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

export const EXPIRED = Symbol('expired');

/**
 * Settles `timeoutMs` from now: the end of one attempt, headers and body included. One timer per
 * attempt, n8n's own `sleep` (community nodes may not use timers directly); when the answer
 * came sooner it simply runs out unheeded.
 */
export function expiry(timeoutMs: number): Promise<typeof EXPIRED> {
	return sleep(Math.max(0, timeoutMs)).then(() => EXPIRED);
}

export type BodyRead =
	| { bytes: Buffer; truncated: boolean }
	| { problem: 'tooLarge' | 'tooSlow' }
	| { problem: 'broken'; code?: string; message: string };

interface StreamLike {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
	destroy?(error?: Error): unknown;
	resume?(): unknown;
	readableEnded?: boolean;
}

export function isStream(body: unknown): body is StreamLike {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as StreamLike).on === 'function' &&
		typeof (body as { pipe?: unknown }).pipe === 'function'
	);
}

/** Stops a stream the core will not read (a redirect's or a refused answer's body). */
export function discard(body: unknown): void {
	if (isStream(body)) body.destroy?.();
}

/**
 * The body as bytes: a stream is read until it ends, `maxBytes` is passed (then, with `truncate`,
 * its first `maxBytes` are kept, else the answer is refused) or `expired` settles; reading stops
 * and the stream is destroyed in every case but a complete read.
 */
export async function readBounded(
	body: unknown,
	maxBytes: number,
	expired: Promise<typeof EXPIRED>,
	truncate = false,
): Promise<BodyRead> {
	if (body === undefined || body === null) return { bytes: Buffer.alloc(0), truncated: false };
	if (Buffer.isBuffer(body) || typeof body === 'string') {
		const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
		if (bytes.length <= maxBytes) return { bytes, truncated: false };
		return truncate
			? { bytes: bytes.subarray(0, maxBytes), truncated: true }
			: { problem: 'tooLarge' };
	}
	if (!isStream(body))
		return { bytes: Buffer.from(JSON.stringify(body) ?? '', 'utf8'), truncated: false };
	const stream = body;
	const chunks: Buffer[] = [];
	let size = 0;
	let settle: (read: BodyRead) => void = () => undefined;
	const reading = new Promise<BodyRead>((resolve) => (settle = resolve));
	const onData = (chunk: unknown) => {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
		if (size + buffer.length > maxBytes) {
			if (truncate) {
				chunks.push(buffer.subarray(0, maxBytes - size));
				size = maxBytes;
				settle({ bytes: Buffer.concat(chunks, size), truncated: true });
			} else settle({ problem: 'tooLarge' });
			return;
		}
		chunks.push(buffer);
		size += buffer.length;
	};
	const onEnd = () => settle({ bytes: Buffer.concat(chunks, size), truncated: false });
	const onError = (error: unknown) => {
		const e = error as { code?: unknown; message?: unknown };
		settle({
			problem: 'broken',
			code: typeof e?.code === 'string' ? e.code : undefined,
			message: typeof e?.message === 'string' ? e.message : String(error),
		});
	};
	const onClose = () =>
		settle(
			stream.readableEnded === false
				? { problem: 'broken', code: 'ECONNRESET', message: 'the connection closed mid-answer' }
				: { bytes: Buffer.concat(chunks, size), truncated: false },
		);
	stream.on('data', onData);
	stream.on('end', onEnd);
	stream.on('error', onError);
	stream.on('close', onClose);
	const read = await Promise.race([
		reading,
		expired.then((): BodyRead => ({ problem: 'tooSlow' })),
	]);
	stream.removeListener('data', onData);
	stream.removeListener('end', onEnd);
	stream.removeListener('close', onClose);
	// A late error of a destroyed stream must not go unhandled.
	if (!('bytes' in read) || read.truncated) stream.destroy?.();
	return read;
}

/** Whether a JSON text nests arrays and objects deeper than `limit`; one pass, no recursion. */
export function jsonTextTooDeep(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++;
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > limit) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}

export type ParsedAnswer = { value: unknown } | { problem: 'tooDeep' };

/**
 * A JSON text as a value, as n8n's helper would have parsed it: JSON when it parses (whatever the
 * content type says), else the text itself, and nothing for an empty body; refused when nested
 * deeper than `maxDepth` (checked before parsing, so no stack is spent on it).
 */
export function parseAnswer(bytes: Buffer, maxDepth: number): ParsedAnswer {
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	if (text.trim() === '') return { value: undefined };
	if (jsonTextTooDeep(text, maxDepth)) return { problem: 'tooDeep' };
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return { value: text };
	}
}

export const megabytes = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;
