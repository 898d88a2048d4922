/**
 * The OpenAI-compatible scripted model (tools/simulators/openai) and the mailbox
 * (tools/simulators/smtp) the AI agent e2e relies on: the schema checks refuse what a model
 * provider would, the server speaks the chat completions protocol (tool calls, streaming), the
 * triage script follows the cost ladder and stops on a rejection, the mailbox keeps the links.
 */
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';

const { createOpenAiSimulator, toolProblems } = require('../../../tools/simulators/openai') as {
	createOpenAiSimulator: (options: Record<string, unknown>) => any;
	toolProblems: (tool: unknown) => string[];
};
const { triageModel, TOOLS } = require('../../../tools/simulators/openai/triage-model') as {
	triageModel: (request: { messages: any[]; tools: any[] }) => any;
	TOOLS: Record<string, string>;
};
const { createSmtpSimulator } = require('../../../tools/simulators/smtp') as {
	createSmtpSimulator: () => any;
};

const tool = (name: string, parameters: Record<string, unknown>, description = 'x'.repeat(40)) => ({
	type: 'function',
	function: { name, description, parameters },
});
const detectionId = {
	type: 'object',
	properties: { detectionId: { type: 'number', description: 'The detection ID' } },
	required: ['detectionId'],
};

describe('OpenAI-compatible scripted model', () => {
	it('accepts a tool a model can use', () => {
		expect(toolProblems(tool('Get_detection', detectionId))).toEqual([]);
	});

	it.each([
		['a name OpenAI refuses', tool('Get detection', detectionId), 'name is not'],
		['no description', tool('Get_detection', detectionId, ''), 'no description a model'],
		[
			'a parameter without a description',
			tool('Get_detection', { type: 'object', properties: { detectionId: { type: 'number' } } }),
			'detectionId: no description',
		],
		[
			'a parameter without a type',
			tool('Get_detection', {
				type: 'object',
				properties: { detectionId: { description: 'The ID' } },
			}),
			'detectionId: no type',
		],
		[
			'a required name that is not a property',
			tool('Get_detection', { ...detectionId, required: ['id'] }),
			'required id is not a property',
		],
	])('refuses %s', (_what, definition, problem) => {
		expect(toolProblems(definition).join('\n')).toContain(problem);
	});

	describe('server', () => {
		let sim: any;
		beforeEach(async () => {
			sim = createOpenAiSimulator({
				script: () => ({ toolCalls: [{ name: 'Get_detection', arguments: { detectionId: 7 } }] }),
			});
			await sim.start();
		});
		afterEach(async () => await sim.stop());
		const post = async (body: Record<string, unknown>, key = sim.apiKey) =>
			await fetch(`${sim.url}/v1/chat/completions`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});

		it('lists models for the credential test and refuses a wrong key', async () => {
			const models = await fetch(`${sim.url}/v1/models`, {
				headers: { Authorization: `Bearer ${sim.apiKey}` },
			});
			expect(((await models.json()) as any).data.map((m: any) => m.id)).toContain('gpt-4.1-mini');
			expect((await post({ messages: [] }, 'sk-wrong')).status).toBe(401);
		});

		it('answers with tool calls and checks the arguments against the schema', async () => {
			const answer: any = await (
				await post({
					model: 'gpt-4.1-mini',
					messages: [{ role: 'user', content: 'triage' }],
					tools: [tool('Get_detection', detectionId)],
				})
			).json();
			const [choice] = answer.choices;
			expect(choice.finish_reason).toBe('tool_calls');
			expect(choice.message.tool_calls[0].function).toEqual({
				name: 'Get_detection',
				arguments: '{"detectionId":7}',
			});
			expect(sim.problems()).toEqual([]);
			await post({
				messages: [],
				tools: [
					tool('Get_detection', {
						...detectionId,
						properties: { id: { type: 'string', description: 'x' } },
						required: [],
					}),
				],
			});
			expect(sim.problems().join('\n')).toContain('detectionId is not a parameter');
		});

		it('streams the same answer as server-sent events when asked', async () => {
			const text = await (
				await post({ messages: [], tools: [tool('Get_detection', detectionId)], stream: true })
			).text();
			const chunks = text
				.split('\n\n')
				.filter((l) => l.startsWith('data: {'))
				.map((l) => JSON.parse(l.slice(6)));
			expect(chunks[0].choices[0].delta.tool_calls[0].function.name).toBe('Get_detection');
			expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
			expect(text.trim().endsWith('data: [DONE]')).toBe(true);
		});
	});

	describe('triage script', () => {
		const tools = Object.values(TOOLS).map((name) =>
			tool(
				name,
				[TOOLS.close, TOOLS.investigate, TOOLS.tune].includes(name)
					? { type: 'object', properties: { toolParameters: { type: 'object', properties: {} } } }
					: { type: 'object', properties: {} },
			),
		);
		const scanner = {
			role: 'offender',
			object_type: 'device',
			object_id: 1903,
			object_value: '10.1.4.55',
		};
		const laptop = {
			role: 'offender',
			object_type: 'device',
			object_id: 1900,
			object_value: '192.168.6.21',
		};
		const results: Record<string, unknown> = {
			[TOOLS.search]: [
				{ id: 3003, type: 'ransomware_activity', risk_score: 95, participants: [laptop] },
				{ id: 3002, type: 'port_scan', risk_score: 38, participants: [scanner] },
				{ id: 3001, type: 'port_scan', risk_score: 35, participants: [scanner] },
			],
			[TOOLS.history]: [2901, 2902].map((id) => ({
				id,
				type: 'port_scan',
				status: 'closed',
				resolution: 'no_action_taken',
				participants: [scanner],
			})),
			[TOOLS.detection]: [
				{ id: 3003, type: 'ransomware_activity', risk_score: 95, participants: [laptop] },
			],
		};
		/** Plays the conversation; `answer` gives each tool's result. */
		const play = (answer: (name: string) => unknown) => {
			const messages: any[] = [{ role: 'user', content: 'triage' }];
			const calls: string[] = [];
			for (let i = 0; i < 30; i++) {
				const reply = triageModel({ messages, tools });
				if (!reply.toolCalls) return { calls, final: reply.content as string };
				const [call] = reply.toolCalls;
				const args = call.arguments.toolParameters ?? call.arguments;
				calls.push(`${call.name} ${JSON.stringify(args)}`);
				messages.push({
					role: 'assistant',
					tool_calls: [
						{
							id: `c${i}`,
							function: { name: call.name, arguments: JSON.stringify(call.arguments) },
						},
					],
				});
				messages.push({
					role: 'tool',
					tool_call_id: `c${i}`,
					content: JSON.stringify(answer(call.name)),
				});
			}
			throw new Error('the script did not finish');
		};

		it('climbs the cost ladder, then acts: closes, investigates, tunes, with a note after each', () => {
			const { calls, final } = play((name) => results[name] ?? [{}]);
			expect(calls.map((c) => c.split(' ')[0])).toEqual([
				TOOLS.search,
				TOOLS.types,
				TOOLS.history,
				TOOLS.detection,
				TOOLS.device,
				TOOLS.close,
				TOOLS.note,
				TOOLS.close,
				TOOLS.note,
				TOOLS.investigate,
				TOOLS.note,
				TOOLS.tune,
				TOOLS.note,
			]);
			expect(calls[3]).toBe(`${TOOLS.detection} {"detectionId":3003}`);
			expect(calls[5]).toBe(`${TOOLS.close} {"detectionId":3001}`);
			expect(final).toMatch(/^L1 triage done: 4 approved action/);
		});

		it('names the supporting prior closes in ID order, whatever order the search returns', () => {
			const newestFirst = {
				...results,
				[TOOLS.history]: [...(results[TOOLS.history] as any[])].reverse(),
			};
			const { calls } = play((name) => newestFirst[name] ?? [{}]);
			const tune = calls.find((c) => c.startsWith(`${TOOLS.tune} `));
			expect(tune).toContain('closed before: 2901, 2902');
		});

		it('closes nothing when the history of the type is not consistently benign', () => {
			const mixed = (results[TOOLS.history] as any[]).map((d, i) =>
				i === 0 ? { ...d, resolution: 'action_taken' } : d,
			);
			const { calls } = play((name) => (name === TOOLS.history ? mixed : (results[name] ?? [{}])));
			expect(calls.some((c) => c.startsWith(TOOLS.close) || c.startsWith(TOOLS.tune))).toBe(false);
		});

		it('stops at the first rejected call', () => {
			const { calls, final } = play((name) =>
				name === TOOLS.close
					? `User rejected the tool call to ${name} (id: c5). STOP what you are doing.`
					: (results[name] ?? [{}]),
			);
			expect(calls.at(-1)).toBe(`${TOOLS.close} {"detectionId":3001}`);
			expect(final).toMatch(/^Stopped: the reviewer rejected Close_detection/);
		});

		it("stops at a rejection in n8n's tool result shape ([{ output }] from the human review)", () => {
			const { calls, final } = play((name) =>
				name === TOOLS.close
					? [
							{
								output:
									'User rejected the tool call to Close detection (id: c5). STOP what you are ' +
									'doing and wait for the user to tell you how to proceed.',
							},
						]
					: (results[name] ?? [{}]),
			);
			expect(calls.at(-1)).toBe(`${TOOLS.close} {"detectionId":3001}`);
			expect(final).toMatch(/^Stopped: the reviewer rejected Close_detection/);
		});
	});
});

describe('SMTP mailbox', () => {
	it('keeps a message with its decoded links', async () => {
		const mail = createSmtpSimulator();
		await mail.start();
		const { port } = mail.credentials();
		const lines = [
			'EHLO test',
			'MAIL FROM:<n8n@example.com>',
			'RCPT TO:<soc@example.com>',
			'DATA',
			'Subject: approve?\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<a href=3D"http://n8n/webhook-waiting/1?approved=3Dtrue&amp;signature=3Dab=\r\ncd">Approve</a>\r\n.',
			'QUIT',
		];
		const transcript = await new Promise<string>((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			let out = '';
			socket.on('data', (d) => {
				out += d.toString();
				const line = lines.shift();
				if (line !== undefined) socket.write(`${line}\r\n`);
			});
			socket.on('close', () => resolve(out));
		});
		const page = await (await fetch(await mail.startPage())).text();
		await mail.stop();
		expect(transcript).toContain('250 2.0.0 queued');
		// The demo's approval mailbox: the subject and the link a reviewer opens, escaped as HTML.
		expect(page).toContain('<h2>approve?</h2>');
		expect(page).toContain(
			'<a href="http://n8n/webhook-waiting/1?approved=true&amp;signature=abcd">',
		);
		const [message] = mail.messages();
		expect(message).toMatchObject({
			from: 'n8n@example.com',
			to: ['soc@example.com'],
			subject: 'approve?',
		});
		expect(message.links).toEqual(['http://n8n/webhook-waiting/1?approved=true&signature=abcd']);
	});
});

describe('example 08: tool descriptions follow the cost ladder', () => {
	const workflow = JSON.parse(
		readFileSync(join(__dirname, '../../../examples/08-extrahop-ai-triage-agent.json'), 'utf8'),
	) as {
		nodes: Array<{ name: string; type: string; parameters: Record<string, any> }>;
		connections: Record<string, { ai_tool?: Array<Array<{ node: string }>> }>;
	};
	const tools = workflow.nodes.filter((node) => node.type === 'n8n-nodes-extrahop.extraHopTool');
	const reviewed = ['Close detection', 'Create investigation', 'Create tuning rule'];
	const target = (name: string) => workflow.connections[name]?.ai_tool?.[0]?.[0]?.node;

	it('has the nine ExtraHop tools the scripted model calls', () => {
		expect(tools.map((node) => node.name.replace(/ /g, '_')).sort()).toEqual(
			Object.values(TOOLS).sort(),
		);
	});

	it.each(tools.map((node) => [node.name, node] as const))(
		'%s: its own description says what it costs and when to use it',
		(name, node) => {
			expect(node.parameters.descriptionType).toBe('manual');
			const description = String(node.parameters.toolDescription);
			expect(description).toMatch(
				reviewed.includes(name)
					? /^State-changing, reviewed by a human\b/
					: /^(Step 1, cheapest|Cheap|Costly|One call per)\b/,
			);
			expect(description).toMatch(/\b(once|Only|only|Use it|Spend it)\b/);
		},
	);

	it.each(tools.map((node) => [node.name] as const))(
		'%s reaches the agent through the human review exactly when it changes ExtraHop',
		(name) => {
			expect(target(name)).toBe(reviewed.includes(name) ? 'Approve by e-mail' : 'AI triage agent');
		},
	);
});
