/**
 * Starts an ExtraHop simulator and an engine holding credentials for it.
 */
import { Engine, type TestNode } from '../harness/engine';
import { PACKAGE_NAME } from '../harness/package-registry';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');

export type ExtraHopSimulator = ReturnType<typeof createExtraHopSimulator>;

export const EXTRAHOP_NODE = `${PACKAGE_NAME}.extraHop`;
export const API_KEY_CREDENTIAL = { extraHopApi: 'eh-key' };
export const REVEALX_CREDENTIAL = { extraHopRevealX360Api: 'eh-360' };

export interface ExtraHopSetup {
	sim: ExtraHopSimulator;
	engine: Engine;
	url: string;
}

export async function startExtraHop(options: Record<string, unknown> = {}): Promise<ExtraHopSetup> {
	const sim = createExtraHopSimulator(options);
	const url: string = await sim.start();
	const engine = new Engine();
	addExtraHopCredentials(engine, sim, url);
	return { sim, engine, url };
}

export function addExtraHopCredentials(
	engine: Engine,
	sim: ExtraHopSimulator,
	url: string,
	allowUnauthorizedCerts = false,
) {
	engine.addCredential('eh-key', { url, apiKey: sim.config.apiKey, allowUnauthorizedCerts });
	engine.addCredential('eh-360', {
		url,
		clientId: sim.config.clientId,
		clientSecret: sim.config.clientSecret,
		allowUnauthorizedCerts,
		accessToken: '',
		accessTokenExpiry: '',
	});
}

/** An ExtraHop action node for `engine.runNode`. */
export function extraHopNode(
	parameters: Record<string, unknown>,
	options: Partial<TestNode> = {},
): Omit<TestNode, 'name'> {
	const revealX = parameters.authentication === 'revealX360';
	return {
		type: EXTRAHOP_NODE,
		parameters: parameters as TestNode['parameters'],
		credentials: revealX ? REVEALX_CREDENTIAL : API_KEY_CREDENTIAL,
		...options,
	};
}

export const byId = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });

/** Requests the nodes sent to the ExtraHop API (control routes excluded). */
export function apiRequests(sim: ExtraHopSimulator, prefix = '/api/v1') {
	return sim.server.requestLog(prefix) as Array<{
		method: string;
		path: string;
		status: number;
		body: string;
		headers: Record<string, string>;
	}>;
}
