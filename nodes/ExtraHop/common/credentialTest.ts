/**
 * The Test buttons of the ExtraHop credentials (`testedBy` on every node offering them:
 * `extraHopApiTest`, `extraHopRevealX360ApiTest`). A declarative test can only show the raw error
 * for a connection that fails (e.g. OpenSSL's "EPROTO ... wrong version number" for https://
 * against a plain HTTP port) and n8n's generic texts otherwise, would follow a redirect with the
 * credential, and leaves the answer unbounded: these say what to fix, follow no redirect and read
 * within the core's bounds (nodes/shared/transport/probe.ts).
 *
 * Each sends the node's own request for it: GET {url}/api/v1/extrahop with the key (RevealX 360:
 * with a token fetched from {url}/oauth2/token first), and accepts only ExtraHop's answer (a JSON
 * object with `version`), so a wrong path or another web server fails.
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	bodyKind,
	connectionProblem,
	plainHttpWarning,
	redirectProblem,
} from '../../shared/credentialProbe';
import { probe, type ProbeResult } from '../../shared/transport/probe';
import { revealX360BaseUrl, revealX360BasicAuth, tokenFailure } from './auth';
import { normaliseBaseUrl } from './transport';
import { EXTRAHOP_POLICY } from './transportPolicy';

type Reached = Extract<ProbeResult, { reached: true }>;

const error = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

/** What GET /api/v1/extrahop answered, in words; `secret` names what was sent ("API key", "access token"). */
function extraHopAnswer(
	result: Reached,
	base: string,
	url: string,
	secret: 'API key' | 'client ID and secret',
): INodeCredentialTestResult {
	const { status, body } = result;
	if (status >= 300 && status < 400) {
		return error(
			redirectProblem(
				'ExtraHop',
				'GET /api/v1/extrahop',
				result,
				url,
				EXTRAHOP_POLICY.redirectAdvice,
			),
		);
	}
	if (status === 401) {
		return error(
			secret === 'API key'
				? 'ExtraHop rejected the API key (HTTP 401). Check the key: it is generated under Administration > Access Settings > API Access, and stops working when its user is disabled.'
				: 'RevealX 360 issued a token but the API rejected it (HTTP 401). Check that the API endpoint is the one shown with these client credentials under Administration > API Access.',
		);
	}
	if (status === 403) {
		return error(
			secret === 'API key'
				? 'ExtraHop accepted the key but its user may not read the system (HTTP 403). Give the user at least read-only access.'
				: 'RevealX 360 accepted the client credentials but they may not read the system (HTTP 403). Give the API credential at least read-only access.',
		);
	}
	if (status === 404 || status === 405) {
		return error(
			`No ExtraHop REST API at ${base}/api/v1 (HTTP ${status}). Enter the address of the sensor or console as you open it in a browser, without a path.`,
		);
	}
	const isExtraHop =
		body !== null &&
		typeof body === 'object' &&
		!Array.isArray(body) &&
		'version' in (body as object);
	if (status >= 200 && status < 300 && isExtraHop) {
		const info = body as { version?: unknown; hostname?: unknown };
		return {
			status: 'OK',
			message:
				`Connected to ExtraHop ${String(info.hostname ?? '')} (firmware ${String(info.version ?? '')})`.replace(
					' ()',
					'',
				) + plainHttpWarning(base, secret),
		};
	}
	return error(
		`${url} answered HTTP ${status} with ${bodyKind(body)}, not the ExtraHop REST API. Check that the URL points at the sensor or console itself, not at a proxy or another server.`,
	);
}

export async function extraHopApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const raw = String(data.url ?? '').trim();
	const apiKey = String(data.apiKey ?? '').trim();
	if (raw === '')
		return error(
			'The URL is empty: enter the address of the sensor or console, e.g. https://extrahop.example.com',
		);
	if (apiKey === '') return error('The API key is empty');
	const base = normaliseBaseUrl(raw);
	const result = await probe(this, {
		url: `${base}/api/v1/extrahop`,
		headers: { Authorization: `ExtraHop apikey=${apiKey}` },
		skipTlsVerification: data.allowUnauthorizedCerts === true,
		secrets: [apiKey],
	});
	if (!result.reached) return error(connectionProblem(result, base, raw));
	return extraHopAnswer(result, base, `${base}/api/v1/extrahop`, 'API key');
}

export async function extraHopRevealX360ApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const raw = String(data.url ?? '').trim();
	if (raw === '')
		return error(
			'The API endpoint is empty: enter the one shown under Administration > API Access in RevealX 360, e.g. https://mytenant.api.cloud.extrahop.com',
		);
	const clientSecret = String(data.clientSecret ?? '');
	if (String(data.clientId ?? '').trim() === '' || clientSecret.trim() === '')
		return error('The client ID or the client secret is empty');
	const base = revealX360BaseUrl(raw);
	const skipTlsVerification = data.allowUnauthorizedCerts === true;
	const tokenUrl = `${base}/oauth2/token`;
	const token = await probe(this, {
		method: 'POST',
		url: `${base}/oauth2/token`,
		headers: { Authorization: `Basic ${revealX360BasicAuth(data)}` },
		form: 'grant_type=client_credentials',
		skipTlsVerification,
		secrets: [clientSecret],
	});
	if (!token.reached) return error(connectionProblem(token, base, raw));
	if (token.status >= 300 && token.status < 400) {
		return error(
			redirectProblem(
				'RevealX 360',
				'POST /oauth2/token',
				token,
				tokenUrl,
				EXTRAHOP_POLICY.redirectAdvice,
			),
		);
	}
	const accessToken = (token.body as { access_token?: unknown } | undefined)?.access_token;
	if (
		token.status < 200 ||
		token.status >= 300 ||
		typeof accessToken !== 'string' ||
		!accessToken
	) {
		// The words the nodes use at run time (auth.ts).
		const { reason, fix } = tokenFailure(token.status, base, token.body);
		return error(`${reason}. ${fix}`);
	}
	const result = await probe(this, {
		url: `${base}/api/v1/extrahop`,
		headers: { Authorization: `Bearer ${accessToken}` },
		skipTlsVerification,
		secrets: [clientSecret, accessToken],
	});
	if (!result.reached) return error(connectionProblem(result, base, raw));
	return extraHopAnswer(result, base, `${base}/api/v1/extrahop`, 'client ID and secret');
}
