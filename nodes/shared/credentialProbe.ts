/**
 * One GET for a credential's Test button, through n8n's credential-test helper (the only HTTP
 * helper n8n gives a `methods.credentialTest` function). Never throws: it answers what came back,
 * or how the connection failed, so that each credential can say in its own words what to fix.
 */
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { TLS_ERROR_CODES, isHtml } from './http';

export type ProbeResult =
	| { reached: true; status: number; body: unknown; headers: IDataObject }
	| { reached: false; code: string; message: string };

export async function probe(
	context: ICredentialTestFunctions,
	url: string,
	headers: Record<string, string>,
	skipTlsVerification: boolean,
	timeoutMs = 15_000,
): Promise<ProbeResult> {
	try {
		const response = (await context.helpers.request({
			method: 'GET',
			uri: url,
			headers: { Accept: 'application/json', ...headers },
			json: true,
			rejectUnauthorized: !skipTlsVerification,
			timeout: timeoutMs,
			resolveWithFullResponse: true,
			simple: false,
		})) as { statusCode?: number; body?: unknown; headers?: IDataObject };
		return { reached: true, status: Number(response?.statusCode ?? 0), body: response?.body, headers: response?.headers ?? {} };
	} catch (error) {
		// n8n wraps certificate errors in NodeSslError ("SSL Issue: ..."), keeping the original as cause.
		const e = error as { code?: unknown; cause?: { code?: unknown; message?: unknown }; message?: unknown; name?: unknown };
		const code = [e.code, e.cause?.code].find((c): c is string => typeof c === 'string' && c !== '') ?? '';
		const message = [e.message, e.cause?.message].filter((m) => typeof m === 'string' && m !== '').join(': ') || String(error);
		return { reached: false, code, message };
	}
}

/** What a failed connection means, for a service reached at `base`, or undefined when unknown. */
export function connectionProblem(result: { code: string; message: string }, base: string): string {
	const host = base.replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
	const text = `${result.code} ${result.message}`;
	if (/EPROTO|wrong version number|ERR_SSL_|packet length too long|unknown protocol/i.test(text) && /^https:/i.test(base)) {
		return `${host} does not answer HTTPS on this port (it answered in plain HTTP or another protocol). Check the port in the URL; if this address really serves plain HTTP, begin the URL with http://.`;
	}
	if (TLS_ERROR_CODES.has(result.code) || /certificate|self[- ]signed|SSL Issue|CERT_/i.test(text)) {
		const why = result.code || /self[- ]signed/i.test(text) ? result.code || 'self-signed' : 'not verifiable';
		return `The TLS certificate of ${host} is not trusted (${why}). Install a certificate from a trusted authority, or turn on "Ignore SSL Issues" if you accept the risk.`;
	}
	if (result.code === 'ECONNREFUSED') return `${host} refused the connection. Check the host name and port in the URL, and that n8n can reach it.`;
	if (result.code === 'ENOTFOUND' || result.code === 'EAI_AGAIN') return `The host name in the URL (${host}) could not be resolved. Check the URL.`;
	if (/ETIMEDOUT|ECONNABORTED|timeout/i.test(text)) return `${host} did not answer in time. Check the URL, and that no firewall drops n8n's connections.`;
	if (/ECONNRESET|socket hang up/i.test(text)) return `${host} closed the connection. Check the port and the scheme (http:// or https://) in the URL.`;
	return `Could not connect to ${host} (${result.code || result.message}). Check the URL.`;
}

/** A short description of a body that is not the expected JSON. */
export function bodyKind(body: unknown): string {
	if (isHtml(body)) {
		const title = /<title>([^<]*)<\/title>/i.exec(String(body))?.[1]?.trim();
		return title ? `an HTML page titled "${title}"` : 'an HTML page';
	}
	if (typeof body === 'string') return body.trim() === '' ? 'an empty answer' : `"${body.trim().slice(0, 80)}"`;
	return 'JSON of another shape';
}
