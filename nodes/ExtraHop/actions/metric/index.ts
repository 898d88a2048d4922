import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';

import { metricOperation, metricProperties } from './query';

export const operations: Record<string, Operation<unknown>> = {
	query: metricOperation('series'),
	total: metricOperation('total'),
	totalByObject: metricOperation('byObject'),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metric'] } },
		options: [
			{
				name: 'Get Total',
				value: 'total',
				description:
					'One total of metrics over a time range for all the given devices, applications or networks together (POST /metrics/total). Use it for a single figure such as bytes sent during a detection. Cheap: one request.',
				action: 'Get a metric total',
			},
			{
				name: 'Get Total by Object',
				value: 'totalByObject',
				description:
					'One total of metrics per device, application or network over a time range (POST /metrics/totalbyobject); one item per object. Use it to compare objects, such as which participant sent the most. Cheap: one request.',
				action: 'Get metric totals by object',
			},
			{
				name: 'Query',
				value: 'query',
				description:
					'Metrics of devices, applications or networks as a time series (POST /metrics); one item per object and time bucket. Use it as cheap evidence of a behaviour over time, such as bytes out rising during an exfiltration, beaconing, or connections fanning out in a scan, before searching records. Cheap: one request; the items grow with the time range divided by the cycle.',
				action: 'Query metrics',
			},
		],
		default: 'query',
	},
	...updateDisplayOptions(
		{ show: { resource: ['metric'], operation: Object.keys(operations) } },
		metricProperties,
	),
];
