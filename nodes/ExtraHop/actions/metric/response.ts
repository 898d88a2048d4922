/**
 * Reading a metric_response, whose shape ExtraHop's reference does not give. What is known
 * (agent-skills extrahop-pqc-tls-readiness/reference/metrics.md, measured on firmware 26.3, and the
 * answers Cortex XSOAR's ExtraHop v2 reads): a sensor answers `{cycle, node_id, clock, from, until,
 * stats: [{oid, time, duration, values}]}`, `values` parallel to `metric_specs`; a console answers
 * per-sensor blocks (a list of them, or under `sensors`), each with its own `stats`; a device-group
 * query may be deferred: `{xid, num_results}`, each block then fetched with GET /metrics/next/{xid},
 * which answers "again" until the sensor's block is ready. Blocks are never summed: sensors can see
 * the same traffic. Truncation markers (`limit_truncation`, `clamped_limit`) are passed on.
 */
import { NodeOperationError, sleep, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { isoTime } from '../../common/detection';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { MetricQuery } from './query';

/** The longest the node waits for deferred sensor blocks, and between two asks. */
export const DEFERRED_WAIT_MS = 60_000;
const AGAIN_PAUSE_MS = 1000;

type Block = IDataObject & { stats?: IDataObject[] };

const isAgain = (body: unknown) =>
	typeof body === 'string' && body.replace(/"/g, '').trim() === 'again';

async function deferredBlocks(
	context: IExecuteFunctions,
	xid: number,
	count: number,
	i: number,
): Promise<Block[]> {
	const blocks: Block[] = [];
	const deadline = Date.now() + DEFERRED_WAIT_MS;
	while (blocks.length < count) {
		const response = (await extraHopApiRequest.call(context, {
			method: 'GET',
			endpoint: `/metrics/next/${xid}`,
			itemIndex: i,
		})) as ExtraHopResponse<unknown>;
		if (isAgain(response.body)) {
			if (Date.now() + AGAIN_PAUSE_MS > deadline)
				throw new NodeOperationError(
					context.getNode(),
					`ExtraHop's sensors did not deliver the metrics within ${DEFERRED_WAIT_MS / 1000} seconds (${blocks.length} of ${count} answered)`,
					{
						itemIndex: i,
						description: 'Query fewer objects or a shorter time range, or try again later.',
					},
				);
			await sleep(AGAIN_PAUSE_MS);
			continue;
		}
		const answer = response.body;
		if (Array.isArray(answer)) blocks.push(...(answer as Block[]));
		else if (answer && typeof answer === 'object') blocks.push(answer as Block);
		else
			throw new NodeOperationError(
				context.getNode(),
				'ExtraHop answered a deferred metric query with something other than metrics',
				{
					itemIndex: i,
				},
			);
	}
	return blocks;
}

/** Every per-sensor block of an answer, top-level fields (cycle, from, until) carried into each. */
export async function collectBlocks(
	context: IExecuteFunctions,
	body: unknown,
	i: number,
): Promise<Block[]> {
	if (Array.isArray(body)) return body as Block[];
	if (!body || typeof body !== 'object')
		throw new NodeOperationError(
			context.getNode(),
			'ExtraHop answered the metric query with something other than metrics',
			{
				itemIndex: i,
			},
		);
	const top = body as Block;
	if (typeof top.xid === 'number' && top.stats === undefined)
		return await deferredBlocks(context, top.xid, Math.max(1, Number(top.num_results ?? 1)), i);
	if (Array.isArray(top.sensors)) {
		const { sensors, ...head } = top;
		return (sensors as Block[]).map((s) => ({ ...head, ...s }));
	}
	return [top];
}

/** A top-N key as a plain value: an address (with its host and device), or a string. */
function simpleKey(key: unknown): IDataObject {
	if (!key || typeof key !== 'object') return { key: key as string };
	const k = key as IDataObject;
	const out: IDataObject = { key: (k.addr ?? k.str ?? k.value ?? null) as string };
	if (k.host !== undefined) out.host = k.host;
	if (k.device_oid !== undefined) out.device_id = k.device_oid;
	return out;
}

function simpleValue(value: unknown): unknown {
	if (!Array.isArray(value)) return value;
	return value.map((entry) => {
		const e = (entry ?? {}) as IDataObject;
		return { ...simpleKey(e.key), value: simpleValue(e.value) };
	});
}

/** The name each value goes under: the metric's, with its key when two specs share a name. */
function specNames(specs: IDataObject[]): string[] {
	const names = specs.map((s) => String(s.name));
	return specs.map((s, n) =>
		names.indexOf(names[n]) !== names.lastIndexOf(names[n])
			? [s.name, s.key1, s.key2, s.calc_type].filter((v) => v !== undefined).join(':')
			: names[n],
	);
}

/** One output item per stats entry: a time bucket of one object, or a total. */
export function metricItems(
	blocks: Block[],
	query: MetricQuery,
	kind: 'series' | 'total' | 'byObject',
): IDataObject[] {
	const body = query.body;
	const names = specNames(body.metric_specs as IDataObject[]);
	const items: IDataObject[] = [];
	for (const block of blocks) {
		const sensor = block.sensor_id ?? (blocks.length > 1 ? (block.node_id ?? null) : undefined);
		const truncation = block.limit_truncation ?? block.clamped_limit;
		for (const stat of Array.isArray(block.stats) ? block.stats : []) {
			const values = Array.isArray(stat.values) ? stat.values : [];
			const time = Number(stat.time ?? block.from ?? query.window.from);
			const duration = Number(stat.duration ?? Number(block.until ?? query.window.until) - time);
			const item: IDataObject = {
				object_type: body.object_type,
				object_id: kind === 'total' ? null : ((stat.oid as number) ?? null),
			};
			if (kind === 'total') item.object_ids = body.object_ids;
			item.metric_category = body.metric_category;
			if (sensor !== undefined) item.sensor_id = sensor as number;
			Object.assign(item, {
				time: query.simplify ? isoTime(time) : time,
				until: query.simplify ? isoTime(time + duration) : time + duration,
				duration_ms: duration,
				cycle: block.cycle ?? body.cycle,
			});
			if (!query.simplify) {
				item.time_iso = isoTime(time);
				item.until_iso = isoTime(time + duration);
			}
			const named: IDataObject = {};
			names.forEach(
				(name, n) =>
					(named[name] = (
						query.simplify ? simpleValue(values[n]) : values[n]
					) as IDataObject[string]),
			);
			if (query.simplify) Object.assign(item, named);
			else Object.assign(item, { metrics: named, values });
			if (truncation !== undefined) item.truncated = truncation as IDataObject;
			items.push(item);
		}
	}
	return items;
}
