/**
 * The words a user reads when a connection fails or a server redirects
 * (nodes/shared/transport/failure.ts: lacksScheme, explainConnection, describeThrown,
 * serverMessage, redirectLocation, redirectText), exactly. The end-to-end tests
 * (test/shared/connection-explanations.test.ts) match them loosely against real sockets; these pin
 * every branch. Written for the survivors of the Stryker run of 2026-12-07.
 */
import {
	describeThrown,
	explainConnection,
	lacksScheme,
	redirectLocation,
	redirectText,
	serverMessage,
	type ConnectionTarget,
} from '../../nodes/shared/transport/failure';

const WHERE = 'the "ExtraHop API" credential';
const target = (base: string, schemeAssumed = false): ConnectionTarget => ({
	base,
	schemeAssumed,
	where: WHERE,
});
const HTTPS = target('https://eh.example:8443/api/v1');
const ASSUMED = target('https://eh.example:8443/api/v1', true);
const HTTP = target('http://eh.example:8080/api/v1');

describe('lacksScheme', () => {
	it.each([
		['eh.example', true],
		['eh.example:8443/api/v1', true],
		['  eh.example ', true],
		['ftp://eh.example', true],
		['eh.example/?next=https://elsewhere', true],
		['https://eh.example', false],
		['http://eh.example', false],
		['HTTPS://EH.EXAMPLE', false],
		['  https://eh.example', false],
		['', false],
		['   ', false],
		[null, false],
		[undefined, false],
	])('%j: %s', (url, expected) => {
		expect(lacksScheme(url)).toBe(expected);
	});
});

describe('explainConnection', () => {
	it('HTTPS sent to a plain HTTP port, from the code or from the message alone', () => {
		const expected = {
			message:
				'eh.example:8443 does not answer HTTPS on this port (it answered in plain HTTP or another protocol)',
			description: `Check the port in the URL in ${WHERE}; if this address really serves plain HTTP, begin the URL with http://.`,
		};
		expect(explainConnection({ code: 'EPROTO', message: 'x' }, HTTPS)).toEqual(expected);
		expect(explainConnection({ message: 'write EPROTO ... wrong version number' }, HTTPS)).toEqual(
			expected,
		);
		expect(
			explainConnection({ message: 'Request failed', messages: ['packet length too long'] }, HTTPS),
		).toEqual(expected);
	});

	it('with the scheme assumed, it says so and suggests http://', () => {
		expect(explainConnection({ code: 'EPROTO', message: 'x' }, ASSUMED)).toEqual({
			message:
				'eh.example:8443 does not answer HTTPS on this port (it answered in plain HTTP or another protocol)',
			description: `"https://" was assumed because the URL in ${WHERE} has no scheme: if this address serves plain HTTP, begin the URL with http://; otherwise check the port.`,
		});
	});

	it('a protocol error on a plain HTTP URL is not read as HTTPS on an HTTP port', () => {
		expect(explainConnection({ code: 'EPROTO', message: 'x' }, HTTP)).toBeUndefined();
	});

	it.each([
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'boom', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'boom', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
		[undefined, 'self signed certificate in certificate chain', 'self-signed'],
		[undefined, 'self-signed cert', 'self-signed'],
		[undefined, 'unable to verify the first certificate', 'not verifiable'],
		[undefined, 'SSL Issue: consider using the Ignore SSL Issues option', 'not verifiable'],
	])('an untrusted certificate (%s, %s): (%s)', (code, message, shown) => {
		expect(explainConnection({ code, message }, HTTPS)).toEqual({
			message: `The TLS certificate of eh.example:8443 is not trusted (${shown})`,
			description: `Install a certificate from a trusted authority, or turn on "Ignore SSL Issues" in ${WHERE} if you accept the risk.`,
		});
	});

	it('a refused connection names the host and port, with the scheme note when assumed', () => {
		const description = `Nothing answers on that host and port. Check the host name and port in the URL in ${WHERE}, and that n8n can reach it.`;
		expect(explainConnection({ code: 'ECONNREFUSED', message: 'x' }, HTTP)).toEqual({
			message: 'eh.example:8080 refused the connection',
			description,
		});
		expect(explainConnection({ code: 'ECONNREFUSED', message: 'x' }, ASSUMED)).toEqual({
			message: 'eh.example:8443 refused the connection',
			description: `${description} "https://" was assumed because the URL in ${WHERE} has no scheme.`,
		});
	});

	it.each(['ENOTFOUND', 'EAI_AGAIN'])('%s: the host name, without its port', (code) => {
		expect(explainConnection({ code, message: 'x' }, HTTPS)).toEqual({
			message: 'The host name eh.example could not be resolved',
			description: `Check the URL in ${WHERE}.`,
		});
		expect(explainConnection({ code, message: 'x' }, target('https://eh.example/api'))).toEqual({
			message: 'The host name eh.example could not be resolved',
			description: `Check the URL in ${WHERE}.`,
		});
		expect(explainConnection({ code, message: 'x' }, ASSUMED)?.description).toBe(
			`Check the URL in ${WHERE}. "https://" was assumed because the URL in ${WHERE} has no scheme.`,
		);
	});

	it.each(['ECONNRESET', 'ETIMEDOUT', undefined])(
		'%s: left to the service (whether the request took effect differs)',
		(code) => {
			expect(explainConnection({ code, message: 'socket hang up' }, HTTPS)).toBeUndefined();
		},
	);
});

describe('describeThrown', () => {
	it('a numeric httpCode is a status, never a network code', () => {
		expect(describeThrown({ httpCode: 503, message: 'x' })).toMatchObject({
			status: 503,
			code: undefined,
		});
		expect(describeThrown({ httpCode: 'ECONNREFUSED', message: 'x' })).toMatchObject({
			status: undefined,
			code: 'ECONNREFUSED',
		});
	});
});

describe('serverMessage', () => {
	it.each([undefined, null, ''])('%j: nothing', (body) => {
		expect(serverMessage(body, ['error'])).toBe('');
	});
});

describe('redirectLocation', () => {
	const from = 'https://eh.example/api/v1/detections';

	it('no Location, or a blank one, is no location', () => {
		expect(redirectLocation({}, from)).toBeUndefined();
		expect(redirectLocation({ location: '   ' }, from)).toBeUndefined();
		expect(redirectLocation(undefined, from)).toBeUndefined();
	});

	it('relative locations are resolved; the first of several is taken', () => {
		expect(redirectLocation({ location: ' /login ' }, from)).toBe('https://eh.example/login');
		expect(redirectLocation({ Location: ['/a', '/b'] }, from)).toBe('https://eh.example/a');
	});

	it('a location that is no URL is shown cut to 300 characters', () => {
		const broken = `http://[${'x'.repeat(400)}`;
		expect(redirectLocation({ location: broken }, from)).toBe(broken.slice(0, 300));
	});
});

describe('redirectText', () => {
	const from = 'https://eh.example/api/v1/detections';
	const advice = 'Enter the address it answers at.';
	const start =
		'The request was not followed: the node sends the credential only to the address in it, never where a redirect points.';

	it('to plain HTTP: the credential would cross the network unencrypted', () => {
		expect(
			redirectText(
				'ExtraHop',
				'GET /detections',
				{ status: 301, location: 'http://eh.example/' },
				from,
				advice,
			),
		).toEqual({
			message: 'ExtraHop redirected GET /detections (HTTP 301) to http://eh.example/',
			description: `${start} It pointed from HTTPS to plain HTTP, where the credential would cross the network unencrypted. ${advice}`,
		});
	});

	it('to HTTPS elsewhere that carries an http:// address in its query: away, not a downgrade', () => {
		const location = 'https://sso.example/login?return=http://eh.example/';
		expect(
			redirectText('ExtraHop', 'GET /detections', { status: 302, location }, from, advice)
				.description,
		).toBe(
			`${start} It pointed away from https://eh.example, the address in the credential. ${advice}`,
		);
	});

	it('on the same origin, or without a location: the advice only', () => {
		expect(
			redirectText(
				'ExtraHop',
				'GET /detections',
				{ status: 307, location: 'https://eh.example/x' },
				from,
				advice,
			),
		).toEqual({
			message: 'ExtraHop redirected GET /detections (HTTP 307) to https://eh.example/x',
			description: `${start} ${advice}`,
		});
		expect(redirectText('ExtraHop', 'GET /detections', { status: 302 }, from, advice)).toEqual({
			message: 'ExtraHop redirected GET /detections (HTTP 302)',
			description: `${start} ${advice}`,
		});
	});
});
