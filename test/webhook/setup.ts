/**
 * An ExtraHop simulator, an engine with credentials for it and for the sender, and the webhook
 * trigger served by the webhook harness.
 */
import type { IDataObject } from 'n8n-workflow';

import { PACKAGE_NAME } from '../harness/package-registry';
import { WebhookHarness, type WebhookReply } from '../harness/webhook';
import { startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { fireDetectionUpdate } = require('../../tools/simulators/extrahop/admin') as {
	fireDetectionUpdate: (sim: unknown, id: number) => Promise<Array<Record<string, any>>>;
};

export const WEBHOOK_NODE = `${PACKAGE_NAME}.extraHopWebhookTrigger`;
export const HEADER = 'X-ExtraHop-Secret';
export const SECRET = 'whs-3f9a1c77d2e04b8f9e61';
export const BASIC_USER = 'extrahop-ods';
export const BASIC_PASSWORD = 'bpw-8c2d5e0f7a9b4c1d';
export const AUTH = { [HEADER]: SECRET };

export type Sender = 'headerSecret' | 'basicAuth' | 'none';

export interface Options {
	authentication?: 'apiKey' | 'revealX360' | 'none';
	senderAuthentication?: Sender;
	parameters?: IDataObject;
	/** Omit the ExtraHop credential even though an authentication is chosen. */
	noApiCredential?: boolean;
	webhookId?: string;
	simOptions?: Record<string, unknown>;
	/** The node's version (1 unless given). */
	typeVersion?: number;
}

export interface Setup extends ExtraHopSetup {
	hook: WebhookHarness;
	stop: () => Promise<void>;
}

export function basic(user = BASIC_USER, password = BASIC_PASSWORD): Record<string, string> {
	return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export async function startWebhookTrigger(options: Options = {}): Promise<Setup> {
	const setup = await startExtraHop(options.simOptions ?? {});
	const authentication = options.authentication ?? 'apiKey';
	const senderAuthentication = options.senderAuthentication ?? 'headerSecret';
	setup.engine.addCredential('wh-secret', { headerName: HEADER, secret: SECRET });
	setup.engine.addCredential('wh-basic', { user: BASIC_USER, password: BASIC_PASSWORD });
	const credentials: Record<string, string> = {};
	if (!options.noApiCredential && authentication === 'apiKey') credentials.extraHopApi = 'eh-key';
	if (!options.noApiCredential && authentication === 'revealX360')
		credentials.extraHopRevealX360Api = 'eh-360';
	if (senderAuthentication === 'headerSecret') credentials.extraHopWebhookSecretApi = 'wh-secret';
	if (senderAuthentication === 'basicAuth') credentials.extraHopWebhookBasicAuthApi = 'wh-basic';
	const hook = new WebhookHarness(setup.engine, {
		type: WEBHOOK_NODE,
		parameters: {
			authentication,
			senderAuthentication,
			events: ['created', 'updated'],
			...(options.parameters ?? {}),
		} as never,
		credentials,
		webhookId: options.webhookId,
		typeVersion: options.typeVersion,
	});
	return await serve(setup, hook);
}

/** Starts `hook`; the setup's stop ends both it and the simulator. */
export async function serve(setup: ExtraHopSetup, hook: WebhookHarness): Promise<Setup> {
	await hook.start();
	return {
		...setup,
		hook,
		stop: async () => {
			await hook.stop();
			await setup.sim.stop();
		},
	};
}

/** The items an execution started with (fails the test when none started). */
export function emitted(reply: WebhookReply): IDataObject[] {
	if (!reply.execution) throw new Error(`No execution started: HTTP ${reply.status} ${reply.text}`);
	return reply.execution.items.map((item) => item.json);
}
