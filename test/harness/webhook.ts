/**
 * Runs a webhook trigger node of this package the way n8n 2.8 serves it, in process:
 * - a real HTTP server (127.0.0.1) routes `/webhook/<webhookId>/<path>` (production) and
 *   `/webhook-test/...` (test) by method to the node's webhook descriptions;
 * - each request gets what n8n's middlewares give it: `rawBody` (read whole, up to n8n's default
 *   16 MB payload limit), `contentType`, `encoding`, and `body` parsed as n8n's `parseBody` does
 *   (JSON for application/json, failing with 422; text for text/plain; forms), plus an
 *   express-like response (`status`, `json`, `send`, `setHeader`);
 * - the node's `webhook()` runs in n8n-core's real `WebhookContext`, then the result is handled as
 *   n8n's `executeWebhook` does: a node that answered itself (`noWebhookResponse`), no workflow
 *   data ("Webhook call received" or `webhookResponse`), or workflow data (an execution starts,
 *   recorded here, and the webhook's `responseData` or else `webhookResponse` or "Workflow was
 *   started" is answered). A throwing node answers 500 and, as
 *   in n8n, becomes an execution that holds the error; n8n's answer is written as its webhook
 *   request handler writes it, even when the node answered first (`doubleAnswers` records that);
 * - like n8n's LiveWebhooks, every production request loads the workflow's static data afresh
 *   from the store and writes the whole object back if the node changed it (last writer wins):
 *   after the node's own answer (`noWebhookResponse`), before n8n's answer otherwise; with
 *   `saveDelayMs` the save takes that long, as a database round trip does, so concurrent requests'
 *   saves overlap; test requests never persist it;
 * - `activate` / `deactivate` run `webhookMethods.default.{checkExists, create, delete}` in
 *   n8n-core's real `HookContext`, then persist static data as the ActiveWorkflowManager does.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { additionalDataFor, type Engine } from './engine';

/** n8n's default N8N_PAYLOAD_SIZE_MAX (MiB). */
const N8N_PAYLOAD_LIMIT = 16 * 1024 * 1024;

type HookMethods = NonNullable<NonNullable<INodeType['webhookMethods']>['default']>;

export interface WebhookNodeSpec {
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, string>;
	name?: string;
	webhookId?: string;
	/** The node's version (1 unless given). */
	typeVersion?: number;
}

export interface Execution {
	mode: WorkflowExecuteMode;
	items: INodeExecutionData[];
	error?: Error;
}

export interface WebhookReply {
	status: number;
	headers: Record<string, string>;
	text: string;
	/** The body parsed as JSON, when it is JSON. */
	json: any;
	/** What the node's webhook() returned (undefined when it threw or was not reached). */
	result?: IWebhookResponseData;
	/** The execution this request started, if any. */
	execution?: Execution;
}

export interface SendOptions {
	headers?: Record<string, string>;
	/** Use the test URL (execution mode "manual"). */
	test?: boolean;
	method?: 'GET' | 'POST';
}

type ExpressLikeRequest = http.IncomingMessage & {
	body?: unknown;
	rawBody?: Buffer;
	contentType?: string;
	encoding: BufferEncoding;
	query: Record<string, unknown>;
	params: Record<string, string>;
	readRawBody(): Promise<void>;
	header(name: string): string | undefined;
	get(name: string): string | undefined;
};

type ExpressLikeResponse = http.ServerResponse & {
	status(code: number): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
	send(body: unknown): ExpressLikeResponse;
	set(name: string, value: string): ExpressLikeResponse;
	header(name: string, value: string): ExpressLikeResponse;
	type(value: string): ExpressLikeResponse;
};

function readAll(req: http.IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				reject(Object.assign(new Error('request entity too large'), { status: 413 }));
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function expressLike(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
	const request = req as ExpressLikeRequest;
	const [mediaType, ...params] = String(req.headers['content-type'] ?? '').split(';');
	request.contentType = mediaType.trim().toLowerCase() || undefined;
	const charset = params
		.map((p) => p.trim().split('='))
		.find(([k]) => k?.toLowerCase() === 'charset')?.[1];
	request.encoding = (
		charset?.toLowerCase() === 'utf-8' || !charset ? 'utf-8' : charset
	) as BufferEncoding;
	request.query = Object.fromEntries(url.searchParams);
	request.params = {};
	request.header = (name: string) => {
		const value = req.headers[name.toLowerCase()];
		return Array.isArray(value) ? value.join(', ') : value;
	};
	request.get = request.header;
	request.readRawBody = async () => {
		request.rawBody ??= await readAll(req, N8N_PAYLOAD_LIMIT);
	};

	const response = res as ExpressLikeResponse;
	response.status = (code: number) => {
		response.statusCode = code;
		return response;
	};
	response.set = (name: string, value: string) => {
		response.setHeader(name, value);
		return response;
	};
	response.header = response.set;
	response.type = (value: string) => response.set('Content-Type', value);
	response.json = (body: unknown) => {
		// As Express, whose res.json sets headers: a second answer throws.
		if (response.headersSent)
			throw Object.assign(new Error('Cannot set headers after they are sent to the client'), {
				code: 'ERR_HTTP_HEADERS_SENT',
			});
		if (!response.getHeader('content-type'))
			response.setHeader('Content-Type', 'application/json; charset=utf-8');
		response.end(JSON.stringify(body));
		return response;
	};
	response.send = (body: unknown) => {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body))
			return response.json(body);
		if (!response.getHeader('content-type'))
			response.setHeader('Content-Type', 'text/html; charset=utf-8');
		response.end(body as string | Buffer);
		return response;
	};
	return { request, response };
}

/** n8n's parseBody (middlewares/body-parser.ts), including its 422 for unparsable JSON. */
async function parseBody(req: ExpressLikeRequest): Promise<void> {
	if (req.contentType?.startsWith('multipart/')) return;
	await req.readRawBody();
	const raw = req.rawBody;
	if (!raw?.length) return;
	const text = raw.toString(req.encoding);
	try {
		if (req.contentType === 'application/json') req.body = JSON.parse(text);
		else if (req.contentType === 'application/x-www-form-urlencoded')
			req.body = parseQueryString(text);
		else if (req.contentType === 'text/plain') req.body = text;
	} catch (error) {
		throw Object.assign(new Error('Failed to parse request body'), {
			status: 422,
			hint: (error as Error).message,
		});
	}
}

/** A plain JSON copy of (possibly observable) static data. */
const plain = (data: IDataObject): IDataObject =>
	JSON.parse(JSON.stringify(data ?? {})) as IDataObject;

export class WebhookHarness {
	readonly node: INode;
	/** The workflow's static data as n8n's database holds it. */
	storedStaticData: IDataObject = {};
	readonly executions: Execution[] = [];
	/** Static data saves done (production requests that changed it). */
	saves = 0;
	/** Time a save takes (a database round trip): concurrent requests' saves then overlap as in n8n. */
	saveDelayMs = 0;
	/** Every error a lifecycle method or webhook() threw. */
	readonly errors: Error[] = [];
	/** n8n's own answers to a failing node that found the response already sent (Express throws). */
	readonly doubleAnswers: Error[] = [];
	baseUrl = '';
	private server: http.Server | null = null;
	/** What webhook() returned per request, by the X-Harness-Request number the server answers with. */
	private readonly results = new Map<
		string,
		{ result?: IWebhookResponseData; execution?: Execution }
	>();
	private requestCounter = 0;
	private readonly nodeType: INodeType;

	constructor(
		readonly engine: Engine,
		spec: WebhookNodeSpec,
		readonly workflowId = `wf-${randomUUID().slice(0, 8)}`,
		readonly workflowName = 'ExtraHop webhook test',
	) {
		const credentials: INode['credentials'] = {};
		for (const [type, id] of Object.entries(spec.credentials ?? {}))
			credentials[type] = { id, name: `${type} ${id}` };
		this.node = {
			id: randomUUID(),
			name: spec.name ?? 'ExtraHop Webhook Trigger',
			type: spec.type,
			typeVersion: spec.typeVersion ?? 1,
			position: [0, 0],
			parameters: spec.parameters,
			credentials,
			webhookId: spec.webhookId ?? randomUUID(),
		};
		this.nodeType = engine.nodeTypes.getByNameAndVersion(spec.type, spec.typeVersion ?? 1);
	}

	/** The node's static data as stored (`node:<name>`). */
	get nodeStaticData(): IDataObject {
		return (this.storedStaticData[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 1000;
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = null;
		if (!server) return;
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}

	private webhooks(): IWebhookDescription[] {
		return this.nodeType.description.webhooks ?? [];
	}

	private description(name: string): IWebhookDescription {
		const found = this.webhooks().find((w) => w.name === name);
		if (!found) throw new Error(`The node has no webhook named ${name}`);
		return found;
	}

	/** The URL n8n shows for one of the node's webhooks. */
	webhookUrl(name = 'default', test = false): string {
		const path = String(this.description(name).path).replace(/^\//, '');
		return `${this.baseUrl}/${test ? 'webhook-test' : 'webhook'}/${this.node.webhookId}/${path}`;
	}

	private workflow(staticData: IDataObject): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: this.workflowName,
			nodes: [structuredClone(this.node)],
			connections: {},
			nodeTypes: this.engine.nodeTypes,
			staticData,
			active: true,
			settings: {},
		});
	}

	private additionalData() {
		const additionalData = additionalDataFor(this.engine.credentials);
		additionalData.webhookBaseUrl = `${this.baseUrl}/webhook`;
		additionalData.webhookTestBaseUrl = `${this.baseUrl}/webhook-test`;
		return additionalData;
	}

	private webhookData(
		name: string,
		additionalData: ReturnType<typeof additionalDataFor>,
		isTest: boolean,
	): IWebhookData {
		const description = this.description(name);
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: `${this.node.webhookId}/${String(description.path).replace(/^\//, '')}`,
			webhookDescription: description,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest,
		};
	}

	private async handle(incoming: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(incoming.url ?? '/', this.baseUrl);
		const { request, response } = expressLike(incoming, res, url);
		const requestNumber = String(++this.requestCounter);
		response.setHeader('X-Harness-Request', requestNumber);
		const fail = (status: number, body: IDataObject) => {
			if (!response.headersSent) response.status(status).json(body);
			else response.end();
		};
		try {
			const match = /^\/(webhook|webhook-test)\/(.+?)\/?$/.exec(url.pathname);
			const method = (incoming.method ?? 'GET').toUpperCase();
			const description = this.webhooks().find(
				(w) =>
					w.httpMethod === method &&
					match?.[2] === `${this.node.webhookId}/${String(w.path).replace(/^\//, '')}`,
			);
			if (!match || !description) {
				return fail(404, {
					code: 404,
					message: `The requested webhook "${method} ${url.pathname}" is not registered.`,
				});
			}
			const isTest = match[1] === 'webhook-test';
			const mode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
			try {
				await parseBody(request);
			} catch (error) {
				const e = error as Error & { status?: number; hint?: string };
				return fail(e.status ?? 500, { code: e.status ?? 500, message: e.message, hint: e.hint });
			}
			const workflow = this.workflow(isTest ? {} : structuredClone(this.storedStaticData));
			const node = workflow.getNode(this.node.name)!;
			const additionalData = this.additionalData();
			additionalData.httpRequest = request as never;
			additionalData.httpResponse = response as never;
			const webhookData = this.webhookData(description.name, additionalData, isTest);
			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				mode,
				webhookData,
				[],
				null,
			);
			let result: IWebhookResponseData;
			try {
				result = await this.nodeType.webhook!.call(context);
			} catch (error) {
				// n8n: "Workflow Webhook Error", and an execution that holds the error.
				this.errors.push(error as Error);
				const execution: Execution = { mode, items: [], error: error as Error };
				this.executions.push(execution);
				this.results.set(requestNumber, { execution });
				// n8n's webhook request handler answers without checking whether the node did.
				try {
					response
						.status(500)
						.json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
				} catch (answerError) {
					this.doubleAnswers.push(answerError as Error);
					if (!response.writableEnded) response.end();
				}
				return;
			}
			let execution: Execution | undefined;
			if (result.workflowData !== undefined) {
				execution = { mode, items: result.workflowData[0] ?? [] };
				this.executions.push(execution);
			}
			this.results.set(requestNumber, { result, execution });
			const persist = () => {
				// LiveWebhooks: saveStaticData (only if it changed), whole object, last writer wins.
				if (
					!isTest &&
					(workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true
				) {
					this.storedStaticData = plain(workflow.staticData);
					this.saves++;
				}
			};
			// n8n 2.8 saves the static data in executeWebhook's response callback: after a node that
			// answered itself (`noWebhookResponse`), before n8n's own answer otherwise.
			if (result.noWebhookResponse !== true) {
				if (this.saveDelayMs > 0)
					await new Promise((resolve) => setTimeout(resolve, this.saveDelayMs));
				persist();
				if (result.workflowData === undefined) {
					response.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
				} else {
					// n8n's executeWebhook for "onReceived": responseData evaluated with the default
					// 'firstEntryJson' (sent as that very text), 'noData' (empty), else webhookResponse.
					const responseData =
						description.responseData === undefined ? 'firstEntryJson' : description.responseData;
					if (responseData === 'noData') response.status(200).end();
					else if (responseData) response.status(200).send(String(responseData));
					else
						response
							.status(200)
							.json(result.webhookResponse ?? { message: 'Workflow was started' });
				}
			} else {
				if (!response.headersSent && !response.writableEnded)
					fail(500, { message: 'The node claimed to answer but did not' });
				if (this.saveDelayMs > 0)
					await new Promise((resolve) => setTimeout(resolve, this.saveDelayMs));
				persist();
			}
		} catch (error) {
			this.errors.push(error as Error);
			fail(500, { message: `Harness error: ${(error as Error).message}` });
		}
	}

	/** Sends one request to the node's webhook, as ExtraHop (or anyone) would. */
	async send(body: unknown, options: SendOptions = {}): Promise<WebhookReply> {
		const method = options.method ?? 'POST';
		const headers: Record<string, string> = { ...(options.headers ?? {}) };
		let payload: Buffer | undefined;
		if (method === 'POST') {
			if (Buffer.isBuffer(body)) payload = body;
			else if (typeof body === 'string') payload = Buffer.from(body, 'utf8');
			else payload = Buffer.from(JSON.stringify(body), 'utf8');
			if (
				!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type') &&
				!Buffer.isBuffer(body) &&
				typeof body !== 'string'
			) {
				headers['Content-Type'] = 'application/json';
			}
		}
		const response = await fetch(
			this.webhookUrl(method === 'GET' ? 'setup' : 'default', options.test),
			{
				method,
				headers,
				body: payload,
			},
		);
		const text = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		const outcome = this.results.get(response.headers.get('x-harness-request') ?? '');
		return {
			status: response.status,
			headers: Object.fromEntries(response.headers.entries()),
			text,
			json,
			result: outcome?.result,
			execution: outcome?.execution,
		};
	}

	async post(
		body: unknown,
		headers: Record<string, string> = {},
		test = false,
	): Promise<WebhookReply> {
		return await this.send(body, { headers, test });
	}

	async get(headers: Record<string, string> = {}, test = false): Promise<WebhookReply> {
		return await this.send(undefined, { headers, test, method: 'GET' });
	}

	/** Runs one lifecycle method in n8n-core's HookContext and persists static data afterwards. */
	private async hook<T>(
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
		run: (context: HookContext, methods: HookMethods) => Promise<T>,
	): Promise<T> {
		const workflow = this.workflow(structuredClone(this.storedStaticData));
		const node = workflow.getNode(this.node.name)!;
		const additionalData = this.additionalData();
		const context = new HookContext(
			workflow,
			node,
			additionalData,
			mode,
			activation,
			this.webhookData('default', additionalData, mode === 'manual'),
		);
		const methods = this.nodeType.webhookMethods?.default;
		if (!methods) throw new Error('The node has no webhookMethods.default');
		try {
			const out = await run(context, methods);
			if (
				(workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true
			) {
				this.storedStaticData = plain(workflow.staticData);
			}
			return out;
		} catch (error) {
			this.errors.push(error as Error);
			throw error;
		}
	}

	async checkExists(
		mode: WorkflowExecuteMode = 'trigger',
		activation: WorkflowActivateMode = 'activate',
	): Promise<boolean> {
		return await this.hook(mode, activation, async (context, methods) =>
			Boolean(await methods.checkExists.call(context)),
		);
	}

	/** n8n's activation: checkExists, then create when it answered false. */
	async activate(
		mode: WorkflowExecuteMode = 'trigger',
		activation: WorkflowActivateMode = 'activate',
	): Promise<{ existed: boolean }> {
		return await this.hook(mode, activation, async (context, methods) => {
			const existed = Boolean(await methods.checkExists.call(context));
			if (!existed) {
				const created = await methods.create.call(context);
				if (created !== true) throw new Error('create() did not report success');
			}
			return { existed };
		});
	}

	/** n8n's deactivation (clearWebhooks): delete. */
	async deactivate(): Promise<boolean> {
		return await this.hook('internal', 'update', async (context, methods) =>
			Boolean(await methods.delete.call(context)),
		);
	}

	/** Changes the node's parameters (as editing and saving the workflow would). */
	setParameters(parameters: INodeParameters): void {
		this.node.parameters = parameters;
	}
}
