import type { IExecuteFunctions } from 'n8n-workflow';

/** What Return All / Limit (descriptions/returnAll.ts) ask for: Infinity, or a whole number from 1. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	return Math.max(1, Math.floor(context.getNodeParameter('limit', itemIndex, 50) as number));
}
