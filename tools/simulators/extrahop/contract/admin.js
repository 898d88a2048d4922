// @ts-check
'use strict';
/**
 * ExtraHop's contract for the admin operations the package uses, from
 * `extrahop-rest-api/references/admin.md` in ExtraHop/agent-skills (RevealX 360 swagger 26.3):
 * HTTP Open Data Stream targets (the webhook trigger's automatic registration), the appliance
 * metadata the credential tests read, and the ticket tracking status. Format: README.md here.
 */

const NAME = { name: { type: 'string', description: 'The name of the target.' } };

/** `authentication` of an HTTP ODS target: every field the spec lists, auth_type required. */
const AUTHENTICATION = {
	type: 'object',
	additionalProperties: false,
	required: ['auth_type'],
	properties: {
		access_key: { type: 'string' },
		auth_type: {
			type: 'string',
			enum: ['none', 'basic', 'aws', 'azure_storage', 'azure_ad', 'crowdstrike'],
		},
		client_id: { type: 'string' },
		client_secret: { type: 'string' },
		grant_type: { type: 'string', enum: ['client', 'resource_owner'] },
		password: { type: 'string' },
		region: { type: 'string' },
		resource: { type: 'string' },
		secret_key: { type: 'string' },
		service: { type: 'string' },
		token_endpoint: { type: 'string' },
		username: { type: 'string' },
	},
};

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/admin.md',
	root: '/api/v1',
	endpoints: [
		{
			method: 'GET',
			path: '/odstargets/http',
			section: 'Open Data Stream › GET /odstargets/http',
			operationId: 'getAllAssignedOdstargetsHttp',
			status: 200,
		},
		{
			method: 'POST',
			path: '/odstargets/http',
			section: 'Open Data Stream › POST /odstargets/http',
			operationId: 'createOdstargetsHttp',
			status: 201,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['authentication', 'host', 'name', 'pipeline', 'port', 'protocol'],
				properties: {
					additional_header: { type: 'string', description: 'one "<key>:<value>" header' },
					authentication: AUTHENTICATION,
					host: { type: 'string' },
					name: { type: 'string' },
					pipeline: { type: 'boolean' },
					port: { type: 'integer' },
					protocol: { type: 'string', enum: ['http', 'https'] },
					skip_cert_verification: { type: 'boolean' },
				},
			},
			notes:
				'Answers 201 without a body; the target is then addressed by its name. There is no PATCH: an update is DELETE + POST.',
		},
		{
			method: 'GET',
			path: '/odstargets/http/{name}',
			section: 'Open Data Stream › GET /odstargets/http/{name}',
			operationId: 'getOdstargetsHttpName',
			status: 200,
			params: NAME,
		},
		{
			method: 'DELETE',
			path: '/odstargets/http/{name}',
			section: 'Open Data Stream › DELETE /odstargets/http/{name}',
			operationId: 'deleteOdstargetsHttpName',
			status: 204,
			params: NAME,
		},
		{
			method: 'GET',
			path: '/extrahop',
			section: 'ExtraHop › GET /extrahop',
			operationId: 'getExtrahop',
			status: 200,
		},
		{
			method: 'GET',
			path: '/extrahop/ticketing',
			section: 'ExtraHop › GET /extrahop/ticketing',
			operationId: 'getExtrahopTicketing',
			status: 200,
			notes:
				'Answers a ticket_tracking_parameters object, whose fields the reference does not list ("see swagger spec"). ' +
				'The simulator answers {"enabled": <bool>} and the nodes read only `enabled` (unverified on a real appliance).',
		},
	],
};
