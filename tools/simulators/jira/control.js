// @ts-check
'use strict';
/**
 * The control API (under /_sim: state, issues, an analyst resolving, moving or commenting an issue;
 * faults, requests and reset from ../common/server.js) and the issue board at / and /browse/{key}.
 */
const { addCommonControlRoutes } = require('../common/server');
const {
	DEFAULT_CREDENTIALS,
	CLOUD_CREDENTIALS,
	STATUSES,
	RESOLUTIONS,
	TRANSITIONS,
	PRIORITIES,
	ISSUE_TYPES,
	CUSTOM_FIELDS,
} = require('./data');
const { renderPage } = require('./page');

/**
 * @typedef {import('./data').SimUser} SimUser
 * @typedef {import('./data').SimProject} SimProject
 * @typedef {import('./data').SimIssue} SimIssue
 * @typedef {import('./data').SimComment} SimComment
 * @typedef {import('./data').ChangeGroup} ChangeGroup
 * @typedef {import('./data').SimWebhook} SimWebhook
 * @typedef {import('./data').SimDelivery} SimDelivery
 */

/**
 * @param {import('./render').Renderers & { server: import('../common/server').SimServer, reset: () => void, cloud: boolean,
 *   state: { issues: SimIssue[], webhooks: SimWebhook[], deliveries: SimDelivery[], notifications: any[] }, users: SimUser[], projects: SimProject[],
 *   base: () => string, renderWebhook: (w: SimWebhook, prefix: string) => any,
 *   createIssue: (fields: Record<string, any>, update: Record<string, any[]>, author: string) => SimIssue,
 *   resolveIssue: (key: string, resolutionName?: string, opts?: { as?: string, comment?: string }) => SimIssue,
 *   transitionIssue: (key: string, statusName: string, opts?: { as?: string, comment?: string }) => SimIssue,
 *   addComment: (issue: SimIssue, author: string, body: string) => SimComment, checkCommentBody: (body: any) => string,
 *   emit: (event: string, issue: SimIssue, info: { user: string, changelog?: ChangeGroup | null, comment?: SimComment | null, eventType?: string }) => void,
 *   applyFields: (issue: SimIssue, fields: Record<string, any>, update: Record<string, any[]>, mode: 'create' | 'edit') => { items: import('./data').ChangeItem[] },
 *   recordChange: (issue: SimIssue, author: string, items: import('./data').ChangeItem[]) => ChangeGroup | null }} sim
 */
function addControlRoutes(sim) {
	const {
		server,
		reset,
		cloud,
		state,
		users,
		projects,
		base,
		requireIssue,
		simpleIssue,
		statusOf,
		renderResolution,
		renderWebhook,
		controlUser,
		createIssue,
		resolveIssue,
		transitionIssue,
		addComment,
		checkCommentBody,
		emit,
		applyFields,
		recordChange,
	} = sim;
	addCommonControlRoutes(server, reset);
	server.route('GET', '/_sim/state', () => ({
		body: {
			url: base(),
			credentials: cloud
				? { ...CLOUD_CREDENTIALS, domain: base() }
				: { ...DEFAULT_CREDENTIALS, domain: base() },
			deployment: cloud ? 'Cloud' : 'Server',
			users: users.map(({ password: _p, token: _t, ...u }) => u),
			projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
			statuses: STATUSES.map((s) => s.name),
			resolutions: RESOLUTIONS.map((r) => r.name),
			transitions: TRANSITIONS.map((t) => ({
				id: t.id,
				name: t.name,
				to: statusOf(t.to).name,
				resolution: renderResolution(t.resolution)?.name ?? null,
			})),
			priorities: PRIORITIES.map((p) => ({ id: p.id, name: p.name })),
			issueTypes: ISSUE_TYPES.map((t) => ({ id: t.id, name: t.name, subtask: t.subtask })),
			customFields: CUSTOM_FIELDS.map((f) => ({ id: f.id, name: f.name })),
			issues: state.issues.map(simpleIssue),
			webhooks: state.webhooks.map((w) => renderWebhook(w, '/webhooks/1.0/webhook')),
			deliveries: state.deliveries,
			notifications: state.notifications,
		},
	}));
	server.route('GET', '/_sim/issues', () => ({ body: state.issues.map(simpleIssue) }));
	server.route('GET', '/_sim/issues/:key', (req) => ({
		body: simpleIssue(requireIssue(req.params.key)),
	}));
	server.route('POST', '/_sim/issues', (req) => {
		const issue = createIssue(req.body?.fields, req.body?.update, controlUser(req.body?.as));
		return { status: 201, body: simpleIssue(issue) };
	});
	server.route('POST', '/_sim/issues/:key/resolve', (req) => ({
		body: simpleIssue(
			resolveIssue(req.params.key, req.body?.resolution ?? 'Done', {
				as: req.body?.as,
				comment: req.body?.comment,
			}),
		),
	}));
	server.route('POST', '/_sim/issues/:key/transition', (req) => ({
		body: simpleIssue(
			transitionIssue(req.params.key, String(req.body?.status ?? ''), {
				as: req.body?.as,
				comment: req.body?.comment,
			}),
		),
	}));
	/**
	 * An analyst assigns the issue (a user name, or null to unassign), as Jira's UI does: one
	 * change group and an issue_assigned update event, or nothing when the assignee is unchanged.
	 * @param {string} key @param {string | null} name @param {string} [as]
	 */
	const assignIssue = (key, name, as) => {
		const issue = requireIssue(key);
		const author = controlUser(as);
		const target = name === null ? null : users.find((u) => u.name === name);
		if (name !== null && !target) throw new Error(`no user named ${name}`);
		const value = !target ? null : cloud ? { accountId: target.accountId } : { name: target.name };
		const { items } = applyFields(issue, { assignee: value }, {}, 'edit');
		const group = recordChange(issue, author, items);
		if (group)
			emit('jira:issue_updated', issue, {
				user: author,
				changelog: group,
				eventType: 'issue_assigned',
			});
		return issue;
	};
	server.route('POST', '/_sim/issues/:key/assign', (req) => ({
		body: simpleIssue(assignIssue(req.params.key, req.body?.assignee ?? null, req.body?.as)),
	}));
	server.route('POST', '/_sim/issues/:key/comments', (req) => {
		const issue = requireIssue(req.params.key);
		const author = controlUser(req.body?.as);
		const comment = addComment(issue, author, checkCommentBody(req.body?.body));
		emit('comment_created', issue, { user: author, comment });
		emit('jira:issue_updated', issue, { user: author, comment, eventType: 'issue_commented' });
		return { status: 201, body: simpleIssue(issue) };
	});

	server.route('GET', '/', () => ({
		contentType: 'text/html; charset=utf-8',
		body: renderPage(sim),
	}));
	server.route('GET', '/browse/:key', (req) => {
		const issue = requireIssue(req.params.key);
		return { contentType: 'text/html; charset=utf-8', body: renderPage(sim, issue) };
	});
	return { assignIssue };
}

module.exports = { addControlRoutes };
