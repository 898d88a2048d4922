/**
 * What a credential test's probe (transport/probe.ts) found, in words that say what to fix; each
 * credential test adds its service's own.
 */
import { explainConnection, isHtml, lacksScheme, redirectText } from './transport/failure';

/**
 * What a failed connection means, for a service reached at `base` whose URL the user entered as
 * `enteredUrl`: the transport core's explanation (the words the nodes use at run time), or a
 * sentence for what it leaves to the services (timeouts, dropped connections).
 */
export function connectionProblem(
	result: { code: string; message: string },
	base: string,
	enteredUrl: unknown = base,
): string {
	const target = { base, schemeAssumed: lacksScheme(enteredUrl), where: 'the credential' };
	const explained = explainConnection(
		{ code: result.code || undefined, message: result.message },
		target,
	);
	if (explained) return `${explained.message}. ${explained.description}`;
	const host = base.replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
	const text = `${result.code} ${result.message}`;
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
