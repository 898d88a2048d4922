/**
 * Orders racing requests by events instead of delays, so a race test means the same on a loaded
 * machine: `.hold('GET', 3, 'PUT', 2)` holds the third GET to `path` until the second PUT to it
 * has arrived. A held request goes on one timer turn after that arrival: the simulator applies a
 * request right after its watchers, without waiting on I/O, so the awaited request is applied by
 * then.
 */
interface WatchedServer {
	watch(watcher: (req: { method: string; path: string }) => void | Promise<void>): () => void;
}

export function interleave(server: WatchedServer, path: string) {
	const arrived = new Map<string, number>();
	const waiting: Array<{ method: string; count: number; go: () => void }> = [];
	const holds: Array<{ method: string; nth: number; untilMethod: string; untilCount: number }> = [];

	const reached = (method: string, count: number) =>
		new Promise<void>((resolve) => {
			const go = () => setTimeout(resolve, 10);
			if ((arrived.get(method) ?? 0) >= count) go();
			else waiting.push({ method, count, go });
		});

	server.watch(async (req) => {
		if (req.path !== path) return;
		const n = (arrived.get(req.method) ?? 0) + 1;
		arrived.set(req.method, n);
		for (const w of [...waiting])
			if (w.method === req.method && n >= w.count) {
				waiting.splice(waiting.indexOf(w), 1);
				w.go();
			}
		const hold = holds.find((h) => h.method === req.method && h.nth === n);
		if (hold) await reached(hold.untilMethod, hold.untilCount);
	});

	const plan = {
		hold(method: string, nth: number, untilMethod: string, untilCount: number) {
			holds.push({ method, nth, untilMethod, untilCount });
			return plan;
		},
	};
	return plan;
}
