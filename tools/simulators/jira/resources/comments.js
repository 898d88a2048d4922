// @ts-check
'use strict';
/**
 * Comments: /rest/api/2/issue/{key}/comment[/{id}] with a wiki markup text body and, in Jira Cloud
 * mode, /rest/api/3/issue/{key}/comment[/{id}] with an Atlassian Document Format body.
 */
const { jiraError, paginate } = require('../data');

/**
 * @typedef {import('../data').SimUser} SimUser
 * @typedef {import('../data').SimIssue} SimIssue
 * @typedef {import('../data').SimComment} SimComment
 * @typedef {import('../data').ChangeGroup} ChangeGroup
 */

/**
 * @param {import('../render').Renderers & { rest: import('../data').RestRoute, cloud: boolean, now: () => number,
 *   v3: (method: string, pattern: string, handler: (req: import('../../common/server').SimRequest, user: SimUser) => import('../../common/server').SimResponse) => void,
 *   base: () => string, addComment: (issue: SimIssue, author: string, body: string) => SimComment,
 *   emit: (event: string, issue: SimIssue, info: { user: string, changelog?: ChangeGroup | null, comment?: SimComment | null, eventType?: string }) => void }} sim
 */
function addCommentRoutes({
	rest,
	v3,
	cloud,
	now,
	base,
	addComment,
	emit,
	requireIssue,
	renderComment,
}) {
	const checkCommentBody = (/** @type {any} */ body) => {
		if (body === undefined || body === null || (typeof body === 'string' && body.trim() === ''))
			throw jiraError(400, [], { comment: 'Comment body can not be empty!' });
		if (typeof body !== 'string')
			throw jiraError(400, [], {
				comment:
					'Comment body must be a string: REST API v2 takes wiki markup text, not Atlassian Document Format.',
			});
		return body;
	};
	rest('GET', '/issue/:idOrKey/comment', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		const { startAt, maxResults } = paginate(
			req.query.get('startAt'),
			req.query.get('maxResults'),
			5000,
			5000,
		);
		const list = [...issue.comments];
		if (req.query.get('orderBy') === '-created') list.reverse();
		return {
			body: {
				startAt,
				maxResults,
				total: list.length,
				comments: list.slice(startAt, startAt + maxResults).map((c) => renderComment(issue, c)),
			},
		};
	});
	rest('POST', '/issue/:idOrKey/comment', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const comment = addComment(issue, user.name, checkCommentBody(req.body?.body));
		emit('comment_created', issue, { user: user.name, comment });
		emit('jira:issue_updated', issue, { user: user.name, comment, eventType: 'issue_commented' });
		return { status: 201, body: renderComment(issue, comment) };
	});
	const requireComment = (/** @type {SimIssue} */ issue, /** @type {string} */ id) => {
		const comment = issue.comments.find((c) => c.id === id);
		if (!comment) throw jiraError(404, [`Can not find a comment for the id: ${id}.`]);
		return comment;
	};
	rest('GET', '/issue/:idOrKey/comment/:id', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		return { body: renderComment(issue, requireComment(issue, req.params.id)) };
	});
	rest('PUT', '/issue/:idOrKey/comment/:id', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const comment = requireComment(issue, req.params.id);
		comment.body = checkCommentBody(req.body?.body);
		comment.updated = now();
		comment.updateAuthor = user.name;
		issue.updated = comment.updated;
		emit('comment_updated', issue, { user: user.name, comment });
		return { body: renderComment(issue, comment) };
	});
	rest('DELETE', '/issue/:idOrKey/comment/:id', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const comment = requireComment(issue, req.params.id);
		issue.comments = issue.comments.filter((c) => c !== comment);
		emit('comment_deleted', issue, { user: user.name, comment });
		return { status: 204 };
	});

	if (cloud) {
		/** Plain text of an Atlassian Document Format document; throws Jira's error when it is not one. */
		const adfToText = (/** @type {any} */ doc) => {
			if (
				!doc ||
				typeof doc !== 'object' ||
				Array.isArray(doc) ||
				doc.type !== 'doc' ||
				doc.version !== 1 ||
				!Array.isArray(doc.content)
			) {
				throw jiraError(400, [], {
					comment:
						'Comment body is not valid! Operation value must be an Atlassian Document (see the Atlassian Document Format).',
				});
			}
			const KNOWN = new Set([
				'doc',
				'paragraph',
				'text',
				'hardBreak',
				'heading',
				'bulletList',
				'orderedList',
				'listItem',
				'codeBlock',
				'blockquote',
				'rule',
				'mention',
				'emoji',
				'inlineCard',
			]);
			/** @returns {string} */
			const walk = (/** @type {any} */ node) => {
				if (!node || typeof node !== 'object' || !KNOWN.has(node.type))
					throw jiraError(400, [], {
						comment: `Comment body is not valid! Unknown node type '${node?.type}'.`,
					});
				if (node.type === 'text') {
					if (typeof node.text !== 'string' || node.text === '')
						throw jiraError(400, [], {
							comment: 'Comment body is not valid! A text node needs a non-empty text.',
						});
					return node.text;
				}
				if (node.type === 'hardBreak') return '\n';
				const inner = (Array.isArray(node.content) ? node.content : []).map(walk);
				return ['doc', 'bulletList', 'orderedList'].includes(node.type)
					? inner.join('\n')
					: inner.join('');
			};
			const text = walk(doc);
			if (!text.trim()) throw jiraError(400, [], { comment: 'Comment body can not be empty!' });
			return text;
		};
		const textToAdf = (/** @type {string} */ text) => ({
			type: 'doc',
			version: 1,
			content: text.split('\n\n').map((para) => ({
				type: 'paragraph',
				content: para
					.split('\n')
					.flatMap((line, i) => [
						...(i ? [{ type: 'hardBreak' }] : []),
						...(line ? [{ type: 'text', text: line }] : []),
					]),
			})),
		});
		const renderCommentV3 = (/** @type {SimIssue} */ issue, /** @type {SimComment} */ c) => ({
			...renderComment(issue, c),
			self: `${base()}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
			body: textToAdf(c.body),
			jsdPublic: true,
		});
		v3('POST', '/issue/:idOrKey/comment', (req, user) => {
			const issue = requireIssue(req.params.idOrKey);
			const unknown = Object.keys(req.body ?? {}).filter(
				(k) => !['body', 'visibility', 'properties'].includes(k),
			);
			if (unknown.length)
				throw jiraError(400, [
					`Unrecognized field "${unknown[0]}" (class com.atlassian.jira.rest.v2.issue.CommentJsonBean), not marked as ignorable`,
				]);
			const comment = addComment(issue, user.name, adfToText(req.body?.body));
			emit('comment_created', issue, { user: user.name, comment });
			emit('jira:issue_updated', issue, { user: user.name, comment, eventType: 'issue_commented' });
			return { status: 201, body: renderCommentV3(issue, comment) };
		});
		v3('GET', '/issue/:idOrKey/comment', (req) => {
			const issue = requireIssue(req.params.idOrKey);
			const { startAt, maxResults } = paginate(
				req.query.get('startAt'),
				req.query.get('maxResults'),
				5000,
				5000,
			);
			const list = [...issue.comments];
			if (req.query.get('orderBy') === '-created') list.reverse();
			return {
				body: {
					startAt,
					maxResults,
					total: list.length,
					comments: list.slice(startAt, startAt + maxResults).map((c) => renderCommentV3(issue, c)),
				},
			};
		});
		v3('GET', '/issue/:idOrKey/comment/:id', (req) => {
			const issue = requireIssue(req.params.idOrKey);
			const comment = requireComment(issue, req.params.id);
			return { body: renderCommentV3(issue, comment) };
		});
		v3('PUT', '/issue/:idOrKey/comment/:id', (req, user) => {
			const issue = requireIssue(req.params.idOrKey);
			const comment = requireComment(issue, req.params.id);
			comment.body = adfToText(req.body?.body);
			comment.updated = now();
			comment.updateAuthor = user.name;
			issue.updated = comment.updated;
			emit('comment_updated', issue, { user: user.name, comment });
			return { body: renderCommentV3(issue, comment) };
		});
		v3('DELETE', '/issue/:idOrKey/comment/:id', (req, user) => {
			const issue = requireIssue(req.params.idOrKey);
			const comment = requireComment(issue, req.params.id);
			issue.comments = issue.comments.filter((c) => c !== comment);
			emit('comment_deleted', issue, { user: user.name, comment });
			return { status: 204 };
		});
	}

	return { checkCommentBody };
}

module.exports = { addCommentRoutes };
