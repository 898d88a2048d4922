import type { INodeProperties } from 'n8n-workflow';

/** The Simplify switch; its default depends on the node version that shows it. */
export function simplifyProperty(description: string, defaultValue: boolean): INodeProperties {
	const property: INodeProperties = {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description,
	};
	return defaultValue ? { ...property, default: true } : property;
}
