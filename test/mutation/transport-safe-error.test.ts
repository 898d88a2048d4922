/**
 * The error every failed request ends with (nodes/shared/transport/safeError.ts): built from plain
 * texts, the item index on it, and no secret in any property n8n shows, logs or stores.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redact, redactError, safeApiError } from '../../nodes/shared/transport/safeError';
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
