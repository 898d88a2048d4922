/**
 * Set-up help (the generated ODS target fields and trigger script, served on GET) and automatic
 * registration (checkExists / create / delete through n8n-core's HookContext) against the
 * simulator's ODS targets and triggers, including ExtraHop actually running the registered
 * trigger and pushing through the target.
 */
import vm from 'node:vm';

import { NodeApiError, type INode } from 'n8n-workflow';

import { redactError } from '../../nodes/ExtraHop/webhook/registration';

import { apiRequests, byId, extraHopNode } from '../helpers/extrahop';
import {
	AUTH,
	BASIC_PASSWORD,
	BASIC_USER,
	HEADER,
	SECRET,
	emitted,
	fireDetectionUpdate,
	startWebhookTrigger,
	type Setup,
} from './setup';

let h: Setup;
afterEach(async () => {
	await h?.stop();
});

const WEBHOOK_ID = '5f0c2a9e-7b1d-4c3e-9a8f-0123456789ab';
const NAME = 'n8n-5f0c2a9e';
const adminRequests = () =>
	apiRequests(h.sim, '/api/v1/').filter((r) => /^\/api\/v1\/(odstargets|triggers)/.test(r.path));
const writes = () =>
	adminRequests()
		.filter((r) => r.method !== 'GET')
		.map((r) => `${r.method} ${r.path}`);

/** The script block of the setup page (between "Script:" and the next numbered step). */
function scriptOf(page: string): string {
	const start = page.indexOf('Script:\n\n') + 'Script:\n\n'.length;
	return page.slice(start, page.indexOf('\n3. Save the trigger'));
}

/** One "Label: value" line of the setup page's target fields. */
function field(page: string, label: string): string | undefined {
	return new RegExp(`^   ${label}:\\s+(.*)$`, 'm').exec(page)?.[1];
}

/** Runs a trigger script as ExtraHop would and returns what it posted. */
function runScript(
	script: string,
	detection = { id: 4321, title: 'Port Scan', description: 'desc' },
) {
	const posts: Array<{
		target: string;
		request: { path: string; headers: Record<string, string>; payload: string };
	}> = [];
	const Remote = {
		HTTP: (target: string) => ({ post: (request: never) => posts.push({ target, request }) }),
	};
	vm.runInNewContext(script, { Detection: Object.freeze(detection), Remote, JSON });
	return posts;
}

describe('set-up help: GET on the webhook URL answers the generated setup', () => {
	it("shows the ODS target fields and a script posting {id, title, description} to this node's real path", async () => {
		h = await startWebhookTrigger({ webhookId: WEBHOOK_ID });
		const reply = await h.hook.get();
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
		expect(reply.execution).toBeUndefined();
		const page = reply.text;
		const url = new URL(h.hook.webhookUrl());
		expect(url.pathname).toBe(`/webhook/${WEBHOOK_ID}/extrahop`);
		expect(page).toContain(`This node receives detections at ${url.href} (POST).`);
		expect(field(page, 'Name')).toBe(NAME);
		expect(field(page, 'Host')).toBe(url.hostname);
		expect(field(page, 'Port')).toBe(url.port);
		expect(field(page, 'Type')).toBe('HTTP (unencrypted: use HTTPS outside a lab)');
		expect(field(page, 'Skip certificate verification')).toBe('off');
		expect(field(page, 'Additional HTTP header')).toBe(
			`${HEADER}: <the secret stored in the n8n credential>`,
		);
		expect(field(page, 'Authentication')).toBe('None');
		expect(page).toContain('Event: DETECTION_UPDATE');
		expect(page).not.toContain(SECRET);

		const script = scriptOf(page);
		expect(script).toContain(`Remote.HTTP('${NAME}').post({`);
		expect(script).toContain(`path: '${url.pathname}',`);
		expect(script).toContain(`the ODS target adds the header ${HEADER} with the shared secret`);
		// It runs, and needs only the documented Detection properties.
		const posts = runScript(script);
		expect(posts).toEqual([
			{
				target: NAME,
				request: {
					path: url.pathname,
					headers: { 'Content-Type': 'application/json' },
					payload: JSON.stringify({ id: 4321, title: 'Port Scan', description: 'desc' }),
				},
			},
		]);
	});

	it('the same page on the test URL, still pointing ExtraHop at the production URL; Basic auth described without its values', async () => {
		h = await startWebhookTrigger({ webhookId: WEBHOOK_ID, senderAuthentication: 'basicAuth' });
		const page = (await h.hook.get({}, true)).text;
		expect(scriptOf(page)).toContain(`path: '/webhook/${WEBHOOK_ID}/extrahop',`);
		expect(field(page, 'Authentication')).toBe(
			'Basic, with the user and password stored in the n8n credential',
		);
		expect(field(page, 'Additional HTTP header')).toBe('(none)');
		expect(page).not.toContain(BASIC_PASSWORD);
		expect(page).not.toContain(BASIC_USER);
	});

	it('"Address for ExtraHop" and "Name on ExtraHop" change host, port, protocol and name; the path stays', async () => {
		h = await startWebhookTrigger({
			webhookId: WEBHOOK_ID,
			parameters: {
				options: {
					n8nAddress: 'n8n.corp.example:8443',
					registrationName: 'soc-n8n',
					skipCertVerification: true,
				},
			},
		});
		const page = (await h.hook.get()).text;
		expect(page).toContain(
			`This node receives detections at https://n8n.corp.example:8443/webhook/${WEBHOOK_ID}/extrahop (POST).`,
		);
		expect(field(page, 'Host')).toBe('n8n.corp.example');
		expect(field(page, 'Port')).toBe('8443');
		expect(field(page, 'Type')).toBe('HTTPS');
		expect(field(page, 'Skip certificate verification')).toBe(
			'on (only for a self-signed n8n certificate)',
		);
		expect(scriptOf(page)).toContain("Remote.HTTP('soc-n8n').post({");
	});

	it('can be turned off', async () => {
		h = await startWebhookTrigger({ parameters: { options: { setupPage: false } } });
		const reply = await h.hook.get();
		expect(reply.status).toBe(404);
		expect(reply.json.message).toMatch(/setup page .* is turned off/);
	});

	it('version 1.1: off unless "Serve Setup Page" is added, so nobody who reaches n8n reads names and the header', async () => {
		h = await startWebhookTrigger({ typeVersion: 1.1, webhookId: WEBHOOK_ID });
		const reply = await h.hook.get();
		expect(reply.status).toBe(404);
		expect(reply.json.message).toMatch(/setup page .* is turned off/);
		expect(reply.text).not.toContain(HEADER);
		expect(reply.text).not.toContain(WEBHOOK_ID);
	});

	it('version 1.1: served when "Serve Setup Page" is on', async () => {
		h = await startWebhookTrigger({
			typeVersion: 1.1,
			webhookId: WEBHOOK_ID,
			parameters: { options: { setupPage: true } },
		});
		const reply = await h.hook.get();
		expect(reply.status).toBe(200);
		expect(scriptOf(reply.text)).toContain('Remote.HTTP(');
	});

	it('version 1 (saved workflows): still served when the option was never added', async () => {
		h = await startWebhookTrigger({ typeVersion: 1, webhookId: WEBHOOK_ID });
		expect((await h.hook.get()).status).toBe(200);
	});
});

describe('automatic registration (self-managed, API key)', () => {
	const start = async (
		extra: Record<string, unknown> = {},
		sender: 'headerSecret' | 'basicAuth' | 'none' = 'headerSecret',
	) =>
		await startWebhookTrigger({
			webhookId: WEBHOOK_ID,
			senderAuthentication: sender,
			parameters: { autoRegister: true, ...extra },
		});

	it('off (the default): activation and deactivation touch nothing on ExtraHop', async () => {
		h = await startWebhookTrigger({ webhookId: WEBHOOK_ID });
		expect(await h.hook.activate()).toEqual({ existed: true });
		expect(await h.hook.deactivate()).toBe(true);
		expect(adminRequests()).toHaveLength(0);
	});

	it('create: the ODS target with the secret header and the DETECTION_UPDATE trigger with the generated script', async () => {
		h = await start();
		expect(await h.hook.activate()).toEqual({ existed: false });
		expect(writes()).toEqual(['POST /api/v1/odstargets/http', 'POST /api/v1/triggers']);
		const url = new URL(h.hook.webhookUrl());
		// Exactly the fields of ExtraHop's POST /odstargets/http (the strict simulator accepted them).
		expect(h.sim.odsTargets()).toEqual([
			{
				name: NAME,
				host: url.hostname,
				port: Number(url.port),
				protocol: 'http',
				pipeline: false,
				skip_cert_verification: false,
				additional_header: `${HEADER}: ${SECRET}`,
				authentication: { auth_type: 'none' },
			},
		]);
		const [trigger] = h.sim.triggers();
		expect(trigger).toMatchObject({
			id: 1,
			name: NAME,
			events: ['DETECTION_UPDATE'],
			disabled: false,
			debug: false,
			author: 'n8n',
			apply_all: true,
			devices: [],
		});
		// Exactly the script the setup page shows; the secret is not in it.
		expect(trigger.script).toBe(scriptOf((await h.hook.get()).text));
		expect(trigger.script).toContain(`path: '${url.pathname}',`);
		expect(trigger.script).toContain(HEADER);
		expect(trigger.script).not.toContain(SECRET);
		expect(h.hook.nodeStaticData.registration).toEqual({ name: NAME, triggerId: 1 });
		expect(JSON.stringify(h.hook.storedStaticData)).not.toContain(SECRET);
		// ExtraHop does not hand the secret back.
		const listed = (await (
			await fetch(`${h.url}/api/v1/odstargets/http`, {
				headers: { Authorization: `ExtraHop apikey=${h.sim.config.apiKey}` },
			})
		).json()) as Array<Record<string, unknown>>;
		expect(listed[0].additional_header).toBe(`${HEADER}: ********`);
	});

	it('exists: a second activation (e.g. n8n restarting) finds both by name and creates nothing, even with its ids lost', async () => {
		h = await start();
		await h.hook.activate();
		h.sim.server.clearRequestLog();
		expect(await h.hook.activate('trigger', 'init')).toEqual({ existed: true });
		h.hook.storedStaticData = {};
		expect(await h.hook.checkExists()).toBe(true);
		expect(h.hook.nodeStaticData.registration).toEqual({ name: NAME, triggerId: 1 });
		expect(writes()).toEqual([]);
		expect(h.sim.odsTargets()).toHaveLength(1);
		expect(h.sim.triggers()).toHaveLength(1);
	});

	it('drift: a changed or disabled trigger, or a moved target, is updated in place, never duplicated', async () => {
		h = await start();
		await h.hook.activate();
		const generated = h.sim.triggers()[0].script;
		h.sim.triggers()[0].script = '// edited by someone';
		h.sim.triggers()[0].disabled = true;
		h.sim.odsTargets()[0].port = 1;
		h.sim.server.clearRequestLog();
		expect(await h.hook.activate('trigger', 'init')).toEqual({ existed: false });
		// No PATCH for targets on ExtraHop: the target is replaced (by name), the trigger updated in place.
		expect(writes()).toEqual([
			`DELETE /api/v1/odstargets/http/${NAME}`,
			'POST /api/v1/odstargets/http',
			'PATCH /api/v1/triggers/1',
		]);
		expect(h.sim.triggers()).toEqual([
			expect.objectContaining({ id: 1, script: generated, disabled: false, apply_all: true }),
		]);
		expect(h.sim.odsTargets()).toEqual([
			expect.objectContaining({ name: NAME, port: Number(new URL(h.hook.webhookUrl()).port) }),
		]);
		// A target left over by hand with the same name (and no trigger): adopted, not duplicated.
		h.sim.triggers().length = 0;
		await h.hook.deactivate();
		const list = await fetch(`${h.url}/api/v1/odstargets/http`, {
			method: 'POST',
			headers: {
				Authorization: `ExtraHop apikey=${h.sim.config.apiKey}`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify({
				name: NAME,
				host: 'old-n8n.example',
				port: 443,
				protocol: 'https',
				pipeline: true,
				authentication: { auth_type: 'none' },
			}),
		});
		expect(list.status).toBe(201);
		expect(await h.hook.activate()).toEqual({ existed: false });
		expect(h.sim.odsTargets()).toEqual([
			expect.objectContaining({
				name: NAME,
				host: '127.0.0.1',
				additional_header: `${HEADER}: ${SECRET}`,
			}),
		]);
		expect(h.sim.triggers()).toHaveLength(1);
	});

	it('delete: removes the trigger, then the target; a second deactivation or objects already gone are fine', async () => {
		h = await start();
		await h.hook.activate();
		h.sim.server.clearRequestLog();
		expect(await h.hook.deactivate()).toBe(true);
		expect(writes()).toEqual([
			'DELETE /api/v1/triggers/1',
			`DELETE /api/v1/odstargets/http/${NAME}`,
		]);
		// Proven gone: read back by name, answered 404.
		const readBack = adminRequests()
			.filter((r) => r.method === 'GET' && r.path === `/api/v1/odstargets/http/${NAME}`)
			.at(-1);
		expect(readBack?.status).toBe(404);
		expect(h.sim.odsTargets()).toEqual([]);
		expect(h.sim.triggers()).toEqual([]);
		expect(h.hook.nodeStaticData.registration).toBeUndefined();
		expect(await h.hook.deactivate()).toBe(true);

		await h.hook.activate();
		h.sim.triggers().length = 0;
		expect(await h.hook.deactivate()).toBe(true);
		expect(h.sim.odsTargets()).toEqual([]);
	});

	it('delete fails loudly when ExtraHop refuses, and keeps the record to retry', async () => {
		h = await start();
		await h.hook.activate();
		h.sim.server.injectFault({
			method: 'DELETE',
			pathPrefix: '/api/v1/triggers',
			kind: 'status',
			status: 403,
			body: { error_message: 'Insufficient privileges' },
		});
		await expect(h.hook.deactivate()).rejects.toThrow(
			/may not do DELETE \/api\/v1\/triggers\/1 \(HTTP 403\)/,
		);
		expect(h.hook.nodeStaticData.registration).toEqual({ name: NAME, triggerId: 1 });
		expect(await h.hook.deactivate()).toBe(true);
		expect(h.sim.triggers()).toEqual([]);
	});

	it('re-activation with a changed host replaces the target and updates the trigger: one of each, never two', async () => {
		h = await start({ options: { n8nAddress: 'https://n8n-a.example:8443' } });
		await h.hook.activate();
		expect(h.sim.odsTargets()).toEqual([
			expect.objectContaining({ name: NAME, host: 'n8n-a.example', port: 8443, protocol: 'https' }),
		]);
		h.hook.setParameters({
			...h.hook.node.parameters,
			options: { n8nAddress: 'https://n8n-b.example:9443' },
		});
		expect(await h.hook.activate('trigger', 'init')).toEqual({ existed: false });
		expect(h.sim.odsTargets()).toEqual([
			expect.objectContaining({ name: NAME, host: 'n8n-b.example', port: 9443 }),
		]);
		expect(h.sim.triggers()).toEqual([
			expect.objectContaining({ id: 1, name: NAME, apply_all: true }),
		]);
		expect(await h.hook.deactivate()).toBe(true);
		expect(h.sim.odsTargets()).toEqual([]);
		expect(h.sim.triggers()).toEqual([]);
	});

	it('a delete ExtraHop answers 404 while the target is still there fails deactivation: the secret is not left behind silently', async () => {
		h = await start();
		await h.hook.activate();
		h.sim.server.injectFault({
			method: 'DELETE',
			pathPrefix: '/api/v1/odstargets/http',
			kind: 'status',
			status: 404,
			body: { error_message: 'not found' },
		});
		await expect(h.hook.deactivate()).rejects.toThrow(
			`ExtraHop still has the ODS target "${NAME}" (it holds the sender secret) after deletion`,
		);
		expect(h.hook.nodeStaticData.registration).toEqual({ name: NAME, triggerId: 1 });
		expect(await h.hook.deactivate()).toBe(true);
		expect(h.sim.odsTargets()).toEqual([]);
	});

	it('extra triggers of the same name (made by hand or a lost record) are removed, not left running', async () => {
		h = await start();
		await h.hook.activate();
		const copy = { ...h.sim.triggers()[0] };
		await fetch(`${h.url}/api/v1/triggers`, {
			method: 'POST',
			headers: {
				Authorization: `ExtraHop apikey=${h.sim.config.apiKey}`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify({
				name: NAME,
				events: ['DETECTION_UPDATE'],
				script: copy.script,
				apply_all: true,
				debug: false,
				disabled: false,
			}),
		});
		expect(h.sim.triggers()).toHaveLength(2);
		expect(await h.hook.activate('trigger', 'init')).toEqual({ existed: false });
		expect(h.sim.triggers()).toEqual([expect.objectContaining({ id: 1 })]);
		await h.hook.deactivate();
		expect(h.sim.triggers()).toEqual([]);
	});

	it("Basic authentication: the target authenticates with the credential's user and password", async () => {
		h = await start({}, 'basicAuth');
		await h.hook.activate();
		expect(h.sim.odsTargets()[0]).toMatchObject({
			authentication: { auth_type: 'basic', username: BASIC_USER, password: BASIC_PASSWORD },
		});
		expect(h.sim.odsTargets()[0].additional_header).toBe('');
		expect(h.sim.triggers()[0].script).not.toContain(BASIC_PASSWORD);
	});

	it('ExtraHop errors never carry the secret out: a refused registration fails activation without it', async () => {
		h = await start();
		h.sim.server.injectFault({
			method: 'POST',
			pathPrefix: '/api/v1/odstargets/http',
			kind: 'status',
			status: 400,
			body: { error_message: `invalid additional_header "${HEADER}: ${SECRET}"` },
		});
		const error = await h.hook.activate().then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expect(error?.message).toBe(
			`ExtraHop rejected POST /api/v1/odstargets/http (HTTP 400): invalid additional_header "${HEADER}: [redacted]"`,
		);
		expect(
			JSON.stringify({ message: error?.message, description: error?.description, error }),
		).not.toContain(SECRET);
		expect(h.sim.triggers()).toEqual([]);
	});

	it("redacts the secret wherever ExtraHop's answer puts it into an error", () => {
		const node = { name: 'ExtraHop Webhook Trigger' } as INode;
		const error = new NodeApiError(
			node,
			{ message: 'x' },
			{
				message: `rejected "${HEADER}: ${SECRET}"`,
				description: `ExtraHop said: ${SECRET} is invalid`,
			},
		);
		redactError(node, error, [SECRET]);
		expect(error.message).toBe(`rejected "${HEADER}: [redacted]"`);
		expect(error.description).toBe('ExtraHop said: [redacted] is invalid');
	});

	it("refuses to register n8n's default localhost URL, which ExtraHop cannot reach", async () => {
		h = await start({ options: { n8nAddress: 'http://localhost:5678' } });
		await expect(h.hook.activate()).rejects.toThrow('ExtraHop cannot reach n8n at localhost');
		expect(writes()).toEqual([]);
	});

	it('only for the API key credential, and never for "Listen for test event"', async () => {
		h = await startWebhookTrigger({
			authentication: 'revealX360',
			webhookId: WEBHOOK_ID,
			parameters: { autoRegister: true },
		});
		expect(await h.hook.activate()).toEqual({ existed: true });
		await h.stop();
		h = await start();
		expect(await h.hook.activate('manual', 'manual')).toEqual({ existed: true });
		expect(adminRequests()).toHaveLength(0);
	});

	it("end to end: ExtraHop runs the registered trigger and pushes through the target; the workflow's write-back does not loop", async () => {
		h = await start();
		await h.hook.activate();
		const d = h.sim.createDetection({ type: 'ransomware_activity', risk_score: 95 });

		const [first] = await fireDetectionUpdate(h.sim, d.id);
		expect(first).toMatchObject({
			trigger: NAME,
			target: NAME,
			path: new URL(h.hook.webhookUrl()).pathname,
			status: 200,
		});
		expect(first.headers[HEADER]).toBe(SECRET);
		expect(h.hook.executions).toHaveLength(1);
		expect(h.hook.executions[0].items.map((i) => i.json)).toEqual([
			{
				...h.sim.getDetection(d.id),
				url: `${h.url}/extrahop/#/detections/detail/${d.id}`,
				event: 'created',
			},
		]);

		// The workflow writes its ticket back; ExtraHop fires DETECTION_UPDATE for that too.
		await h.engine.runNode(
			extraHopNode({
				resource: 'detection',
				operation: 'update',
				detectionId: byId(d.id),
				updateFields: { ticketId: 'SOC-99', status: 'in_progress' },
			}),
		);
		const [echo] = await fireDetectionUpdate(h.sim, d.id);
		expect(echo.status).toBe(200);
		expect(JSON.parse(echo.body).ignored).toBe('trackingOnly');
		expect(h.hook.executions).toHaveLength(1);

		h.sim.modifyDetection(d.id, { activity: true });
		await fireDetectionUpdate(h.sim, d.id);
		expect(h.hook.executions.map((e) => e.items[0].json.event)).toEqual(['created', 'updated']);

		// Deactivated: nothing is registered any more, so ExtraHop sends nothing.
		await h.hook.deactivate();
		expect(await fireDetectionUpdate(h.sim, d.id)).toEqual([]);
	});

	it('a push through a target whose secret is stale (rotated in n8n only) is refused with 403', async () => {
		h = await start();
		await h.hook.activate();
		h.engine.addCredential('wh-secret', { headerName: HEADER, secret: 'whs-rotated-0000000000' });
		const d = h.sim.createDetection({ type: 'port_scan' });
		const [delivery] = await fireDetectionUpdate(h.sim, d.id);
		expect(delivery.status).toBe(403);
		expect(h.hook.executions).toHaveLength(0);
		// Deactivate + activate applies the new secret.
		await h.hook.deactivate();
		await h.hook.activate();
		expect(h.sim.odsTargets()[0].additional_header).toBe(`${HEADER}: whs-rotated-0000000000`);
		const [again] = await fireDetectionUpdate(h.sim, d.id);
		expect(again.status).toBe(200);
		expect(h.hook.executions).toHaveLength(1);
	});
});

describe("the simulator's ODS target and trigger resources", () => {
	const api = (path: string, init: RequestInit = {}) =>
		fetch(`${h.url}/api/v1${path}`, {
			...init,
			headers: {
				Authorization: `ExtraHop apikey=${h.sim.config.apiKey}`,
				'Content-Type': 'application/json',
				...(init.headers ?? {}),
			},
		});

	it('creates with 201 + Location (no body), refuses duplicate target names, invalid fields and uncompilable scripts', async () => {
		h = await startWebhookTrigger();
		const target = {
			name: 't',
			host: 'n8n.example',
			port: 443,
			protocol: 'https',
			pipeline: false,
			authentication: { auth_type: 'none' },
		};
		const created = await api('/odstargets/http', { method: 'POST', body: JSON.stringify(target) });
		expect(created.status).toBe(201);
		expect(await created.text()).toBe('');
		expect((await api('/odstargets/http/t')).status).toBe(200);
		expect(
			(
				await api('/odstargets/http', {
					method: 'POST',
					body: JSON.stringify({ ...target, host: 'x' }),
				})
			).status,
		).toBe(409);
		expect(
			(
				await api('/odstargets/http', {
					method: 'POST',
					body: JSON.stringify({ ...target, name: 'u', port: 70000 }),
				})
			).status,
		).toBe(400);
		expect(
			(
				await api('/odstargets/http', {
					method: 'POST',
					body: JSON.stringify({ ...target, name: 'u', additional_header: 'A: b\r\nC: d' }),
				})
			).status,
		).toBe(400);
		const trigger = {
			name: 'x',
			events: ['DETECTION_UPDATE'],
			script: '',
			apply_all: true,
			debug: false,
			disabled: false,
		};
		expect(
			(
				await api('/triggers', {
					method: 'POST',
					body: JSON.stringify({ ...trigger, script: 'Remote.HTTP(' }),
				})
			).status,
		).toBe(400);
		expect(
			(
				await api('/triggers', {
					method: 'POST',
					body: JSON.stringify({ ...trigger, events: ['NO_SUCH_EVENT'] }),
				})
			).status,
		).toBe(400);
		const made = await api('/triggers', { method: 'POST', body: JSON.stringify(trigger) });
		expect(made.headers.get('location')).toBe('/api/v1/triggers/1');
		expect(h.sim.triggers()[0].events).toEqual(['DETECTION_UPDATE']);
		// What the old registration sent is refused, naming the field, as the vendor's schema does.
		const old = await api('/odstargets/http', {
			method: 'POST',
			body: JSON.stringify({
				name: 'v',
				host: 'x',
				port: 443,
				protocol: 'https',
				auth_type: 'none',
			}),
		});
		expect(old.status).toBe(400);
		expect(await old.json()).toMatchObject({ field: 'authentication' });
		const noApplyAll = await api('/triggers', {
			method: 'POST',
			body: JSON.stringify({
				name: 'y',
				events: ['DETECTION_UPDATE'],
				script: '',
				debug: false,
				disabled: false,
			}),
		});
		expect(await noApplyAll.json()).toMatchObject({ field: 'apply_all' });
		expect((await api('/odstargets/http/t', { method: 'PATCH', body: '{}' })).status).toBe(405);
		expect(h.sim.takeViolations().map((v: { status: number }) => v.status)).toEqual([
			400, 400, 405,
		]);
	});

	it('DETECTION_UPDATE triggers run without assignment and cannot be assigned to devices', async () => {
		h = await startWebhookTrigger();
		await api('/triggers', {
			method: 'POST',
			body: JSON.stringify({
				name: 'x',
				events: ['DETECTION_UPDATE'],
				script: '',
				apply_all: true,
				debug: false,
				disabled: false,
			}),
		});
		const assign = await api('/triggers/1/devices', {
			method: 'POST',
			body: JSON.stringify({ assign: [1901] }),
		});
		expect(assign.status).toBe(400);
		expect(((await assign.json()) as { error_message: string }).error_message).toMatch(
			/cannot be assigned/,
		);
	});

	it('a trigger posting to a target that does not exist is an error ExtraHop reports, not a request', async () => {
		h = await startWebhookTrigger();
		await api('/triggers', {
			method: 'POST',
			body: JSON.stringify({
				name: 'x',
				events: ['DETECTION_UPDATE'],
				script: "Remote.HTTP('missing').post({ path: '/', payload: '{}' });",
				apply_all: true,
				debug: false,
				disabled: false,
			}),
		});
		expect(await fireDetectionUpdate(h.sim, 1001)).toEqual([
			{ trigger: 'x', target: 'missing', error: 'No ODS HTTP target named missing' },
		]);
		// Only the documented properties (and the ones ExtraHop's example uses) exist on Detection.
		await api('/triggers/1', {
			method: 'PATCH',
			body: JSON.stringify({
				name: 'x',
				events: ['DETECTION_UPDATE'],
				apply_all: true,
				debug: false,
				disabled: false,
				script:
					"if (Detection.mod_time !== undefined || Detection.participants !== undefined) throw new Error('undocumented');",
			}),
		});
		expect(await fireDetectionUpdate(h.sim, 1001)).toEqual([]);
		expect(AUTH[HEADER]).toBe(SECRET);
	});
});

describe('the generated script works end to end without an ExtraHop API credential', () => {
	it('pushes the documented properties, which the node emits as received', async () => {
		h = await startWebhookTrigger({ authentication: 'none', webhookId: WEBHOOK_ID });
		// Set up by hand, as the setup page says (the API key here is only the admin's, not the node's).
		const page = (await h.hook.get()).text;
		const api = (path: string, body: unknown) =>
			fetch(`${h.url}/api/v1${path}`, {
				method: 'POST',
				headers: {
					Authorization: `ExtraHop apikey=${h.sim.config.apiKey}`,
					'Content-Type': 'application/json',
				},
				body: JSON.stringify(body),
			});
		const url = new URL(h.hook.webhookUrl());
		await api('/odstargets/http', {
			name: NAME,
			host: url.hostname,
			port: Number(url.port),
			protocol: 'http',
			pipeline: false,
			additional_header: `${HEADER}: ${SECRET}`,
			authentication: { auth_type: 'none' },
		});
		await api('/triggers', {
			name: NAME,
			events: ['DETECTION_UPDATE'],
			script: scriptOf(page),
			apply_all: true,
			debug: false,
			disabled: false,
		});
		const d = h.sim.getDetection(1003);
		const [delivery] = await fireDetectionUpdate(h.sim, 1003);
		expect(delivery.status).toBe(200);
		expect(emitted({ ...delivery, execution: h.hook.executions[0] } as never)).toEqual([
			{
				id: 1003,
				title: d.title,
				description: d.description,
				event: 'created',
				payload_format: 'triggerScript',
			},
		]);
	});
});
