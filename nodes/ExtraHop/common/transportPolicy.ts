import type { RetryPolicy, ServicePolicy } from '../../shared/transport';

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 400, maxDelayMs: 30_000 };

/** How every request to ExtraHop goes out: the nodes' calls and the RevealX 360 token exchange. */
export const EXTRAHOP_POLICY: ServicePolicy = {
	name: 'ExtraHop',
	retry: DEFAULT_RETRY,
	retryable: {
		statuses: new Set([429, 502, 503, 504]),
		codes: new Set([
			'ECONNRESET',
			'ETIMEDOUT',
			'ECONNABORTED',
			'EPIPE',
			'ECONNREFUSED',
			'EAI_AGAIN',
			'ERR_SOCKET_CONNECTION_TIMEOUT',
		]),
	},
	// A refused connection never reached ExtraHop: safe to repeat even when not idempotent.
	notProcessed: { statuses: new Set(), codes: new Set(['ECONNREFUSED']) },
	longRetryAfter: 'cap',
	redirects: 'follow',
};
