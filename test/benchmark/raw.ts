/**
 * The benchmark's external baselines: plain Node HTTP clients talking to the same simulator,
 * without n8n. `keepAlive` true reuses connections (what a raw client would do); false opens one
 * per request, as the vendor's example scripts do.
 */
import http from 'node:http';
import https from 'node:https';

export class RawClient {
	private readonly agent: http.Agent;
	private readonly url: URL;

	constructor(
		base: string,
		private readonly apiKey: string,
		keepAlive: boolean,
		maxSockets = Infinity,
	) {
		this.url = new URL(base);
		const options = { keepAlive, maxSockets, rejectUnauthorized: false };
		this.agent =
			this.url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
	}

	request<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; body: T }> {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const lib = this.url.protocol === 'https:' ? https : http;
		return new Promise((resolve, reject) => {
			const req = lib.request(
				{
					hostname: this.url.hostname,
					port: this.url.port,
					path: `/api/v1${path}`,
					method,
					agent: this.agent,
					headers: {
						Authorization: `ExtraHop apikey=${this.apiKey}`,
						Accept: 'application/json',
						...(payload
							? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
							: {}),
					},
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						resolve({
							status: res.statusCode ?? 0,
							body: (text ? JSON.parse(text) : undefined) as T,
						});
					});
					res.on('error', reject);
				},
			);
			req.on('error', reject);
			if (payload) req.write(payload);
			req.end();
		});
	}

	/** Pages the search on mod_time (after `after`) at the API's maximum page, keeping everything. */
	async pageAll(after: number, limit = 20000): Promise<Array<Record<string, unknown>>> {
		const all: Array<Record<string, unknown>> = [];
		for (let offset = 0; ; offset += limit) {
			const { body } = await this.request<Array<Record<string, unknown>>>(
				'POST',
				'/detections/search',
				{
					mod_time: after,
					sort: [
						{ field: 'mod_time', direction: 'asc' },
						{ field: 'id', direction: 'asc' },
					],
					limit,
					offset,
				},
			);
			for (const d of body) all.push(d);
			if (body.length < limit) return all;
		}
	}

	close() {
		this.agent.destroy();
	}
}

/** Runs task(i) for i < count with `limit` in flight. */
export async function pool(count: number, limit: number, task: (i: number) => Promise<unknown>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, count) }, async () => {
			while (next < count) await task(next++);
		}),
	);
}
