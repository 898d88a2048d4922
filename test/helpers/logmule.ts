/**
 * Starts a LogMule simulator and an engine holding a credential for it; builds LogMule nodes;
 * runs the credential's test request the way n8n's credential tester does.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	Workflow,
	createEmptyRunExecutionData,
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { LogMuleApi } from '../../credentials/LogMuleApi.credentials';
import { Engine, additionalDataFor, type TestNode } from '../harness/engine';
import { PACKAGE_NAME } from '../harness/package-registry';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLogMuleSimulator } = require('../simulators/logmule');

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
export function logMuleCredentialData(sim: LogMuleSimulator, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
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
		parameters: { resource: 'correlationResult', operation: 'createIncident', ...parameters } as TestNode['parameters'],
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

/**
 * Runs the `logMuleApi` credential's `test` request through n8n-core's RoutingNode and applies its
 * rules, following n8n 2.8's CredentialsTester.testCredentials (declarative branch) step by step.
 */
export async function testLogMuleCredential(
	engine: Engine,
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credentialType = new LogMuleApi();
	const testRequest = credentialType.test;
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: testRequest.request } }],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType.name]: { id: 'credential-under-test', name: 'LogMule' } },
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataFor(engine.credentials),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: 'credential-under-test',
		name: 'LogMule',
		type: credentialType.name,
		data,
	});
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode) return { status: 'Error', message: rule.properties.message };
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const json = response?.[0]?.[0]?.json as Record<string, unknown> | undefined;
		if (json && typeof json === 'object' && json[rule.properties.key] === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
