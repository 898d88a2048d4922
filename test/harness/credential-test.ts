/**
 * Runs a credential's test the way n8n 2.8's CredentialsTester does: the credential's own `test`
 * request (declarative) through n8n-core's RoutingNode on a throwaway node, then its rules; or,
 * when it has none, the function of the first package node that names it with `testedBy`
 * (`methods.credentialTest`), called on n8n-core's CredentialTestContext.
 */
import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import {
	Workflow,
	createEmptyRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type INode,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { additionalDataFor, type Engine } from './engine';
import { packageNodeTypes } from './package-registry';

/** The node-provided test function for a credential, found as n8n's CredentialsTester finds it. */
function nodeTestFunction(credentialName: string) {
	for (const type of Object.values(packageNodeTypes()) as INodeType[]) {
		for (const credential of type.description.credentials ?? []) {
			if (credential.name !== credentialName || typeof credential.testedBy !== 'string') continue;
			const test = type.methods?.credentialTest?.[credential.testedBy];
			if (!test)
				throw new Error(
					`${type.description.name} names ${credential.testedBy} as the test of ${credentialName} but has no such methods.credentialTest`,
				);
			return test;
		}
	}
	return undefined;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export async function testCredential(
	engine: Engine,
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const testRequest = credentialType.test;
	if (!testRequest) {
		const test = nodeTestFunction(credentialType.name);
		if (!test) throw new Error(`${credentialType.name} has no test request and no node tests it`);
		const result = await test.call(new CredentialTestContext(), {
			id: 'credential-under-test',
			name: credentialType.displayName,
			type: credentialType.name,
			data,
		});
		return { status: result.status === 'OK' ? 'OK' : 'Error', message: result.message };
	}
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
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: testRequest.request },
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			[credentialType.name]: { id: 'credential-under-test', name: credentialType.displayName },
		},
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
		name: credentialType.displayName,
		type: credentialType.name,
		data,
	});
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
			message: string;
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode)
					return { status: 'Error', message: rule.properties.message };
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				};
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
