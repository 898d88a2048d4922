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

/**
 * Answers the sender, then fails with `error`, so that n8n records a failed execution (a test
 * ends with it in the editor, error workflows run) while the sender gets this answer and not
 * n8n's own one for a failing trigger: HTTP 500 "Workflow could not be started", with n8n's stack
 * trace unless NODE_ENV is production. n8n writes that answer after catching the error (its
 * webhook request handler, 1.85 to 2.41, calls `res.status(500).json(...)` without checking
 * whether the response was sent), so the response's writers are made no-ops once ours is out.
 */
export function answerAndFail(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
	error: Error,
	headers: Record<string, string> = {},
): never {
	answer(context, status, body, headers);
	const res = context.getResponseObject() as unknown as ResponseLike;
	const answered = () => res;
	Object.assign(res, { status: answered, json: answered, send: answered });
	throw error;
}
