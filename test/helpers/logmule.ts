/**
 * Starts a LogMule simulator and an engine holding a credential for it; builds LogMule nodes;
 * runs the credential's test request the way n8n's credential tester does.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { LogMuleApi } from '../../credentials/LogMuleApi.credentials';
import { testCredential, type CredentialTestResult } from '../harness/credential-test';
import { Engine, type TestNode } from '../harness/engine';
import { PACKAGE_NAME } from '../harness/package-registry';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLogMuleSimulator } = require('../../tools/simulators/logmule');

export type LogMuleSimulator = ReturnType<typeof createLogMuleSimulator>;

export const LOGMULE_NODE = `${PACKAGE_NAME}.logMule`;
export const LOGMULE_CREDENTIAL_ID = 'lm';
export const LOGMULE_CREDENTIAL = { logMuleApi: LOGMULE_CREDENTIAL_ID };

export interface LogMuleSetup {
	sim: LogMuleSimulator;
	engine: Engine;
	url: string;
	apiRoot: string;
	token: string;
}

export async function startLogMule(options: Record<string, unknown> = {}): Promise<LogMuleSetup> {
	const sim = createLogMuleSimulator(options);
	const url: string = await sim.start();
	const engine = new Engine();
	const apiRoot: string = sim.apiRoot();
	engine.addCredential(LOGMULE_CREDENTIAL_ID, logMuleCredentialData(sim));
	return { sim, engine, url, apiRoot, token: sim.config.token };
}

/** Credential data matching the simulator's auth settings; override any field. */
export function logMuleCredentialData(
	sim: LogMuleSimulator,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		url: sim.apiRoot(),
		token: sim.config.token,
		headerName: sim.config.authHeader,
		headerPrefix: sim.config.authPrefix,
		allowUnauthorizedCerts: false,
		...overrides,
	};
}

/** A LogMule "Create Incident" node for `engine.runNode`. */
export function createIncidentNode(
	parameters: Record<string, unknown>,
	options: Partial<TestNode> = {},
): Omit<TestNode, 'name'> {
	return {
		type: LOGMULE_NODE,
		parameters: {
			resource: 'correlationResult',
			operation: 'createIncident',
			...parameters,
		} as TestNode['parameters'],
		credentials: LOGMULE_CREDENTIAL,
		...options,
	};
}

export interface LoggedRequest {
	method: string;
	path: string;
	status: number;
	body: string;
	headers: Record<string, string>;
}

/** Requests that reached the simulator's API (control routes excluded). */
export function apiRequests(sim: LogMuleSimulator): LoggedRequest[] {
	return sim.server.requestLog(sim.config.basePath) as LoggedRequest[];
}

/** The create_incident calls that reached the simulator. */
export function createCalls(sim: LogMuleSimulator): LoggedRequest[] {
	return apiRequests(sim).filter((r) => r.method === 'POST' && r.path.endsWith('/create_incident'));
}

/** An expression input item: the node reads the result ID from `$json.resultId`. */
export const RESULT_ID_FROM_ITEM = '={{ $json.resultId }}';

/** Runs the `logMuleApi` credential's test request as n8n's credential tester does. */
export async function testLogMuleCredential(
	engine: Engine,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	return await testCredential(engine, new LogMuleApi(), data);
}
