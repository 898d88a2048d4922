/**
 * What ExtraHop needs to push detections to this node: an Open Data Stream (ODS) HTTP target
 * pointing at n8n, and a trigger on DETECTION_UPDATE whose script posts the detection id to the
 * node's path through that target. Generated from the node's real webhook URL; used by the
 * setup page (GET on the webhook URL) and by automatic registration, so both say the same.
 *
 * The script needs only `Detection.id` (and sends `title` and `description`, the other two
 * documented properties); the receiver re-reads everything else. The secret is not in the
 * script: ODS adds it as the target's additional header (or Basic auth), so it never shows in
 * trigger listings or logs.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { answer, type ResponseLike } from './respond';
import { SENDER_CREDENTIAL, type SenderAuthentication } from './senderAuth';

export const EVENT = 'DETECTION_UPDATE';

export interface WebhookAddress {
	/** The production URL n8n shows for the node. */
	url: string;
	protocol: 'http' | 'https';
	host: string;
	port: number;
	/** Path (and query) the trigger script posts to. */
	path: string;
}

/** Host, port, protocol and path of a webhook URL, optionally re-homed on another base URL. */
export function webhookAddress(webhookUrl: string, baseOverride = ''): WebhookAddress {
	const original = new URL(webhookUrl);
	let target = original;
	if (baseOverride.trim() !== '') {
		let base = baseOverride.trim();
		if (!/^https?:\/\//i.test(base)) base = `https://${base}`;
		const override = new URL(base);
		target = new URL(original.pathname + original.search, `${override.protocol}//${override.host}`);
	}
	const protocol = target.protocol === 'http:' ? 'http' : 'https';
	const port = target.port !== '' ? Number(target.port) : protocol === 'https' ? 443 : 80;
	return {
		url: target.toString(),
		protocol,
		host: target.hostname.replace(/^\[|\]$/g, ''),
		port,
		path: target.pathname + target.search,
	};
}

/** The name the ODS target and the trigger get on ExtraHop: the user's, or one unique to this node. */
export function registrationName(
	custom: string,
	webhookId: string | undefined,
	workflowId: string | undefined,
): string {
	const name = custom.trim();
	if (name !== '') return name;
	const unique = (webhookId ?? workflowId ?? 'workflow')
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 8)
		.toLowerCase();
	return `n8n-${unique || 'webhook'}`;
}

export interface ScriptOptions {
	targetName: string;
	path: string;
	senderAuthentication: SenderAuthentication;
	/** Header carrying the secret (headerSecret mode). */
	headerName?: string;
}

/** A JavaScript string literal for a value. */
const js = (value: string) =>
	`'${value
		.replace(/\\/g, '\\\\')
		.replace(/'/g, "\\'")
		.replace(/\r/g, '\\r')
		.replace(/\n/g, '\\n')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029')}'`;

/** A comment line's text, without anything that could end the comment or the line. */
const comment = (value: string) => value.replace(/[\r\n\u2028\u2029]/g, ' ');

/** The trigger script for DETECTION_UPDATE. */
export function triggerScript(options: ScriptOptions): string {
	const auth =
		options.senderAuthentication === 'headerSecret'
			? `the ODS target adds the header ${comment(options.headerName ?? '')} with the shared secret.`
			: options.senderAuthentication === 'basicAuth'
				? 'the ODS target authenticates with HTTP Basic.'
				: 'no authentication (the n8n node accepts any sender).';
	return [
		'// n8n ExtraHop Webhook Trigger: sends every created or updated detection to n8n.',
		`// Event: ${EVENT}. Open Data Stream HTTP target: ${comment(options.targetName)}; ${auth}`,
		'// Only Detection.id is needed: n8n reads the rest of the detection from the REST API.',
		`Remote.HTTP(${js(options.targetName)}).post({`,
		`  path: ${js(options.path)},`,
		"  headers: { 'Content-Type': 'application/json' },",
		'  payload: JSON.stringify({',
		'    id: Detection.id,',
		'    title: Detection.title,',
		'    description: Detection.description',
		'  })',
		'});',
		'',
	].join('\n');
}

export interface TargetOptions {
	name: string;
	address: WebhookAddress;
	senderAuthentication: SenderAuthentication;
	headerName?: string;
	skipCertVerification: boolean;
}

/** The ODS HTTP target as the setup page shows it (no secret values). */
export function targetFields(options: TargetOptions): Array<[string, string]> {
	const fields: Array<[string, string]> = [
		['Name', options.name],
		['Host', options.address.host],
		['Port', String(options.address.port)],
		[
			'Type',
			options.address.protocol === 'https'
				? 'HTTPS'
				: 'HTTP (unencrypted: use HTTPS outside a lab)',
		],
		[
			'Skip certificate verification',
			options.skipCertVerification ? 'on (only for a self-signed n8n certificate)' : 'off',
		],
	];
	if (options.senderAuthentication === 'headerSecret') {
		fields.push([
			'Additional HTTP header',
			`${options.headerName ?? ''}: <the secret stored in the n8n credential>`,
		]);
		fields.push(['Authentication', 'None']);
	} else if (options.senderAuthentication === 'basicAuth') {
		fields.push(['Additional HTTP header', '(none)']);
		fields.push([
			'Authentication',
			'Basic, with the user and password stored in the n8n credential',
		]);
	} else {
		fields.push(['Additional HTTP header', '(none)']);
		fields.push(['Authentication', 'None (the node accepts any sender: not recommended)']);
	}
	return fields;
}

export interface SetupPageOptions extends TargetOptions {
	script: string;
	workflowName: string;
	nodeName: string;
}

/** The plain-text page a GET on the webhook URL answers. Contains no secret. */
export function setupPage(options: SetupPageOptions): string {
	const fields = targetFields(options);
	const width = Math.max(...fields.map(([label]) => label.length)) + 2;
	return [
		`ExtraHop setup for the n8n node "${options.nodeName}" in workflow "${options.workflowName}"`,
		'',
		`This node receives detections at ${options.address.url} (POST).`,
		'',
		'1. Open Data Stream HTTP target: in ExtraHop, Administration > Open Data Streams > Add Target > HTTP',
		...fields.map(([label, value]) => `   ${`${label}:`.padEnd(width)} ${value}`),
		'',
		`2. Trigger: System Settings > Triggers > Create. Event: ${EVENT}. Script:`,
		'',
		options.script,
		'3. Save the trigger (triggers on DETECTION_UPDATE run for every detection; they are not assigned to devices).',
		'',
		'The workflow must be active: ExtraHop sends to the production URL above.',
		'',
	].join('\n');
}

/**
 * Whether a GET on the webhook URL answers the setup page. Anyone who reaches n8n may send that
 * GET, and the page names the workflow, the node, the header that carries the secret and n8n's
 * address (never the secret): from node version 1.1 it is served only when the user turns it on.
 * Version 1 nodes keep serving it unless turned off, as they always did.
 */
export function setupPageServed(typeVersion: number, options: IDataObject): boolean {
	return typeVersion >= 1.1 ? options.setupPage === true : options.setupPage !== false;
}

export async function answerSetup(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	if (!setupPageServed(context.getNode().typeVersion, options)) {
		return answer(context, 404, {
			message:
				'The setup page of this ExtraHop Webhook Trigger is turned off (option "Serve Setup Page"); the setup steps are also in the node\'s documentation',
		});
	}
	const senderAuthentication = context.getNodeParameter(
		'senderAuthentication',
		'headerSecret',
	) as SenderAuthentication;
	let headerName: string | undefined;
	if (senderAuthentication === 'headerSecret') {
		headerName = String(
			(await context.getCredentials(SENDER_CREDENTIAL.headerSecret)).headerName ?? '',
		).trim();
	}
	const url = context.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(context.getNode(), "n8n did not provide this node's webhook URL");
	const address = webhookAddress(url, String(options.n8nAddress ?? ''));
	const node = context.getNode();
	const name = registrationName(
		String(options.registrationName ?? ''),
		node.webhookId,
		context.getWorkflow().id,
	);
	const page = setupPage({
		name,
		address,
		senderAuthentication,
		headerName,
		skipCertVerification: options.skipCertVerification === true,
		script: triggerScript({
			targetName: name,
			path: address.path,
			senderAuthentication,
			headerName,
		}),
		workflowName: context.getWorkflow().name ?? '',
		nodeName: node.name,
	});
	const res = context.getResponseObject() as unknown as ResponseLike;
	res.setHeader('Content-Type', 'text/plain; charset=utf-8');
	res.setHeader('Cache-Control', 'no-store');
	res.status(200).send(page);
	return { noWebhookResponse: true };
}
