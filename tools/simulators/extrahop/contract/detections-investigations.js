// @ts-check
'use strict';
/**
 * The part of `extrahop-rest-api/references/detections.md` (ExtraHop/agent-skills, RevealX 360
 * swagger 26.3) beyond ticket tracking: investigations, related detections and tuning rules
 * (`/detections/rules/hiding`). detections.js holds the rest of that file. Format: README.md.
 */

const ASSESSMENT = [
	'malicious_true_positive',
	'benign_true_positive',
	'false_positive',
	'undecided',
];
const STATUS = ['open', 'in_progress', 'closed'];
const INVESTIGATION_FIELDS = {
	assessment: { type: /** @type {const} */ ('string'), enum: ASSESSMENT },
	assignee: { type: /** @type {const} */ ('string') },
	event_ids: {
		type: /** @type {const} */ ('array'),
		items: { type: /** @type {const} */ ('integer') },
	},
	name: { type: /** @type {const} */ ('string') },
	notes: { type: /** @type {const} */ ('string') },
	status: { type: /** @type {const} */ ('string'), enum: STATUS },
};
/** "Specify a detection_hiding_participant object ..., or specify "Any"". */
const PARTICIPANT = {
	anyOf: [
		{ type: /** @type {const} */ ('string'), enum: ['Any'] },
		{ type: /** @type {const} */ ('object') },
	],
};
const PARTICIPANT_NOTE =
	'offender/victim are typed "object" yet may be the string "Any"; detection_hiding_participant is not spelled out: the simulator takes ' +
	"{object_type: device|device_group, object_id} and {object_type: ipaddr, object_value}, the objects ExtraHop's code-examples/migrate_detection_hiding copies.";
const RULE_ID = {
	id: {
		type: /** @type {const} */ ('integer'),
		description: 'The unique identifier for the tuning rule.',
	},
};

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/detections.md',
	root: '/api/v1',
	endpoints: [
		{
			method: 'GET',
			path: '/detections/{id}/investigations',
			section: 'Detections › GET /detections/{id}/investigations',
			operationId: 'getDetectionsIdInvestigations',
			status: 200,
			params: { id: { type: 'integer' } },
			notes:
				'The spec says the answer is "A single Detections object", an evident generator slip for "all investigations that a specific detection is in": the simulator answers an array of investigations.',
		},
		{
			method: 'GET',
			path: '/detections/{id}/related',
			section: 'Detections › GET /detections/{id}/related',
			operationId: 'getDetectionsIdRelated',
			status: 200,
			params: { id: { type: 'integer' } },
			query: {
				from: { type: 'integer', required: true },
				until: { type: 'integer', required: true },
			},
			notes:
				'Answer typed "A single Detections object" in the spec; the simulator answers an array of detections sharing a participant within [from, until].',
		},
		{
			method: 'GET',
			path: '/detections/rules/hiding',
			section: 'Detections › GET /detections/rules/hiding',
			operationId: 'getAllAssignedDetectionsRulesHiding',
			status: 200,
		},
		{
			method: 'POST',
			path: '/detections/rules/hiding',
			section: 'Detections › POST /detections/rules/hiding',
			operationId: 'createDetectionsRulesHiding',
			status: 201,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['expiration', 'offender', 'victim'],
				properties: {
					description: { type: 'string' },
					detection_type: {
						type: 'string',
						description: 'Deprecated. Replaced by the detection_types field.',
					},
					detection_types: { type: 'array', items: { type: 'string' } },
					expiration: {
						type: 'integer',
						nullable: true,
						description: 'ms since the epoch; null or 0: never',
					},
					offender: PARTICIPANT,
					properties: { type: 'array', items: { type: 'object' } },
					victim: PARTICIPANT,
				},
			},
			notes: PARTICIPANT_NOTE,
		},
		{
			method: 'GET',
			path: '/detections/rules/hiding/{id}',
			section: 'Detections › GET /detections/rules/hiding/{id}',
			operationId: 'getDetectionsRulesHidingId',
			status: 200,
			params: RULE_ID,
		},
		{
			method: 'PATCH',
			path: '/detections/rules/hiding/{id}',
			section: 'Detections › PATCH /detections/rules/hiding/{id}',
			operationId: 'updateDetectionsRulesHidingId',
			status: 204,
			params: RULE_ID,
			body: {
				type: 'object',
				additionalProperties: false,
				properties: {
					description: { type: 'string' },
					enabled: { type: 'boolean' },
					expiration: { type: 'integer', nullable: true },
					offender: PARTICIPANT,
					properties: { type: 'array', items: { type: 'object' } },
					victim: PARTICIPANT,
				},
			},
			notes: PARTICIPANT_NOTE,
		},
		{
			method: 'DELETE',
			path: '/detections/rules/hiding/{id}',
			section: 'Detections › DELETE /detections/rules/hiding/{id}',
			operationId: 'deleteDetectionsRulesHidingId',
			status: 204,
			params: RULE_ID,
		},
		{
			method: 'GET',
			path: '/investigations',
			section: 'Investigations › GET /investigations',
			operationId: 'getAllAssignedInvestigations',
			status: 200,
		},
		{
			method: 'POST',
			path: '/investigations',
			section: 'Investigations › POST /investigations',
			operationId: 'createInvestigations',
			status: 201,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['name'],
				properties: INVESTIGATION_FIELDS,
			},
			notes:
				"The spec gives no success status: 201 with Location, as its other creates. The Investigations object's fields are not listed: the simulator answers the writable fields plus id, detections (IDs), times, created_by, is_user_created.",
		},
		{
			method: 'POST',
			path: '/investigations/search',
			section: 'Investigations › POST /investigations/search',
			operationId: 'createInvestigationsSearch',
			status: 200,
			body: {
				type: 'object',
				additionalProperties: false,
				properties: {
					creation_time: { type: 'integer' },
					is_user_created: { type: 'boolean' },
					update_time: { type: 'integer' },
				},
			},
			notes:
				'No success status or answer in the spec: an array of investigations, as GET /investigations.',
		},
		{
			method: 'GET',
			path: '/investigations/{id}',
			section: 'Investigations › GET /investigations/{id}',
			operationId: 'getInvestigationsId',
			status: 200,
			params: { id: { type: 'integer' } },
		},
		{
			method: 'PATCH',
			path: '/investigations/{id}',
			section: 'Investigations › PATCH /investigations/{id}',
			operationId: 'updateInvestigationsId',
			status: 204,
			params: { id: { type: 'integer' } },
			body: { type: 'object', additionalProperties: false, properties: INVESTIGATION_FIELDS },
			notes: 'event_ids replaces the list (the spec says so): there is no "add".',
		},
		{
			method: 'DELETE',
			path: '/investigations/{id}',
			section: 'Investigations › DELETE /investigations/{id}',
			operationId: 'deleteInvestigationsId',
			status: 204,
			params: { id: { type: 'integer' } },
		},
	],
};
