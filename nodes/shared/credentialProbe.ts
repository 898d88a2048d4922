/**
 * What a credential test's probe (transport/probe.ts) found, in words that say what to fix; each
 * credential test adds its service's own.
 */
import { TLS_ERROR_CODES, isHtml, redirectText } from './transport/failure';

/** What a failed connection means, for a service reached at `base`, or undefined when unknown. */
export function connectionProblem(result: { code: string; message: string }, base: string): string {
	const host = base.replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
	const text = `${result.code} ${result.message}`;
	if (
		/EPROTO|wrong version number|ERR_SSL_|packet length too long|unknown protocol/i.test(text) &&
		/^https:/i.test(base)
	) {
		return `${host} does not answer HTTPS on this port (it answered in plain HTTP or another protocol). Check the port in the URL; if this address really serves plain HTTP, begin the URL with http://.`;
	}
	if (
		TLS_ERROR_CODES.has(result.code) ||
		/certificate|self[- ]signed|SSL Issue|CERT_/i.test(text)
	) {
		const why =
			result.code || /self[- ]signed/i.test(text) ? result.code || 'self-signed' : 'not verifiable';
		return `The TLS certificate of ${host} is not trusted (${why}). Install a certificate from a trusted authority, or turn on "Ignore SSL Issues" if you accept the risk.`;
	}
	if (result.code === 'ECONNREFUSED')
		return `${host} refused the connection. Check the host name and port in the URL, and that n8n can reach it.`;
	if (result.code === 'ENOTFOUND' || result.code === 'EAI_AGAIN')
		return `The host name in the URL (${host}) could not be resolved. Check the URL.`;
	if (/ETIMEDOUT|ECONNABORTED|timeout/i.test(text))
		return `${host} did not answer in time. Check the URL, and that no firewall drops n8n's connections.`;
	if (/ECONNRESET|socket hang up/i.test(text))
		return `${host} closed the connection. Check the port and the scheme (http:// or https://) in the URL.`;
	return `Could not connect to ${host} (${result.code || result.message}). Check the URL.`;
}

/** A short description of a body that is not the expected JSON. */
export function bodyKind(body: unknown): string {
	if (isHtml(body)) {
		const title = /<title>([^<]*)<\/title>/i.exec(String(body))?.[1]?.trim();
		return title ? `an HTML page titled "${title}"` : 'an HTML page';
	}
	if (typeof body === 'string')
		return body.trim() === '' ? 'an empty answer' : `"${body.trim().slice(0, 80)}"`;
	return 'JSON of another shape';
}

/** A Test request answered with a redirect, which was not followed: where it pointed, and what to do. */
export function redirectProblem(
	service: string,
	where: string,
	result: { status: number; location?: string },
	url: string,
	advice: string,
): string {
	const text = redirectText(service, where, result, url, advice);
	return `${text.message}. ${text.description}`;
}

/**
 * Said after a successful test of a credential whose URL is plain http://: it works (some users
 * choose it for a lab or a trusted segment), but the secret then crosses the network readable by
 * anyone on the path.
 */
export function plainHttpWarning(base: string, secret: string): string {
	return /^http:\/\//i.test(base)
		? `. Warning: the URL begins with http://, so the ${secret} crosses the network unencrypted, readable by anyone on the path; use https:// unless that network is trusted`
		: '';
}
