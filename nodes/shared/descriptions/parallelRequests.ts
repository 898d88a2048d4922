import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_PARALLEL_REQUESTS, MAX_PARALLEL_REQUESTS } from '../router';

/** The "Request Options > Parallel Requests" option `routeItems` reads. */
export function parallelRequestsOption(service: string): INodeProperties {
	return {
		displayName: 'Parallel Requests',
		name: 'parallelRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
		default: DEFAULT_PARALLEL_REQUESTS,
		description: `How many input items are sent to ${service} at the same time. Lower it if ${service} rate-limits you.`,
	};
}
