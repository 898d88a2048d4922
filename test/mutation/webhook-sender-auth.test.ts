/**
 * The push trigger's sender authentication (webhook/senderAuth.ts), exactly: which pushes pass,
 * which get 401 (nothing sent) and which 403 (wrong), with what code, message and challenge; and
 * which credentials are refused before any push, with what reason.
 */
import {
	BASIC_REALM,
	MIN_SECRET_LENGTH,
	SENDER_CREDENTIAL,
	basicCredentialProblem,
	checkBasicAuth,
	checkHeaderSecret,
	safeEqual,
	secretCredentialProblem,
} from '../../nodes/ExtraHop/webhook/senderAuth';

const SECRET = 'whs-0123456789abcdef';
const secretCredential = { headerName: 'X-ExtraHop-Secret', secret: SECRET };
const basicCredential = { user: 'extrahop-ods', password: 'bpw-0123456789abcdef' };
const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

const CHALLENGE = {
	'WWW-Authenticate': 'Basic realm="ExtraHop Webhook Trigger", charset="UTF-8"',
};
const MISSING_BASIC = {
	status: 401,
	code: 'missing_basic_auth',
	message: 'Authentication required: send HTTP Basic credentials',
	headers: CHALLENGE,
};
const WRONG_BASIC = {
	status: 403,
	code: 'wrong_basic_auth',
	message: 'Authentication failed: wrong user or password',
};

describe('the credentials each mode uses', () => {
	it('names the credential types', () => {
		expect(SENDER_CREDENTIAL).toEqual({
			headerSecret: 'extraHopWebhookSecretApi',
			basicAuth: 'extraHopWebhookBasicAuthApi',
		});
		expect(MIN_SECRET_LENGTH).toBe(16);
		expect(BASIC_REALM).toBe('ExtraHop Webhook Trigger');
	});
});

describe('safeEqual', () => {
	it.each([
		['same', 'same', true],
		['same', 'Same', false],
		['short', 'shorter', false],
		['', '', true],
		['', 'x', false],
		['ä', 'ä', true],
	])('%j vs %j: %s', (a, b, expected) => {
		expect(safeEqual(a, b)).toBe(expected);
	});
});

describe('checkHeaderSecret', () => {
	it('passes the right secret, the header name matched case-insensitively, spaces around the name ignored', () => {
		expect(checkHeaderSecret({ 'x-extrahop-secret': SECRET }, secretCredential)).toBeUndefined();
		expect(
			checkHeaderSecret(
				{ 'x-extrahop-secret': SECRET },
				{ headerName: '  X-EXTRAHOP-SECRET ', secret: SECRET },
			),
		).toBeUndefined();
	});

	it.each([
		[{} as Record<string, string>, 'absent'],
		[{ 'x-extrahop-secret': '' }, 'empty'],
		[{ 'x-other': SECRET }, 'in another header'],
	])('401 missing_secret when the header is %s (%s)', (headers, _how) => {
		expect(checkHeaderSecret(headers, secretCredential)).toEqual({
			status: 401,
			code: 'missing_secret',
			message: 'Authentication required: the X-ExtraHop-Secret header is missing',
		});
	});

	it.each([
		[`${SECRET}x`],
		[SECRET.slice(1)],
		[SECRET.toUpperCase()],
		[` ${SECRET}`],
		[[SECRET, SECRET]],
	])('403 wrong_secret for %j', (value) => {
		expect(checkHeaderSecret({ 'x-extrahop-secret': value }, secretCredential)).toEqual({
			status: 403,
			code: 'wrong_secret',
			message:
				'Authentication failed: the X-ExtraHop-Secret header does not hold the expected secret',
		});
	});

	it('a repeated header is read as one value joined with ", "', () => {
		expect(
			checkHeaderSecret({ 'x-extrahop-secret': ['a', 'b'] }, { headerName: 'X', secret: 'a, b' }),
		).toEqual(expect.objectContaining({ status: 401 }));
		expect(
			checkHeaderSecret({ x: ['a', 'b'] }, { headerName: 'X', secret: 'a, b' }),
		).toBeUndefined();
	});
});

describe('checkBasicAuth', () => {
	const check = (authorization: string | string[] | undefined, credential = basicCredential) =>
		checkBasicAuth(authorization === undefined ? {} : { authorization }, credential);

	it('passes the right user and password, however "Basic" is written and spaced', () => {
		const token = Buffer.from('extrahop-ods:bpw-0123456789abcdef').toString('base64');
		expect(check(`Basic ${token}`)).toBeUndefined();
		expect(check(`basic ${token}`)).toBeUndefined();
		expect(check(`  BASIC   ${token}  `)).toBeUndefined();
	});

	it('a password holding ":" is split at the first one', () => {
		const credential = { user: 'u', password: 'p:a:ss' };
		expect(check(basic('u:p:a:ss'), credential)).toBeUndefined();
		expect(check(basic('u:p'), credential)).toEqual(WRONG_BASIC);
	});

	it.each([
		[undefined],
		[''],
		['Bearer abc'],
		['Basic'],
		['Basic '],
		['Basic abc def'],
		['Basic abc!'],
		['xBasic YWJj'],
		['Basic YWJj x'],
	])('401 with the challenge for %j', (authorization) => {
		expect(check(authorization)).toEqual(MISSING_BASIC);
	});

	it.each([
		['extrahop-ods:wrong', 'wrong password'],
		['someone:bpw-0123456789abcdef', 'wrong user'],
		['extrahop-ods', 'no colon: the whole text is the user, the password empty'],
		[':bpw-0123456789abcdef', 'empty user'],
		['extrahop-ods:bpw-0123456789abcdef:', 'an extra colon in the password'],
	])('403 for %j (%s)', (text) => {
		expect(check(basic(text))).toEqual(WRONG_BASIC);
	});

	it('a user without a password in the credential passes only with an empty password', () => {
		const credential = { user: 'solo', password: '' };
		expect(check(basic('solo'), credential)).toBeUndefined();
		expect(check(basic('solo:'), credential)).toBeUndefined();
		expect(check(basic('solo:x'), credential)).toEqual(WRONG_BASIC);
	});

	it('base64 ("+", "/", "=" padding) and base64url ("-", "_") are both read', () => {
		const credential = { user: 'a', password: '>>>?' };
		// "a:>>>?" is YTo+Pj4/ in base64 and YTo-Pj4_ in base64url; "a:~" is YTp+ padded to YTp+.
		expect(check('Basic YTo+Pj4/', credential)).toBeUndefined();
		expect(check('Basic YTo-Pj4_', credential)).toBeUndefined();
		expect(check('Basic YTp+', { user: 'a', password: '~' })).toBeUndefined();
		expect(check('Basic YQ==', { user: 'a', password: '' })).toBeUndefined();
	});
});

describe('secretCredentialProblem', () => {
	const problem = (headerName: unknown, secret: unknown, strict = false) =>
		secretCredentialProblem({ headerName, secret } as never, strict);

	it('accepts a header of its own and a one-line secret', () => {
		expect(problem('X-ExtraHop-Secret', 'short')).toBeUndefined();
		expect(problem(' X-ExtraHop-Secret ', SECRET, true)).toBeUndefined();
		expect(problem("x!#$%&'*+.^_`|~-9", 's')).toBeUndefined();
	});

	it.each([
		['', '"" is not a valid HTTP header name'],
		[undefined, '"" is not a valid HTTP header name'],
		['X Secret', '"X Secret" is not a valid HTTP header name'],
		['X-Secret:', '"X-Secret:" is not a valid HTTP header name'],
		['X-(Secret)', '"X-(Secret)" is not a valid HTTP header name'],
		[`X${'y'.repeat(80)} z`, `"X${'y'.repeat(59)}" is not a valid HTTP header name`],
	])('refuses header name %j', (headerName, expected) => {
		expect(problem(headerName, SECRET)).toBe(expected);
	});

	it.each([
		'Host',
		'content-length',
		'Content-Type',
		'transfer-encoding',
		'Connection',
		'Cookie',
		'Expect',
		'TE',
		'Upgrade',
	])('refuses the reserved header %s', (headerName) => {
		expect(problem(headerName, SECRET)).toBe(
			`The header ${headerName} cannot carry the secret; use a header of its own such as X-ExtraHop-Secret`,
		);
	});

	it('accepts headers merely close to reserved ones', () => {
		expect(problem('X-Host', SECRET)).toBeUndefined();
		expect(problem('Authorization', SECRET)).toBeUndefined();
	});

	it('refuses an empty or multi-line secret, and when strict a short one', () => {
		expect(problem('X-S', '')).toBe('The secret is empty');
		expect(problem('X-S', undefined)).toBe('The secret is empty');
		expect(problem('X-S', 'a\nb')).toBe('The secret must be on one line');
		expect(problem('X-S', 'a\rb')).toBe('The secret must be on one line');
		expect(problem('X-S', 'x'.repeat(15), true)).toBe(
			'The secret has 15 characters; use at least 16 random characters',
		);
		expect(problem('X-S', 'x'.repeat(16), true)).toBeUndefined();
		expect(problem('X-S', 'x'.repeat(15), false)).toBeUndefined();
	});
});

describe('basicCredentialProblem', () => {
	const problem = (user: unknown, password: unknown, strict = false) =>
		basicCredentialProblem({ user, password } as never, strict);

	it('checks user, then password, then (strict) the password length', () => {
		expect(problem('', 'p')).toBe('The user is empty');
		expect(problem(undefined, 'p')).toBe('The user is empty');
		expect(problem('a:b', 'p')).toBe(
			'The user must not contain ":" (HTTP Basic separates user and password with it)',
		);
		expect(problem('u', '')).toBe('The password is empty');
		expect(problem('u', undefined)).toBe('The password is empty');
		expect(problem('u', 'p'.repeat(15), true)).toBe(
			'The password has 15 characters; use at least 16 random characters',
		);
		expect(problem('u', 'p'.repeat(16), true)).toBeUndefined();
		expect(problem('u', 'p', false)).toBeUndefined();
	});
});
