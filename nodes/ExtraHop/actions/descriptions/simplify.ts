import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { simplifyProperty } from '../../common/descriptions/simplify';

/**
 * From this version of the ExtraHop node, read operations answer readably by default: Simplify is
 * on, and every epoch-milliseconds time gets an ISO copy beside it. Saved nodes of older versions
 * keep their output.
 */
export const READABLE_FROM_VERSION = 1.2;

/** The Simplify switch: off by default before READABLE_FROM_VERSION, on from it. */
export function simplifyProperties(description: string): INodeProperties[] {
	return [
		{
			...simplifyProperty(description, false),
			displayOptions: { show: { '@version': [{ _cnd: { lt: READABLE_FROM_VERSION } }] } },
		},
		{
			...simplifyProperty(description, true),
			displayOptions: { show: { '@version': [{ _cnd: { gte: READABLE_FROM_VERSION } }] } },
		},
	];
}

/** The item's Simplify value, with the default of the node's version. */
export function simplifyOf(context: IExecuteFunctions, i: number): boolean {
	return context.getNodeParameter(
		'simplify',
		i,
		context.getNode().typeVersion >= READABLE_FROM_VERSION,
	) as boolean;
}
