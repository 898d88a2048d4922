/**
 * Runs `task(i)` for i in [0, count) with at most `limit` in flight, keeping results in input
 * order. On the first failure no new task starts; the ones in flight finish, then it throws.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (failure === undefined && next < count) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker);
	await Promise.all(workers);
	if (failure) throw failure.error;
	return results;
}

/** Serialises async work per key (e.g. read-modify-write of one detection's note). */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const current = previous.catch(() => undefined).then(work);
		this.tails.set(key, current);
		try {
			return await current;
		} finally {
			if (this.tails.get(key) === current) this.tails.delete(key);
		}
	}
}

const executionLocks = new WeakMap<object, Map<string, KeyedLock>>();

/**
 * A lock shared by the items of one execution (one node run: the same `this`), one per purpose,
 * e.g. 'investigation' or 'tag': items touching the same key run one after the other.
 */
export function executionLock(execution: object, purpose: string): KeyedLock {
	let locks = executionLocks.get(execution);
	if (!locks) {
		locks = new Map();
		executionLocks.set(execution, locks);
	}
	let lock = locks.get(purpose);
	if (!lock) {
		lock = new KeyedLock();
		locks.set(purpose, lock);
	}
	return lock;
}
