import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/**
 * Puts the item index on an error without replacing it: `new NodeApiError(node, err, {itemIndex})`
 * would return an existing NodeApiError unchanged and drop the index.
 */
export function withItemIndex(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...(error.context ?? {}), itemIndex };
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

export function errorItemJson(error: unknown): {
	error: string;
	description?: string;
	httpCode?: string;
} {
	const e = error as { message?: string; description?: string | null; httpCode?: string | null };
	const json: { error: string; description?: string; httpCode?: string } = {
		error: e?.message ?? String(error),
	};
	if (e?.description) json.description = e.description;
	if (e?.httpCode) json.httpCode = e.httpCode;
	return json;
}
