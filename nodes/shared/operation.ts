import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * One operation: its parameters, a `prepare` step that reads and validates an item's
 * parameters without sending anything (the router prepares every item before the first
 * request; it may read the credential, never the network), `execute`, which does the HTTP work for one prepared item, and optionally
 * `finalize`, which sees every successful item's output once all items are done.
 */
export interface Operation<Prepared = unknown> {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared | Promise<Prepared>;
	execute(
		this: IExecuteFunctions,
		prepared: Prepared,
		itemIndex: number,
	): Promise<IDataObject | IDataObject[] | WithBinary>;
	finalize?(this: IExecuteFunctions, outputs: IDataObject[]): void;
}

/** An output item that carries binary data (a file) next to its JSON, e.g. a PCAP. */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** One resource of an action node: its entry in the Resource list, its parameters and its operations. */
export interface Resource {
	name: string;
	value: string;
	description: INodeProperties[];
	operations: Record<string, Operation<unknown>>;
}
