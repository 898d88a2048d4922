/**
 * What the security tests share: the second host a hostile redirect points at, a real n8n
 * context for calling the transport directly, and a search of every property of an error.
 */
import { PollContext } from 'n8n-core';
import type { IPollFunctions } from 'n8n-workflow';

import { additionalDataFor, type Engine } from '../harness/engine';
import { TRIGGER_TYPE } from '../helpers/trigger';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createCatcher } = require('../../tools/simulators/common/catcher') as {
	createCatcher: (options?: { tls?: boolean }) => Catcher;
};

export interface Catcher {
	server: { clearRequestLog(): void };
	start(port?: number): Promise<string>;
	stop(): Promise<void>;
	url: string;
	requests(): Array<{
		method: string;
		path: string;
		headers: Record<string, string>;
		body: string;
	}>;
}

/** The second host, started: where hostile redirects point. */
export async function startCatcher(): Promise<Catcher> {
	const catcher = createCatcher();
	await catcher.start();
	return catcher;
}

/**
 * Every text an error carries where n8n shows, logs or stores it: its own properties (message,
 * description, messages, errorResponse, context, cause, stack...), serialised.
 */
export function everything(error: unknown): string {
	const e = error as Record<string, unknown>;
	const parts = Object.getOwnPropertyNames(e ?? {}).map((key) => {
		try {
			return `${key}=${typeof e[key] === 'string' ? e[key] : JSON.stringify(e[key])}`;
		} catch {
			return `${key}=${String(e[key])}`;
		}
	});
	return [String(e?.message), String(e?.stack), ...parts].join('\n');
}

/** A real n8n poll context (n8n-core's PollContext and helpers) for an ExtraHop trigger node. */
export function realContext(
	engine: Engine,
	credentials: Record<string, string> = { extraHopApi: 'eh-key' },
	parameters: Record<string, unknown> = {},
): IPollFunctions {
	const workflow = engine.workflow([
		{
			name: 'ExtraHop Trigger',
			type: TRIGGER_TYPE,
			parameters: { events: ['created'], ...parameters } as never,
			credentials,
		},
	]);
	const node = workflow.getNode('ExtraHop Trigger')!;
	return new PollContext(
		workflow,
		node,
		additionalDataFor(engine.credentials),
		'trigger',
		'activate',
	) as unknown as IPollFunctions;
}

/** Runs a promise that must fail, and gives its error. */
export async function failureOf(
	promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
	try {
		await promise;
	} catch (error) {
		return error as Error & Record<string, unknown>;
	}
	throw new Error('expected a failure, but it succeeded');
}
