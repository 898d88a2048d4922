// @ts-check
'use strict';
/**
 * ExtraHop's contract for alert rules, from `extrahop-rest-api/references/alerts-triggers.md` in
 * ExtraHop/agent-skills (RevealX 360 swagger 26.3), section "Alert". Format: README.md here.
 */

const ID = { id: { type: 'integer', description: 'The unique identifier for the alert.' } };

/** The Alert body of POST and PATCH: the same fields, the same three required. */
const ALERT = {
	type: 'object',
	additionalProperties: false,
	required: ['apply_all', 'name', 'type'],
	properties: {
		apply_all: { type: 'boolean' },
		author: { type: 'string' },
		categories: { type: 'array', items: { type: 'string' } },
		cc: { type: 'array', items: { type: 'string' } },
		description: { type: 'string' },
		disabled: { type: 'boolean' },
		field_name: { type: 'string' },
		field_name2: { type: 'string' },
		field_op: { type: 'string', enum: ['/'], nullable: true },
		interval_length: { type: 'integer', enum: [30, 60, 120, 300, 600, 900, 1200, 1800] },
		name: { type: 'string' },
		notify_snmp: { type: 'boolean' },
		object_type: { type: 'string', enum: ['application', 'device'] },
		operand: { type: 'string' },
		operator: { type: 'string', enum: ['==', '>', '<', '>=', '<='] },
		param: { type: 'object' },
		param2: { type: 'object' },
		protocols: { type: 'array', items: { type: 'string' } },
		refire_interval: { type: 'integer', enum: [300, 600, 900, 1800, 3600, 7200, 14400] },
		severity: { type: 'integer', enum: [0, 1, 2, 3, 4, 5, 6, 7] },
		stat_name: { type: 'string' },
		type: { type: 'string', enum: ['threshold'] },
		units: { type: 'string', enum: ['none', 'period', '1 sec', '1 min', '1 hr'] },
	},
};

/** The spec's `assignment` schema ("see swagger spec"): ids to assign and unassign. */
const ASSIGNMENT = {
	type: 'object',
	additionalProperties: false,
	properties: {
		assign: { type: 'array', items: { type: 'integer' } },
		unassign: { type: 'array', items: { type: 'integer' } },
	},
};
const ASSIGNMENT_NOTE =
	'The markdown names the body schema `assignment` without its fields; the swagger definition is {assign: [ids], unassign: [ids]}.';

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/alerts-triggers.md',
	root: '/api/v1',
	endpoints: [
		{
			method: 'GET',
			path: '/alerts',
			section: 'Alert › GET /alerts',
			operationId: 'getAllAssignedAlerts',
			status: 200,
		},
		{
			method: 'POST',
			path: '/alerts',
			section: 'Alert › POST /alerts',
			operationId: 'createAlerts',
			status: 201,
			body: ALERT,
			notes:
				'The spec types interval_length, refire_interval and severity as enums of numbers: integers. 201 without a body; the new id in Location (unverified: the reference gives no headers).',
		},
		{
			method: 'GET',
			path: '/alerts/{id}',
			section: 'Alert › GET /alerts/{id}',
			operationId: 'getAlertsId',
			status: 200,
			params: ID,
		},
		{
			method: 'PATCH',
			path: '/alerts/{id}',
			section: 'Alert › PATCH /alerts/{id}',
			operationId: 'updateAlertsId',
			status: 204,
			params: ID,
			body: ALERT,
			notes: 'The spec requires apply_all, name and type on PATCH too.',
		},
		{
			method: 'DELETE',
			path: '/alerts/{id}',
			section: 'Alert › DELETE /alerts/{id}',
			operationId: 'deleteAlertsId',
			status: 204,
			params: ID,
		},
		{
			method: 'POST',
			path: '/alerts/{id}/devices',
			section: 'Alert › POST /alerts/{id}/devices',
			operationId: 'manageAssignmentsAlertsIdDevices',
			status: 204,
			params: ID,
			body: ASSIGNMENT,
			notes: ASSIGNMENT_NOTE,
		},
		{
			method: 'POST',
			path: '/alerts/{id}/devicegroups',
			section: 'Alert › POST /alerts/{id}/devicegroups',
			operationId: 'manageAssignmentsAlertsIdDevicegroups',
			status: 204,
			params: ID,
			body: ASSIGNMENT,
			notes: ASSIGNMENT_NOTE,
		},
	],
};
