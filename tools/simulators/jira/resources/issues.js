// @ts-check
'use strict';
/**
 * Issues: create (POST /issue), read (GET, with `fields` and `expand`), edit (PUT: `fields` and
 * `update`), delete, assign, changelog and notify; and the two changes every other one goes
 * through, recordChange (a changelog entry) and addComment.
 */
const { STATUS_TODO, ISSUE_TYPES, DEFAULT_PRIORITY, jiraError, paginate } = require('../data');

/**
 * @typedef {import('../data').SimProject} SimProject
 * @typedef {import('../data').SimIssue} SimIssue
 * @typedef {import('../data').ChangeItem} ChangeItem
 * @typedef {import('../data').ChangeGroup} ChangeGroup
 * @typedef {import('../data').SimComment} SimComment
 */

/**
 * @param {import('../render').Renderers & { rest: import('../data').RestRoute, state: { issues: SimIssue[], counters: Record<string, number>,
 *   nextIssueId: number, nextCommentId: number, nextChangeId: number, notifications: { issueKey: string, body: any, at: number }[] },
 *   now: () => number, api: (path: string) => string,
 *   applyFields: (issue: SimIssue, fields: Record<string, any>, update: Record<string, any[]>, mode: 'create' | 'edit') => { items: ChangeItem[], comments: string[] },
 *   emit: (event: string, issue: SimIssue, info: { user: string, changelog?: ChangeGroup | null, comment?: SimComment | null, eventType?: string }) => void }} sim
 */
function addIssueRoutes({
	rest,
	state,
	now,
	api,
	applyFields,
	emit,
	findProject,
	findIssue,
	requireIssue,
	byIdOrName,
	renderIssue,
	renderChangeGroup,
}) {
	/** @param {SimIssue} issue @param {string} author @param {ChangeItem[]} items */
	const recordChange = (issue, author, items) => {
		if (!items.length) return null;
		const group = { id: String(state.nextChangeId++), author, created: now(), items };
		issue.changelog.push(group);
		issue.updated = group.created;
		return group;
	};

	/** @param {SimIssue} issue @param {string} author @param {string} body */
	const addComment = (issue, author, body) => {
		const t = now();
		const comment = {
			id: String(state.nextCommentId++),
			author,
			body,
			created: t,
			updated: t,
			updateAuthor: author,
		};
		issue.comments.push(comment);
		issue.updated = t;
		return comment;
	};

	/**
	 * @param {Record<string, any>} fields
	 * @param {Record<string, any[]>} update
	 * @param {string} author
	 */
	const createIssue = (fields, update, author) => {
		if (!fields || typeof fields !== 'object')
			throw jiraError(400, ['Issue must have fields set.']);
		/** @type {Record<string,string>} */
		const errors = {};
		const project =
			fields.project && typeof fields.project === 'object'
				? findProject(fields.project.id ?? fields.project.key)
				: undefined;
		if (!project)
			errors.project = fields.project ? 'valid project is required' : 'project is required';
		const issueType = byIdOrName(ISSUE_TYPES, fields.issuetype);
		if (!issueType)
			errors.issuetype = fields.issuetype
				? 'valid issue type is required'
				: 'issue type is required';
		if (fields.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
		/** @type {SimIssue | undefined} */
		let parent;
		if (issueType?.subtask) {
			const ref = fields.parent?.key ?? fields.parent?.id;
			parent = ref ? findIssue(ref) : undefined;
			if (!parent)
				errors.parent = ref
					? `Could not find issue by id or key.`
					: 'Sub-tasks must have a parent.';
		} else if (fields.parent) {
			errors.parent = 'Only sub-tasks can have a parent.';
		}
		if (Object.keys(errors).length) throw jiraError(400, [], errors);
		const p = /** @type {SimProject} */ (project);
		const number = (state.counters[p.key] ?? 0) + 1;
		const t = now();
		/** @type {SimIssue} */
		const issue = {
			id: String(state.nextIssueId),
			key: `${p.key}-${number}`,
			projectId: p.id,
			summary: '',
			description: null,
			issueTypeId: /** @type {typeof ISSUE_TYPES[number]} */ (issueType).id,
			priorityId: DEFAULT_PRIORITY,
			labels: [],
			assignee: null,
			reporter: author,
			creator: author,
			statusId: STATUS_TODO,
			resolutionId: null,
			resolutionDate: null,
			created: t,
			updated: t,
			componentIds: [],
			custom: {},
			parentKey: parent ? parent.key : null,
			duedate: null,
			comments: [],
			changelog: [],
			extra: {},
		};
		const { comments } = applyFields(issue, fields, update ?? {}, 'create');
		state.nextIssueId++;
		state.counters[p.key] = number;
		issue.updated = issue.created;
		state.issues.push(issue);
		for (const body of comments) addComment(issue, author, body);
		emit('jira:issue_created', issue, { user: author, eventType: 'issue_created' });
		return issue;
	};

	rest('POST', '/issue', (req, user) => {
		const issue = createIssue(req.body?.fields, req.body?.update, user.name);
		return { status: 201, body: { id: issue.id, key: issue.key, self: api(`/issue/${issue.id}`) } };
	});
	rest('GET', '/issue/:idOrKey', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		return {
			body: renderIssue(issue, {
				fields: req.query.get('fields') ?? undefined,
				expand: req.query.get('expand') ?? undefined,
			}),
		};
	});
	rest('PUT', '/issue/:idOrKey', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const body = req.body ?? {};
		if (typeof body !== 'object' || Array.isArray(body))
			throw jiraError(400, ['Can not deserialize the request body.']);
		const { items, comments } = applyFields(issue, body.fields ?? {}, body.update ?? {}, 'edit');
		const group = recordChange(issue, user.name, items);
		const added = comments.map((c) => addComment(issue, user.name, c));
		if (group || added.length) {
			const onlyAssignee = group && group.items.every((i) => i.field === 'assignee');
			const eventType = !group
				? 'issue_commented'
				: onlyAssignee
					? 'issue_assigned'
					: 'issue_updated';
			emit('jira:issue_updated', issue, {
				user: user.name,
				changelog: group,
				comment: added[0] ?? null,
				eventType,
			});
			added.forEach((c) => emit('comment_created', issue, { user: user.name, comment: c }));
		}
		return { status: 204 };
	});
	rest('DELETE', '/issue/:idOrKey', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const subtasks = state.issues.filter((s) => s.parentKey === issue.key);
		if (subtasks.length && req.query.get('deleteSubtasks') !== 'true') {
			throw jiraError(400, [
				`The issue '${issue.key}' has subtasks.  You must specify the 'deleteSubtasks' parameter to delete this issue and all its subtasks.`,
			]);
		}
		emit('jira:issue_deleted', issue, { user: user.name, eventType: 'issue_deleted' });
		const gone = new Set([issue.key, ...subtasks.map((s) => s.key)]);
		state.issues = state.issues.filter((i) => !gone.has(i.key));
		return { status: 204 };
	});
	rest('PUT', '/issue/:idOrKey/assignee', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const { items } = applyFields(issue, { assignee: req.body ?? null }, {}, 'edit');
		const group = recordChange(issue, user.name, items);
		if (group)
			emit('jira:issue_updated', issue, {
				user: user.name,
				changelog: group,
				eventType: 'issue_assigned',
			});
		return { status: 204 };
	});
	rest('GET', '/issue/:idOrKey/changelog', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		const { startAt, maxResults } = paginate(
			req.query.get('startAt'),
			req.query.get('maxResults'),
			100,
			100,
		);
		const values = issue.changelog.slice(startAt, startAt + maxResults).map(renderChangeGroup);
		return {
			body: {
				self: api(`/issue/${issue.key}/changelog`),
				maxResults,
				startAt,
				total: issue.changelog.length,
				isLast: startAt + values.length >= issue.changelog.length,
				values,
			},
		};
	});
	rest('POST', '/issue/:idOrKey/notify', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		state.notifications.push({ issueKey: issue.key, body: req.body ?? {}, at: now() });
		return { status: 204 };
	});

	return { createIssue, recordChange, addComment };
}

module.exports = { addIssueRoutes };
