/**
 * What the three metric operations share: their parameters, reading them into a `metric_query`
 * body, and the request. The body's fields (cycle, from, until, metric_category, metric_specs,
 * object_ids, object_type) are those of Cortex XSOAR's ExtraHop v2 integration: ExtraHop's
 * reference names the schema without listing it (metrics.md, "see swagger spec").
 */
import {
	NodeApiError,
	NodeOperationError,
	jsonParse,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { toList } from '../../common/validation';
import { withItemIndex } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { checkWindow, parseQueryTime, timeRangeProperties } from '../helpers/timeRange';
import { collectBlocks, metricItems } from './response';

export const CYCLES = ['auto', '1sec', '30sec', '5min', '1hr', '24hr'];
const CATALOG_HINT =
	"Check the metric category and names in ExtraHop's Metric Catalog (REST API Parameters of each metric): device metrics of a protocol need the _client or _server suffix (ssl_server, dns_client), and a name that does not exist is refused with a bare 400.";

export const metricProperties: INodeProperties[] = [
	{
		displayName: 'Object Type',
		name: 'objectType',
		type: 'options',
		options: [
			{ name: 'Application', value: 'application' },
			{ name: 'Device', value: 'device' },
			{ name: 'Device Group', value: 'device_group' },
			{ name: 'Network', value: 'network' },
			{ name: 'VLAN', value: 'vlan' },
		],
		default: 'device',
	},
	{
		displayName: 'Object IDs',
		name: 'objectIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1900, 1901',
		description:
			'API IDs of the devices, applications, networks, device groups or VLANs, comma-separated',
	},
	{
		displayName: 'Metric Category',
		name: 'metricCategory',
		type: 'string',
		default: 'net',
		required: true,
		placeholder: 'e.g. net, tcp, dns_client, http_server',
		description: "As ExtraHop's Metric Catalog names it under REST API Parameters",
	},
	{
		displayName: 'Metric Names',
		name: 'metricNames',
		type: 'string',
		default: 'bytes_in, bytes_out',
		required: true,
		placeholder: 'e.g. bytes_in, bytes_out',
		description:
			'Metrics of that category, comma-separated (ignored when Metric Specs (JSON) is set)',
	},
	{
		displayName: 'Cycle',
		name: 'cycle',
		type: 'options',
		options: [
			{ name: '1 Hour', value: '1hr' },
			{ name: '1 Second', value: '1sec' },
			{ name: '24 Hours', value: '24hr' },
			{ name: '30 Seconds', value: '30sec' },
			{ name: '5 Minutes', value: '5min' },
			{ name: 'Auto', value: 'auto' },
		],
		default: 'auto',
		description:
			'The roll-up interval of the values. A cycle too coarse for the time range makes ExtraHop answer zeros or nothing, without an error: try 1 Hour for days to weeks.',
	},
	...timeRangeProperties(),
	...returnAllOrLimit,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return each value under its metric name at the top level (top-N values as {key, value} lists) instead of the raw stats entry',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Metric Specs (JSON)',
				name: 'metricSpecs',
				type: 'json',
				default: '[{ "name": "bytes_out" }]',
				description:
					'The metric_specs list itself, for top-N keys and calculations: [{"name", "key1", "key2", "calc_type", "percentiles"}]',
			},
		],
	},
];

export interface MetricQuery {
	body: IDataObject;
	window: { from: number; until: number };
	limit: number;
	simplify: boolean;
}

function objectIds(context: IExecuteFunctions, i: number): number[] {
	const ids = toList(context.getNodeParameter('objectIds', i, ''));
	if (ids.length === 0)
		throw new NodeOperationError(context.getNode(), 'Object IDs is empty', {
			itemIndex: i,
			description: 'Give the API ID of at least one object (the "API ID" on its page in ExtraHop).',
		});
	return [
		...new Set(
			ids.map((raw) => {
				if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
					throw new NodeOperationError(
						context.getNode(),
						`Invalid object ID "${raw.slice(0, 40)}"`,
						{
							itemIndex: i,
							description: 'Object IDs are whole numbers, comma-separated.',
						},
					);
				return Number(raw);
			}),
		),
	];
}

function metricSpecs(context: IExecuteFunctions, i: number): IDataObject[] {
	const node = context.getNode();
	const raw = (context.getNodeParameter('options', i, {}) as IDataObject).metricSpecs;
	if (raw === undefined || raw === '') {
		const names = toList(context.getNodeParameter('metricNames', i, ''));
		if (names.length === 0)
			throw new NodeOperationError(node, 'Metric Names is empty', {
				itemIndex: i,
				description: CATALOG_HINT,
			});
		return [...new Set(names)].map((name) => ({ name }));
	}
	let specs: unknown = raw;
	try {
		if (typeof raw === 'string') specs = jsonParse(raw);
	} catch {
		throw new NodeOperationError(node, 'Metric Specs (JSON) is not valid JSON', { itemIndex: i });
	}
	const allowed = ['name', 'key1', 'key2', 'calc_type', 'percentiles'];
	if (
		!Array.isArray(specs) ||
		specs.length === 0 ||
		!specs.every(
			(s) =>
				s &&
				typeof s === 'object' &&
				typeof (s as IDataObject).name === 'string' &&
				Object.keys(s as IDataObject).every((k) => allowed.includes(k)),
		)
	) {
		throw new NodeOperationError(
			node,
			'Metric Specs (JSON) must be a list of {"name", ...} objects',
			{
				itemIndex: i,
				description: `Each spec has a name and optionally ${allowed.slice(1).join(', ')}.`,
			},
		);
	}
	return specs as IDataObject[];
}

/** Reads and checks one item's parameters into a metric_query body. */
export function prepareMetricQuery(context: IExecuteFunctions, i: number): MetricQuery {
	const node = context.getNode();
	const category = String(context.getNodeParameter('metricCategory', i, '') ?? '').trim();
	if (!/^[a-z0-9_]+$/i.test(category))
		throw new NodeOperationError(node, `Invalid metric category "${category.slice(0, 40)}"`, {
			itemIndex: i,
			description: CATALOG_HINT,
		});
	const cycle = String(context.getNodeParameter('cycle', i, 'auto'));
	if (!CYCLES.includes(cycle))
		throw new NodeOperationError(node, `Invalid cycle "${cycle.slice(0, 20)}"`, {
			itemIndex: i,
			description: `Cycles: ${CYCLES.join(', ')}.`,
		});
	const from = parseQueryTime(node, 'From', context.getNodeParameter('from', i, ''), i);
	const until = parseQueryTime(node, 'Until', context.getNodeParameter('until', i, '0'), i);
	const window = checkWindow(node, from, until, i);
	return {
		body: {
			cycle,
			from: from.api,
			until: until.api,
			metric_category: category,
			metric_specs: metricSpecs(context, i),
			object_ids: objectIds(context, i),
			object_type: String(context.getNodeParameter('objectType', i, 'device')),
		},
		window,
		limit: resultLimitOf(context, i),
		simplify: context.getNodeParameter('simplify', i, false) as boolean,
	};
}

/** POST /metrics, /metrics/total or /metrics/totalbyobject; one item per stats entry. */
export async function runMetricQuery(
	context: IExecuteFunctions,
	kind: 'series' | 'total' | 'byObject',
	query: MetricQuery,
	i: number,
): Promise<IDataObject[]> {
	let response: ExtraHopResponse<unknown>;
	try {
		const request = { body: query.body, idempotent: true, itemIndex: i };
		response = (
			kind === 'series'
				? await extraHopApiRequest.call(context, {
						method: 'POST',
						endpoint: '/metrics',
						...request,
					})
				: kind === 'total'
					? await extraHopApiRequest.call(context, {
							method: 'POST',
							endpoint: '/metrics/total',
							...request,
						})
					: await extraHopApiRequest.call(context, {
							method: 'POST',
							endpoint: '/metrics/totalbyobject',
							...request,
						})
		) as ExtraHopResponse<unknown>;
	} catch (error) {
		if (error instanceof NodeApiError && String(error.httpCode) === '400')
			throw new NodeOperationError(
				context.getNode(),
				`ExtraHop refused the metric query: ${error.message}`,
				{
					itemIndex: i,
					description: CATALOG_HINT,
				},
			);
		throw withItemIndex(context.getNode(), error, i);
	}
	const blocks = await collectBlocks(context, response.body, i);
	return metricItems(blocks, query, kind).slice(0, query.limit);
}

/**
 * One of the three metric operations: Query (a time series), Get Total and Get Total by Object
 * differ only in the request. They share one set of parameters, shown by index.ts.
 */
export function metricOperation(kind: 'series' | 'total' | 'byObject'): Operation<MetricQuery> {
	return {
		description: [],
		prepare(this: IExecuteFunctions, i: number) {
			return prepareMetricQuery(this, i);
		},
		async execute(this: IExecuteFunctions, query: MetricQuery, i: number) {
			return await runMetricQuery(this, kind, query, i);
		},
	};
}
