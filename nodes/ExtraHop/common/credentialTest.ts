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
	const assumed = /^https?:\/\//i.test(raw)
		? ''
		: ' ("https://" was assumed: the URL has no scheme)';
	const url = `${base}/api/v1/extrahop`;
	const result = await probe(
		this,
		url,
		{ Authorization: `ExtraHop apikey=${apiKey}` },
		data.allowUnauthorizedCerts === true,
	);
	if (!result.reached)
		return { status: 'Error', message: `${connectionProblem(result, base)}${assumed}` };
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
