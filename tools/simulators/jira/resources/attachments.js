// @ts-check
'use strict';
/**
 * Issue attachments, as Jira's REST API v2 has them (what n8n's Jira node "Issue Attachment >
 * Add" uses): `POST /rest/api/2/issue/{issueIdOrKey}/attachments`, multipart/form-data with the
 * file in a part named `file`, and the header `X-Atlassian-Token: no-check` (without it Jira
 * answers 403 "XSRF check failed"); the answer is an array of attachment objects. The file is
 * served back at its `content` URL; `fields.attachment` of the issue lists them.
 * A localized addition to the Jira simulator: ../index.js registers it, ../render.js renders `attachment`.
 */
const { HttpError } = require('../../common/server');

/**
 * @typedef {{ id: string, filename: string, mimeType: string, size: number, created: number, author: string, data: Buffer }} SimAttachment
 */

/** @param {Buffer} body @param {string} boundary */
function parseMultipart(body, boundary) {
	const delimiter = Buffer.from(`--${boundary}`);
	/** @type {{ name: string, filename?: string, contentType?: string, data: Buffer }[]} */
	const parts = [];
	let start = body.indexOf(delimiter);
	while (start !== -1) {
		const next = body.indexOf(delimiter, start + delimiter.length);
		if (next === -1) break;
		const part = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
		const split = part.indexOf('\r\n\r\n');
		if (split !== -1) {
			const headers = part.subarray(0, split).toString('utf8');
			const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
			const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
			const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
			const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
			parts.push({ name, filename, contentType, data: Buffer.from(part.subarray(split + 4)) });
		}
		start = next;
	}
	return parts;
}

/**
 * @param {{ server: import('../../common/server').SimServer, rest: (method: string, pattern: string, handler: (req: any, user: any) => any) => void,
 *   requireIssue: (key: string) => any, base: () => string, renderUser: (name: string) => any, jiraError: (status: number, messages: string[]) => Error,
 *   authenticate: (req: any) => any, issues: () => any[] }} ctx
 */
function addAttachmentRoutes({
	server,
	rest,
	requireIssue,
	base,
	renderUser,
	jiraError,
	authenticate,
	issues,
}) {
	let nextId = 10001;

	/** @param {SimAttachment} a */
	const render = (a) => ({
		self: `${base()}/rest/api/2/attachment/${a.id}`,
		id: a.id,
		filename: a.filename,
		author: renderUser(a.author),
		created: new Date(a.created).toISOString().replace('Z', '+0000'),
		size: a.size,
		mimeType: a.mimeType,
		content: `${base()}/secure/attachment/${a.id}/${encodeURIComponent(a.filename)}`,
	});

	/** @returns {SimAttachment | undefined} */
	const find = (/** @type {any[]} */ issues, /** @type {string} */ id) => {
		for (const issue of issues) {
			const found = (issue.attachments ?? []).find((/** @type {SimAttachment} */ a) => a.id === id);
			if (found) return found;
		}
		return undefined;
	};

	rest('POST', '/issue/:key/attachments', (req, user) => {
		if (String(req.headers['x-atlassian-token'] ?? '').toLowerCase() !== 'no-check')
			throw new HttpError(403, 'XSRF check failed');
		const issue = requireIssue(req.params.key);
		const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(
			String(req.headers['content-type'] ?? ''),
		);
		if (!boundary) throw jiraError(415, ['Attachments must be sent as multipart/form-data']);
		const files = parseMultipart(
			req.rawBuffer ?? Buffer.from(req.rawBody),
			boundary[1] ?? boundary[2],
		).filter((p) => p.name === 'file' && p.filename !== undefined);
		if (files.length === 0) throw jiraError(400, ['No file in a multipart part named "file"']);
		issue.attachments ??= [];
		const added = files.map((f) => {
			/** @type {SimAttachment} */
			const a = {
				id: String(nextId++),
				filename: f.filename || 'file',
				mimeType: f.contentType ?? 'application/octet-stream',
				size: f.data.length,
				created: Date.now(),
				author: user.name,
				data: f.data,
			};
			issue.attachments.push(a);
			return a;
		});
		issue.updated = Date.now();
		return { body: added.map(render) };
	});
	rest('GET', '/attachment/:id', (req) => {
		const a = find(issues(), req.params.id);
		if (!a) throw jiraError(404, ['The attachment with id ' + req.params.id + ' does not exist']);
		return { body: render(a) };
	});
	server.route('GET', '/secure/attachment/:id/:filename', (req) => {
		authenticate(req);
		const a = find(issues(), req.params.id);
		if (!a) throw new HttpError(404, 'Attachment not found');
		return { body: a.data, contentType: a.mimeType };
	});

	return {
		/** `fields.attachment` of an issue. */
		renderAll: (/** @type {any} */ issue) => (issue.attachments ?? []).map(render),
		/** The bytes of an attachment, for tests. */
		data: (/** @type {any[]} */ issues, /** @type {string} */ id) => find(issues, id)?.data,
	};
}

module.exports = { addAttachmentRoutes, parseMultipart };
