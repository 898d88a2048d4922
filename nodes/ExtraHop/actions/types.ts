import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * One operation: its parameters, a `prepare` step that reads and validates an item's
 * parameters without sending anything (the router prepares every item before the first
 * request), and `execute`, which does the HTTP work for one prepared item.
 */
export interface Operation<Prepared = unknown> {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared;
	execute(this: IExecuteFunctions, prepared: Prepared, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export type Resource = 'detection' | 'note' | 'detectionType';
