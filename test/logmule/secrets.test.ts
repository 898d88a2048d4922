import {
	RESULT_ID_FROM_ITEM,
	createIncidentNode,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';
import { START_TYPE } from '../harness/engine';

let h: LogMuleSetup;
beforeEach(async () => {
	// The simulator echoes the presented token in its error texts, as careless servers do.
	h = await startLogMule({ echoTokenInErrors: true });
});
afterEach(async () => {
	await h.sim.stop();
});

function expectNoToken(text: string, token: string) {
	expect(text.length).toBeGreaterThan(0);
	expect(text).not.toContain(token);
}

describe('The token never leaks', () => {
	it('not in output items, error items, or the serialized run, whatever LogMule echoes', async () => {
		const good = h.sim.createResult({});
		const failing = h.sim.createResult({});
		h.sim.armFailure({
			status: 500,
			afterEffect: false,
			resultId: failing.id,
			error: `Internal Server Error: session for ${h.token} expired`,
		});
		const run = await h.engine.runWorkflow([
			{
				name: 'Start',
				type: START_TYPE,
				parameters: { items: JSON.stringify([{ resultId: good.id }, { resultId: failing.id }]) },
			},
			{
				name: 'LogMule',
				...createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }, { continueOnFail: true }),
			},
		]);
		const items = run.data.resultData.runData.LogMule[0].data!.main[0]!;
		expect(items[0].json.outcome).toBe('new');
		expect(items[1].json.error).toBe(
			`LogMule failed to create the incident for result "${failing.id}" (HTTP 500): Internal Server Error: session for [redacted] expired`,
		);
		expectNoToken(JSON.stringify(items), h.token);
		expectNoToken(JSON.stringify(run), h.token);
	});

	it.each([
		['401 with the presented header echoed', { token: 'wrong-but-long-token-77' }, 401],
		['403 with the token echoed', { forbidden: true }, 403],
		['500 with the token echoed', { fail500: true }, 500],
	])(
		'not in the error of a %s',
		async (_label, setup: { token?: string; forbidden?: boolean; fail500?: boolean }, status) => {
			const result = h.sim.createResult({});
			let secret = h.token;
			if (setup.token) {
				secret = setup.token;
				h.engine.addCredential('lm', {
					url: h.apiRoot,
					token: secret,
					headerName: 'Authorization',
					headerPrefix: 'Bearer',
				});
			}
			if (setup.forbidden) h.sim.config.forbiddenTokens = [h.token];
			if (setup.fail500)
				h.sim.armFailure({
					status: 500,
					afterEffect: false,
					error: `failure for Bearer ${h.token}`,
				});

			const run = await h.engine.runWorkflow([
				{
					name: 'Start',
					type: START_TYPE,
					parameters: { items: JSON.stringify([{ resultId: result.id }]) },
				},
				{ name: 'LogMule', ...createIncidentNode({ resultId: RESULT_ID_FROM_ITEM }) },
			]);
			const error = run.data.resultData.error as unknown as {
				message: string;
				description: string;
				httpCode: string;
			};
			expect(error).toBeDefined();
			expect(error.httpCode).toBe(String(status));
			// The token was really sent (and the simulator echoes what it was sent).
			expect(
				h.sim.server.requests.some((r: { headers: Record<string, string> }) =>
					String(r.headers.authorization).includes(secret),
				),
			).toBe(true);
			expectNoToken(error.message, secret);
			expectNoToken(String(error.description), secret);
			expectNoToken(JSON.stringify(error), secret);
			expectNoToken(JSON.stringify(run), secret);
		},
	);
});
