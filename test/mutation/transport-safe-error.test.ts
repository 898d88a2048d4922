/**
 * The error every failed request ends with (nodes/shared/transport/safeError.ts): built from plain
 * texts, the item index on it, and no secret in any property n8n shows, logs or stores.
 */
import { inspect } from 'node:util';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	redact,
	redactDeep,
	redactError,
	safeApiError,
} from '../../nodes/shared/transport/safeError';
import { FAKE_NODE } from './fake-http';

const SECRET = 'tok-2f8e1c';

describe('redact', () => {
	it('cuts every occurrence of every secret of 4 characters or more', () => {
		expect(redact(`a ${SECRET} b ${SECRET}`, [SECRET])).toBe('a [redacted] b [redacted]');
		expect(redact('key abcd and abc', ['abcd', 'abc'])).toBe('key [redacted] and abc');
		expect(redact('nothing here', [SECRET])).toBe('nothing here');
		expect(redact('ab', ['', 'ab'])).toBe('ab');
	});
});

/** Every text reachable from a value: own properties (enumerable or not) of objects and errors. */
function allTexts(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (value === null || typeof value !== 'object' || seen.has(value)) return [];
	seen.add(value);
	return Object.getOwnPropertyNames(value).flatMap((key) =>
		allTexts((value as Record<string, unknown>)[key], seen),
	);
}

describe('redactDeep', () => {
	it('a secret of exactly 4 characters is cut too', () => {
		expect(redactDeep({ a: ['pin 7391'] }, ['7391'])).toEqual({ a: ['pin [redacted]'] });
	});

	it('with no secret of 4 characters or more, the value itself comes back, not a copy', () => {
		const value = { a: ['abc'] };
		expect(redactDeep(value, ['abc', ''])).toBe(value);
		expect(redactDeep(value, [])).toBe(value);
	});
});

describe('redactError', () => {
	function errorFull(): NodeApiError {
		const error = new NodeApiError(
			FAKE_NODE,
			{ message: `body ${SECRET}`, nested: { deep: [`x ${SECRET}`, 3] } },
			{ message: `message ${SECRET}`, description: `description ${SECRET}` },
		);
		error.messages = [`one ${SECRET}`, 'two'];
		error.stack = `Error: ${SECRET}\n at here`;
		error.cause = new Error(`cause ${SECRET}`);
		error.context = { itemIndex: 4, request: { headers: { Authorization: `Bearer ${SECRET}` } } };
		return error;
	}

	it('redacts message, description, messages, stack, errorResponse, cause and context, keeping the rest', () => {
		const error = redactError(errorFull(), [SECRET]);
		expect(error.message).toBe('message [redacted]');
		expect(error.description).toBe('description [redacted]');
		expect(error.messages).toEqual(['one [redacted]', 'two']);
		expect(error.stack).toBe('Error: [redacted]\n at here');
		expect(error.errorResponse).toEqual({
			message: 'body [redacted]',
			nested: { deep: ['x [redacted]', 3] },
		});
		expect((error.cause as Error).message).toBe('cause [redacted]');
		expect(String((error.cause as Error).stack)).not.toContain(SECRET);
		expect(error.context).toEqual({
			itemIndex: 4,
			request: { headers: { Authorization: 'Bearer [redacted]' } },
		});
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});

	it('only secrets of 4 characters or more count: with none, the error is untouched', () => {
		const error = new NodeOperationError(FAKE_NODE, 'has abc in it', { description: 'abc' });
		const before = { message: error.message, description: error.description, stack: error.stack };
		expect(redactError(error, ['abc', ''])).toBe(error);
		expect({ message: error.message, description: error.description, stack: error.stack }).toEqual(
			before,
		);
	});

	it('a secret of exactly 4 characters is cut from every property', () => {
		const error = new NodeApiError(FAKE_NODE, { body: 'pin 7391' }, { message: 'pin 7391' });
		error.description = 'the pin 7391';
		redactError(error, ['7391']);
		expect(error.message).toBe('pin [redacted]');
		expect(error.description).toBe('the pin [redacted]');
		expect(error.errorResponse).toEqual({ body: 'pin [redacted]' });
	});

	it('a secret in any property of the error, of its cause or of an error inside it is cut', () => {
		const error = new NodeApiError(FAKE_NODE, { body: SECRET }, { message: SECRET });
		const inner = new Error(`inner ${SECRET}`);
		const cause = Object.assign(new Error(`outer ${SECRET}`, { cause: inner }), {
			response: { headers: { authorization: `Bearer ${SECRET}` } },
			options: [{ body: SECRET }],
		});
		error.cause = cause;
		error.description = SECRET;
		error.messages = [SECRET];
		// Read-only to TypeScript, plain properties at run time (n8n's error reporter sends them).
		Object.assign(error, { extra: { request: SECRET }, tags: { token: SECRET } });
		error.context = { original: new Error(SECRET), data: SECRET };
		Object.assign(error, { custom: { deep: [SECRET] } });
		redactError(error, [SECRET]);
		expect(cause.response.headers.authorization).toBe('Bearer [redacted]');
		expect(cause.options).toEqual([{ body: '[redacted]' }]);
		expect(inner.message).toBe('inner [redacted]');
		expect(error.extra).toEqual({ request: '[redacted]' });
		expect(allTexts(error).filter((t) => t.includes(SECRET))).toEqual([]);
		expect(JSON.stringify(error)).not.toContain(SECRET);
		expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET);
		expect(error.cause).toBe(cause);
		expect(error.node).toBe(FAKE_NODE);
	});

	it('an error without a stack or description, or with a read-only property: cut all the same, nothing thrown', () => {
		const error = new NodeOperationError(FAKE_NODE, `m ${SECRET}`);
		error.stack = undefined;
		error.description = undefined;
		Object.defineProperty(error, 'fixed', { value: 'read-only', writable: false });
		expect(() => redactError(error, [SECRET])).not.toThrow();
		expect(error.message).toBe('m [redacted]');
		expect(error.stack).toBeUndefined();
		expect(error.description).toBeUndefined();
	});

	it('with no secret of 4 characters or more, nothing in the error is replaced or copied', () => {
		const error = errorFull();
		const { errorResponse, context, messages, cause } = error;
		redactError(error, ['abc', '']);
		expect(error.errorResponse).toBe(errorResponse);
		expect(error.context).toBe(context);
		expect(error.messages).toBe(messages);
		expect(error.cause).toBe(cause);
	});

	it('a cause that is plain data is redacted throughout', () => {
		const error = new NodeOperationError(FAKE_NODE, 'm');
		error.cause = { response: { body: [`x ${SECRET}`] }, status: 401 } as unknown as Error;
		redactError(error, [SECRET]);
		expect(error.cause).toEqual({ response: { body: ['x [redacted]'] }, status: 401 });
	});

	it('survives circular data and an error without description, cause or response', () => {
		const error = new NodeOperationError(FAKE_NODE, `m ${SECRET}`);
		const loop: Record<string, unknown> = { text: SECRET };
		loop.self = loop;
		error.context = { loop };
		redactError(error, [SECRET]);
		expect(error.message).toBe('m [redacted]');
		const context = error.context as { loop: { text: string; self: unknown } };
		expect(context.loop.text).toBe('[redacted]');
		expect(error.description ?? null).toBeNull();
	});
});

describe('safeApiError', () => {
	it('carries message, description, HTTP status, item index; the response holds no more than those', () => {
		const error = safeApiError(
			FAKE_NODE,
			{ message: 'ExtraHop failed (HTTP 503)', description: 'Try again later.' },
			{ status: 503 },
			3,
			[],
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('ExtraHop failed (HTTP 503)');
		expect(error.description).toBe('Try again later.');
		expect(error.httpCode).toBe('503');
		expect(error.context.itemIndex).toBe(3);
		expect(error.errorResponse).toEqual({
			message: 'ExtraHop failed (HTTP 503)',
			description: 'Try again later.',
			httpCode: '503',
		});
		expect(error.node).toBe(FAKE_NODE);
	});

	it('a network failure: the code in the response, no status; the message kept although it names a network error', () => {
		const error = safeApiError(
			FAKE_NODE,
			{ message: 'Could not connect: ECONNREFUSED', description: 'Check the URL.' },
			{ code: 'ECONNREFUSED' },
			undefined,
			[],
		);
		expect(error.message).toBe('Could not connect: ECONNREFUSED');
		expect(error.description).toBe('Check the URL.');
		expect(error.errorResponse).toEqual({
			message: 'Could not connect: ECONNREFUSED',
			description: 'Check the URL.',
			httpCode: null,
			code: 'ECONNREFUSED',
		});
		expect(error.context.itemIndex).toBeUndefined();
	});

	it('no secret anywhere, also when the texts echo it', () => {
		const error = safeApiError(
			FAKE_NODE,
			{ message: `rejected ${SECRET}`, description: `the key ${SECRET} is wrong` },
			{ status: 401 },
			0,
			[SECRET],
		);
		expect(error.message).toBe('rejected [redacted]');
		expect(error.description).toBe('the key [redacted] is wrong');
		expect(error.context.itemIndex).toBe(0);
		for (const text of [
			JSON.stringify(error),
			String(error.stack),
			JSON.stringify(error.messages),
			JSON.stringify(error.errorResponse),
		])
			expect(text).not.toContain(SECRET);
	});
});
