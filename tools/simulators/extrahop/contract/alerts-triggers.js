// @ts-check
'use strict';
/**
 * ExtraHop's contract for triggers, from `extrahop-rest-api/references/alerts-triggers.md` in
 * ExtraHop/agent-skills (RevealX 360 swagger 26.3), section "Trigger". Format: README.md here.
 */

const ID = { id: { type: 'integer', description: 'The unique identifier for the trigger.' } };

/** The Trigger body of POST and PATCH: the same fields, the same six required. */
const TRIGGER = {
	type: 'object',
	additionalProperties: false,
	required: ['apply_all', 'debug', 'disabled', 'events', 'name', 'script'],
	properties: {
		apply_all: { type: 'boolean' },
		author: { type: 'string' },
		debug: { type: 'boolean' },
		description: { type: 'string' },
		disabled: { type: 'boolean' },
		event: { type: 'string', description: 'Deprecated. Replaced by the events field.' },
		events: { type: 'array', items: { type: 'string' } },
		hints: { type: 'object' },
		name: { type: 'string' },
		script: { type: 'string' },
	},
};

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/alerts-triggers.md',
	root: '/api/v1',
	endpoints: [
		{
			method: 'GET',
			path: '/triggers',
			section: 'Trigger › GET /triggers',
			operationId: 'getAllAssignedTriggers',
			status: 200,
		},
		{
			method: 'POST',
			path: '/triggers',
			section: 'Trigger › POST /triggers',
			operationId: 'createTriggers',
			status: 201,
			body: TRIGGER,
			notes:
				'Answers 201 without a body; the new id is in the Location header (unverified: the reference gives no headers).',
		},
		{
			method: 'GET',
			path: '/triggers/{id}',
			section: 'Trigger › GET /triggers/{id}',
			operationId: 'getTriggersId',
			status: 200,
			params: ID,
		},
		{
			method: 'PATCH',
			path: '/triggers/{id}',
			section: 'Trigger › PATCH /triggers/{id}',
			operationId: 'updateTriggersId',
			status: 204,
			params: ID,
			body: TRIGGER,
		},
		{
			method: 'DELETE',
			path: '/triggers/{id}',
			section: 'Trigger › DELETE /triggers/{id}',
			operationId: 'deleteTriggersId',
			status: 204,
			params: ID,
		},
		{
			method: 'POST',
			path: '/triggers/{id}/devices',
			section: 'Trigger › POST /triggers/{id}/devices',
			operationId: 'manageAssignmentsTriggersIdDevices',
			status: 204,
			params: ID,
			body: { type: 'object' },
			notes:
				'Body schema `assignment` is not listed in the reference ("see swagger spec"): left open.',
		},
	],
};
