/**
 * Reading an answer within bounds (nodes/shared/transport/answer.ts), exactly: what counts as a
 * stream, how a stream's end, close and error settle the read, that only an incomplete read
 * destroys the stream, and how JSON nesting is measured without parsing (brackets inside strings,
 * escaped quotes, closers). Written for the survivors of the Stryker run of 2026-12-07.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

import {
	EXPIRED,
	isStream,
	jsonTextTooDeep,
	parseAnswer,
	readBounded,
} from '../../nodes/shared/transport/answer';

const never = new Promise<typeof EXPIRED>(() => undefined);
const after = (ms: number) =>
	new Promise<typeof EXPIRED>((resolve) => setTimeout(() => resolve(EXPIRED), ms).unref());

/** A stream-like emitter the test drives by hand (end, close and error in any order). */
class HandStream extends EventEmitter {
	readableEnded: boolean | undefined = undefined;
	destroyed = 0;
	pipe() {
		return this;
	}
	destroy() {
		this.destroyed++;
		return this;
	}
}

/** Lets readBounded attach its listeners before the test emits. */
const attached = () => new Promise((resolve) => setImmediate(resolve));

describe('isStream', () => {
	it('is a stream only with both on() and pipe(), on an object', () => {
		expect(isStream(new PassThrough())).toBe(true);
		expect(isStream(new HandStream())).toBe(true);
		expect(isStream(null)).toBe(false);
		expect(isStream(undefined)).toBe(false);
		expect(isStream('{"a":1}')).toBe(false);
		expect(isStream({ on() {} })).toBe(false);
		expect(isStream({ pipe() {} })).toBe(false);
		expect(isStream({ on: 'x', pipe() {} })).toBe(false);
		expect(isStream(Object.assign(() => undefined, { on() {}, pipe() {} }))).toBe(false);
	});
});

describe('readBounded, values that are not streams', () => {
	it('no body is no bytes, complete', async () => {
		expect(await readBounded(null, 10, never)).toEqual({
			bytes: Buffer.alloc(0),
			truncated: false,
		});
		expect(await readBounded(undefined, 10, never)).toEqual({
			bytes: Buffer.alloc(0),
			truncated: false,
		});
	});

	it('a value JSON cannot write is no bytes', async () => {
		const read = await readBounded(() => 1, 10, never);
		expect(read).toEqual({ bytes: Buffer.alloc(0), truncated: false });
	});

	it('an object already parsed is its JSON text', async () => {
		const read = await readBounded({ a: [1] }, 100, never);
		expect(read).toEqual({ bytes: Buffer.from('{"a":[1]}'), truncated: false });
	});
});

describe('readBounded, streams', () => {
	it('reads every chunk to the end, and leaves a completely read stream alone', async () => {
		const stream = new HandStream();
		const reading = readBounded(stream, 100, never);
		await attached();
		stream.emit('data', Buffer.from('ab'));
		stream.emit('data', 'cd');
		stream.emit('end');
		expect(await reading).toEqual({ bytes: Buffer.from('abcd'), truncated: false });
		expect(stream.destroyed).toBe(0);
		expect(stream.listenerCount('data')).toBe(0);
		expect(stream.listenerCount('end')).toBe(0);
		expect(stream.listenerCount('close')).toBe(0);
	});

	it('"end" alone settles the read (no "close" needed)', async () => {
		const stream = new HandStream();
		const reading = readBounded(stream, 100, after(2000));
		await attached();
		stream.emit('data', 'xy');
		stream.emit('end');
		expect(await reading).toEqual({ bytes: Buffer.from('xy'), truncated: false });
	});

	it('a close before the end is a connection reset mid-answer', async () => {
		const stream = new HandStream();
		stream.readableEnded = false;
		const reading = readBounded(stream, 100, after(2000));
		await attached();
		stream.emit('data', 'partial');
		stream.emit('close');
		expect(await reading).toEqual({
			problem: 'broken',
			code: 'ECONNRESET',
			message: 'the connection closed mid-answer',
		});
		expect(stream.destroyed).toBe(1);
	});

	it.each([
		['ended', true],
		['that does not say', undefined],
	])('a close of a stream %s keeps what was read, complete', async (_, ended) => {
		const stream = new HandStream();
		stream.readableEnded = ended;
		const reading = readBounded(stream, 100, after(2000));
		await attached();
		stream.emit('data', 'whole');
		stream.emit('close');
		expect(await reading).toEqual({ bytes: Buffer.from('whole'), truncated: false });
		expect(stream.destroyed).toBe(0);
	});

	it('a real stream destroyed mid-answer is broken, not complete', async () => {
		const stream = new PassThrough();
		const reading = readBounded(stream, 100, after(2000));
		stream.write('par');
		await attached();
		stream.destroy();
		expect(await reading).toMatchObject({ problem: 'broken', code: 'ECONNRESET' });
	});

	it('an error keeps its code and message; an error that is no object is its text', async () => {
		const coded = new HandStream();
		const first = readBounded(coded, 100, never);
		await attached();
		coded.emit('error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		expect(await first).toEqual({
			problem: 'broken',
			code: 'ECONNRESET',
			message: 'socket hang up',
		});
		expect(coded.destroyed).toBe(1);

		const bare = new HandStream();
		const second = readBounded(bare, 100, never);
		await attached();
		bare.emit('error', null);
		expect(await second).toEqual({ problem: 'broken', code: undefined, message: 'null' });

		const odd = new HandStream();
		const third = readBounded(odd, 100, never);
		await attached();
		odd.emit('error', { code: 7, message: 8 });
		expect(await third).toEqual({
			problem: 'broken',
			code: undefined,
			message: '[object Object]',
		});
	});

	it('past the bound: refused and destroyed, or cut exactly at the bound when truncating', async () => {
		const refused = new HandStream();
		const r1 = readBounded(refused, 5, never);
		await attached();
		refused.emit('data', 'abc');
		refused.emit('data', 'def');
		expect(await r1).toEqual({ problem: 'tooLarge' });
		expect(refused.destroyed).toBe(1);

		const cut = new HandStream();
		const r2 = readBounded(cut, 5, never, true);
		await attached();
		cut.emit('data', 'abc');
		cut.emit('data', 'defgh');
		expect(await r2).toEqual({ bytes: Buffer.from('abcde'), truncated: true });
		expect(cut.destroyed).toBe(1);
	});

	it('exactly the bound is read whole', async () => {
		const stream = new HandStream();
		const reading = readBounded(stream, 5, never);
		await attached();
		stream.emit('data', 'abcde');
		stream.emit('end');
		expect(await reading).toEqual({ bytes: Buffer.from('abcde'), truncated: false });
	});

	it('time up: too slow, and the stream is destroyed', async () => {
		const stream = new HandStream();
		const read = await readBounded(stream, 100, after(20));
		expect(read).toEqual({ problem: 'tooSlow' });
		expect(stream.destroyed).toBe(1);
	});
});

describe('jsonTextTooDeep', () => {
	it('counts nesting to the limit, not past it', () => {
		expect(jsonTextTooDeep('[[1]]', 2)).toBe(false);
		expect(jsonTextTooDeep('[[[1]]]', 2)).toBe(true);
		expect(jsonTextTooDeep('{"a":{"b":{}}}', 2)).toBe(true);
		expect(jsonTextTooDeep('{"a":{"b":{}}}', 3)).toBe(false);
	});

	it('closers bring the depth down: many siblings are not deep', () => {
		expect(jsonTextTooDeep('[[],[],[],[]]', 2)).toBe(false);
		expect(jsonTextTooDeep('{"a":{},"b":{},"c":{},"d":{}}', 2)).toBe(false);
		expect(jsonTextTooDeep('[{},{},{},{}]', 2)).toBe(false);
	});

	it('brackets inside strings do not count, escaped quotes do not end a string', () => {
		expect(jsonTextTooDeep('["[[[[{{{{"]', 2)).toBe(false);
		expect(jsonTextTooDeep('{"k":"a[[[["}', 2)).toBe(false);
		expect(jsonTextTooDeep('["say \\"[[[[\\" twice"]', 2)).toBe(false);
		expect(jsonTextTooDeep('["a\\\\",[[[1]]]]', 3)).toBe(true);
		// After the string ends, brackets count again.
		expect(jsonTextTooDeep('["x",[[1]]]', 2)).toBe(true);
	});
});

describe('parseAnswer', () => {
	it('an empty or blank body is no value', () => {
		expect(parseAnswer(Buffer.from(''), 8)).toEqual({ value: undefined });
		expect(parseAnswer(Buffer.from(' \r\n\t'), 8)).toEqual({ value: undefined });
	});

	it('a leading byte order mark is dropped; one inside a value is kept', () => {
		expect(parseAnswer(Buffer.from('\uFEFF{"a":1}'), 8)).toEqual({ value: { a: 1 } });
		expect(parseAnswer(Buffer.from('{"a":"x\uFEFFy"}'), 8)).toEqual({ value: { a: 'x\uFEFFy' } });
	});

	it('text that is not JSON is the text; too deep is refused before parsing', () => {
		expect(parseAnswer(Buffer.from('Service Unavailable'), 8)).toEqual({
			value: 'Service Unavailable',
		});
		expect(parseAnswer(Buffer.from('[[[1]]]'), 2)).toEqual({ problem: 'tooDeep' });
		expect(parseAnswer(Buffer.from('[[1]]'), 2)).toEqual({ value: [[1]] });
	});
});
