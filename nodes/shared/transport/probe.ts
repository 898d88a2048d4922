/**
 * One request for a credential's Test button (a GET, or with `form` a form POST such as a token
 * exchange), through n8n's credential-test helper (the only HTTP helper n8n gives a
 * `methods.credentialTest` function). Never throws: it answers what came back,
 * or how the connection failed, so that each credential can say in its own words what to fix.
 */
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

export type ProbeResult =
	| { reached: true; status: number; body: unknown; headers: IDataObject }
	| { reached: false; code: string; message: string };

export async function probe(
	context: ICredentialTestFunctions,
	url: string,
	headers: Record<string, string>,
	skipTlsVerification: boolean,
	timeoutMs = 15_000,
	form?: Record<string, string>,
): Promise<ProbeResult> {
	try {
		const response = (await context.helpers.request({
			method: form ? 'POST' : 'GET',
			uri: url,
			...(form ? { form } : {}),
			headers: { Accept: 'application/json', ...headers },
			json: true,
			rejectUnauthorized: !skipTlsVerification,
			timeout: timeoutMs,
			resolveWithFullResponse: true,
			simple: false,
		})) as { statusCode?: number; body?: unknown; headers?: IDataObject };
		return {
			reached: true,
			status: Number(response?.statusCode ?? 0),
			body: response?.body,
			headers: response?.headers ?? {},
		};
	} catch (error) {
		// n8n wraps certificate errors in NodeSslError ("SSL Issue: ..."), keeping the original as cause.
		const e = error as {
			code?: unknown;
			cause?: { code?: unknown; message?: unknown };
			message?: unknown;
			name?: unknown;
		};
		const code =
			[e.code, e.cause?.code].find((c): c is string => typeof c === 'string' && c !== '') ?? '';
		const message =
			[e.message, e.cause?.message].filter((m) => typeof m === 'string' && m !== '').join(': ') ||
			String(error);
		return { reached: false, code, message };
	}
}
