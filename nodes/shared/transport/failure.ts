/** What went wrong with a request, read the same way for every service. */

export interface Failure {
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	/** A network error's code (ECONNREFUSED, ETIMEDOUT, a TLS code...). */
	code?: string;
	/** The error's own text. */
	message: string;
	/** Every text n8n kept of a thrown error: it replaces some with generic ones and keeps the originals here. */
	messages?: string[];
	/** Where a redirect (3xx) pointed, resolved against the request's URL. */
	location?: string;
}

/** What a service tells the user about a failure. */
export interface ErrorText {
	message: string;
	description: string;
}

export const TLS_ERROR_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_NOT_YET_VALID',
]);

/** Where a connection went, as the user entered it, and where they fix it. */
export interface ConnectionTarget {
	/** The base URL the request went to (scheme included). */
	base: string;
	/** Whether "https://" was put in front because the URL the user entered had none. */
	schemeAssumed: boolean;
	/** Where the URL is set, e.g. 'the "ExtraHop API" credential'. */
	where: string;
}

/** Whether the URL a user entered lacks a scheme (so "https://" is assumed for it). */
export function lacksScheme(url: unknown): boolean {
	const text = String(url ?? '').trim();
	return text !== '' && !/^https?:\/\//i.test(text);
}

const WRONG_PROTOCOL =
	/EPROTO|wrong version number|ERR_SSL_|packet length too long|unknown protocol/i;

/**
 * What a failed connection (no HTTP answer) means and how to fix it, the same words for every
 * service, in credential tests and at run time; undefined for failures a service explains itself
 * (timeouts, dropped connections: whether the request took effect differs per service).
 */
export function explainConnection(
	failure: Pick<Failure, 'code' | 'message' | 'messages'>,
	target: ConnectionTarget,
): ErrorText | undefined {
	const host = target.base.replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
	const code = failure.code ?? '';
	const text = [code, failure.message, ...(failure.messages ?? [])].join(' ');
	const assumed = target.schemeAssumed
		? ` "https://" was assumed because the URL in ${target.where} has no scheme.`
		: '';
	if (WRONG_PROTOCOL.test(text) && /^https:/i.test(target.base)) {
		return {
			message: `${host} does not answer HTTPS on this port (it answered in plain HTTP or another protocol)`,
			description: target.schemeAssumed
				? `"https://" was assumed because the URL in ${target.where} has no scheme: if this address serves plain HTTP, begin the URL with http://; otherwise check the port.`
				: `Check the port in the URL in ${target.where}; if this address really serves plain HTTP, begin the URL with http://.`,
		};
	}
	if (TLS_ERROR_CODES.has(code) || /certificate|self[- ]signed|SSL Issue|CERT_/i.test(text)) {
		return {
			message: `The TLS certificate of ${host} is not trusted (${code || (/self[- ]signed/i.test(text) ? 'self-signed' : 'not verifiable')})`,
			description: `Install a certificate from a trusted authority, or turn on "Ignore SSL Issues" in ${target.where} if you accept the risk.`,
		};
	}
	if (code === 'ECONNREFUSED') {
		return {
			message: `${host} refused the connection`,
			description: `Nothing answers on that host and port. Check the host name and port in the URL in ${target.where}, and that n8n can reach it.${assumed}`,
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			message: `The host name ${host.replace(/:\d+$/, '')} could not be resolved`,
			description: `Check the URL in ${target.where}.${assumed}`,
		};
	}
	return undefined;
}

export function isHtml(body: unknown): boolean {
	return (
		typeof body === 'string' &&
		/^\s*</.test(body) &&
		/<(html|head|body|!doctype|title)\b/i.test(body)
	);
}

/** A successful answer that is not the JSON asked for: an HTML page, or text not declared as JSON. */
export function isNotJson(response: { body: unknown; headers?: Record<string, unknown> }): boolean {
	const contentType = String(response.headers?.['content-type'] ?? '');
	const undeclaredText =
		typeof response.body === 'string' && response.body !== '' && !contentType.includes('json');
	return isHtml(response.body) || undeclaredText;
}

/** Retry-After in milliseconds, from seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
	const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
	if (raw === undefined || raw === null) return undefined;
	const text = String(Array.isArray(raw) ? raw[0] : raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Status, body, headers and code of whatever n8n's helpers threw. Requests are sent with
 * `ignoreHttpStatusErrors`, so this is mostly a network failure: n8n's NodeApiError drops the
 * original error (`cause`) and keeps its code in `httpCode`.
 */
export function describeThrown(error: unknown): Failure {
	const e = error as Record<string, unknown>;
	const cause = (e?.cause ?? {}) as Record<string, unknown>;
	const response = (cause.response ?? e?.response ?? {}) as Record<string, unknown>;
	const httpCode =
		e?.httpCode === null || e?.httpCode === undefined ? undefined : String(e.httpCode);
	const numericHttpCode =
		httpCode !== undefined && /^\d{3}$/.test(httpCode) ? Number(httpCode) : undefined;
	const status = Number(response.status ?? cause.status ?? cause.statusCode) || numericHttpCode;
	const rawCode =
		cause.code ??
		e?.code ??
		(httpCode !== undefined && numericHttpCode === undefined ? httpCode : undefined);
	const messages = [
		cause.message,
		e?.message,
		...(Array.isArray(e?.messages) ? e.messages : []),
	].filter((m): m is string => typeof m === 'string');
	return {
		status,
		body: cause.error ?? response.data ?? e?.errorResponse,
		headers: (response.headers ?? {}) as Record<string, unknown>,
		code: typeof rawCode === 'string' ? rawCode : undefined,
		message: String(cause.message ?? e?.message ?? error),
		messages,
	};
}

/** A JSON object or array sent as text, parsed; anything else as it is. */
export function parseMaybeJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!/^[[{]/.test(text)) return body;
	try {
		return JSON.parse(text);
	} catch {
		return body;
	}
}

/**
 * The server's own words (at most 300 characters), from the first of `keys` its JSON body has, a
 * proxy's HTML page (its title), or plain text.
 */
export function serverMessage(body: unknown, keys: readonly string[]): string {
	if (body === undefined || body === null || body === '') return '';
	if (typeof body === 'string') {
		if (isHtml(body)) {
			const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
			return title ? `an HTML page titled "${title}"` : 'an HTML page';
		}
		const parsed = parseMaybeJson(body);
		return parsed === body ? body.trim().slice(0, 300) : serverMessage(parsed, keys);
	}
	if (typeof body === 'object') {
		const b = body as Record<string, unknown>;
		for (const key of keys) {
			const value = b[key];
			if (typeof value === 'string' && value !== '') return value.slice(0, 300);
			if (
				value &&
				typeof value === 'object' &&
				typeof (value as { message?: unknown }).message === 'string'
			) {
				return String((value as { message: string }).message).slice(0, 300);
			}
		}
		return JSON.stringify(body).slice(0, 300);
	}
	return String(body);
}

/** Where a redirect points, as an absolute URL (relative Locations resolved against `from`). */
export function redirectLocation(
	headers: Record<string, unknown> | undefined,
	from: string,
): string | undefined {
	const raw = headers?.location ?? headers?.Location;
	const text = String(Array.isArray(raw) ? raw[0] : (raw ?? '')).trim();
	if (text === '') return undefined;
	try {
		return new URL(text, from).toString();
	} catch {
		return text.slice(0, 300);
	}
}

const origin = (url: string) => {
	try {
		return new URL(url).origin;
	} catch {
		return url;
	}
};

/**
 * A redirect, refused: no request of this package follows one, so a credential goes to the
 * address in it and nowhere else (n8n's helper would send the Authorization header along to
 * another host, and any other header such as X-API-Key to any host). `advice` says where the
 * right address is entered.
 */
export function redirectText(
	service: string,
	where: string,
	failure: Pick<Failure, 'status' | 'location'>,
	from: string,
	advice: string,
): ErrorText {
	const { location } = failure;
	const elsewhere = location !== undefined && origin(location) !== origin(from);
	const downgrade = /^https:/i.test(from) && /^http:/i.test(location ?? '');
	const why = downgrade
		? ` It pointed from HTTPS to plain HTTP, where the credential would cross the network unencrypted.`
		: elsewhere
			? ` It pointed away from ${origin(from)}, the address in the credential.`
			: '';
	return {
		message: `${service} redirected ${where} (HTTP ${failure.status})${location ? ` to ${location}` : ''}`,
		description: `The request was not followed: the node sends the credential only to the address in it, never where a redirect points.${why} ${advice}`,
	};
}
