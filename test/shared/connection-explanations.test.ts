/**
 * One explanation of a failed connection for every credential, in its Test button and at run
 * time (nodes/shared/transport/failure.ts, explainConnection): a URL without scheme against a plain
 * HTTP port says "https:// was assumed ... begin the URL with http://" (never OpenSSL's EPROTO
 * or "wrong version number"); a closed port says the host refused the connection (never n8n's
 * generic "The service refused the connection"); a wrong path names the URL to fix.
 */
import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { ExtraHopRevealX360Api } from '../../credentials/ExtraHopRevealX360Api.credentials';
import { LogMuleApi } from '../../credentials/LogMuleApi.credentials';
import { testCredential } from '../harness/credential-test';
import type { Engine } from '../harness/engine';
import { extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';
import {
	LOGMULE_CREDENTIAL_ID,
	createIncidentNode,
	logMuleCredentialData,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';

const RAW = /EPROTO|wrong version number|service refused the connection|Authorization failed/i;
const ASSUMED =
	/"https:\/\/" was assumed because the URL in (the credential|the "[^"]+" credential) has no scheme: if this address serves plain HTTP, begin the URL with http:\/\//;

let eh: ExtraHopSetup | undefined;
let lm: LogMuleSetup | undefined;
afterEach(async () => {
	await eh?.sim.stop();
	await lm?.sim.stop();
	eh = undefined;
	lm = undefined;
});

/** Where nothing listens: a simulator's address after it stopped. */
async function closedPortUrl(): Promise<string> {
	const setup = await startExtraHop();
	await setup.sim.stop();
	return setup.url;
}

interface Case {
	credential: ICredentialType;
	id: string;
	/** The credential's data with `url` instead of the working one. */
	data(url: string): ICredentialDataDecryptedObject;
	/** Runs a node using the credential; resolves to its error. */
	run(engine: Engine): Promise<{ message: string; description?: string }>;
	/** The working URL and a wrong path under it. */
	urls(): { good: string; wrongPath: string };
	engine(): Engine;
}

const getDetection = (authentication: string) =>
	extraHopNode({ authentication, resource: 'detection', operation: 'getAll', limit: 1 });

const cases: Array<[string, () => Promise<Case>]> = [
	[
		'ExtraHop API',
		async () => {
			eh = await startExtraHop();
			const s = eh;
			return {
				credential: new ExtraHopApi(),
				id: 'eh-key',
				data: (url) => ({ url, apiKey: s.sim.config.apiKey, allowUnauthorizedCerts: false }),
				run: async (engine) => await engine.runNode(getDetection('apiKey')).catch((e) => e),
				urls: () => ({ good: s.url, wrongPath: `${s.url}/extrahop` }),
				engine: () => s.engine,
			};
		},
	],
	[
		'ExtraHop RevealX 360 API',
		async () => {
			eh = await startExtraHop();
			const s = eh;
			return {
				credential: new ExtraHopRevealX360Api(),
				id: 'eh-360',
				data: (url) => ({
					url,
					clientId: s.sim.config.clientId,
					clientSecret: s.sim.config.clientSecret,
					allowUnauthorizedCerts: false,
					accessToken: '',
					accessTokenExpiry: '',
				}),
				run: async (engine) => await engine.runNode(getDetection('revealX360')).catch((e) => e),
				urls: () => ({ good: s.url, wrongPath: `${s.url}/tenant` }),
				engine: () => s.engine,
			};
		},
	],
	[
		'LogMule API',
		async () => {
			lm = await startLogMule();
			const s = lm;
			return {
				credential: new LogMuleApi(),
				id: LOGMULE_CREDENTIAL_ID,
				data: (url) => logMuleCredentialData(s.sim, { url }),
				run: async (engine) =>
					await engine
						.runNode(createIncidentNode({ resultId: '497f6eca-6276-4993-bfeb-53cbbbba6f08' }))
						.catch((e) => e),
				urls: () => ({ good: s.apiRoot, wrongPath: s.apiRoot.replace('/cruddy/v2', '/cruddy/v1') }),
				engine: () => s.engine,
			};
		},
	],
];

describe.each(cases)('%s', (_name, start) => {
	it('a URL without scheme against a plain HTTP port: "https:// was assumed", in the Test button and at run time', async () => {
		const c = await start();
		const noScheme = c.urls().good.replace(/^http:\/\//, '');
		const tested = await testCredential(c.engine(), c.credential, c.data(noScheme));
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(/does not answer HTTPS on this port/);
		expect(tested.message).toMatch(ASSUMED);
		expect(tested.message).not.toMatch(RAW);
		c.engine().addCredential(c.id, c.data(noScheme));
		const error = await c.run(c.engine());
		expect(error.message).toMatch(/does not answer HTTPS on this port/);
		expect(error.description).toMatch(ASSUMED);
		expect(`${error.message} ${error.description}`).not.toMatch(RAW);
	});

	it('a closed port: the host refused the connection, in the Test button and at run time', async () => {
		const c = await start();
		const closed = await closedPortUrl();
		const url = c.urls().good.replace(/^http:\/\/[^/]+/, closed);
		const tested = await testCredential(c.engine(), c.credential, c.data(url));
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(
			/^127\.0\.0\.1:\d+ refused the connection\. .*Check the host name and port/,
		);
		expect(tested.message).not.toMatch(RAW);
		c.engine().addCredential(c.id, c.data(url));
		const error = await c.run(c.engine());
		expect(error.message).toMatch(/127\.0\.0\.1:\d+ refused the connection/);
		expect(error.description).toMatch(
			/Check the host name and port in the URL in the "[^"]+" credential/,
		);
		expect(`${error.message} ${error.description}`).not.toMatch(RAW);
	}, 60_000);

	it('a wrong path: the URL to fix is named, in the Test button and at run time', async () => {
		const c = await start();
		const { wrongPath } = c.urls();
		const tested = await testCredential(c.engine(), c.credential, c.data(wrongPath));
		expect(tested.status).toBe('Error');
		expect(tested.message).toContain(wrongPath);
		expect(tested.message).toMatch(/HTTP 404/);
		c.engine().addCredential(c.id, c.data(wrongPath));
		const error = await c.run(c.engine());
		expect(`${error.message} ${error.description}`).toContain(wrongPath);
		expect(`${error.message} ${error.description}`).toMatch(/credential/);
		expect(`${error.message} ${error.description}`).not.toMatch(RAW);
	});
});
