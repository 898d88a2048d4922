/**
 * Authentication of the sender (ExtraHop): a shared secret in a header, or HTTP Basic. Both
 * sides are hashed before `timingSafeEqual`, so neither the secret's length nor its content
 * leaks through timing. Missing credentials answer 401, present but wrong ones 403.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export type SenderAuthentication = 'headerSecret' | 'basicAuth' | 'none';

export const SENDER_CREDENTIAL: Record<Exclude<SenderAuthentication, 'none'>, string> = {
	headerSecret: 'extraHopWebhookSecretApi',
	basicAuth: 'extraHopWebhookBasicAuthApi',
};

/** Minimum secret length the credential test asks for. */
export const MIN_SECRET_LENGTH = 16;

/** Headers ExtraHop's ODS or HTTP itself controls, which cannot carry the secret. */
const RESERVED_HEADERS = new Set([
	'host',
	'content-length',
	'content-type',
	'transfer-encoding',
	'connection',
	'cookie',
	'expect',
	'te',
	'upgrade',
]);
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface AuthFailure {
	status: 401 | 403;
	code: string;
	message: string;
	headers?: Record<string, string>;
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time equality of two strings of any length. */
export function safeEqual(received: string, expected: string): boolean {
	return timingSafeEqual(digest(received), digest(expected));
}

function headerValue(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const value = headers[name.toLowerCase()];
	if (value === undefined) return undefined;
	return Array.isArray(value) ? value.join(', ') : value;
}

/** Why a secret-header credential cannot be used, or undefined when it can. */
export function secretCredentialProblem(
	credential: ICredentialDataDecryptedObject,
	strict: boolean,
): string | undefined {
	const headerName = String(credential.headerName ?? '').trim();
	const secret = String(credential.secret ?? '');
	if (!HEADER_TOKEN.test(headerName))
		return `"${headerName.slice(0, 60)}" is not a valid HTTP header name`;
	if (RESERVED_HEADERS.has(headerName.toLowerCase()))
		return `The header ${headerName} cannot carry the secret; use a header of its own such as X-ExtraHop-Secret`;
	if (secret === '') return 'The secret is empty';
	if (/[\r\n]/.test(secret)) return 'The secret must be on one line';
	if (strict && secret.length < MIN_SECRET_LENGTH)
		return `The secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random characters`;
	return undefined;
}

/** Why a Basic-auth credential cannot be used, or undefined when it can. */
export function basicCredentialProblem(
	credential: ICredentialDataDecryptedObject,
	strict: boolean,
): string | undefined {
	const user = String(credential.user ?? '');
	const password = String(credential.password ?? '');
	if (user === '') return 'The user is empty';
	if (user.includes(':'))
		return 'The user must not contain ":" (HTTP Basic separates user and password with it)';
	if (password === '') return 'The password is empty';
	if (strict && password.length < MIN_SECRET_LENGTH)
		return `The password has ${password.length} characters; use at least ${MIN_SECRET_LENGTH} random characters`;
	return undefined;
}

export function checkHeaderSecret(
	headers: Record<string, string | string[] | undefined>,
	credential: ICredentialDataDecryptedObject,
): AuthFailure | undefined {
	const headerName = String(credential.headerName ?? '').trim();
	const received = headerValue(headers, headerName);
	if (received === undefined || received === '') {
		return {
			status: 401,
			code: 'missing_secret',
			message: `Authentication required: the ${headerName} header is missing`,
		};
	}
	if (!safeEqual(received, String(credential.secret ?? ''))) {
		return {
			status: 403,
			code: 'wrong_secret',
			message: `Authentication failed: the ${headerName} header does not hold the expected secret`,
		};
	}
	return undefined;
}

export const BASIC_REALM = 'ExtraHop Webhook Trigger';

export function checkBasicAuth(
	headers: Record<string, string | string[] | undefined>,
	credential: ICredentialDataDecryptedObject,
): AuthFailure | undefined {
	const challenge = { 'WWW-Authenticate': `Basic realm="${BASIC_REALM}", charset="UTF-8"` };
	const authorization = headerValue(headers, 'authorization') ?? '';
	const match = /^\s*Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(authorization);
	if (!match) {
		return {
			status: 401,
			code: 'missing_basic_auth',
			message: 'Authentication required: send HTTP Basic credentials',
			headers: challenge,
		};
	}
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const user = colon === -1 ? decoded : decoded.slice(0, colon);
	const password = colon === -1 ? '' : decoded.slice(colon + 1);
	// Both comparisons always run: no early exit that would tell a right user from a wrong one.
	const userOk = safeEqual(user, String(credential.user ?? ''));
	const passwordOk = safeEqual(password, String(credential.password ?? ''));
	if (!(userOk && passwordOk)) {
		return {
			status: 403,
			code: 'wrong_basic_auth',
			message: 'Authentication failed: wrong user or password',
		};
	}
	return undefined;
}
