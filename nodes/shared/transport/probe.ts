/**
 * One request for a credential's Test button, through n8n's credential-test helper (the only HTTP
 * helper n8n gives a `methods.credentialTest` function), under the core's rules: no redirect
 * followed (the credential is sent to the address in it only), the answer read within bounds and
 * the whole exchange within the timeout. Never throws: it answers what came back, or how the
 * connection failed, so that each credential can say in its own words what to fix.
 */
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { EXPIRED, discard, expiry, parseAnswer, readBounded } from './answer';
import { redirectLocation } from './failure';
import { redactDeep } from './safeError';

export type ProbeResult =
	| {
			reached: true;
			status: number;
			body: unknown;
			headers: IDataObject;
			/** Where a redirect (3xx) pointed; it was not followed. */
			location?: string;
	  }
	| { reached: false; code: string; message: string };

/** A test answer is a small JSON object: more than this is not the API asked for. */
const MAX_PROBE_BYTES = 1024 * 1024;
const MAX_PROBE_DEPTH = 64;

function connectionFailure(error: unknown): ProbeResult {
	// n8n wraps certificate errors in NodeSslError ("SSL Issue: ..."), keeping the original as cause.
	const e = error as {
		code?: unknown;
		cause?: { code?: unknown; message?: unknown };
		message?: unknown;
	};
	const code =
		[e?.code, e?.cause?.code].find((c): c is string => typeof c === 'string' && c !== '') ?? '';
	const message =
		[e?.message, e?.cause?.message].filter((m) => typeof m === 'string' && m !== '').join(': ') ||
		String(error);
	return { reached: false, code, message };
}

export interface ProbeRequest {
	method?: 'GET' | 'POST';
	url: string;
	/** The credential's headers: their values are secrets, cut out of whatever comes back. */
	headers: Record<string, string>;
	/** A form body (the token request). */
	form?: string;
	skipTlsVerification: boolean;
	/** Other secrets to cut out of the answer (the token alone, the client secret). */
	secrets?: string[];
	timeoutMs?: number;
}

export async function probe(
	context: ICredentialTestFunctions,
	request: ProbeRequest,
): Promise<ProbeResult> {
	const { url, headers, timeoutMs = 15_000 } = request;
	const secrets = [...Object.values(headers), ...(request.secrets ?? [])];
	const expired = expiry(timeoutMs);
	const timedOut: ProbeResult = {
		reached: false,
		code: 'ETIMEDOUT',
		message: `timeout: no complete answer within ${Math.round(timeoutMs / 1000)} s`,
	};
	const sent = context.helpers
		.request({
			method: request.method ?? 'GET',
			uri: url,
			headers: {
				Accept: 'application/json',
				...(request.form !== undefined
					? { 'Content-Type': 'application/x-www-form-urlencoded' }
					: {}),
				...headers,
			},
			...(request.form !== undefined ? { body: request.form } : {}),
			rejectUnauthorized: !request.skipTlsVerification,
			timeout: timeoutMs,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			followAllRedirects: false,
			sendCredentialsOnCrossOriginRedirect: false,
			useStream: true,
		})
		.then(
			(response: unknown) => ({
				response: response as { statusCode?: number; body?: unknown; headers?: IDataObject },
			}),
			(error: unknown) => ({ failed: connectionFailure(error) }),
		);
	const first = await Promise.race([sent, expired]);
	if (first === EXPIRED) {
		void sent.then((late) => 'response' in late && discard(late.response?.body));
		return timedOut;
	}
	if ('failed' in first) return first.failed;
	const status = Number(first.response?.statusCode ?? 0);
	const answerHeaders = first.response?.headers ?? {};
	if (status >= 300 && status < 400) {
		discard(first.response?.body);
		return {
			reached: true,
			status,
			body: undefined,
			headers: answerHeaders,
			location: redirectLocation(answerHeaders, url),
		};
	}
	const read = await readBounded(first.response?.body, MAX_PROBE_BYTES, expired, true);
	if ('problem' in read) {
		return read.problem === 'broken'
			? { reached: false, code: read.code ?? 'ECONNRESET', message: read.message }
			: timedOut;
	}
	const parsed = parseAnswer(read.bytes, MAX_PROBE_DEPTH);
	const body =
		'problem' in parsed || read.truncated ? read.bytes.toString('utf8', 0, 200) : parsed.value;
	return { reached: true, status, body: redactDeep(body, secrets), headers: answerHeaders };
}
