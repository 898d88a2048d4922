/**
 * The Test button of the "LogMule API" credential (`testedBy: 'logMuleApiTest'` on the LogMule
 * node). It must fail for a wrong API URL, so it asks for the one endpoint LogMule documents and
 * that therefore must exist: `{root}/logmule_go_results/{id}/create_incident` (POST only).
 *
 * It sends a GET there, for the nil UUID (RFC 9562 §5.9, which no result has): GET is a safe
 * method (RFC 9110 §9.2.1), so nothing is created, and the route answers it with 405 Method Not
 * Allowed. So, with the token in the configured header:
 * - 405: the API is there and the token was accepted (LogMule authenticates before routing) -> OK;
 * - 401 / 403: the token, header name or prefix is wrong;
 * - 404 (or anything else): nothing at that path -> the API URL (base path) is wrong.
 * A server that ignores the method and runs the create handler answers 404 "no result" for the nil
 * UUID without creating anything; the test then reports a wrong URL, the safe side.
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
import { probe } from '../../shared/transport/probe';
import { LOGMULE_POLICY, normaliseApiRoot } from './index';

/**
 * A result ID that cannot name a real result: the nil UUID (RFC 9562 §5.9). Results carry random
 * (version 4) UUIDs, whose version digit is never 0.
 */
export const LOGMULE_TEST_RESULT_ID = '00000000-0000-0000-0000-000000000000';

export const TOKEN_REJECTED =
	'LogMule rejected the token (HTTP 401). Check the token, and the header name and prefix your LogMule expects.';

export async function logMuleApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const raw = String(data.url ?? '').trim();
	if (raw === '')
		return {
			status: 'Error',
			message: 'The API URL is empty: enter the API root, e.g. https://siem.example.com/cruddy/v2',
		};
	const root = normaliseApiRoot(raw);
	const headerName = String(data.headerName || 'Authorization').trim() || 'Authorization';
	const prefix = String(data.headerPrefix || '').trim();
	const token = String(data.token || '').trim();
	if (token === '') return { status: 'Error', message: 'The token is empty' };
	const url = `${root}/logmule_go_results/${LOGMULE_TEST_RESULT_ID}/create_incident`;
	const result = await probe(this, {
		url,
		headers: { [headerName]: prefix ? `${prefix} ${token}` : token },
		skipTlsVerification: data.allowUnauthorizedCerts === true,
		secrets: [token],
	});
	if (!result.reached) return { status: 'Error', message: connectionProblem(result, root, raw) };
	const { status, body } = result;
	if (status >= 300 && status < 400) {
		return {
			status: 'Error',
			message: redirectProblem(
				'LogMule',
				`GET /logmule_go_results/${LOGMULE_TEST_RESULT_ID}/create_incident`,
				result,
				url,
				LOGMULE_POLICY.redirectAdvice,
			),
		};
	}
	const errorCode =
		body && typeof body === 'object' ? Number((body as { error_code?: unknown }).error_code) : NaN;
	if (status === 401 || errorCode === 401) return { status: 'Error', message: TOKEN_REJECTED };
	if (status === 403 || errorCode === 403) {
		return {
			status: 'Error',
			message:
				'LogMule accepted the token but refuses its user (HTTP 403). Use the token of a user who may create incidents.',
		};
	}
	if (status === 405) {
		return {
			status: 'OK',
			message: `Connected to the LogMule API at ${root}${plainHttpWarning(root, 'token')}`,
		};
	}
	if (status === 404) {
		return {
			status: 'Error',
			message: `No LogMule API at ${root} (HTTP 404 for its create_incident endpoint). Enter the API root up to and including the version, e.g. https://siem.example.com/cruddy/v2.`,
		};
	}
	return {
		status: 'Error',
		message: `${root}/logmule_go_results/…/create_incident answered HTTP ${status} with ${bodyKind(body)}, not the LogMule API. Check the API URL: the API root up to and including the version, e.g. https://siem.example.com/cruddy/v2.`,
	};
}
