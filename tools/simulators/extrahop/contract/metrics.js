// @ts-check
'use strict';
/**
 * ExtraHop's contract for metric queries ("Metrics") and topology queries ("Activity Map"), from
 * `extrahop-rest-api/references/metrics.md` in ExtraHop/agent-skills (RevealX 360 swagger 26.3).
 * Only the operations the nodes use are transcribed. Format: README.md.
 */

/** Epoch milliseconds, or negative / suffixed relative times: typed "object" by the spec. */
const TIME = {
	anyOf: [{ type: /** @type {const} */ ('integer') }, { type: /** @type {const} */ ('string') }],
};

/**
 * The spec's `metric_query` ("see swagger spec for full definition"): the fields below are the
 * ones Cortex XSOAR's ExtraHop v2 integration accepts and sends (its VALID_METRICS_KEYS, VALID_CYCLES,
 * VALID_OBJECT_TYPES) and Splunk SOAR's connector asks for.
 */
const METRIC_QUERY = {
	type: /** @type {const} */ ('object'),
	additionalProperties: false,
	required: ['cycle', 'from', 'metric_category', 'metric_specs', 'object_ids', 'object_type'],
	properties: {
		cycle: {
			type: /** @type {const} */ ('string'),
			enum: ['auto', '1sec', '30sec', '5min', '1hr', '24hr'],
		},
		from: TIME,
		until: TIME,
		metric_category: { type: /** @type {const} */ ('string') },
		metric_specs: {
			type: /** @type {const} */ ('array'),
			items: {
				type: /** @type {const} */ ('object'),
				additionalProperties: false,
				required: ['name'],
				properties: {
					name: { type: /** @type {const} */ ('string') },
					key1: { type: /** @type {const} */ ('string') },
					key2: { type: /** @type {const} */ ('string') },
					calc_type: { type: /** @type {const} */ ('string') },
					percentiles: {
						type: /** @type {const} */ ('array'),
						items: { type: /** @type {const} */ ('number') },
					},
				},
			},
		},
		object_ids: {
			type: /** @type {const} */ ('array'),
			items: { type: /** @type {const} */ ('integer') },
		},
		object_type: {
			type: /** @type {const} */ ('string'),
			enum: ['device', 'network', 'application', 'vlan', 'device_group', 'system'],
		},
	},
};
const METRIC_QUERY_NOTE =
	'The markdown names the body schema `metric_query` without its fields; they are taken from the bodies XSOAR ExtraHop v2 ' +
	'validates and sends (cycle, from, until, metric_category, metric_specs, object_ids, object_type). metric_specs items: ' +
	'{name, key1, key2, calc_type, percentiles}. The answer (metric_response) is not described either: its shape on a sensor, ' +
	'on a console, and the deferred {xid, num_results} form are reading switch metricResponseShape.';

/** @type {import('./index').ContractModule} */
module.exports = {
	spec: 'extrahop-rest-api/references/metrics.md',
	root: '/api/v1',
	endpoints: [
		{
			method: 'POST',
			path: '/metrics',
			section: 'Metrics › POST /metrics',
			operationId: 'createMetrics',
			status: 200,
			body: METRIC_QUERY,
			notes: METRIC_QUERY_NOTE,
		},
		{
			method: 'GET',
			path: '/metrics/next/{xid}',
			section: 'Metrics › GET /metrics/next/{xid}',
			operationId: 'getMetricsNextXid',
			status: 200,
			params: {
				xid: {
					type: 'integer',
					description: 'The unique identifier returned by a metric query.',
				},
			},
			notes:
				'"A single metric object. If metrics are not yet available from the attached sensor, the string "again" is returned."',
		},
		{
			method: 'POST',
			path: '/metrics/total',
			section: 'Metrics › POST /metrics/total',
			operationId: 'createMetricsTotal',
			status: 200,
			body: METRIC_QUERY,
			notes: METRIC_QUERY_NOTE,
		},
		{
			method: 'POST',
			path: '/metrics/totalbyobject',
			section: 'Metrics › POST /metrics/totalbyobject',
			operationId: 'createMetricsTotalbyobject',
			status: 200,
			body: METRIC_QUERY,
			notes: METRIC_QUERY_NOTE,
		},
		{
			method: 'POST',
			path: '/activitymaps/query',
			section: 'Activity Map › POST /activitymaps/query',
			operationId: 'createActivitymapsQuery',
			status: 200,
			body: {
				type: 'object',
				additionalProperties: false,
				required: ['from', 'walks'],
				properties: {
					edge_annotations: { type: 'array', items: { type: 'string' } },
					from: TIME,
					until: TIME,
					walks: { type: 'array', items: { type: 'object' } },
					weighting: { type: 'string', enum: ['bytes', 'connections', 'turns'] },
				},
			},
			notes:
				'`walks` is only "array of object" (a walk begins with origin devices and expands through steps): the simulator checks ' +
				"each as ExtraHop's REST API guide and XSOAR ExtraHop v2 build one: {origins: [{object_type, object_id}], steps: " +
				'[{relationships: [{protocol, role}]}]}. The topology_response is not described: edges {from, to, weight, annotations: ' +
				'{protocols: [{protocol: [stack], weight}]}} as XSOAR reads it; whether edges name object IDs or node indices is reading ' +
				'switch activityMapNodes.',
		},
	],
};
