import type { INodeProperties } from 'n8n-workflow';

import type { Resource } from '../operation';

/** The Resource list of an action node, sorted by name (as n8n's lint wants) whatever the order of the table. */
export function resourceProperty(resources: Resource[], defaultResource: string): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources
			.map(({ name, value }) => ({ name, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultResource,
	};
}
