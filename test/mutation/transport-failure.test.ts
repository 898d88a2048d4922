/**
 * How the transport core reads a failure (nodes/shared/transport/failure.ts), exactly: HTML and
 * non-JSON answers, Retry-After, whatever n8n's helper threw, the server's own words, and an
 * error body read within bounds (answer.ts, readBounded as the core calls it for an error).
 */
import { Readable } from 'node:stream';

import {
	EXPIRED,
	MAX_ERROR_BODY_BYTES,
	discard,
	readBounded,
	type BodyRead,
} from '../../nodes/shared/transport/answer';
import {
	TLS_ERROR_CODES,
	describeThrown,
	isHtml,
	isNotJson,
	parseMaybeJson,
	retryAfterMs,
	serverMessage,
} from '../../nodes/shared/transport/failure';

describe('TLS_ERROR_CODES', () => {
	it('holds the certificate errors a user fixes in the credential', () => {
		expect([...TLS_ERROR_CODES].sort()).toEqual([
			'CERT_HAS_EXPIRED',
			'CERT_NOT_YET_VALID',
			'DEPTH_ZERO_SELF_SIGNED_CERT',
			'ERR_TLS_CERT_ALTNAME_INVALID',
			'SELF_SIGNED_CERT_IN_CHAIN',
			'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
			'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
		]);
	});
});

describe('isHtml', () => {
	it.each([
		['<html><body>x</body></html>', true],
		['  \n<!DOCTYPE html><p>x</p>', true],
		['<HEAD></HEAD>', true],
		['<body>', true],
		['<title>502</title>', true],
		['<xml><note/></xml>', false],
		['<htmlish>', false],
		['error: <html>', false],
		['', false],
		[{ html: '<html>' }, false],
		[undefined, false],
	])('%j: %s', (body, expected) => {
		expect(isHtml(body)).toBe(expected);
	});
});

describe('isNotJson', () => {
	it.each([
		[{ body: '<html><body/></html>', headers: { 'content-type': 'application/json' } }, true],
		[{ body: 'OK', headers: { 'content-type': 'text/plain' } }, true],
		[{ body: 'OK' }, true],
		[{ body: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } }, false],
		[{ body: '{"a":1}', headers: { 'content-type': 'application/problem+json' } }, false],
		[{ body: '', headers: { 'content-type': 'text/plain' } }, false],
		[{ body: { a: 1 }, headers: {} }, false],
		[{ body: undefined }, false],
	])('%j: %s', (response, expected) => {
		expect(isNotJson(response)).toBe(expected);
	});
});

describe('retryAfterMs', () => {
	it.each([
		[undefined, undefined],
		[{}, undefined],
		[{ 'retry-after': null }, undefined],
		[{ 'retry-after': '5' }, 5000],
		[{ 'Retry-After': '5' }, 5000],
		[{ 'retry-after': 7 }, 7000],
		[{ 'retry-after': '0.25' }, 250],
		[{ 'retry-after': ['3', '9'] }, 3000],
		[{ 'retry-after': ' 4 ' }, 4000],
		// Read as a date (year -5): long past, so no wait.
		[{ 'retry-after': '-5' }, 0],
		[{ 'retry-after': '5s' }, undefined],
		[{ 'retry-after': 'soon' }, undefined],
		[{ 'retry-after': '' }, undefined],
	])('%j: %s', (headers, expected) => {
		expect(retryAfterMs(headers as Record<string, unknown> | undefined)).toBe(expected);
	});

	it('the lower-case header wins over the capitalised one', () => {
		expect(retryAfterMs({ 'retry-after': '1', 'Retry-After': '2' })).toBe(1000);
	});

	it('an HTTP date: the time until then, never below 0', () => {
		const now = Date.parse('2026-05-01T08:00:00Z');
		const spy = jest.spyOn(Date, 'now').mockReturnValue(now);
		try {
			expect(retryAfterMs({ 'retry-after': 'Fri, 01 May 2026 08:00:30 GMT' })).toBe(30_000);
			expect(retryAfterMs({ 'retry-after': 'Fri, 01 May 2026 07:59:00 GMT' })).toBe(0);
		} finally {
			spy.mockRestore();
		}
	});
});

describe('describeThrown', () => {
	it('a network error: its code and message, no status', () => {
		const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
			code: 'ECONNREFUSED',
		});
		expect(describeThrown(error)).toEqual({
			status: undefined,
			body: undefined,
			headers: {},
			code: 'ECONNREFUSED',
			message: 'connect ECONNREFUSED 127.0.0.1:1',
			messages: ['connect ECONNREFUSED 127.0.0.1:1'],
		});
	});

	it("n8n's wrapped error: the cause's response, code and message first", () => {
		const cause = Object.assign(new Error('Request failed with status code 503'), {
			code: 'ERR_BAD_RESPONSE',
			response: { status: 503, data: { error: 'busy' }, headers: { 'retry-after': '2' } },
		});
		const wrapped = {
			message: 'Service unavailable',
			code: 'OUTER',
			messages: ['first text', 42, 'second text'],
			cause,
		};
		expect(describeThrown(wrapped)).toEqual({
			status: 503,
			body: { error: 'busy' },
			headers: { 'retry-after': '2' },
			code: 'ERR_BAD_RESPONSE',
			message: 'Request failed with status code 503',
			messages: [
				'Request failed with status code 503',
				'Service unavailable',
				'first text',
				'second text',
			],
		});
	});

	it("the cause's own error body before the response data; the error's response when the cause has none", () => {
		expect(
			describeThrown({
				message: 'm',
				cause: { error: 'cause body', response: { data: 'response body', status: 400 } },
			}),
		).toMatchObject({ status: 400, body: 'cause body' });
		expect(
			describeThrown({
				message: 'm',
				response: { status: 404, data: 'gone', headers: { a: '1' } },
			}),
		).toMatchObject({ status: 404, body: 'gone', headers: { a: '1' } });
	});

	it('status from the cause (status, statusCode), else a three-digit httpCode', () => {
		expect(describeThrown({ cause: { status: 429 } }).status).toBe(429);
		expect(describeThrown({ cause: { statusCode: 502 } }).status).toBe(502);
		expect(describeThrown({ httpCode: '504' })).toMatchObject({ status: 504, code: undefined });
		expect(describeThrown({ httpCode: 401 })).toMatchObject({ status: 401, code: undefined });
	});

	it('a non-numeric httpCode is a network code; n8n keeps its errorResponse as the body', () => {
		expect(
			describeThrown({ httpCode: 'ETIMEDOUT', message: 'timeout', errorResponse: { x: 1 } }),
		).toEqual({
			status: undefined,
			body: { x: 1 },
			headers: {},
			code: 'ETIMEDOUT',
			message: 'timeout',
			messages: ['timeout'],
		});
		expect(describeThrown({ httpCode: '5034' })).toMatchObject({ status: undefined, code: '5034' });
		expect(describeThrown({ httpCode: null, code: 'EPIPE' })).toMatchObject({ code: 'EPIPE' });
		// n8n's null httpCode means none: not a code named "null".
		expect(describeThrown({ httpCode: null, message: 'x' }).code).toBeUndefined();
	});

	it('a code that is not text is dropped; a thrown text is the message', () => {
		expect(describeThrown({ code: 12, message: 'x' }).code).toBeUndefined();
		expect(describeThrown('plain text')).toEqual({
			status: undefined,
			body: undefined,
			headers: {},
			code: undefined,
			message: 'plain text',
			messages: [],
		});
		expect(describeThrown(undefined).message).toBe('undefined');
	});
});

describe('parseMaybeJson', () => {
	it.each([
		['{"a":1}', { a: 1 }],
		[' \n[1,2] ', [1, 2]],
		['{not json', '{not json'],
		['"text"', '"text"'],
		['42', '42'],
		// JSON, but not an object or array: left as the text it is.
		['"{quoted}"', '"{quoted}"'],
		['x [1]', 'x [1]'],
		['plain', 'plain'],
		[{ a: 1 }, { a: 1 }],
		[undefined, undefined],
	])('%j -> %j', (input, expected) => {
		expect(parseMaybeJson(input)).toEqual(expected);
	});
});

describe('serverMessage', () => {
	const keys = ['error_message', 'detail', 'message'];

	it.each([
		[undefined, ''],
		[null, ''],
		['', ''],
		['  just text  ', 'just text'],
		[
			'<html><head><title> 502 Bad Gateway </title></head></html>',
			'an HTML page titled "502 Bad Gateway"',
		],
		['<html><body>no title</body></html>', 'an HTML page'],
		['<html><title>  </title></html>', 'an HTML page'],
		['{"detail":"from text"}', 'from text'],
		[{ error_message: 'first key', detail: 'second key' }, 'first key'],
		[{ error_message: '', detail: 'second key' }, 'second key'],
		[{ message: { message: 'nested' } }, 'nested'],
		[{ detail: 5, other: 'x' }, '{"detail":5,"other":"x"}'],
		[{ message: { code: 1 } }, '{"message":{"code":1}}'],
		[{ error_message: null, detail: 'after a null' }, 'after a null'],
		[404, '404'],
		[false, 'false'],
	])('%j -> %j', (body, expected) => {
		expect(serverMessage(body, keys)).toBe(expected);
	});

	it('at most 300 characters, however they came', () => {
		const long = 'x'.repeat(400);
		expect(serverMessage(long, keys)).toBe('x'.repeat(300));
		expect(serverMessage({ detail: long }, keys)).toBe('x'.repeat(300));
		expect(serverMessage({ message: { message: long } }, keys)).toBe('x'.repeat(300));
		expect(serverMessage({ other: long }, keys)).toHaveLength(300);
	});
});

/** Never expires: the time limit is not what these tests are about. */
const never = new Promise<typeof EXPIRED>(() => undefined);
/** An error body as the core reads it: 64 KiB at most, cut short rather than refused. */
const readErrorBody = async (body: unknown) =>
	await readBounded(body, MAX_ERROR_BODY_BYTES, never, true);
const text = (read: BodyRead) => ('bytes' in read ? read.bytes.toString('utf8') : read);

describe('an error body, read within bounds', () => {
	it('at most 64 KiB', () => {
		expect(MAX_ERROR_BODY_BYTES).toBe(65_536);
	});

	it('text as it is; a buffer decoded; nothing is empty; a value as its JSON', async () => {
		expect(text(await readErrorBody('text'))).toBe('text');
		expect(text(await readErrorBody(Buffer.from('bytes')))).toBe('bytes');
		expect(await readErrorBody(undefined)).toEqual({ bytes: Buffer.alloc(0), truncated: false });
		expect(await readErrorBody(null)).toEqual({ bytes: Buffer.alloc(0), truncated: false });
		expect(text(await readErrorBody({ not: 'a stream' }))).toBe('{"not":"a stream"}');
	});

	it('a stream: read to its end when short', async () => {
		expect(await readErrorBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]))).toEqual({
			bytes: Buffer.from('abcd'),
			truncated: false,
		});
	});

	it('at most 64 KiB of a buffer or a stream; the stream is then closed', async () => {
		const big = Buffer.alloc(70_000, 'a');
		expect(await readErrorBody(big)).toEqual({
			bytes: Buffer.alloc(65_536, 'a'),
			truncated: true,
		});
		let produced = 0;
		// A socket's data arrives in events of its own, never in one synchronous loop.
		const endless = new Readable({
			read() {
				produced++;
				setImmediate(() => this.push(Buffer.alloc(10_000, 'b')));
			},
		});
		const read = await readErrorBody(endless);
		expect(read).toEqual({ bytes: Buffer.alloc(65_536, 'b'), truncated: true });
		expect(endless.destroyed).toBe(true);
		expect(produced).toBeLessThan(20);
	});

	it('a stream that breaks: a broken read with its message, not a body', async () => {
		const broken = new Readable({ read() {} });
		broken.push(Buffer.from('partial'));
		setImmediate(() => broken.destroy(new Error('socket hang up')));
		expect(await readErrorBody(broken)).toEqual({
			problem: 'broken',
			code: undefined,
			message: 'socket hang up',
		});
	});

	it('exactly 64 KiB is whole; a byte more is cut there', async () => {
		const chunks = () => Array.from({ length: 4 }, () => Buffer.alloc(16_384, 'c'));
		expect(await readErrorBody(Readable.from(chunks()))).toEqual({
			bytes: Buffer.alloc(65_536, 'c'),
			truncated: false,
		});
		expect(await readErrorBody(Readable.from([...chunks(), Buffer.from('tail')]))).toEqual({
			bytes: Buffer.alloc(65_536, 'c'),
			truncated: true,
		});
	});

	it('a successful answer too large is refused, not cut; the stream closed', async () => {
		expect(await readBounded(Buffer.alloc(11, 'x'), 10, never)).toEqual({ problem: 'tooLarge' });
		expect(await readBounded(Buffer.alloc(10, 'x'), 10, never)).toEqual({
			bytes: Buffer.alloc(10, 'x'),
			truncated: false,
		});
		const stream = Readable.from([Buffer.alloc(6, 'x'), Buffer.alloc(6, 'y')]);
		expect(await readBounded(stream, 10, never)).toEqual({ problem: 'tooLarge' });
		expect(stream.destroyed).toBe(true);
	});

	it('once read, the stream is let go: no listener of its data, end or close left on it', async () => {
		const stream = Readable.from([Buffer.from('ab')]);
		await readErrorBody(stream);
		for (const event of ['data', 'end', 'close']) expect(stream.listenerCount(event)).toBe(0);
		const stalled = new Readable({ read() {} });
		await readUntilExpired(stalled);
		for (const event of ['data', 'end', 'close']) expect(stalled.listenerCount(event)).toBe(0);
	});

	it('a body the core will not read (a redirect, a refused answer) is closed if it is a stream', () => {
		const stream = new Readable({ read() {} });
		discard(stream);
		expect(stream.destroyed).toBe(true);
		expect(() => discard({ not: 'a stream' })).not.toThrow();
	});

	it('a stream still sending when time is up: too slow, and closed', async () => {
		const stalled = new Readable({ read() {} });
		stalled.push(Buffer.from('first bytes'));
		expect(await readUntilExpired(stalled)).toEqual({ problem: 'tooSlow' });
		expect(stalled.destroyed).toBe(true);
	});
});

async function readUntilExpired(body: unknown): Promise<BodyRead> {
	return await readBounded(body, MAX_ERROR_BODY_BYTES, Promise.resolve(EXPIRED), true);
}
