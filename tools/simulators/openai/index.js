// @ts-check
'use strict';
/**
 * An OpenAI-compatible chat model for tests and the demo: the part of OpenAI's REST API that
 * n8n's OpenAI Chat Model node (@n8n/n8n-nodes-langchain.lmChatOpenAi, LangChain's ChatOpenAI)
 * calls, answered by a scripted model instead of a language model.
 *
 *   GET  /v1/models              the credential test and the editor's model list
 *   POST /v1/chat/completions    messages + tools -> one assistant message (text or tool_calls);
 *                                `stream: true` is answered as server-sent events (one chunk)
 *
 * n8n 2.8.4 sends (checked in LmChatOpenAi.node.js, ToolsAgent/V3/helpers/runAgent.js): Bearer
 * API key, `model`, `messages` (system, user, assistant with `tool_calls`, `tool` results with
 * `tool_call_id`), `tools` as `{ type: 'function', function: { name, description, parameters } }`
 * with JSON Schema parameters generated from the tool nodes' $fromAI() calls; no streaming when
 * the agent is not behind a streaming chat trigger.
 *
 * Every tool list received is checked as a model provider would (toolProblems): a name OpenAI
 * accepts (^[a-zA-Z0-9_-]{1,64}$), a description, a JSON Schema object whose properties all have a
 * type and a description and whose required names exist. The scripted model's arguments are
 * checked against the schema they are sent for (argumentProblems).
 *
 * A script is `(request: { messages, tools, model }) => { content } | { toolCalls: [{ name, arguments }] }`.
 */
const http = require('node:http');

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Problems a model provider (or a model) would have with one tool definition.
 * @param {any} tool
 * @returns {string[]}
 */
function toolProblems(tool) {
	const problems = [];
	const fn = tool?.function;
	if (tool?.type !== 'function' || !fn) return [`not a function tool: ${JSON.stringify(tool)}`];
	const name = String(fn.name);
	if (!TOOL_NAME.test(name)) problems.push(`${name}: name is not ^[a-zA-Z0-9_-]{1,64}$`);
	if (typeof fn.description !== 'string' || fn.description.trim().length < 20)
		problems.push(`${name}: no description a model can choose the tool by`);
	problems.push(...schemaProblems(fn.parameters, name));
	return problems;
}

/**
 * @param {any} schema
 * @param {string} where
 * @returns {string[]}
 */
function schemaProblems(schema, where) {
	if (!schema || schema.type !== 'object') return [`${where}: parameters are not an object schema`];
	const problems = [];
	const properties = schema.properties ?? {};
	for (const name of schema.required ?? [])
		if (!(name in properties)) problems.push(`${where}: required ${name} is not a property`);
	for (const [name, property] of Object.entries(properties)) {
		const p = /** @type {any} */ (property);
		if (p.type === 'object') {
			// n8n's human review wraps a gated tool's schema: { toolParameters, hitlParameters }.
			problems.push(...schemaProblems(p, `${where}.${name}`));
			continue;
		}
		if (!p.type && !p.anyOf && !p.enum) problems.push(`${where}.${name}: no type`);
		if (typeof p.description !== 'string' || p.description.trim() === '')
			problems.push(`${where}.${name}: no description`);
	}
	return problems;
}

/**
 * Problems with arguments sent for a schema: missing required ones, unknown ones, wrong types.
 * @param {any} schema
 * @param {any} args
 * @param {string} where
 * @returns {string[]}
 */
function argumentProblems(schema, args, where) {
	if (!schema || typeof args !== 'object' || args === null) return [`${where}: not an object`];
	const problems = [];
	const properties = schema.properties ?? {};
	for (const name of schema.required ?? [])
		if (!(name in args)) problems.push(`${where}: required ${name} missing`);
	for (const [name, value] of Object.entries(args)) {
		const p = properties[name];
		if (!p) {
			problems.push(`${where}: ${name} is not a parameter`);
			continue;
		}
		if (p.type === 'object') problems.push(...argumentProblems(p, value, `${where}.${name}`));
		else if (p.type === 'number' && typeof value !== 'number')
			problems.push(`${where}.${name}: not a number`);
		else if (p.type === 'string' && typeof value !== 'string')
			problems.push(`${where}.${name}: not a string`);
		else if (p.type === 'boolean' && typeof value !== 'boolean')
			problems.push(`${where}.${name}: not a boolean`);
	}
	return problems;
}

/**
 * @param {{ apiKey?: string, script: (request: { messages: any[], tools: any[], model: string }) => any, models?: string[] }} options
 */
function createOpenAiSimulator(options) {
	const apiKey = options.apiKey ?? 'sk-sim-0123456789abcdef';
	const models = options.models ?? ['gpt-4.1-mini', 'gpt-4.1'];
	/** @type {{ messages: any[], tools: any[], model: string, answer: any }[]} */
	const completions = [];
	/** @type {string[]} */
	const problems = [];
	let calls = 0;
	let url = '';

	/**
	 * @param {import('node:http').ServerResponse} res
	 * @param {number} status
	 * @param {unknown} body
	 */
	const send = (res, status, body) => {
		res.writeHead(status, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify(body));
	};
	const error = (/** @type {string} */ message, /** @type {string} */ type) => ({
		error: { message, type, param: null, code: null },
	});

	/** @param {any} body */
	function complete(body) {
		const messages = Array.isArray(body.messages) ? body.messages : [];
		const tools = Array.isArray(body.tools) ? body.tools : [];
		for (const tool of tools) for (const p of toolProblems(tool)) problems.push(p);
		const decision = options.script({ messages, tools, model: body.model });
		/** @type {any} */
		const message = { role: 'assistant', content: null, refusal: null };
		if (decision.toolCalls) {
			message.tool_calls = decision.toolCalls.map((/** @type {any} */ call) => {
				const tool = tools.find((/** @type {any} */ t) => t.function?.name === call.name);
				if (!tool) problems.push(`the script called ${call.name}, which n8n did not offer`);
				else
					problems.push(...argumentProblems(tool.function.parameters, call.arguments, call.name));
				return {
					id: `call_${String(++calls).padStart(4, '0')}`,
					type: 'function',
					function: { name: call.name, arguments: JSON.stringify(call.arguments) },
				};
			});
		} else {
			message.content = String(decision.content ?? '');
		}
		completions.push({ messages, tools, model: body.model, answer: message });
		return {
			id: `chatcmpl-sim-${completions.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model,
			choices: [
				{
					index: 0,
					message,
					logprobs: null,
					finish_reason: message.tool_calls ? 'tool_calls' : 'stop',
				},
			],
			usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
		};
	}

	/**
	 * @param {import('node:http').ServerResponse} res
	 * @param {any} completion
	 */
	function stream(res, completion) {
		res.writeHead(200, { 'Content-Type': 'text/event-stream' });
		const { message, finish_reason } = completion.choices[0];
		const delta = {
			role: 'assistant',
			content: message.content,
			tool_calls: message.tool_calls?.map((/** @type {any} */ c, /** @type {number} */ index) => ({
				index,
				...c,
			})),
		};
		const chunk = (/** @type {any} */ choice) =>
			`data: ${JSON.stringify({ ...completion, object: 'chat.completion.chunk', choices: [choice] })}\n\n`;
		res.write(chunk({ index: 0, delta, finish_reason: null }));
		res.write(chunk({ index: 0, delta: {}, finish_reason }));
		res.end('data: [DONE]\n\n');
	}

	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (d) => (raw += d));
		req.on('end', () => {
			const path = (req.url ?? '').split('?')[0];
			if (req.headers.authorization !== `Bearer ${apiKey}`) {
				send(res, 401, error('Incorrect API key provided.', 'invalid_request_error'));
				return;
			}
			if (req.method === 'GET' && path === '/v1/models') {
				send(res, 200, {
					object: 'list',
					data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'simulator' })),
				});
				return;
			}
			if (req.method === 'POST' && path === '/v1/chat/completions') {
				let body;
				try {
					body = JSON.parse(raw);
				} catch {
					send(res, 400, error('Invalid JSON body', 'invalid_request_error'));
					return;
				}
				try {
					const completion = complete(body);
					if (body.stream) stream(res, completion);
					else send(res, 200, completion);
				} catch (e) {
					problems.push(`script failed: ${e instanceof Error ? e.stack : String(e)}`);
					send(res, 500, error('The scripted model failed', 'server_error'));
				}
				return;
			}
			send(res, 404, error(`Unknown request ${req.method} ${path}`, 'invalid_request_error'));
		});
	});

	return {
		apiKey,
		/** What n8n's OpenAI credential needs: the base URL (with /v1) and the key. */
		credentials: () => ({ apiKey, url: `${url}/v1` }),
		/** Every chat completion: the messages and tools n8n sent, and the answer. */
		completions: () => completions,
		/** Tool definitions or scripted arguments a model provider would refuse. */
		problems: () => [...new Set(problems)],
		/** @param {number} [port] */
		start: (port) =>
			new Promise((resolve) => {
				server.listen(port ?? 0, '127.0.0.1', () => {
					const address = /** @type {import('node:net').AddressInfo} */ (server.address());
					url = `http://127.0.0.1:${address.port}`;
					resolve(url);
				});
			}),
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve(undefined));
			}),
		get url() {
			return url;
		},
	};
}

module.exports = { createOpenAiSimulator, toolProblems, argumentProblems };
