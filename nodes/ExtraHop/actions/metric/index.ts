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
					'One metric total for all the given objects together, usually one request, e.g. bytes sent during a detection',
				action: 'Get a metric total',
			},
			{
				name: 'Get Total by Object',
				value: 'totalByObject',
				description:
					'One metric total per device, application or network, usually one request, to compare participants',
				action: 'Get metric totals by object',
			},
			{
				name: 'Query',
				value: 'query',
				description:
					'Metrics as a time series, usually one request: cheap evidence of exfiltration, beaconing or scans before records',
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
