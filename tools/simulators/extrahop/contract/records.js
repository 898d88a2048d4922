// @ts-check
'use strict';
/**
 * ExtraHop's contract for packet search, from `extrahop-rest-api/references/records.md`
 * ("Packet Search") in ExtraHop/agent-skills (RevealX 360 swagger 26.3). Format: README.md.
 */

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/records.md',
	root: '/api/v1',
	endpoints: [
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
