/**
 * A node context whose HTTP helper plays a script of answers, and a clock that records every wait
 * instead of waiting: the transport core's decisions (what is sent again, after how long) checked
 * exactly and at once.
 */
import {
	NodeApiError,
	type IHttpRequestOptions,
	type INode,
	type IHttpRequestMethods,
} from 'n8n-workflow';

import {
	sendRequest,
	type HttpContext,
	type ServicePolicy,
	type ServiceRequest,
} from '../../nodes/shared/transport';

export const FAKE_NODE: INode = {
	id: 'fake-node',
	name: 'Fake Node',
	type: 'test.fake',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export type Scripted =
	{ status: number; body?: unknown; headers?: Record<string, unknown> } | { error: unknown };

export interface ScriptedHttp {
	ctx: HttpContext;
	/** The options of every request sent, in order (a copy taken when it was sent). */
	sent: IHttpRequestOptions[];
}

/** Answers the requests with `script` in order; the last entry answers everything after it. */
export function scriptedHttp(script: Scripted[]): ScriptedHttp {
	const sent: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => FAKE_NODE,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push({ ...options, headers: { ...options.headers } });
				const next = script[Math.min(sent.length, script.length) - 1];
				if ('error' in next) throw next.error;
				return {
					statusCode: next.status,
					body: next.body ?? {},
					headers: next.headers ?? { 'content-type': 'application/json' },
				};
			},
		},
	} as unknown as HttpContext;
	return { ctx, sent };
}

/** A network error as n8n's helper throws it (the code on the error itself). */
export const networkError = (code: string, message = `${code} from the network`) =>
	Object.assign(new Error(message), { code });

/**
 * The core's timeout of an attempt whose options set none: one timer per attempt (answer.ts,
 * `expiry`), the time the whole exchange may take, not a wait between attempts.
 */
export const ATTEMPT_TIMEOUT_MS = 300_000;

export interface RecordedClock {
	/** Every setTimeout delay asked for, in order, but an attempt's timeout; each ran at once. */
	waits: number[];
	restore(): void;
}

/**
 * Runs every timer at once and records the delay asked for; `random` fixes Math.random (jitter).
 * A timer of ATTEMPT_TIMEOUT_MS (an attempt's timeout) is neither recorded nor ever run: the
 * scripted answers come at once, and the attempt must not time out before them.
 */
export function recordWaits(random = 0.5): RecordedClock {
	const waits: number[] = [];
	const realSetTimeout = globalThis.setTimeout;
	const timer = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((
		callback: (...args: unknown[]) => void,
		ms?: number,
		...args: unknown[]
	) => {
		if (ms === ATTEMPT_TIMEOUT_MS) return realSetTimeout(() => undefined, 0);
		waits.push(ms ?? 0);
		return realSetTimeout(callback, 0, ...args);
	}) as unknown as typeof setTimeout);
	const jitter = jest.spyOn(Math, 'random').mockReturnValue(random);
	return {
		waits,
		restore() {
			timer.mockRestore();
			jitter.mockRestore();
		},
	};
}

/** A request whose texts show what the core handed to `explain`. */
export function serviceRequest(
	method: IHttpRequestMethods,
	overrides: Partial<ServiceRequest> = {},
): ServiceRequest {
	return {
		credentialType: 'fakeApi',
		options: { method, url: 'https://service.test/api/thing' },
		itemIndex: 2,
		secrets: [],
		explain: (failure, attempts) => ({
			message: `explained ${failure.status ?? failure.code ?? 'nothing'} after ${attempts}`,
			description: 'what to do',
		}),
		explainNotJson: (response, attempts) => ({
			message: `not JSON ${response.statusCode} after ${attempts}`,
			description: 'a proxy answered',
		}),
		...overrides,
	};
}

/** The NodeApiError a request ends with (fails the test when it succeeds or throws something else). */
export async function requestError(
	http: ScriptedHttp,
	policy: ServicePolicy,
	request: ServiceRequest,
): Promise<NodeApiError> {
	const outcome = await sendRequest.call(http.ctx, policy, request).then(
		() => undefined,
		(error: unknown) => error,
	);
	if (!(outcome instanceof NodeApiError))
		throw new Error(`expected a NodeApiError, got ${String(outcome)}`);
	return outcome;
}
