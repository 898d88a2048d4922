/**
 * Automatic registration on a self-managed ExtraHop (API key): the ODS HTTP target
 * (`/api/v1/odstargets/http`) and the DETECTION_UPDATE trigger (`/api/v1/triggers`) this node
 * needs, found by name, created or brought up to date on activation, removed on deactivation.
 * Ids are kept in the node's static data (`registration`); lookups by name make a lost or stale
 * record harmless.
 *
 * REST resources as assumed here (see the README): both list with GET, create with POST
 * (201, `Location: /api/v1/<resource>/<id>`, body optional), change with PATCH and remove with
 * DELETE on `/<id>`. ODS target fields: name, description, host, port, protocol (http|https),
 * skip_cert_verification, additional_header ("Name: value"), auth_type (none|basic), username,
 * password; ExtraHop does not return secrets when listing. Trigger fields: name, description,
 * author, events[], script, disabled, debug. DETECTION_UPDATE triggers run without device
 * assignment.
 *
 * The sender secret goes into the target's additional header (or Basic password) and nowhere
 * else: not in the script, not in static data, and it is cut out of any error ExtraHop returns.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type IHookFunctions, type INode } from 'n8n-workflow';

import { extraHopApiRequest, type ExtraHopResponse } from '../ExtraHop/transport';
import { SENDER_CREDENTIAL, type SenderAuthentication } from './senderAuth';
import { EVENT, registrationName, triggerScript, webhookAddress, type WebhookAddress } from './setup';

export const TARGETS = '/odstargets/http';
export const TRIGGERS = '/triggers';

export interface RegistrationRecord {
	name: string;
	targetId?: number;
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

const asList = (body: unknown): IDataObject[] => (Array.isArray(body) ? (body as IDataObject[]) : []);

/** The id ExtraHop gave a created object: from the body, or the Location header's last segment. */
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
		senderAuthentication: context.getNodeParameter('senderAuthentication', 'headerSecret') as SenderAuthentication,
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
	if (!url) throw new NodeOperationError(node, 'n8n did not provide this node\'s webhook URL');
	const address = webhookAddress(url, String(options.n8nAddress ?? ''));
	if (/^(localhost|localhost\.localdomain)$/i.test(address.host)) {
		throw new NodeOperationError(node, `ExtraHop cannot reach n8n at ${address.host}`, {
			description:
				'n8n\'s webhook URL points at localhost. Set n8n\'s WEBHOOK_URL to the address ExtraHop can reach, or fill in "Address for ExtraHop" in the node options.',
		});
	}
	const name = registrationName(String(options.registrationName ?? ''), node.webhookId, context.getWorkflow().id);
	const secrets: string[] = [];
	const target: IDataObject = {
		name,
		description: `n8n ExtraHop Webhook Trigger: workflow ${context.getWorkflow().id ?? ''}, node "${node.name}"`,
		host: address.host,
		port: address.port,
		protocol: address.protocol,
		skip_cert_verification: options.skipCertVerification === true,
		additional_header: '',
		auth_type: 'none',
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
		target.auth_type = 'basic';
		target.username = String(credential.user ?? '');
		target.password = String(credential.password ?? '');
	}
	const script = triggerScript({ targetName: name, path: address.path, senderAuthentication, headerName });
	const trigger: IDataObject = {
		name,
		description: `Sends created and updated detections to the n8n workflow ${context.getWorkflow().id ?? ''} (node "${node.name}"). Managed by n8n: removed when the workflow is deactivated.`,
		author: 'n8n',
		events: [EVENT],
		script,
		disabled: false,
		debug: false,
	};
	return { name, address, target, trigger, secrets: secrets.filter((s) => s.length >= 4) };
}

/**
 * The error as n8n shows it (NodeApiError / NodeOperationError, existing ones kept as they are),
 * with secrets cut out of its message and description (ExtraHop may echo request bodies).
 */
export function redactError(node: INode, error: unknown, secrets: string[]): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error instanceof Error ? error : String(error));
	const cut = (text: string) => {
		let out = text;
		for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
		return out;
	};
	nodeError.message = cut(nodeError.message);
	if (nodeError.description) nodeError.description = cut(nodeError.description);
	return nodeError;
}

/** Runs an ExtraHop call; any error leaves without the sender secret in it. */
async function call<T>(context: IHookFunctions, secrets: string[], request: Parameters<typeof extraHopApiRequest>[0]): Promise<ExtraHopResponse<T>> {
	try {
		return (await extraHopApiRequest.call(context, request)) as ExtraHopResponse<T>;
	} catch (error) {
		throw redactError(context.getNode(), error, secrets);
	}
}

export interface Found {
	target?: IDataObject;
	trigger?: IDataObject;
}

/** The target and trigger named `name`, if ExtraHop has them (several triggers: the lowest id). */
export async function findByName(context: IHookFunctions, name: string, secrets: string[] = []): Promise<Found> {
	const targets = await call<unknown>(context, secrets, {
		method: 'GET',
		endpoint: TARGETS,
		notFoundMessage: 'This ExtraHop system has no Open Data Stream API (/api/v1/odstargets/http)',
	});
	const triggers = await call<unknown>(context, secrets, { method: 'GET', endpoint: TRIGGERS });
	const byName = (list: IDataObject[]) =>
		list.filter((o) => o.name === name).sort((a, b) => Number(a.id) - Number(b.id))[0];
	return { target: byName(asList(targets.body)), trigger: byName(asList(triggers.body)) };
}

/** Whether what ExtraHop has matches what this node needs (the secret cannot be compared: ExtraHop does not return it). */
export function registrationMatches(found: Found, desired: Desired): boolean {
	const { target, trigger } = found;
	if (!target || !trigger) return false;
	const t = desired.target;
	const sameTarget =
		String(target.host ?? '').toLowerCase() === String(t.host).toLowerCase() &&
		Number(target.port) === t.port &&
		String(target.protocol ?? '').toLowerCase() === t.protocol &&
		String(target.auth_type ?? 'none') === t.auth_type &&
		Boolean(target.skip_cert_verification) === t.skip_cert_verification &&
		headerNameOf(target.additional_header) === headerNameOf(t.additional_header) &&
		(t.auth_type !== 'basic' || target.username === t.username);
	const events = Array.isArray(trigger.events) ? (trigger.events as unknown[]) : [trigger.event];
	const sameTrigger = trigger.script === desired.trigger.script && events.includes(EVENT) && trigger.disabled !== true;
	return sameTarget && sameTrigger;
}

export function recordOf(found: Found, name: string): RegistrationRecord {
	const record: RegistrationRecord = { name };
	if (found.target?.id !== undefined) record.targetId = Number(found.target.id);
	if (found.trigger?.id !== undefined) record.triggerId = Number(found.trigger.id);
	return record;
}

/** Creates what is missing and updates what differs; returns the ids. */
export async function applyRegistration(context: IHookFunctions, desired: Desired): Promise<RegistrationRecord> {
	const found = await findByName(context, desired.name, desired.secrets);
	const record: RegistrationRecord = { name: desired.name };
	const node = context.getNode();
	// The target first: the trigger refers to it by name.
	if (found.target?.id !== undefined) {
		record.targetId = Number(found.target.id);
		await call(context, desired.secrets, { method: 'PATCH', endpoint: `${TARGETS}/${record.targetId}`, body: desired.target });
	} else {
		const response = await call(context, desired.secrets, { method: 'POST', endpoint: TARGETS, body: desired.target });
		record.targetId = createdId(response);
	}
	if (found.trigger?.id !== undefined) {
		record.triggerId = Number(found.trigger.id);
		await call(context, desired.secrets, { method: 'PATCH', endpoint: `${TRIGGERS}/${record.triggerId}`, body: desired.trigger });
	} else {
		const response = await call(context, desired.secrets, { method: 'POST', endpoint: TRIGGERS, body: desired.trigger });
		record.triggerId = createdId(response);
	}
	if (record.targetId === undefined || record.triggerId === undefined) {
		// Created, but ExtraHop did not say under which id: find them by name.
		const again = await findByName(context, desired.name, desired.secrets);
		Object.assign(record, recordOf(again, desired.name));
		if (record.targetId === undefined || record.triggerId === undefined) {
			throw new NodeOperationError(node, `ExtraHop accepted the ODS target and trigger "${desired.name}" but does not list them`, {
				description: 'Check Administration > Open Data Streams and System Settings > Triggers on the ExtraHop system.',
			});
		}
	}
	return record;
}

const isNotFound = (error: unknown) =>
	error instanceof NodeApiError && (error.httpCode === '404' || (error.context as IDataObject | undefined)?.httpCode === '404');

/** Deletes one object; one already gone counts as deleted. */
export async function deleteIfPresent(context: IHookFunctions, endpoint: string): Promise<'deleted' | 'absent'> {
	try {
		await call(context, [], { method: 'DELETE', endpoint, notFoundMessage: `ExtraHop has no ${endpoint}` });
		return 'deleted';
	} catch (error) {
		if (isNotFound(error)) return 'absent';
		throw redactError(context.getNode(), error, []);
	}
}
