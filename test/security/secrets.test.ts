/**
 * Finding 2 of issue 20: no secret, nor any piece of one, in any property of any error (or Test
 * result), whatever a server echoes. Servers here echo the request's headers and body in their
 * errors (hostile mode `echo`), or place a secret where the node shortens the server's words
 * (at 300 characters), so that a cut through it would leave a piece behind.
 */
import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { testCredential } from '../harness/credential-test';
import { byId, extraHopNode, startExtraHop } from '../helpers/extrahop';
import {
	createIncidentNode,
	logMuleCredentialData,
	startLogMule,
	testLogMuleCredential,
} from '../helpers/logmule';
import { HEADER, SECRET, startWebhookTrigger } from '../webhook/setup';
import { everything, failureOf } from './hostile';

let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of stops) await stop();
	stops = [];
});

/** Every piece of 8 characters or more of a secret: none may appear. */
function expectNoPieceOf(secret: string, text: string) {
	for (let i = 0; i + 8 <= secret.length; i++) {
		const piece = secret.slice(i, i + 8);
		if (text.includes(piece))
			throw new Error(`"${piece}" of the secret is in: ${text.slice(0, 2000)}`);
	}
}

/** A server's words in which the secret starts 292 characters in: shortened at 300, 8 of it would remain. */
const secretAtTheCut = (before: string, secret: string) =>
	`${'x'.repeat(292 - before.length)}${before}${secret} is not accepted`;

const registering = async () => {
	const h = await startWebhookTrigger({
		parameters: { autoRegister: true, options: { n8nAddress: 'https://n8n.example.com' } },
	});
	stops.push(() => h.stop());
	return h;
};

describe('finding 2: no secret, nor a piece of one, in any property of any error', () => {
	it('auto-registration: ExtraHop answers the ODS target with a 400 echoing every header and the body', async () => {
		const h = await registering();
		h.sim.server.injectFault({
			kind: 'echo',
			method: 'POST',
			pathPrefix: '/api/v1/odstargets/http',
		});
		const error = await failureOf(h.hook.activate());
		expect(error.message).toMatch(
			/^ExtraHop rejected POST \/api\/v1\/odstargets\/http \(HTTP 400\)/,
		);
		expectNoPieceOf(SECRET, everything(error));
		expectNoPieceOf(h.sim.config.apiKey, everything(error));
		expect(h.sim.triggers()).toEqual([]);
	});

	it("auto-registration: the secret where ExtraHop's words are shortened leaves no piece behind", async () => {
		const h = await registering();
		h.sim.server.injectFault({
			kind: 'status',
			status: 400,
			method: 'POST',
			pathPrefix: '/api/v1/odstargets/http',
			body: { error_message: secretAtTheCut(`${HEADER}: `, SECRET) },
		});
		const error = await failureOf(h.hook.activate());
		expect(error.message).toContain('ExtraHop rejected POST /api/v1/odstargets/http (HTTP 400)');
		expectNoPieceOf(SECRET, everything(error));
	});

	it('an ExtraHop action: the API key where the error is shortened', async () => {
		const h = await startExtraHop();
		stops.push(() => h.sim.stop());
		h.sim.server.injectFault({
			kind: 'status',
			status: 400,
			pathPrefix: '/api/v1/detections/1002',
			body: { error_message: secretAtTheCut('ExtraHop apikey=', h.sim.config.apiKey) },
		});
		const error = await failureOf(
			h.engine.runNode(
				extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId(1002) }),
			),
		);
		expect(error.message).toContain('ExtraHop rejected GET /api/v1/detections/1002 (HTTP 400)');
		expectNoPieceOf(h.sim.config.apiKey, everything(error));
	});

	it('LogMule: a 400 echoing every header (the token as X-API-Key) and the token where the error is shortened', async () => {
		const h = await startLogMule({ authHeader: 'X-API-Key', authPrefix: '' });
		stops.push(() => h.sim.stop());
		const result = h.sim.createResult({});
		h.sim.server.injectFault({ kind: 'echo', pathPrefix: '/cruddy/v2' });
		const echoed = await failureOf(h.engine.runNode(createIncidentNode({ resultId: result.id })));
		expectNoPieceOf(h.token, everything(echoed));
		h.sim.server.injectFault({
			kind: 'status',
			status: 400,
			pathPrefix: '/cruddy/v2',
			body: { error: secretAtTheCut('token ', h.token), error_code: 400 },
		});
		const cut = await failureOf(h.engine.runNode(createIncidentNode({ resultId: result.id })));
		expect(cut.message).toContain(`LogMule rejected the result ID "${result.id}" (HTTP 400)`);
		expectNoPieceOf(h.token, everything(cut));
	});

	it('the Test buttons: a server that answers with the key or token in plain text', async () => {
		const eh = await startExtraHop();
		stops.push(() => eh.sim.stop());
		eh.sim.server.injectFault({
			kind: 'status',
			status: 400,
			pathPrefix: '/api/v1/extrahop',
			body: `Bad request: authorization: ExtraHop apikey=${eh.sim.config.apiKey}`,
		});
		const extraHop = await testCredential(eh.engine, new ExtraHopApi(), {
			url: eh.url,
			apiKey: eh.sim.config.apiKey,
			allowUnauthorizedCerts: false,
		});
		expect(extraHop.status).toBe('Error');
		expect(extraHop.message).toContain(
			'answered HTTP 400 with "Bad request: authorization: [redacted]"',
		);
		expectNoPieceOf(eh.sim.config.apiKey, extraHop.message);

		const lm = await startLogMule();
		stops.push(() => lm.sim.stop());
		lm.sim.server.injectFault({
			kind: 'status',
			status: 400,
			pathPrefix: '/cruddy/v2',
			body: `Bad request: Authorization: Bearer ${lm.token}`,
		});
		const logMule = await testLogMuleCredential(lm.engine, logMuleCredentialData(lm.sim));
		expect(logMule.status).toBe('Error');
		expectNoPieceOf(lm.token, logMule.message);
	});

	it('RevealX 360: a token endpoint echoing Basic client_id:client_secret', async () => {
		const h = await startExtraHop();
		stops.push(() => h.sim.stop());
		h.sim.server.injectFault({ kind: 'echo', method: 'POST', pathPrefix: '/oauth2/token' });
		const error = await failureOf(
			h.engine.runNode(
				extraHopNode({
					authentication: 'revealX360',
					resource: 'detection',
					operation: 'get',
					detectionId: byId(1002),
				}),
			),
		);
		expect(error.message).toContain('RevealX 360 refused the client ID or secret (HTTP 400)');
		const basic = Buffer.from(`${h.sim.config.clientId}:${h.sim.config.clientSecret}`).toString(
			'base64',
		);
		expectNoPieceOf(h.sim.config.clientSecret, everything(error));
		expectNoPieceOf(basic, everything(error));
	});
});
