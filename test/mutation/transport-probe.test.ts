/**
 * The credential Test button's one request (nodes/shared/transport/probe.ts): the request it
 * makes, what it answers for a reply (a redirect not followed, secrets cut out of the body), and
 * for a failed connection (never a throw).
 */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { probe, type ProbeRequest } from '../../nodes/shared/transport/probe';

function tester(answer: (options: Record<string, unknown>) => unknown) {
	const sent: Array<Record<string, unknown>> = [];
	const context = {
		helpers: {
			request: async (options: Record<string, unknown>) => {
				sent.push(options);
				return answer(options);
			},
		},
	} as unknown as ICredentialTestFunctions;
	return { context, sent };
}

/** A GET of https://x without credential headers, TLS verified. */
const bare: ProbeRequest = { url: 'https://x', headers: {}, skipTlsVerification: false };

describe('probe', () => {
	it('one GET asking for JSON, TLS verified, 15 s, full response, any status', async () => {
		const { context, sent } = tester(() => ({
			statusCode: 200,
			body: { ok: true },
			headers: { server: 'x' },
		}));
		const result = await probe(context, {
			url: 'https://eh.test/api/v1/extrahop',
			headers: { Authorization: 'k' },
			skipTlsVerification: false,
		});
		expect(result).toEqual({
			reached: true,
			status: 200,
			body: { ok: true },
			headers: { server: 'x' },
		});
		expect(sent).toEqual([
			{
				method: 'GET',
				uri: 'https://eh.test/api/v1/extrahop',
				headers: { Accept: 'application/json', Authorization: 'k' },
				rejectUnauthorized: true,
				timeout: 15_000,
				resolveWithFullResponse: true,
				simple: false,
				followRedirect: false,
				followAllRedirects: false,
				sendCredentialsOnCrossOriginRedirect: false,
				useStream: true,
			},
		]);
	});

	it('skips TLS verification when asked, takes another timeout, and lets the caller set Accept', async () => {
		const { context, sent } = tester(() => ({ statusCode: 401 }));
		const result = await probe(context, {
			url: 'https://x',
			headers: { Accept: 'text/plain' },
			skipTlsVerification: true,
			timeoutMs: 500,
		});
		expect(result).toEqual({ reached: true, status: 401, body: undefined, headers: {} });
		expect(sent[0]).toMatchObject({
			rejectUnauthorized: false,
			timeout: 500,
			headers: { Accept: 'text/plain' },
		});
	});

	it('a reply without a status counts as status 0', async () => {
		const { context } = tester(() => undefined);
		expect(await probe(context, bare)).toEqual({
			reached: true,
			status: 0,
			body: undefined,
			headers: {},
		});
	});

	it('a failed connection: its code and message', async () => {
		const { context } = tester(() => {
			throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
		});
		expect(await probe(context, bare)).toEqual({
			reached: false,
			code: 'ECONNREFUSED',
			message: 'connect ECONNREFUSED 10.0.0.1:443',
		});
	});

	it("n8n's SSL wrapper: the code from its cause, both messages", async () => {
		const { context } = tester(() => {
			throw Object.assign(new Error('SSL Issue: consider using the Ignore SSL issues option'), {
				code: '',
				cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
			});
		});
		expect(await probe(context, bare)).toEqual({
			reached: false,
			code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
			message: 'SSL Issue: consider using the Ignore SSL issues option: self-signed certificate',
		});
	});

	it('the outer code first; no code and no message: empty code, the error as text', async () => {
		const both = tester(() => {
			throw { code: 'OUTER', cause: { code: 'INNER', message: '' }, message: 'outer' };
		});
		expect(await probe(both.context, bare)).toEqual({
			reached: false,
			code: 'OUTER',
			message: 'outer',
		});
		const bareThrow = tester(() => {
			throw 'weird';
		});
		expect(await probe(bareThrow.context, bare)).toEqual({
			reached: false,
			code: '',
			message: 'weird',
		});
		const numeric = tester(() => {
			throw { code: 7, message: 42 };
		});
		expect(await probe(numeric.context, bare)).toEqual({
			reached: false,
			code: '',
			message: '[object Object]',
		});
	});

	it('a POST of a form: the content type set, the body sent, other secrets cut out of the answer', async () => {
		const { context, sent } = tester(() => ({
			statusCode: 400,
			body: Buffer.from('{"error":"bad secret-value for key-value"}'),
		}));
		const result = await probe(context, {
			method: 'POST',
			url: 'https://auth.test/token',
			headers: { 'X-Key': 'key-value' },
			form: 'grant_type=client_credentials',
			skipTlsVerification: false,
			secrets: ['secret-value'],
		});
		expect(result).toEqual({
			reached: true,
			status: 400,
			body: { error: 'bad [redacted] for [redacted]' },
			headers: {},
		});
		expect(sent[0]).toMatchObject({
			method: 'POST',
			body: 'grant_type=client_credentials',
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/x-www-form-urlencoded',
				'X-Key': 'key-value',
			},
		});
	});

	it('a redirect: reached, where it pointed (resolved), its body unread; nothing followed', async () => {
		const { context, sent } = tester(() => ({
			statusCode: 302,
			body: { secret: 'k' },
			headers: { location: '/login' },
		}));
		expect(
			await probe(context, {
				url: 'https://eh.test/api/v1/extrahop',
				headers: { Authorization: 'k' },
				skipTlsVerification: false,
			}),
		).toEqual({
			reached: true,
			status: 302,
			body: undefined,
			headers: { location: '/login' },
			location: 'https://eh.test/login',
		});
		expect(sent).toHaveLength(1);
	});
});
