import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { errorItemJson, withItemIndex } from './errors';
import { WithBinary, type Resource } from './operation';

export const DEFAULT_PARALLEL_REQUESTS = 4;
export const MAX_PARALLEL_REQUESTS = 16;

/**
 * Runs the chosen operation, found in the node's resource table, for every input item: all items'
 * parameters are validated before the first request, items then run with bounded concurrency
 * ("Request Options > Parallel Requests"), and output keeps input order with `pairedItem` on every
 * item. With "Continue On Fail" a failing item becomes an error item.
 */
export async function routeItems(
	this: IExecuteFunctions,
	resources: Resource[],
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operations = resources.find((r) => r.value === resource)?.operations;
	const operation =
		operations && Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}
	const requestOptions = this.getNodeParameter('requestOptions', 0, {}) as {
		parallelRequests?: number;
	};
	const parallel = Math.min(
		MAX_PARALLEL_REQUESTS,
		Math.max(1, Math.floor(requestOptions.parallelRequests ?? DEFAULT_PARALLEL_REQUESTS)),
	);
	const continueOnFail = this.continueOnFail();

	const prepared: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			prepared.push({ ok: true, value: await operation.prepare.call(this, i) });
		} catch (error) {
			if (!continueOnFail) throw withItemIndex(this.getNode(), error, i);
			prepared.push({ ok: false, error });
		}
	}

	const errorItems = new Set<INodeExecutionData>();
	const outputs = await mapWithConcurrency(
		items.length,
		parallel,
		async (i): Promise<INodeExecutionData[]> => {
			const entry = prepared[i];
			try {
				if (!entry.ok) throw entry.error;
				const result = await operation.execute.call(this, entry.value, i);
				if (result instanceof WithBinary)
					return [{ json: result.json, binary: result.binary, pairedItem: { item: i } }];
				const list = Array.isArray(result) ? result : [result];
				return list.map((json) => ({ json, pairedItem: { item: i } }));
			} catch (error) {
				if (!continueOnFail) throw withItemIndex(this.getNode(), error, i);
				const errorItem: INodeExecutionData = {
					json: errorItemJson(error),
					pairedItem: { item: i },
				};
				errorItems.add(errorItem);
				return [errorItem];
			}
		},
	);
	const flat = outputs.flat();
	if (operation.finalize) {
		const succeeded: IDataObject[] = flat
			.filter((item) => !errorItems.has(item))
			.map((item) => item.json);
		operation.finalize.call(this, succeeded);
	}
	return [flat];
}
