// @ts-check
'use strict';
/**
 * ExtraHop's contract for record search ("Record Log") and packet search ("Packet Search"), from
 * `extrahop-rest-api/references/records.md` in ExtraHop/agent-skills (RevealX 360 swagger 26.3).
 * Format: README.md.
 */

/**
 * "expressed in milliseconds since the epoch. A negative value specifies ... a time in the past
 * relative to the current time ... other units can be specified with a unit suffix": typed "object"
 * by the spec, taken as an integer or a string.
 */
const TIME = {
	anyOf: [{ type: /** @type {const} */ ('integer') }, { type: /** @type {const} */ ('string') }],
};

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/records.md',
	root: '/api/v1',
	endpoints: [
		// ---- Record Log ------------------------------------------------------------------------
		{
			method: 'POST',
			path: '/records/search',
			section: 'Record Log › POST /records/search',
			operationId: 'createRecordsSearch',
			status: 200,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['from'],
				properties: {
					context_ttl: { type: 'integer' },
					eql: { type: 'string' },
					filter: { type: 'object' },
					from: TIME,
					limit: { type: 'integer', maximum: 10000 },
					offset: { type: 'integer' },
					sort: {
						type: 'array',
						items: {
							type: 'object',
							additionalProperties: false,
							required: ['field'],
							properties: {
								field: { type: 'string' },
								direction: { type: 'string', enum: ['asc', 'desc'] },
							},
						},
					},
					aggregations: {
						type: 'object',
						required: ['fields'],
						properties: { fields: { type: 'array', items: { type: 'string' } } },
					},
					types: { type: 'array', items: { type: 'string' } },
					until: TIME,
				},
			},
			notes:
				'`filter` is only "object" ("defined under the filter section below", a section the markdown leaves out): the simulator checks it as ' +
				"ExtraHop's MCP tools document it ({field, operator, operand} or {operator: and|or|not, rules}, operands as strings). " +
				'`sort` items ("sort_item section below", also left out) are taken as {field, direction}. `context_ttl` is typed integer ' +
				'although its description allows unit suffixes: milliseconds are sent. Paging (offset or cursor) is reading switch recordPaging.',
		},
		{
			method: 'POST',
			path: '/records/cursor',
			section: 'Record Log › POST /records/cursor',
			operationId: 'createRecordsCursor',
			status: 200,
			query: { context_ttl: { type: 'integer' } },
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['cursor'],
				properties: { cursor: { type: 'string' } },
			},
		},
		{
			method: 'GET',
			path: '/records/formats',
			section: 'Record Log › GET /records/formats',
			operationId: 'getRecordsFormats',
			status: 200,
		},
		// ---- Packet Search ---------------------------------------------------------------------
		{
			method: 'POST',
			path: '/packets/search',
			section: 'Packet Search › POST /packets/search',
			operationId: 'createPacketsSearch',
			status: 200,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['from'],
				properties: {
					always_return_body: { type: 'boolean' },
					bpf: { type: 'string' },
					decrypt_files: { type: 'boolean' },
					from: { type: 'string' },
					include_secrets: { type: 'boolean' },
					ip1: { type: 'string' },
					ip2: { type: 'string' },
					limit_bytes: { type: 'string' },
					limit_search_duration: { type: 'string' },
					output: { type: 'string', enum: ['pcap', 'keylog_txt', 'pcapng', 'zip', 'extract'] },
					port1: { type: 'string' },
					port2: { type: 'string' },
					until: { type: 'string' },
				},
			},
			notes:
				'Answers the file (200) or, with always_return_body false and nothing matched, 204 without a body (the spec\'s words). The simulator produces output "pcap" only.',
		},
	],
};
