/**
 * The router (every item prepared before the first request, bounded parallelism, input order,
 * pairedItem, Continue On Fail, finalize), the bounded map under it and the per-key lock, driven
 * by a fake operation whose requests complete when the test says so.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { KeyedLock, mapWithConcurrency } from '../../nodes/shared/concurrency';
import { errorItemJson, withItemIndex } from '../../nodes/shared/errors';
import { WithBinary, type Operation, type Resource } from '../../nodes/shared/operation';
import { routeItems } from '../../nodes/shared/router';
import { FAKE_NODE } from './fake-http';

interface Deferred<T> {
	promise: Promise<T>;
	resolve(value: T): void;
	reject(error: unknown): void;
}
function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}
/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A fake operation: records what happens, and each item's request waits for the test. */
function fakeOperation(behaviour: {
	prepare?: (i: number) => unknown;
	execute?: (prepared: unknown, i: number) => Promise<IDataObject | IDataObject[] | WithBinary>;
	finalize?: boolean;
}) {
	const events: string[] = [];
	const finalized: IDataObject[][] = [];
	const operation: Operation<unknown> = {
		description: [],
		prepare(i) {
			events.push(`prepare ${i}`);
			return behaviour.prepare ? behaviour.prepare(i) : { item: i };
		},
		async execute(prepared, i) {
			events.push(`execute ${i}`);
			const result = await (behaviour.execute
				? behaviour.execute(prepared, i)
				: Promise.resolve({ done: i }));
			events.push(`done ${i}`);
			return result;
		},
	};
	if (behaviour.finalize) operation.finalize = (outputs) => void finalized.push(outputs);
	const resources: Resource[] = [
		{ name: 'Other', value: 'other', description: [], operations: {} },
		{ name: 'Thing', value: 'thing', description: [], operations: { run: operation } },
	];
	return { resources, events, finalized };
}

function executeContext(
	count: number,
	parameters: Record<string, unknown> = {},
	continueOnFail = false,
) {
	const asked: Array<[string, number]> = [];
	const values: Record<string, unknown> = { resource: 'thing', operation: 'run', ...parameters };
	return {
		asked,
		ctx: {
			getInputData: () => Array.from({ length: count }, (_, i) => ({ json: { i } })),
			getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
				asked.push([name, itemIndex]);
				return values[name] === undefined ? fallback : values[name];
			},
			continueOnFail: () => continueOnFail,
			getNode: () => FAKE_NODE,
		} as unknown as IExecuteFunctions,
	};
}

async function route(ctx: IExecuteFunctions, resources: Resource[]): Promise<INodeExecutionData[]> {
	const [out] = await routeItems.call(ctx, resources);
	return out;
}

async function routeError(ctx: IExecuteFunctions, resources: Resource[]) {
	const error = await routeItems.call(ctx, resources).then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError))
		throw new Error(`expected an n8n error, got ${String(error)}`);
	return error;
}

/** Runs `count` items whose requests are held; returns the most requests in flight at once. */
async function mostInFlight(count: number, requestOptions: unknown): Promise<number> {
	let inFlight = 0;
	let most = 0;
	const { resources } = fakeOperation({
		execute: async (_p, i) => {
			most = Math.max(most, ++inFlight);
			await new Promise((resolve) => setTimeout(resolve, 2));
			inFlight--;
			return { i };
		},
	});
	const { ctx } = executeContext(count, { requestOptions });
	const out = await route(ctx, resources);
	expect(out).toHaveLength(count);
	return most;
}

describe('routeItems', () => {
	it('finds the operation by resource and operation, read from item 0', async () => {
		const { resources } = fakeOperation({});
		const { ctx, asked } = executeContext(2);
		const out = await route(ctx, resources);
		expect(out).toEqual([
			{ json: { done: 0 }, pairedItem: { item: 0 } },
			{ json: { done: 1 }, pairedItem: { item: 1 } },
		]);
		expect(asked.slice(0, 2)).toEqual([
			['resource', 0],
			['operation', 0],
		]);
	});

	it.each([
		['thing', 'missing'],
		['other', 'run'],
		['nothing', 'run'],
		['thing', 'toString'],
		['thing', 'hasOwnProperty'],
	])(
		'refuses resource %s, operation %s, before preparing any item',
		async (resource, operation) => {
			const { resources, events } = fakeOperation({});
			const { ctx } = executeContext(1, { resource, operation });
			const error = await routeError(ctx, resources);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(`The operation "${operation}" is not supported for "${resource}"`);
			expect(events).toEqual([]);
		},
	);

	it('prepares (validates) every item before the first request', async () => {
		const { resources, events } = fakeOperation({});
		const { ctx } = executeContext(3, { requestOptions: { parallelRequests: 1 } });
		await route(ctx, resources);
		expect(events).toEqual([
			'prepare 0',
			'prepare 1',
			'prepare 2',
			'execute 0',
			'done 0',
			'execute 1',
			'done 1',
			'execute 2',
			'done 2',
		]);
	});

	it('an invalid item stops the node before any request, with its index', async () => {
		const { resources, events } = fakeOperation({
			prepare: (i) => {
				if (i === 2) throw new Error('item 2 is invalid');
				return i;
			},
		});
		const { ctx } = executeContext(4);
		const error = await routeError(ctx, resources);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('item 2 is invalid');
		expect(error.context.itemIndex).toBe(2);
		expect(events).toEqual(['prepare 0', 'prepare 1', 'prepare 2']);
	});

	it('with Continue On Fail an invalid item becomes an error item and sends nothing; the others run', async () => {
		const invalid = new NodeOperationError(FAKE_NODE, 'bad input', {
			description: 'fix the input',
		});
		const { resources, events } = fakeOperation({
			prepare: (i) => {
				if (i === 1) throw invalid;
				return i;
			},
		});
		const { ctx } = executeContext(3, {}, true);
		const out = await route(ctx, resources);
		expect(out).toEqual([
			{ json: { done: 0 }, pairedItem: { item: 0 } },
			{ json: { error: 'bad input', description: 'fix the input' }, pairedItem: { item: 1 } },
			{ json: { done: 2 }, pairedItem: { item: 2 } },
		]);
		expect(events.filter((e) => e.startsWith('execute'))).toEqual(['execute 0', 'execute 2']);
	});

	it('keeps input order and pairedItem when requests complete in reverse', async () => {
		const gates = Array.from({ length: 4 }, () => deferred<IDataObject>());
		const { resources, events } = fakeOperation({ execute: (_p, i) => gates[i].promise });
		const { ctx } = executeContext(4, { requestOptions: { parallelRequests: 4 } });
		const running = route(ctx, resources);
		await settle();
		for (const i of [3, 2, 1, 0]) {
			gates[i].resolve({ answer: i });
			await settle();
		}
		const out = await running;
		expect(events.filter((e) => e.startsWith('done'))).toEqual([
			'done 3',
			'done 2',
			'done 1',
			'done 0',
		]);
		expect(out).toEqual(
			[0, 1, 2, 3].map((i) => ({ json: { answer: i }, pairedItem: { item: i } })),
		);
	});

	it('a list answer gives one item per entry, each paired to its input; a file keeps its binary', async () => {
		const binary = { data: { data: 'AAEC', mimeType: 'application/vnd.tcpdump.pcap' } };
		const { resources } = fakeOperation({
			execute: async (_p, i) =>
				i === 0 ? [{ a: 1 }, { a: 2 }] : i === 1 ? [] : new WithBinary({ file: true }, binary),
		});
		const { ctx } = executeContext(3);
		expect(await route(ctx, resources)).toEqual([
			{ json: { a: 1 }, pairedItem: { item: 0 } },
			{ json: { a: 2 }, pairedItem: { item: 0 } },
			{ json: { file: true }, binary, pairedItem: { item: 2 } },
		]);
	});

	it.each([
		[undefined, 4],
		[{}, 4],
		[{ parallelRequests: 1 }, 1],
		[{ parallelRequests: 3 }, 3],
		[{ parallelRequests: 2.9 }, 2],
		[{ parallelRequests: 0 }, 1],
		[{ parallelRequests: -5 }, 1],
		[{ parallelRequests: 16 }, 16],
		[{ parallelRequests: 17 }, 16],
		[{ parallelRequests: 1000 }, 16],
	])('request options %j: at most %i requests at once', async (requestOptions, expected) => {
		expect(await mostInFlight(24, requestOptions)).toBe(expected);
	});

	it('a failing request without Continue On Fail: the error carries its index, no later item starts', async () => {
		const gates = Array.from({ length: 5 }, () => deferred<IDataObject>());
		const { resources, events } = fakeOperation({ execute: (_p, i) => gates[i].promise });
		const { ctx } = executeContext(5, { requestOptions: { parallelRequests: 2 } });
		const running = routeError(ctx, resources);
		await settle();
		gates[1].reject(new NodeApiError(FAKE_NODE, { message: 'boom' }, { message: 'boom' }));
		await settle();
		gates[0].resolve({ ok: true });
		const error = await running;
		expect(error.message).toBe('boom');
		expect(error.context.itemIndex).toBe(1);
		// Item 0 was in flight and finished; item 2 started in its place after it, none after the failure.
		expect(events.filter((e) => e.startsWith('execute'))).toEqual(['execute 0', 'execute 1']);
	});

	it('with Continue On Fail a failing request becomes an error item with message, description and HTTP code', async () => {
		const { resources } = fakeOperation({
			execute: async (_p, i) => {
				if (i === 1) {
					throw new NodeApiError(
						FAKE_NODE,
						{ message: 'not found' },
						{ message: 'Thing 1 not found', description: 'Check the ID', httpCode: '404' },
					);
				}
				if (i === 2) throw 'a plain string';
				return { ok: i };
			},
			finalize: true,
		});
		const { ctx } = executeContext(4, {}, true);
		const out = await route(ctx, resources);
		expect(out).toEqual([
			{ json: { ok: 0 }, pairedItem: { item: 0 } },
			{
				json: { error: 'Thing 1 not found', description: 'Check the ID', httpCode: '404' },
				pairedItem: { item: 1 },
			},
			{ json: { error: 'a plain string' }, pairedItem: { item: 2 } },
			{ json: { ok: 3 }, pairedItem: { item: 3 } },
		]);
	});

	it('finalize sees the successful outputs only, in order, once', async () => {
		const { resources, finalized } = fakeOperation({
			execute: async (_p, i) => {
				if (i === 1) throw new Error('failed');
				return i === 2 ? [{ n: 2 }, { n: 2.5 }] : { n: i };
			},
			finalize: true,
		});
		const { ctx } = executeContext(4, {}, true);
		await route(ctx, resources);
		expect(finalized).toEqual([[{ n: 0 }, { n: 2 }, { n: 2.5 }, { n: 3 }]]);
	});

	it('finalize is not called when an item fails without Continue On Fail', async () => {
		const { resources, finalized } = fakeOperation({
			execute: async (_p, i) => {
				if (i === 1) throw new Error('failed');
				return { n: i };
			},
			finalize: true,
		});
		await routeError(executeContext(3).ctx, resources);
		expect(finalized).toEqual([]);
	});
});

describe('mapWithConcurrency', () => {
	it('no work: no task, an empty list', async () => {
		const task = jest.fn(async () => 1);
		expect(await mapWithConcurrency(0, 4, task)).toEqual([]);
		expect(task).not.toHaveBeenCalled();
	});

	it('a limit below 1 still runs the tasks, one at a time', async () => {
		const order: string[] = [];
		const out = await mapWithConcurrency(3, 0, async (i) => {
			order.push(`start ${i}`);
			await settle();
			order.push(`end ${i}`);
			return i * 10;
		});
		expect(out).toEqual([0, 10, 20]);
		expect(order).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
	});

	it('results in index order although completed in another order', async () => {
		const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
		const running = mapWithConcurrency(3, 3, (i) => gates[i].promise);
		gates[2].resolve('c');
		await settle();
		gates[0].resolve('a');
		await settle();
		gates[1].resolve('b');
		expect(await running).toEqual(['a', 'b', 'c']);
	});

	it('throws the first failure after the tasks in flight have finished, and starts no new task', async () => {
		const gates = Array.from({ length: 6 }, () => deferred<number>());
		const started: number[] = [];
		let outcome: unknown;
		const running = mapWithConcurrency(6, 3, (i) => {
			started.push(i);
			return gates[i].promise;
		}).then(
			() => (outcome = 'resolved'),
			(error: unknown) => (outcome = error),
		);
		await settle();
		gates[1].reject(new Error('first'));
		await settle();
		gates[0].reject(new Error('second'));
		await settle();
		// Task 2 is still in flight: the failure waits for it.
		expect(outcome).toBeUndefined();
		gates[2].resolve(2);
		await running;
		expect((outcome as Error).message).toBe('first');
		expect(started).toEqual([0, 1, 2]);
	});
});

describe('KeyedLock', () => {
	it('runs work of one key one after another, of different keys side by side, and hands back results and errors', async () => {
		const lock = new KeyedLock();
		const log: string[] = [];
		const gateA = deferred<void>();
		const first = lock.run('a', async () => {
			log.push('a1 start');
			await gateA.promise;
			log.push('a1 end');
			throw new Error('a1 failed');
		});
		const second = lock.run('a', async () => {
			log.push('a2 start');
			return 'a2';
		});
		const other = lock.run('b', async () => {
			log.push('b start');
			return 'b';
		});
		await settle();
		expect(log).toEqual(['a1 start', 'b start']);
		gateA.resolve();
		await expect(first).rejects.toThrow('a1 failed');
		expect(await second).toBe('a2');
		expect(await other).toBe('b');
		expect(log).toEqual(['a1 start', 'b start', 'a1 end', 'a2 start']);
		// Nothing is kept once a key's work is done.
		expect((lock as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
	});

	it('work queued behind a finished one still holds the key: a third waits for the second', async () => {
		const lock = new KeyedLock();
		const log: string[] = [];
		const gates = [deferred<void>(), deferred<void>()];
		const first = lock.run('k', async () => {
			await gates[0].promise;
			log.push('first done');
		});
		const second = lock.run('k', async () => {
			log.push('second start');
			await gates[1].promise;
			log.push('second done');
		});
		gates[0].resolve();
		await first;
		const third = lock.run('k', async () => {
			log.push('third start');
		});
		await settle();
		expect(log).toEqual(['first done', 'second start']);
		gates[1].resolve();
		await Promise.all([second, third]);
		expect(log).toEqual(['first done', 'second start', 'second done', 'third start']);
	});
});

describe('errors', () => {
	it('withItemIndex puts the index on an n8n error without replacing it, keeping its context', () => {
		const api = new NodeApiError(FAKE_NODE, { message: 'x' }, { message: 'x' });
		api.context = { kept: true };
		const same = withItemIndex(FAKE_NODE, api, 5);
		expect(same).toBe(api);
		expect(same.context).toEqual({ kept: true, itemIndex: 5 });
		const operation = new NodeOperationError(FAKE_NODE, 'y');
		expect(withItemIndex(FAKE_NODE, operation, 0)).toBe(operation);
		expect(operation.context.itemIndex).toBe(0);
	});

	it('withItemIndex turns anything else into a NodeOperationError with the index', () => {
		const fromError = withItemIndex(FAKE_NODE, new TypeError('broken'), 3);
		expect(fromError).toBeInstanceOf(NodeOperationError);
		expect(fromError.message).toBe('broken');
		expect(fromError.context.itemIndex).toBe(3);
		const fromText = withItemIndex(FAKE_NODE, 'plain text', 1);
		expect(fromText.message).toBe('plain text');
		expect(fromText.context.itemIndex).toBe(1);
	});

	it('errorItemJson: message, and description and HTTP code only when there are some', () => {
		expect(errorItemJson({ message: 'm', description: 'd', httpCode: '503' })).toEqual({
			error: 'm',
			description: 'd',
			httpCode: '503',
		});
		expect(errorItemJson({ message: 'm', description: '', httpCode: null })).toEqual({
			error: 'm',
		});
		expect(errorItemJson({ message: 'm', description: null })).toEqual({ error: 'm' });
		expect(errorItemJson('just text')).toEqual({ error: 'just text' });
		expect(errorItemJson(undefined)).toEqual({ error: 'undefined' });
	});
});
