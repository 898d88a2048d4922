/**
 * The node's description (what n8n registers and shows), its credential tests, and the pure
 * parts: id extraction order, the memory's bound and decisions.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { ICredentialTestFunctions, INodeProperties } from 'n8n-workflow';

import { ExtraHopTrigger } from '../../nodes/ExtraHop/ExtraHopTrigger.node';
import { ExtraHopWebhookTrigger } from '../../nodes/ExtraHop/ExtraHopWebhookTrigger.node';
import {
	decide,
	loadMemory,
	recall,
	remember,
	versionOf,
	type Version,
} from '../../nodes/ExtraHop/webhook/memory';
import { extractDetectionId } from '../../nodes/ExtraHop/webhook/payload';
import packageJson from '../../package.json';

const node = new ExtraHopWebhookTrigger();
const prop = (name: string) =>
	node.description.properties.find((p) => p.name === name) as INodeProperties;

describe('description', () => {
	it('is registered in package.json with its credentials', () => {
		expect(packageJson.n8n.nodes).toContain('dist/nodes/ExtraHop/ExtraHopWebhookTrigger.node.js');
		expect(packageJson.n8n.credentials).toEqual(
			expect.arrayContaining([
				'dist/credentials/ExtraHopWebhookSecretApi.credentials.js',
				'dist/credentials/ExtraHopWebhookBasicAuthApi.credentials.js',
			]),
		);
	});

	it('a POST webhook answered on receipt, a GET setup page on the same path, the whole lifecycle', () => {
		expect(node.description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'extrahop',
			},
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'extrahop' },
		]);
		expect(Object.keys(node.webhookMethods.default).sort()).toEqual([
			'checkExists',
			'create',
			'delete',
		]);
		expect(node.description.inputs).toEqual([]);
		expect(node.description.group).toEqual(['trigger']);
	});

	it('sender authentication is on by default; "None" is explicit and warned about', () => {
		expect(prop('senderAuthentication').default).toBe('headerSecret');
		const warning = node.description.properties.find((p) => p.name === 'noSenderAuthWarning');
		expect(warning).toMatchObject({
			type: 'notice',
			displayOptions: { show: { senderAuthentication: ['none'] } },
		});
		expect(node.description.credentials).toEqual(
			expect.arrayContaining([
				// Required once chosen under "ExtraHop API" (n8n selects an existing one, flags a missing one).
				expect.objectContaining({
					name: 'extraHopApi',
					required: true,
					testedBy: 'extraHopApiTest',
				}),
				expect.objectContaining({
					name: 'extraHopRevealX360Api',
					required: true,
					testedBy: 'extraHopRevealX360ApiTest',
				}),
				expect.objectContaining({
					name: 'extraHopWebhookSecretApi',
					required: true,
					testedBy: 'extraHopWebhookSecretTest',
				}),
				expect.objectContaining({
					name: 'extraHopWebhookBasicAuthApi',
					required: true,
					testedBy: 'extraHopWebhookBasicAuthTest',
				}),
			]),
		);
		expect(
			(prop('authentication').options as Array<{ value: string }>).map((o) => o.value),
		).toEqual(['apiKey', 'revealX360', 'none']);
		expect(prop('autoRegister')).toMatchObject({
			default: false,
			displayOptions: { show: { authentication: ['apiKey'] } },
		});
	});

	it('shares the events and update-mode choices with the polling trigger, but for its reconciliation; the node creator tells their events apart', () => {
		const polling = new ExtraHopTrigger().description.properties;
		const withoutActions = (p: INodeProperties) => ({
			...p,
			displayOptions: undefined,
			options: (p.options as unknown as Array<Record<string, unknown>>).map(
				({ action: _, ...o }) => o,
			),
		});
		for (const name of ['events', 'updateMode']) {
			const theirs = polling.find((p) => p.name === name)!;
			const ours = withoutActions(prop(name));
			// "Detection Still Without Ticket" reads the API on a schedule: only a poll can offer it.
			const pushable = (withoutActions(theirs).options as Array<{ value: string }>).filter(
				(option) => option.value !== 'unticketed',
			);
			expect(ours).toEqual({ ...withoutActions(theirs), options: pushable });
		}
		const actions = (p: INodeProperties) =>
			(p.options as Array<{ action?: string }>).map((o) => o.action);
		expect(actions(prop('events'))).toEqual([
			'On detection created (pushed by ExtraHop)',
			'On detection updated (pushed by ExtraHop)',
		]);
		const pollEvents = polling.find((p) => p.name === 'events')!;
		expect(actions(pollEvents)).toEqual([
			'On detection created (polled every minute)',
			'On detection still without ticket (polled every minute)',
			'On detection updated (polled every minute)',
		]);
		expect((pollEvents.options as Array<{ value: string }>).map((o) => o.value)).toContain(
			'unticketed',
		);
		expect((prop('events').options as Array<{ value: string }>).map((o) => o.value)).not.toContain(
			'unticketed',
		);
	});

	it('the setup notice is short, uses only a link (what n8n renders in notices), and points to auto-registration, the setup page and a docs page without #fragment', () => {
		const text = String(prop('setupNotice').displayName);
		expect(text.replace(/<a href="[^"]*" target="_blank">|<\/a>/g, '')).not.toMatch(/<[a-z/]/i);
		expect(text.replace(/<[^>]*>/g, '').length).toBeLessThanOrEqual(260);
		expect(text).toContain('Register on ExtraHop Automatically');
		expect(text).toContain('GET URL under Webhook URLs');
		const link = /href="([^"]+)"/.exec(text)?.[1];
		expect(link).toBe(
			'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/nodes/extrahop-webhook-trigger.md',
		);
		expect(existsSync(join(__dirname, '..', '..', link!.replace(/^.*\/blob\/main\//, '')))).toBe(
			true,
		);
	});

	it('Events come first; then both authentication choices, then the credential selectors they control (a "credentials" slot: without it n8n shows them above the last choice), then what they mean for a test', () => {
		const names = node.description.properties.map((p) => p.name);
		expect(names.slice(0, 10)).toEqual([
			'setupNotice',
			'events',
			'updateMode',
			'senderAuthentication',
			'noSenderAuthWarning',
			'authentication',
			'authentication',
			'credentials',
			'testEventNotice',
			'payloadNotice',
		]);
		expect(prop('credentials')).toMatchObject({ type: 'credentials' });
		expect(prop('credentials').displayOptions).toBeUndefined();
		expect(prop('testEventNotice')).toMatchObject({
			type: 'notice',
			displayOptions: { show: { senderAuthentication: ['headerSecret', 'basicAuth'] } },
		});
		expect(String(prop('testEventNotice').displayName)).toMatch(
			/^"Listen for test event" becomes available once a sender credential is selected above/,
		);
		expect(prop('payloadNotice')).toMatchObject({
			type: 'notice',
			displayOptions: { show: { authentication: ['none'] } },
		});
	});

	it('version 1 starts with "API Key"; 1.1 starts with "None", so that a new node works with a sender credential alone', () => {
		const [v1, v11] = node.description.properties.filter((p) => p.name === 'authentication');
		expect(node.description.version).toEqual([1, 1.1]);
		expect(v1).toMatchObject({ default: 'apiKey', displayOptions: { show: { '@version': [1] } } });
		expect(v11).toMatchObject({
			default: 'none',
			displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
		});
		expect((v11.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'none',
			'apiKey',
			'revealX360',
		]);
		expect(node.description.defaults.name).toBe('ExtraHop Push Trigger');
	});
});

describe('credential tests (testedBy)', () => {
	const test = async (
		method: 'extraHopWebhookSecretTest' | 'extraHopWebhookBasicAuthTest',
		data: Record<string, string>,
	) =>
		await node.methods.credentialTest[method].call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'c',
			type: 't',
			data,
		});

	it.each([
		[
			{ headerName: 'X-ExtraHop-Secret', secret: '0123456789abcdef' },
			'OK',
			'The header name and secret can be used',
		],
		[
			{ headerName: 'X-ExtraHop-Secret', secret: 'short' },
			'Error',
			'The secret has 5 characters; use at least 16 random characters',
		],
		[
			{ headerName: 'X ExtraHop', secret: '0123456789abcdef' },
			'Error',
			'"X ExtraHop" is not a valid HTTP header name',
		],
		[
			{ headerName: 'Content-Type', secret: '0123456789abcdef' },
			'Error',
			expect.stringMatching(/cannot carry the secret/),
		],
	])('secret header %j -> %s', async (data, status, message) => {
		expect(await test('extraHopWebhookSecretTest', data)).toEqual({ status, message });
	});

	it.each([
		[{ user: 'ods', password: '0123456789abcdef' }, 'OK'],
		[{ user: 'o:ds', password: '0123456789abcdef' }, 'Error'],
		[{ user: 'ods', password: '' }, 'Error'],
		[{ user: '', password: '0123456789abcdef' }, 'Error'],
	])('basic %j -> %s', async (data, status) => {
		expect((await test('extraHopWebhookBasicAuthTest', data)).status).toBe(status);
	});
});

describe('id extraction order', () => {
	it.each([
		[
			{
				id: 1,
				detection_id: 2,
				detectionId: 3,
				detection: { id: 4 },
				fields: { summary: 'ExtraHop Detection: 5: x' },
			},
			1,
			'id',
		],
		[
			{
				detection_id: 2,
				detectionId: 3,
				detection: { id: 4 },
				fields: { summary: 'ExtraHop Detection: 5: x' },
			},
			2,
			'detection_id',
		],
		[{ detectionId: 3, detection: { id: 4 } }, 3, 'detectionId'],
		[
			{ detection: { id: '4' }, fields: { summary: 'ExtraHop Detection: 5: x' } },
			4,
			'detection.id',
		],
		[
			{ fields: { summary: '  extrahop detection:  25769803828 : DNS Tunnel: more' } },
			25769803828,
			'fields.summary',
		],
		[{ id: '', detection_id: 9 }, 9, 'detection_id'],
	])('%j -> %d from %s', (payload, id, source) => {
		expect(extractDetectionId(payload)).toEqual({ id, source });
	});
});

describe('memory', () => {
	const version = (
		id: number,
		modTime: number | null,
		extra: Record<string, unknown> = {},
	): Version =>
		versionOf({ id, mod_time: modTime ?? undefined, create_time: 1000, title: 't', ...extra });

	it('is bounded: the least recently pushed detections are forgotten first', () => {
		let memory = loadMemory(undefined);
		for (let id = 1; id <= 10; id++) memory = remember(memory, version(id, 1000 + id), 5);
		memory = remember(memory, version(7, 2000), 5);
		expect(Object.keys(memory.seen)).toEqual(['d6', 'd8', 'd9', 'd10', 'd7']);
		expect(recall(memory, 1)).toBeUndefined();
		expect(recall(memory, 7)?.[0]).toBe(2000);
	});

	it('ignores malformed stored state instead of failing', () => {
		expect(loadMemory({ v: 99, seen: [] })).toEqual({ v: 1, seen: {} });
		expect(loadMemory('x')).toEqual({ v: 1, seen: {} });
	});

	it('decides: created, updated, duplicate, stale, tracking-only, unselected event', () => {
		const events = ['created', 'updated'] as const;
		const v1 = version(1, 1000);
		const entry = (v: Version) =>
			[v.modTime, v.fingerprint, v.hash] as [number | null, string, string];
		expect(decide(undefined, v1, [...events], 'activity')).toEqual({
			emit: true,
			event: 'created',
		});
		expect(decide(entry(v1), v1, [...events], 'activity')).toEqual({
			emit: false,
			reason: 'duplicate',
		});
		expect(decide(entry(version(1, 2000)), v1, [...events], 'activity')).toEqual({
			emit: false,
			reason: 'stale',
		});
		const ticketed = version(1, 3000, { ticket_id: 'SOC-1', status: 'in_progress' });
		expect(decide(entry(v1), ticketed, [...events], 'activity')).toEqual({
			emit: false,
			event: 'updated',
			reason: 'trackingOnly',
		});
		expect(decide(entry(v1), ticketed, [...events], 'anyChange')).toEqual({
			emit: true,
			event: 'updated',
		});
		expect(decide(entry(v1), version(1, 3000, { title: 'new' }), ['created'], 'activity')).toEqual({
			emit: false,
			event: 'updated',
			reason: 'eventNotSelected',
		});
		// Created an hour before this version: an update of a detection the trigger never saw.
		expect(
			decide(
				undefined,
				versionOf({ id: 2, mod_time: 4_000_000, create_time: 400_000 }),
				[...events],
				'activity',
			),
		).toEqual({ emit: true, event: 'updated' });
	});
});
