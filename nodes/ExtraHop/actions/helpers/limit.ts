import type { IExecuteFunctions } from 'n8n-workflow';

/** Return All / Limit (descriptions/returnAll.ts) of one item: Infinity, or the Limit (at least 1). */
export function resultLimitOf(context: IExecuteFunctions, i: number): number {
	if (context.getNodeParameter('returnAll', i, false) as boolean) return Infinity;
	return Math.max(1, Math.floor(context.getNodeParameter('limit', i, 50) as number));
}
