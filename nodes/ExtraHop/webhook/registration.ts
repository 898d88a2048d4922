/**
 * Automatic registration on a self-managed ExtraHop (API key): the HTTP Open Data Stream target
 * and the DETECTION_UPDATE trigger this node needs, created or brought up to date on activation,
 * removed on deactivation, following ExtraHop's REST reference (ExtraHop/agent-skills,
 * extrahop-rest-api/references; the simulator's contract in test/simulators/extrahop/contract):
 *
 * - ODS targets (admin.md, "Open Data Stream"): listed with GET /odstargets/http, created with
 *   POST /odstargets/http (201, no body), read and deleted by name (GET|DELETE
 *   /odstargets/http/{name}). There is no PATCH: a target that differs is deleted and created
 *   again. Body: name, host, port, protocol, pipeline (required), skip_cert_verification,
 *   additional_header ("Key: value"), authentication {auth_type, username, password} (required).
 * - Triggers (alerts-triggers.md, "Trigger"): GET /triggers, POST /triggers (201), PATCH and
 *   DELETE /triggers/{id}. POST and PATCH both require apply_all, debug, disabled, events, name,
 *   script. The trigger is created with `apply_all: true` and no device assignment: ExtraHop's
 *   trigger documentation says triggers on events not tied to devices run whenever the event occurs
 *   and cannot be assigned; apply_all ("applies to all relevant resources") covers the other reading
 *   (see the README, "Automatic registration: evidence").
 *
 * Deactivation removes the trigger, then the target, and then reads the target by name: only a 404
 * there counts as gone, so the target holding the sender secret is never left behind silently.
 *
 * The sender secret goes into the target's additional header (or Basic password) and nowhere
 * else: not in the script, not in static data, and it is cut out of any error ExtraHop returns.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INode,
} from 'n8n-workflow';

import { redactError as redactNodeError } from '../../shared/transport/safeError';
import { extraHopApiRequest, type ExtraHopResponse } from '../common/transport';
import { SENDER_CREDENTIAL, type SenderAuthentication } from './senderAuth';
import {
	EVENT,
	registrationName,
	triggerScript,
	webhookAddress,
	type WebhookAddress,
} from './setup';

export const TARGETS = '/odstargets/http';
export const TRIGGERS = '/triggers';

export interface RegistrationRecord {
	/** The name of both the ODS target (its identifier on ExtraHop) and the trigger. */
	name: string;
	triggerId?: number;
}

interface Desired {
	name: string;
	address: WebhookAddress;
	target: IDataObject;
	trigger: IDataObject;
	/** Values to cut out of error messages. */
	secrets: string[];
}

const asList = (body: unknown): IDataObject[] =>
	Array.isArray(body) ? (body as IDataObject[]) : [];

/** The id ExtraHop gave a created trigger: from the body, or the Location header's last segment. */
export function createdId(response: ExtraHopResponse<unknown>): number | undefined {
	const body = response.body as IDataObject | undefined;
	if (body && typeof body === 'object' && typeof body.id === 'number') return body.id;
	const location = response.headers?.location ?? response.headers?.Location;
	const text = Array.isArray(location) ? location[0] : location;
	const match = /\/(\d+)\/?$/.exec(String(text ?? ''));
	return match ? Number(match[1]) : undefined;
}

function headerNameOf(additionalHeader: unknown): string {
	const text = String(additionalHeader ?? '');
	const colon = text.indexOf(':');
	return (colon === -1 ? '' : text.slice(0, colon)).trim().toLowerCase();
}

interface Settings {
	senderAuthentication: SenderAuthentication;
	options: IDataObject;
}

export function registrationSettings(context: IHookFunctions): Settings {
	return {
		senderAuthentication: context.getNodeParameter(
			'senderAuthentication',
			'headerSecret',
		) as SenderAuthentication,
		options: context.getNodeParameter('options', {}) as IDataObject,
	};
}

export function isRegistrationWanted(context: IHookFunctions): boolean {
	if (context.getNodeParameter('authentication', 'apiKey') !== 'apiKey') return false;
	return context.getNodeParameter('autoRegister', false) === true;
}

/** The ODS target and trigger this node needs now, secret included (for create only). */
export async function desiredRegistration(context: IHookFunctions): Promise<Desired> {
	const { senderAuthentication, options } = registrationSettings(context);
	const node = context.getNode();
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(node, "n8n did not provide this node's webhook URL");
	const address = webhookAddress(url, String(options.n8nAddress ?? ''));
	if (/^(localhost|localhost\.localdomain)$/i.test(address.host)) {
		throw new NodeOperationError(node, `ExtraHop cannot reach n8n at ${address.host}`, {
			description:
				'n8n\'s webhook URL points at localhost. Set n8n\'s WEBHOOK_URL to the address ExtraHop can reach, or fill in "Address for ExtraHop" in the node options.',
		});
	}
	const name = registrationName(
		String(options.registrationName ?? ''),
		node.webhookId,
		context.getWorkflow().id,
	);
	const secrets: string[] = [];
	const target: IDataObject = {
		name,
		host: address.host,
		port: address.port,
		protocol: address.protocol,
		// One connection at a time: detections are few, and order is kept.
		pipeline: false,
		skip_cert_verification: options.skipCertVerification === true,
		authentication: { auth_type: 'none' },
	};
	let headerName: string | undefined;
	if (senderAuthentication === 'headerSecret') {
		const credential = await context.getCredentials(SENDER_CREDENTIAL.headerSecret);
		headerName = String(credential.headerName ?? '').trim();
		const secret = String(credential.secret ?? '');
		secrets.push(secret);
		target.additional_header = `${headerName}: ${secret}`;
	} else if (senderAuthentication === 'basicAuth') {
		const credential = await context.getCredentials(SENDER_CREDENTIAL.basicAuth);
		secrets.push(String(credential.password ?? ''));
		target.authentication = {
			auth_type: 'basic',
			username: String(credential.user ?? ''),
			password: String(credential.password ?? ''),
		};
	}
	const script = triggerScript({
		targetName: name,
		path: address.path,
		senderAuthentication,
		headerName,
	});
	const trigger: IDataObject = {
		name,
		description: `Sends created and updated detections to the n8n workflow ${context.getWorkflow().id ?? ''} (node "${node.name}"). Managed by n8n: removed when the workflow is deactivated.`,
		author: 'n8n',
		events: [EVENT],
		script,
		disabled: false,
		debug: false,
		apply_all: true,
	};
	return { name, address, target, trigger, secrets: secrets.filter((s) => s.length >= 4) };
}

/**
 * The error as n8n shows it (NodeApiError / NodeOperationError, existing ones kept as they are),
 * with secrets cut out of everything it carries (ExtraHop may echo request bodies).
 */
export function redactError(
	node: INode,
	error: unknown,
	secrets: string[],
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error instanceof Error ? error : String(error));
	return redactNodeError(nodeError, secrets);
}

/** Runs an ExtraHop call; any error leaves without the sender secret in it. */
async function call<T>(
	context: IHookFunctions,
	secrets: string[],
	request: Parameters<typeof extraHopApiRequest>[0],
): Promise<ExtraHopResponse<T>> {
	try {
		// The transport cuts them out of what ExtraHop says before any message quotes (and shortens) it.
		return (await extraHopApiRequest.call(context, {
			...request,
			secrets: [...secrets, ...(request.secrets ?? [])],
		})) as ExtraHopResponse<T>;
	} catch (error) {
		throw redactError(context.getNode(), error, secrets);
	}
}

export interface Found {
	target?: IDataObject;
	/** Triggers named like the registration, lowest id first (ExtraHop does not make trigger names unique). */
	triggers: IDataObject[];
}

const isNotFound = (error: unknown) =>
	error instanceof NodeApiError &&
	(error.httpCode === '404' || (error.context as IDataObject | undefined)?.httpCode === '404');

/** GET /odstargets/http/{name}: the target, or undefined when ExtraHop answers 404. */
export async function getTarget(
	context: IHookFunctions,
	name: string,
	secrets: string[] = [],
): Promise<IDataObject | undefined> {
	try {
		const response = await call<IDataObject>(context, secrets, {
			method: 'GET',
			endpoint: `${TARGETS}/${encodeURIComponent(name)}`,
		});
		return response.body && typeof response.body === 'object' ? response.body : undefined;
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw redactError(context.getNode(), error, secrets);
	}
}

/** The target named `name` and the triggers of that name, if ExtraHop has them. */
export async function findByName(
	context: IHookFunctions,
	name: string,
	secrets: string[] = [],
): Promise<Found> {
	const target = await getTarget(context, name, secrets);
	const list = await call<unknown>(context, secrets, { method: 'GET', endpoint: TRIGGERS });
	const triggers = asList(list.body)
		.filter((o) => o.name === name)
		.sort((a, b) => Number(a.id) - Number(b.id));
	return { target, triggers };
}

/** Whether ExtraHop's target is the one this node needs (the secret cannot be compared: ExtraHop does not return it). */
function targetMatches(target: IDataObject | undefined, desired: Desired): boolean {
	if (!target) return false;
	const t = desired.target;
	const wanted = t.authentication as IDataObject;
	const has = (target.authentication ?? {}) as IDataObject;
	return (
		String(target.host ?? '').toLowerCase() === String(t.host).toLowerCase() &&
		Number(target.port) === t.port &&
		String(target.protocol ?? '').toLowerCase() === t.protocol &&
		Boolean(target.pipeline) === t.pipeline &&
		String(has.auth_type ?? 'none') === wanted.auth_type &&
		Boolean(target.skip_cert_verification) === t.skip_cert_verification &&
		headerNameOf(target.additional_header) === headerNameOf(t.additional_header) &&
		(wanted.auth_type !== 'basic' || has.username === wanted.username)
	);
}

function triggerMatches(trigger: IDataObject | undefined, desired: Desired): boolean {
	if (!trigger) return false;
	const events = Array.isArray(trigger.events) ? (trigger.events as unknown[]) : [trigger.event];
	return (
		trigger.script === desired.trigger.script &&
		events.includes(EVENT) &&
		trigger.disabled !== true &&
		trigger.apply_all === true
	);
}

/** Whether what ExtraHop has matches what this node needs: one target, one trigger, as generated. */
export function registrationMatches(found: Found, desired: Desired): boolean {
	return (
		targetMatches(found.target, desired) &&
		found.triggers.length === 1 &&
		triggerMatches(found.triggers[0], desired)
	);
}

export function recordOf(found: Found, name: string): RegistrationRecord {
	const record: RegistrationRecord = { name };
	if (found.triggers[0]?.id !== undefined) record.triggerId = Number(found.triggers[0].id);
	return record;
}

/**
 * Creates what is missing and replaces what differs: a target that differs is deleted and created
 * again (ExtraHop has no PATCH for it), the trigger is updated in place, extra triggers of the same
 * name are removed. Returns the record kept in static data.
 */
export async function applyRegistration(
	context: IHookFunctions,
	desired: Desired,
): Promise<RegistrationRecord> {
	const found = await findByName(context, desired.name, desired.secrets);
	const node = context.getNode();
	// The target first: the trigger refers to it by name. Always written: the secret cannot be read
	// back to compare, and activation is when a rotated secret must reach ExtraHop.
	if (found.target) await deleteTarget(context, desired.name, desired.secrets);
	await call(context, desired.secrets, { method: 'POST', endpoint: TARGETS, body: desired.target });
	if (!(await getTarget(context, desired.name, desired.secrets))) {
		throw new NodeOperationError(
			node,
			`ExtraHop accepted the ODS target "${desired.name}" but does not show it`,
			{
				description: 'Check Administration > Open Data Streams on the ExtraHop system.',
			},
		);
	}
	const [keep, ...extra] = found.triggers;
	let triggerId: number | undefined;
	if (keep?.id !== undefined) {
		triggerId = Number(keep.id);
		await call(context, desired.secrets, {
			method: 'PATCH',
			endpoint: `${TRIGGERS}/${triggerId}`,
			body: desired.trigger,
		});
	} else {
		const response = await call(context, desired.secrets, {
			method: 'POST',
			endpoint: TRIGGERS,
			body: desired.trigger,
		});
		triggerId =
			createdId(response) ??
			recordOf(await findByName(context, desired.name, desired.secrets), desired.name).triggerId;
	}
	for (const duplicate of extra) await deleteTrigger(context, Number(duplicate.id));
	if (triggerId === undefined) {
		throw new NodeOperationError(
			node,
			`ExtraHop accepted the trigger "${desired.name}" but does not list it`,
			{
				description: 'Check System Settings > Triggers on the ExtraHop system.',
			},
		);
	}
	return { name: desired.name, triggerId };
}

/** DELETE /triggers/{id}; one already gone (404) is fine: the caller checks the list afterwards. */
async function deleteTrigger(context: IHookFunctions, id: number): Promise<void> {
	try {
		await call(context, [], {
			method: 'DELETE',
			endpoint: `${TRIGGERS}/${id}`,
			notFoundMessage: `ExtraHop has no trigger ${id}`,
		});
	} catch (error) {
		if (!isNotFound(error)) throw redactError(context.getNode(), error, []);
	}
}

/** DELETE /odstargets/http/{name}; a 404 is fine only because the caller reads the name back. */
async function deleteTarget(
	context: IHookFunctions,
	name: string,
	secrets: string[],
): Promise<void> {
	try {
		await call(context, secrets, {
			method: 'DELETE',
			endpoint: `${TARGETS}/${encodeURIComponent(name)}`,
			notFoundMessage: `ExtraHop has no ODS target ${name}`,
		});
	} catch (error) {
		if (!isNotFound(error)) throw redactError(context.getNode(), error, secrets);
	}
}

/**
 * Removes the trigger(s) and the ODS target of this registration, and proves it: afterwards no
 * trigger of that name is listed and GET /odstargets/http/{name} answers 404. Anything else fails
 * deactivation with what is left, so the target holding the sender secret is never left behind silently.
 */
export async function removeRegistration(
	context: IHookFunctions,
	record: RegistrationRecord,
): Promise<void> {
	const { name } = record;
	// The trigger first, so nothing is sent to a target about to go.
	const ids = new Set<number>();
	if (record.triggerId !== undefined) ids.add(record.triggerId);
	for (const trigger of (await findByName(context, name)).triggers) ids.add(Number(trigger.id));
	for (const id of ids) await deleteTrigger(context, id);
	await deleteTarget(context, name, []);
	const left = await findByName(context, name);
	if (left.target || left.triggers.length > 0) {
		const what = [
			left.target ? `the ODS target "${name}" (it holds the sender secret)` : '',
			left.triggers.length > 0 ? `${left.triggers.length} trigger(s) "${name}"` : '',
		]
			.filter(Boolean)
			.join(' and ');
		throw new NodeOperationError(context.getNode(), `ExtraHop still has ${what} after deletion`, {
			description:
				'Delete them under Administration > Open Data Streams and System Settings > Triggers, or deactivate the workflow again.',
		});
	}
}
