import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** The part of n8n's response object the push trigger writes to when it answers itself. */
export interface ResponseLike {
	status(code: number): ResponseLike;
	json(body: unknown): unknown;
	send(body: unknown): unknown;
	setHeader(name: string, value: string): unknown;
}

export function answer(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const res = context.getResponseObject() as unknown as ResponseLike;
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.status(status).json(body);
	return { noWebhookResponse: true };
}
