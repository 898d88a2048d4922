import type { IDataObject } from 'n8n-workflow';

import type { RetryPolicy, ServicePolicy } from '../../shared/transport';

const MIB = 1024 * 1024;

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
	// One detection, device or token is a few KB: 16 MiB leaves room, and no answer nests deep.
	answers: { maxBytes: 16 * MIB, maxDepth: 64 },
	redirectAdvice:
		'If the system moved, enter the address it answers at (as you open it in a browser, often https:// instead of http://) in the credential.',
};

/** The most items one request may ask for (the API's own page maximum). */
const MAX_ITEMS_PER_REQUEST = 20_000;
/** Room per item a page asks for: a detection is 1 to 5 KB. */
const BYTES_PER_ITEM = 8 * 1024;

/**
 * The largest answer a request may get: the policy's 16 MiB, plus 8 KiB per item a page asks for
 * (`limit` in the body or query): 24 MiB for a page of 1,000, 71 MiB for the poll trigger's
 * default 7,000, 172 MiB for the API's maximum of 20,000.
 */
export function answerBytesFor(request: { body?: IDataObject | IDataObject[]; qs?: IDataObject }) {
	const body = Array.isArray(request.body) ? undefined : request.body;
	const asked = Number(body?.limit ?? request.qs?.limit);
	const items = Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_ITEMS_PER_REQUEST) : 0;
	return (EXTRAHOP_POLICY.answers?.maxBytes ?? 16 * MIB) + items * BYTES_PER_ITEM;
}
