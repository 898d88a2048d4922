// @ts-check
'use strict';
/**
 * RevealX 360's token endpoint. Not an operation of the references (they are relative to
 * /api/v1); it is given by the client in the same folder, `extrahop-rest-api/scripts/extrahop_client.py`
 * (`_fetch_token`): POST https://<tenant>.api.cloud.extrahop.com/oauth2/token, HTTP Basic with the
 * client ID and secret, form body `grant_type=client_credentials`, answer `{access_token, expires_in}`.
 */

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/scripts/extrahop_client.py',
	root: '',
	endpoints: [
		{
			method: 'POST',
			path: '/oauth2/token',
			section: 'ExtraHopClient._fetch_token (OAuth2 client credentials)',
			status: 200,
			auth: 'none',
			contentType: 'application/x-www-form-urlencoded',
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['grant_type'],
				properties: { grant_type: { type: 'string', enum: ['client_credentials'] } },
			},
			notes:
				'The client authenticates with HTTP Basic (client ID and secret), not with fields in the body.',
		},
	],
};
