import {
	apiRequests,
	createIncidentNode,
	logMuleCredentialData,
	startLogMule,
	type LogMuleSetup,
} from '../helpers/logmule';

let h: LogMuleSetup;
beforeEach(async () => {
	h = await startLogMule({ tls: true });
});
afterEach(async () => {
	await h.sim.stop();
});

describe('TLS', () => {
	it("refuses the simulator's self-signed certificate unless the credential allows it", async () => {
		expect(h.apiRoot).toMatch(/^https:\/\/localhost:\d+\/cruddy\/v2$/);
		const result = h.sim.createResult({});
		let caught: { message: string; description?: string } | undefined;
		try {
			await h.engine.runNode(createIncidentNode({ resultId: result.id }));
		} catch (error) {
			caught = error as typeof caught;
		}
		expect(caught?.message).toMatch(
			/^The TLS certificate of localhost:\d+ is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)$/,
		);
		expect(caught?.description).toContain('Ignore SSL Issues');
		// The handshake failed: no HTTP request reached LogMule, and it was not retried.
		expect(apiRequests(h.sim)).toHaveLength(0);
		expect(h.sim.incidents()).toHaveLength(0);
	});

	it('accepts it with "Ignore SSL Issues" on', async () => {
		h.engine.addCredential('lm', logMuleCredentialData(h.sim, { allowUnauthorizedCerts: true }));
		const result = h.sim.createResult({});
		const out = await h.engine.runNode(createIncidentNode({ resultId: result.id }));
		expect(out[0].json.outcome).toBe('new');
		expect(out[0].json.id).toBe(h.sim.incidents()[0].id);
	});
});
