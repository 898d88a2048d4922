// @ts-check
'use strict';
/**
 * ExtraHop's contract for devices, tags and the watchlist, from
 * `extrahop-rest-api/references/devices.md` in ExtraHop/agent-skills (RevealX 360 swagger 26.3).
 * Only the operations the nodes use or the simulator serves are transcribed. Format: README.md.
 */

const ID = (/** @type {string} */ what) => ({
	id: {
		type: /** @type {const} */ ('integer'),
		description: `The unique identifier for the ${what}.`,
	},
});
const CHILD = (/** @type {string} */ what) => ({
	'child-id': {
		type: /** @type {const} */ ('integer'),
		description: `The unique identifier for the ${what}.`,
	},
});
/** The spec's `assignment` schema ("see swagger spec for full definition"): ids to assign and unassign. */
const ASSIGNMENT = {
	type: /** @type {const} */ ('object'),
	additionalProperties: false,
	properties: {
		assign: {
			type: /** @type {const} */ ('array'),
			items: { type: /** @type {const} */ ('integer') },
		},
		unassign: {
			type: /** @type {const} */ ('array'),
			items: { type: /** @type {const} */ ('integer') },
		},
	},
};
const ASSIGNMENT_NOTE =
	"The markdown names the body schema `assignment` without its fields; the swagger definition (and the body XSOAR's ExtraHop v2 integration sends) is {assign: [ids], unassign: [ids]}.";
/** "0 indicates the time of the request. A negative value is evaluated relative to the current time", with unit suffixes. */
const TIME = {
	anyOf: [{ type: /** @type {const} */ ('integer') }, { type: /** @type {const} */ ('string') }],
};

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/devices.md',
	root: '/api/v1',
	endpoints: [
		{
			method: 'POST',
			path: '/devices/search',
			section: 'Device › POST /devices/search',
			operationId: 'createDevicesSearch',
			status: 200,
			body: {
				type: 'object',
				additionalProperties: false,
				properties: {
					active_from: TIME,
					active_until: TIME,
					filter: { type: 'object' },
					limit: { type: 'integer' },
					offset: { type: 'integer' },
					result_fields: { type: 'array', items: { type: 'string' } },
				},
			},
			notes:
				'The spec types active_from/active_until as "object" (milliseconds, or relative with a unit suffix): accepted as integer or string. ' +
				'`filter` is only "object": the simulator checks it as ExtraHop\'s REST API guide describes ({field, operator, operand} or {operator: and|or, rules}).',
		},
		{
			method: 'GET',
			path: '/devices/{id}',
			section: 'Device › GET /devices/{id}',
			operationId: 'getDevicesId',
			status: 200,
			params: ID('device'),
		},
		{
			method: 'GET',
			path: '/devices/{id}/tags',
			section: 'Device › GET /devices/{id}/tags',
			operationId: 'getAllAssignedDevicesIdTags',
			status: 200,
			params: ID('device'),
		},
		{
			method: 'GET',
			path: '/devicegroups',
			section: 'Device Group › GET /devicegroups',
			operationId: 'getAllAssignedDevicegroups',
			status: 200,
			query: {
				since: { type: 'integer' },
				all: { type: 'boolean' },
				name: { type: 'string' },
				type: { type: 'string', enum: ['user_created', 'built_in', 'all'] },
			},
			notes:
				'`since` is typed "?" (milliseconds since the epoch): integer. `name` is a regular expression on the name.',
		},
		{
			method: 'GET',
			path: '/devicegroups/{id}',
			section: 'Device Group › GET /devicegroups/{id}',
			operationId: 'getDevicegroupsId',
			status: 200,
			params: ID('device group'),
		},
		{
			method: 'GET',
			path: '/devicegroups/{id}/devices',
			section: 'Device Group › GET /devicegroups/{id}/devices',
			operationId: 'getAllAssignedDevicegroupsIdDevices',
			status: 200,
			params: ID('device group'),
			query: {
				active_from: TIME,
				active_until: TIME,
				limit: { type: 'integer' },
				offset: { type: 'integer' },
			},
		},
		{
			method: 'POST',
			path: '/devicegroups/{id}/devices',
			section: 'Device Group › POST /devicegroups/{id}/devices',
			operationId: 'manageAssignmentsDevicegroupsIdDevices',
			status: 204,
			params: ID('device group'),
			body: ASSIGNMENT,
			notes: `${ASSIGNMENT_NOTE} The spec: "Assign and unassign devices to a specific static device group"; the simulator refuses a dynamic group with 400 (the spec does not say how an appliance answers).`,
		},
		{
			method: 'GET',
			path: '/customdevices',
			section: 'Custom Device › GET /customdevices',
			operationId: 'getAllAssignedCustomdevices',
			status: 200,
			query: { include_criteria: { type: 'boolean' } },
		},
		{
			method: 'POST',
			path: '/customdevices',
			section: 'Custom Device › POST /customdevices',
			operationId: 'createCustomdevices',
			status: 201,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['disabled', 'name'],
				properties: {
					author: { type: 'string' },
					criteria: { type: 'array', items: { type: 'object' } },
					description: { type: 'string' },
					disabled: { type: 'boolean' },
					extrahop_id: { type: 'string' },
					name: { type: 'string' },
				},
			},
			notes:
				"CustomDeviceCriterion is named without its fields: items stay open objects. The simulator reads `ipaddr` (an IP or CIDR), the field ExtraHop's REST guide shows; unverified.",
		},
		{
			method: 'DELETE',
			path: '/customdevices/{id}',
			section: 'Custom Device › DELETE /customdevices/{id}',
			operationId: 'deleteCustomdevicesId',
			status: 204,
			params: ID('custom device'),
		},
		{
			method: 'GET',
			path: '/customdevices/{id}',
			section: 'Custom Device › GET /customdevices/{id}',
			operationId: 'getCustomdevicesId',
			status: 200,
			params: ID('custom device'),
			query: { include_criteria: { type: 'boolean' } },
		},
		{
			method: 'GET',
			path: '/tags',
			section: 'Tag › GET /tags',
			operationId: 'getAllAssignedTags',
			status: 200,
		},
		{
			method: 'POST',
			path: '/tags',
			section: 'Tag › POST /tags',
			operationId: 'createTags',
			status: 201,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['name'],
				properties: { name: { type: 'string' } },
			},
			notes: 'The spec gives no success status: 201 with Location, as its other creates.',
		},
		{
			method: 'GET',
			path: '/tags/{id}',
			section: 'Tag › GET /tags/{id}',
			operationId: 'getTagsId',
			status: 200,
			params: ID('tag'),
		},
		{
			method: 'PATCH',
			path: '/tags/{id}',
			section: 'Tag › PATCH /tags/{id}',
			operationId: 'updateTagsId',
			status: 204,
			params: ID('tag'),
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['name'],
				properties: { name: { type: 'string' } },
			},
		},
		{
			method: 'DELETE',
			path: '/tags/{id}',
			section: 'Tag › DELETE /tags/{id}',
			operationId: 'deleteTagsId',
			status: 204,
			params: ID('tag'),
		},
		{
			method: 'GET',
			path: '/tags/{id}/devices',
			section: 'Tag › GET /tags/{id}/devices',
			operationId: 'getAllAssignedTagsIdDevices',
			status: 200,
			params: ID('tag'),
		},
		{
			method: 'POST',
			path: '/tags/{id}/devices',
			section: 'Tag › POST /tags/{id}/devices',
			operationId: 'manageAssignmentsTagsIdDevices',
			status: 204,
			params: ID('tag'),
			body: ASSIGNMENT,
			notes: ASSIGNMENT_NOTE,
		},
		{
			method: 'POST',
			path: '/tags/{id}/devices/{child-id}',
			section: 'Tag › POST /tags/{id}/devices/{child-id}',
			operationId: 'assignTagsIdDevicesChildId',
			status: 204,
			params: { ...ID('tag'), ...CHILD('device') },
		},
		{
			method: 'DELETE',
			path: '/tags/{id}/devices/{child-id}',
			section: 'Tag › DELETE /tags/{id}/devices/{child-id}',
			operationId: 'unassignTagsIdDevicesChildId',
			status: 204,
			params: { ...ID('tag'), ...CHILD('device') },
		},
		{
			method: 'GET',
			path: '/watchlist/devices',
			section: 'Watchlist › GET /watchlist/devices',
			operationId: 'getAllAssignedWatchlistDevices',
			status: 200,
		},
		{
			method: 'POST',
			path: '/watchlist/devices',
			section: 'Watchlist › POST /watchlist/devices',
			operationId: 'manageAssignmentsWatchlistDevices',
			status: 204,
			body: ASSIGNMENT,
			notes: `${ASSIGNMENT_NOTE} The spec gives no success status: 204, as the other assignment operations.`,
		},
		{
			method: 'POST',
			path: '/watchlist/device/{id}',
			section: 'Watchlist › POST /watchlist/device/{id}',
			operationId: 'assignWatchlistDeviceId',
			status: 204,
			params: ID('device'),
			notes: 'No success status in the spec: 204.',
		},
		{
			method: 'DELETE',
			path: '/watchlist/device/{id}',
			section: 'Watchlist › DELETE /watchlist/device/{id}',
			operationId: 'unassignWatchlistDeviceId',
			status: 204,
			params: ID('device'),
			notes: 'No success status in the spec: 204.',
		},
	],
};
