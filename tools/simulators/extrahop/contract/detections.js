// @ts-check
'use strict';
/**
 * ExtraHop's contract for detections, from `extrahop-rest-api/references/detections.md` in
 * ExtraHop/agent-skills (generated from the RevealX 360 swagger 26.3). Format: README.md here.
 * Every field, type, enum and "(required)" below is the spec's; where the spec is silent or
 * ambiguous, the entry says so in `notes` (and, when it matters, offers a reading switch).
 */

const STATUS = ['new', 'in_progress', 'closed', 'acknowledged'];
const RESOLUTION = ['action_taken', 'no_action_taken'];
const ID = { id: { type: 'integer', description: 'The unique identifier for the detection.' } };

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/detections.md',
	root: '/api/v1',
	endpoints: [
		{
			method: 'GET',
			path: '/detections/formats',
			section: 'Detections › GET /detections/formats',
			operationId: 'getAllAssignedDetectionsFormats',
			status: 200,
		},
		{
			method: 'POST',
			path: '/detections/search',
			section: 'Detections › POST /detections/search',
			operationId: 'createDetectionsSearch',
			status: 200,
			body: {
				type: 'object',
				additionalProperties: false,
				properties: {
					create_time: { type: 'integer' },
					filter: {
						type: 'object',
						additionalProperties: false,
						properties: {
							assignee: { type: 'array', items: { type: 'string' } },
							categories: { type: 'array', items: { type: 'string' } },
							category: {
								type: 'string',
								description: 'Deprecated. Replaced by the categories field.',
							},
							recommended: { type: 'boolean' },
							resolution: { type: 'array', items: { type: 'string' } },
							risk_score_min: { type: 'integer' },
							status: { type: 'array', items: { type: 'string' } },
							ticket_id: { type: 'array', items: { type: 'string' } },
							types: { type: 'array', items: { type: 'string' } },
						},
					},
					from: { type: 'integer', description: 'occurred after (ongoing detections included)' },
					id_only: { type: 'boolean' },
					limit: { type: 'integer', description: 'default 1000, maximum 20000 (id_only false)' },
					mod_time: {
						type: 'integer',
						description: 'updated after (reading switch modTimeInclusive)',
					},
					offset: { type: 'integer' },
					sort: { type: 'array', items: { type: 'object' } },
					until: { type: 'integer', description: 'ended before' },
					update_time: { type: 'integer' },
					include_activity_log: { type: 'boolean' },
				},
			},
			notes:
				'The spec gives `sort` only as "array of object"; the simulator checks its items as {field, direction: asc|desc}. ' +
				'`mod_time` "updated after": exclusive by the words, inclusive on some firmware? Switch modTimeInclusive (default false).',
		},
		{
			method: 'PATCH',
			path: '/detections/tickets',
			section: 'Detections › PATCH /detections/tickets',
			operationId: 'updateDetectionsTickets',
			status: 204,
			tracking: true,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['ticket_id'],
				properties: {
					assignee: { type: 'string' },
					resolution: { type: 'string', enum: RESOLUTION },
					status: { type: 'string', enum: STATUS },
					ticket_id: { type: 'string' },
				},
			},
		},
		{
			method: 'GET',
			path: '/detections/{id}',
			section: 'Detections › GET /detections/{id}',
			operationId: 'getDetectionsId',
			status: 200,
			params: ID,
			query: { include_activity_log: { type: 'boolean' } },
		},
		{
			method: 'PATCH',
			path: '/detections/{id}',
			section: 'Detections › PATCH /detections/{id}',
			operationId: 'updateDetectionsId',
			status: 204,
			params: ID,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['ticket_id'],
				properties: {
					assignee: { type: 'string', nullable: true },
					participants: { type: 'array', items: { type: 'object' } },
					resolution: { type: 'string', enum: RESOLUTION, nullable: true },
					status: { type: 'string', enum: STATUS, nullable: true },
					ticket_id: { type: 'string', nullable: true },
				},
			},
			readings: [{ switch: 'patchRequiresTicketId', when: false, notRequired: ['ticket_id'] }],
			notes:
				'The spec marks ticket_id "(required)" on this PATCH; whether appliances enforce it is unverified: switch ' +
				'patchRequiresTicketId (default true, the spec). "If the value is null, the status displayed in the ExtraHop system ' +
				'is Open": status is nullable; resolution, assignee and ticket_id are taken as nullable too (a detection holds null in each).',
		},
		{
			method: 'GET',
			path: '/detections/{id}/notes',
			section: 'Detections › GET /detections/{id}/notes',
			operationId: 'getDetectionsIdNotes',
			status: 200,
			tracking: true,
			params: ID,
		},
		{
			method: 'PUT',
			path: '/detections/{id}/notes',
			section: 'Detections › PUT /detections/{id}/notes',
			operationId: 'replaceDetectionsIdNotes',
			status: 204,
			tracking: true,
			params: ID,
			body: {
				type: 'object',
				additionalProperties: false,
				properties: { note: { type: 'string' } },
			},
		},
		{
			method: 'DELETE',
			path: '/detections/{id}/notes',
			section: 'Detections › DELETE /detections/{id}/notes',
			operationId: 'deleteDetectionsIdNotes',
			status: 204,
			tracking: true,
			params: ID,
		},
	],
};
