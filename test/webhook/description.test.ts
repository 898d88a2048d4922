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
				expect.objectContaining({ name: 'extraHopApi', required: false }),
				expect.objectContaining({ name: 'extraHopRevealX360Api', required: false }),
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

	it('shares the events and update-mode choices with the polling trigger, but for its reconciliation', () => {
		const polling = new ExtraHopTrigger().description.properties;
		for (const name of ['events', 'updateMode']) {
			const theirs = polling.find((p) => p.name === name)!;
			const ours = prop(name);
			// "Detection Still Without Ticket" reads the API on a schedule: only a poll can offer it.
			const pushable = (theirs.options as Array<{ value: string }> | undefined)?.filter(
				(option) => option.value !== 'unticketed',
			);
			expect({ ...ours, displayOptions: undefined }).toEqual({
				...theirs,
				...(pushable ? { options: pushable } : {}),
				displayOptions: undefined,
			});
		}
		const pollEvents = polling.find((p) => p.name === 'events')!.options as Array<{
			value: string;
		}>;
		expect(pollEvents.map((option) => option.value)).toContain('unticketed');
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

	it('Events come first; the authentication choices follow, last before the filters, so n8n shows the credentials next to them; a notice says what "Listen for test event" needs', () => {
		const names = node.description.properties.map((p) => p.name);
		expect(names.slice(0, 7)).toEqual([
			'setupNotice',
			'events',
			'updateMode',
			'senderAuthentication',
			'noSenderAuthWarning',
			'testEventNotice',
			'authentication',
		]);
		expect(prop('testEventNotice')).toMatchObject({
			type: 'notice',
			displayOptions: { show: { senderAuthentication: ['headerSecret', 'basicAuth'] } },
		});
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
