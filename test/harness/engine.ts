/**
 * Runs this package's nodes on n8n's real execution engine, in process: `WorkflowExecute`,
 * `PollContext` and `WebhookContext` from n8n-core, with n8n's real HTTP helpers. Only the
 * pieces an n8n server would supply around the engine (node type registry, credential store,
 * lifecycle hooks) are provided here, and they follow n8n's own semantics, including the
 * credential `preAuthentication` / expirable-token rules of n8n's CredentialsHelper.
 */
import { ExecutionLifecycleHooks, PollContext, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { ExtraHopRevealX360Api } from '../../credentials/ExtraHopRevealX360Api.credentials';
import { packageCredentialTypes, packageNodeTypes } from './package-registry';

/** A start node for test workflows: emits the items given in its `items` parameter. */
class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: 'harnessStart',
		group: ['trigger'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

export const START_TYPE = 'test.harnessStart';

export class PackageNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		[START_TYPE]: new HarnessStart(),
	};

	constructor() {
		for (const [name, type] of Object.entries(packageNodeTypes())) this.types[name] = type;
	}

	getByName(nodeType: string) {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

/**
 * Credential store + n8n's CredentialsHelper rules. `store` holds the decrypted data by
 * credential id; `updateCredentials` writes back, as n8n persists a refreshed token.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, ICredentialDataDecryptedObject>();
	readonly preAuthenticationCalls: Array<{ type: string; expired: boolean }> = [];
	private readonly credentialTypes = packageCredentialTypes();

	getParentTypes(): string[] {
		return [];
	}

	private type(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			const resolve = (value: string) => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved ? String(resolved) : '';
			};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				const target = ((requestOptions as unknown as Record<string, Record<string, string>>)[
					outerKey
				] ??= {});
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					target[resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthenticationCalls.push({ type: typeName, expired: credentialsExpired });
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details) {
			await this.updateCredentials(details, typeName, Object.assign(credentials, output));
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the harness');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(nodeCredentials.id ?? '');
		if (!data) throw new Error(`No test credential with id ${nodeCredentials.id}`);
		// n8n decrypts a fresh copy for every request.
		return structuredClone(data);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(nodeCredentials.id ?? '', structuredClone(data));
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}

export function additionalDataFor(
	credentialsHelper: ICredentialsHelper,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not supported in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface TestNode {
	name: string;
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, string>;
	continueOnFail?: boolean;
	/** The node's version (default 1); n8n fills in that version's parameter defaults. */
	typeVersion?: number;
}

let nodeCounter = 0;
function toINode(node: TestNode, position: number): INode {
	const credentials: INode['credentials'] = {};
	for (const [type, id] of Object.entries(node.credentials ?? {}))
		credentials[type] = { id, name: `${type} ${id}` };
	return {
		id: `node-${++nodeCounter}`,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion ?? 1,
		position: [position * 200, 0],
		parameters: node.parameters,
		credentials,
		onError: node.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
}

export class Engine {
	readonly nodeTypes = new PackageNodeTypes();
	readonly credentials = new TestCredentialsHelper();

	addCredential(id: string, data: ICredentialDataDecryptedObject) {
		this.credentials.store.set(id, structuredClone(data));
	}

	/** Builds a workflow: nodes are chained in the order given (each feeds the next). */
	workflow(nodes: TestNode[], staticData: IDataObject = {}) {
		const connections: Workflow['connectionsBySourceNode'] = {};
		for (let i = 0; i < nodes.length - 1; i++) {
			connections[nodes[i].name] = {
				main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
			};
		}
		return new Workflow({
			id: 'test-workflow',
			name: 'Test workflow',
			nodes: nodes.map(toINode),
			connections,
			nodeTypes: this.nodeTypes,
			staticData,
			active: false,
			settings: {},
		});
	}

	/**
	 * Runs `Start (items) -> node` on WorkflowExecute and returns the node's output items (first
	 * output), or throws the node's error as n8n reports it.
	 */
	async runNode(node: Omit<TestNode, 'name'> & { name?: string }, items: IDataObject[] = [{}]) {
		const name = node.name ?? 'Node';
		const run = await this.runWorkflow([
			{ name: 'Start', type: START_TYPE, parameters: { items: JSON.stringify(items) } },
			{ ...node, name },
		]);
		const error = run.data.resultData.error;
		const taskData = run.data.resultData.runData[name]?.[0];
		if (error) throw error;
		return (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
	}

	async runWorkflow(nodes: TestNode[], mode: WorkflowExecuteMode = 'manual'): Promise<IRun> {
		const workflow = this.workflow(nodes);
		const additionalData = additionalDataFor(this.credentials);
		const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
			id: workflow.id,
			name: workflow.name,
			nodes: Object.values(workflow.nodes),
			connections: workflow.connectionsBySourceNode,
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			settings: {},
		} as never);
		additionalData.hooks = hooks;
		const startNode = workflow.getNode(nodes[0].name) ?? undefined;
		return await new WorkflowExecute(additionalData, mode).run({ workflow, startNode });
	}

	/** One poll of a polling trigger through n8n's PollContext. */
	async poll(
		workflow: Workflow,
		nodeName: string,
		mode: WorkflowExecuteMode = 'trigger',
		activation: WorkflowActivateMode = 'activate',
	): Promise<INodeExecutionData[][] | null> {
		const node = workflow.getNode(nodeName);
		if (!node) throw new Error(`No node ${nodeName}`);
		const type = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!type.poll) throw new Error(`${node.type} is not a polling trigger`);
		const context = new PollContext(
			workflow,
			node,
			additionalDataFor(this.credentials),
			mode,
			activation,
		);
		return await type.poll.call(context);
	}
}

export const EXTRAHOP_CREDENTIAL_TYPES = {
	apiKey: new ExtraHopApi().name,
	revealX360: new ExtraHopRevealX360Api().name,
};
