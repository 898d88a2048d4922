/**
 * The Test button of the "ExtraHop API" credential (`testedBy: 'extraHopApiTest'` on every node
 * offering it). A declarative test can only show the raw error for a connection that fails (e.g.
 * OpenSSL's "EPROTO ... wrong version number" for https:// against a plain HTTP port) and n8n's
 * generic "Authorization failed" for a wrong key: this one says what to fix.
 *
 * It sends the node's own request for it: GET {url}/api/v1/extrahop with the key, and accepts only
 * ExtraHop's answer (a JSON object with `version`), so a wrong path or another web server fails.
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { bodyKind, connectionProblem } from '../../shared/credentialProbe';
import { probe } from '../../shared/transport/probe';
import { revealX360BaseUrl, tokenFailure } from './auth';
import { normaliseBaseUrl } from './transport';

export async function extraHopApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const raw = String(data.url ?? '').trim();
	const apiKey = String(data.apiKey ?? '').trim();
	if (raw === '')
		return {
			status: 'Error',
			message:
				'The URL is empty: enter the address of the sensor or console, e.g. https://extrahop.example.com',
		};
	if (apiKey === '') return { status: 'Error', message: 'The API key is empty' };
	const base = normaliseBaseUrl(raw);
	const url = `${base}/api/v1/extrahop`;
	const result = await probe(
		this,
		url,
		{ Authorization: `ExtraHop apikey=${apiKey}` },
		data.allowUnauthorizedCerts === true,
	);
	if (!result.reached) return { status: 'Error', message: connectionProblem(result, base, raw) };
	const { status, body } = result;
	if (status === 401) {
		return {
			status: 'Error',
			message:
				'ExtraHop rejected the API key (HTTP 401). Check the key: it is generated under Administration > Access Settings > API Access, and stops working when its user is disabled.',
		};
	}
	if (status === 403) {
		return {
			status: 'Error',
			message:
				'ExtraHop accepted the key but its user may not read the system (HTTP 403). Give the user at least read-only access.',
		};
	}
	if (status === 404 || status === 405) {
		return {
			status: 'Error',
			message: `No ExtraHop REST API at ${base}/api/v1 (HTTP ${status}). Enter the address of the sensor or console as you open it in a browser, without a path.`,
		};
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
				),
		};
	}
	return {
		status: 'Error',
		message: `${url} answered HTTP ${status} with ${bodyKind(body)}, not the ExtraHop REST API. Check that the URL points at the sensor or console itself, not at a proxy or another server.`,
	};
}

/**
 * The Test button of the "ExtraHop RevealX 360 API" credential (`testedBy:
 * 'extraHopRevealX360Test'` on every node offering it): the token exchange the nodes make
 * (POST {url}/oauth2/token with the client ID and secret), then GET {url}/api/v1/extrahop with
 * the token; each failure said in the words the nodes use at run time. The token is not kept.
 */
export async function extraHopRevealX360Test(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const raw = String(data.url ?? '').trim();
	const clientId = String(data.clientId ?? '').trim();
	const clientSecret = String(data.clientSecret ?? '');
	if (raw === '')
		return {
			status: 'Error',
			message:
				'The API endpoint is empty: enter the one shown under Administration > API Access in RevealX 360, e.g. https://mytenant.api.cloud.extrahop.com',
		};
	if (clientId === '' || clientSecret === '')
		return { status: 'Error', message: 'The client ID or the client secret is empty' };
	const base = revealX360BaseUrl(raw);
	const skipTls = data.allowUnauthorizedCerts === true;
	const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
	const token = await probe(
		this,
		`${base}/oauth2/token`,
		{ Authorization: `Basic ${basic}` },
		skipTls,
		undefined,
		{ grant_type: 'client_credentials' },
	);
	if (!token.reached) return { status: 'Error', message: connectionProblem(token, base, raw) };
	const accessToken = (token.body as { access_token?: unknown } | undefined)?.access_token;
	if (token.status < 200 || token.status >= 300 || typeof accessToken !== 'string' || !accessToken)
		return { status: 'Error', message: tokenFailure(token.status, base) };
	const url = `${base}/api/v1/extrahop`;
	const result = await probe(this, url, { Authorization: `Bearer ${accessToken}` }, skipTls);
	if (!result.reached) return { status: 'Error', message: connectionProblem(result, base, raw) };
	const body = result.body as { version?: unknown; hostname?: unknown } | undefined;
	if (
		result.status >= 200 &&
		result.status < 300 &&
		body &&
		typeof body === 'object' &&
		'version' in body
	)
		return { status: 'OK', message: `Connected to RevealX 360 at ${base}` };
	if (result.status === 401 || result.status === 403)
		return {
			status: 'Error',
			message: `RevealX 360 issued a token but refused it at ${url} (HTTP ${result.status}). Give the API credential access to the REST API under Administration > API Access.`,
		};
	return {
		status: 'Error',
		message: `${url} answered HTTP ${result.status} with ${bodyKind(result.body)}, not the ExtraHop REST API. Check the API endpoint: the one shown under Administration > API Access, without a path.`,
	};
}
