import { ExtraHopApi } from '../../credentials/ExtraHopApi.credentials';
import { ExtraHopRevealX360Api } from '../../credentials/ExtraHopRevealX360Api.credentials';
import { ExtraHopWebhookBasicAuthApi } from '../../credentials/ExtraHopWebhookBasicAuthApi.credentials';
import { ExtraHopWebhookSecretApi } from '../../credentials/ExtraHopWebhookSecretApi.credentials';
import { LogMuleApi } from '../../credentials/LogMuleApi.credentials';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
} from 'n8n-workflow';
import axios from 'axios';

import { startExtraHop } from '../helpers/extrahop';

/**
 * n8n's credential list (GET /rest/credentials?includeData=true) blanks every declared password
 * field whose value does not start with "={{", calling string methods on the stored value. A
 * non-string there answers 500 and the Credentials page never loads, for every user.
 */
function redactLikeN8n(type: ICredentialType, data: ICredentialDataDecryptedObject) {
	const copy: Record<string, unknown> = { ...data };
	for (const key of Object.keys(copy)) {
		const property = type.properties.find((p) => p.name === key);
		if (!property?.typeOptions?.password) continue;
		if (!(copy[key] as string).startsWith('={{') || property.noDataExpression)
			copy[key] = '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6';
	}
	return copy;
}

const types: ICredentialType[] = [
	new ExtraHopApi(),
	new ExtraHopRevealX360Api(),
	new ExtraHopWebhookSecretApi(),
	new ExtraHopWebhookBasicAuthApi(),
	new LogMuleApi(),
];

describe('password fields hold strings, so n8n can list credentials', () => {
	it.each(types.map((t) => [t.name, t] as const))(
		'%s: every password field defaults to a string',
		(_name, type) => {
			const passwordFields = type.properties.filter((p) => p.typeOptions?.password);
			expect(passwordFields.length).toBeGreaterThan(0);
			for (const field of passwordFields) expect(typeof field.default).toBe('string');
		},
	);

	it("RevealX 360: what a token exchange stores survives n8n's redaction; an expiry stored by 0.1.0 is no longer read", async () => {
		const h = await startExtraHop();
		try {
			const type = new ExtraHopRevealX360Api();
			const credentials = {
				url: h.url,
				clientId: h.sim.config.clientId,
				clientSecret: h.sim.config.clientSecret,
				allowUnauthorizedCerts: false,
				accessToken: '',
			};
			const helper = {
				helpers: {
					// What n8n's helper does with the options the transport sets (full response, body as a stream).
					httpRequest: async (o: {
						url: string;
						method: string;
						headers: Record<string, string>;
						body: string;
						encoding?: 'stream';
					}) => {
						const r = await axios({
							url: o.url,
							method: o.method,
							headers: o.headers,
							data: o.body,
							responseType: o.encoding,
							maxRedirects: 0,
						});
						return { body: r.data, headers: r.headers, statusCode: r.status };
					},
				},
			} as unknown as IHttpRequestHelper;
			const output = await type.preAuthentication!.call(helper, credentials);
			const saved: ICredentialDataDecryptedObject = { ...credentials, ...output };
			for (const field of type.properties.filter((p) => p.typeOptions?.password)) {
				if (field.name in saved) expect(typeof saved[field.name]).toBe('string');
			}
			expect(Number(saved.accessTokenExpiry)).toBeGreaterThan(Date.now());
			expect(() => redactLikeN8n(type, saved)).not.toThrow();
			// A credential saved by 0.1.0 still holds a number under the old key: no longer declared, never redacted.
			const old = {
				...saved,
				accessTokenExpiresAt: 1767225600000,
			} as ICredentialDataDecryptedObject;
			expect(redactLikeN8n(type, old).accessTokenExpiresAt).toBe(1767225600000);
		} finally {
			await h.sim.stop();
		}
	});
});
