// @ts-check
'use strict';
/**
 * Lookups and renderers of the Jira simulator: finds users, projects and issues, and renders them
 * as Jira's REST API v2 does (a user as Jira Server or Jira Cloud shows it; an issue with its
 * `fields`, `expand` and `names`; transitions), plus the flat view of an issue that the control
 * API and the page use.
 */
const { escapeHtml } = require('../common/server');
const {
	STATUSES,
	RESOLUTIONS,
	TRANSITIONS,
	PRIORITIES,
	ISSUE_TYPES,
	CUSTOM_FIELDS,
	FIELD_NAMES,
	jiraTime,
	jiraError,
} = require('./data');

/**
 * @typedef {import('./data').SimUser} SimUser
 * @typedef {import('./data').SimProject} SimProject
 * @typedef {import('./data').SimIssue} SimIssue
 * @typedef {import('./data').SimComment} SimComment
 * @typedef {import('./data').ChangeGroup} ChangeGroup
 */

/**
 * @param {{ cloud: boolean, users: SimUser[], projects: SimProject[], state: { issues: SimIssue[] }, base: () => string,
 *   api: (path: string) => string, renderAttachments: (issue: SimIssue) => any[] }} sim
 */
function createRenderers({ cloud, users, projects, state, base, api, renderAttachments }) {
	const findUser = (/** @type {string | undefined | null} */ nameOrEmail) => {
		if (!nameOrEmail) return undefined;
		const wanted = String(nameOrEmail).toLowerCase();
		return users.find(
			(u) =>
				u.name.toLowerCase() === wanted ||
				u.emailAddress.toLowerCase() === wanted ||
				(cloud && u.accountId?.toLowerCase() === wanted),
		);
	};
	/** Jira Cloud: users are addressed by account ID only. */
	const findByAccountId = (/** @type {any} */ accountId) =>
		accountId ? users.find((u) => u.accountId === String(accountId)) : undefined;
	const findProject = (/** @type {any} */ idOrKey) => {
		if (idOrKey === undefined || idOrKey === null) return undefined;
		const wanted = String(idOrKey).toLowerCase();
		return projects.find((p) => p.id === wanted || p.key.toLowerCase() === wanted);
	};
	const findIssue = (/** @type {string} */ idOrKey) => {
		const wanted = String(idOrKey).toUpperCase();
		return state.issues.find((i) => i.key === wanted || i.id === wanted);
	};
	const requireIssue = (/** @type {string} */ idOrKey) => {
		const issue = findIssue(idOrKey);
		if (!issue) throw jiraError(404, ['Issue Does Not Exist']);
		return issue;
	};
	/**
	 * @template {{ id: string, name: string }} T
	 * @param {T[]} list
	 * @param {any} ref
	 * @returns {T | undefined}
	 */
	const byIdOrName = (list, ref) => {
		if (ref === null || ref === undefined) return undefined;
		if (typeof ref === 'object') {
			if (ref.id !== undefined) return list.find((x) => x.id === String(ref.id));
			if (ref.name !== undefined)
				return list.find((x) => x.name.toLowerCase() === String(ref.name).toLowerCase());
			return undefined;
		}
		const s = String(ref).toLowerCase();
		return list.find((x) => x.id === s || x.name.toLowerCase() === s);
	};
	const statusOf = (/** @type {string} */ id) =>
		/** @type {typeof STATUSES[number]} */ (STATUSES.find((s) => s.id === id));

	const renderUser = (/** @type {string | null | undefined} */ name) => {
		const u = findUser(name);
		if (!u) return null;
		if (cloud) {
			// Jira Cloud: account ID, no name or key (removed for GDPR).
			return {
				self: api(`/user?accountId=${encodeURIComponent(String(u.accountId))}`),
				accountId: u.accountId,
				accountType: 'atlassian',
				emailAddress: u.emailAddress,
				avatarUrls: {
					'48x48': `https://avatar-management.services.atlassian.example/${encodeURIComponent(String(u.accountId))}/48`,
				},
				displayName: u.displayName,
				active: u.active !== false,
				timeZone: 'UTC',
			};
		}
		return {
			self: api(`/user?username=${encodeURIComponent(u.name)}`),
			name: u.name,
			key: u.name,
			emailAddress: u.emailAddress,
			avatarUrls: { '48x48': `${base()}/secure/useravatar?ownerId=${encodeURIComponent(u.name)}` },
			displayName: u.displayName,
			active: u.active !== false,
			timeZone: 'UTC',
		};
	};
	const renderStatus = (/** @type {string} */ id) => {
		const s = statusOf(id);
		return {
			self: api(`/status/${s.id}`),
			description: s.description,
			iconUrl: `${base()}/images/icons/statuses/generic.png`,
			name: s.name,
			id: s.id,
			statusCategory: { self: api(`/statuscategory/${s.category.id}`), ...s.category },
		};
	};
	const renderResolution = (/** @type {string | null} */ id) => {
		const r = RESOLUTIONS.find((x) => x.id === id);
		return r ? { self: api(`/resolution/${r.id}`), ...r } : null;
	};
	const renderPriority = (/** @type {string | null} */ id) => {
		const p = PRIORITIES.find((x) => x.id === id);
		return p
			? {
					self: api(`/priority/${p.id}`),
					iconUrl: `${base()}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
					...p,
				}
			: null;
	};
	const renderIssueType = (/** @type {string} */ id) => {
		const t = /** @type {typeof ISSUE_TYPES[number]} */ (ISSUE_TYPES.find((x) => x.id === id));
		return {
			self: api(`/issuetype/${t.id}`),
			id: t.id,
			description: t.description,
			iconUrl: `${base()}/images/icons/issuetypes/${t.name.toLowerCase()}.svg`,
			name: t.name,
			subtask: t.subtask,
			avatarId: 10300,
		};
	};
	const renderProjectRef = (/** @type {SimProject} */ p) => ({
		self: api(`/project/${p.id}`),
		id: p.id,
		key: p.key,
		name: p.name,
		projectTypeKey: 'software',
		avatarUrls: { '48x48': `${base()}/secure/projectavatar?pid=${p.id}` },
	});
	const renderComponent = (
		/** @type {SimProject} */ p,
		/** @type {{id: string, name: string}} */ c,
	) => ({
		self: api(`/component/${c.id}`),
		id: c.id,
		name: c.name,
		project: p.key,
		projectId: Number(p.id),
		assigneeType: 'PROJECT_DEFAULT',
		isAssigneeTypeValid: false,
	});
	const renderComment = (/** @type {SimIssue} */ issue, /** @type {SimComment} */ c) => ({
		self: api(`/issue/${issue.id}/comment/${c.id}`),
		id: c.id,
		author: renderUser(c.author),
		body: c.body,
		updateAuthor: renderUser(c.updateAuthor),
		created: jiraTime(c.created),
		updated: jiraTime(c.updated),
	});
	const renderChangeGroup = (/** @type {ChangeGroup} */ g) => ({
		id: g.id,
		author: renderUser(g.author),
		created: jiraTime(g.created),
		items: g.items,
	});

	const projectOf = (/** @type {SimIssue} */ issue) =>
		/** @type {SimProject} */ (findProject(issue.projectId));

	/** @param {SimIssue} issue */
	const allFields = (issue) => {
		const project = projectOf(issue);
		const parent = issue.parentKey ? findIssue(issue.parentKey) : undefined;
		/** @type {Record<string, any>} */
		const fields = {
			summary: issue.summary,
			description: issue.description,
			issuetype: renderIssueType(issue.issueTypeId),
			project: renderProjectRef(project),
			priority: renderPriority(issue.priorityId),
			labels: [...issue.labels],
			assignee: renderUser(issue.assignee),
			reporter: renderUser(issue.reporter),
			creator: renderUser(issue.creator),
			status: renderStatus(issue.statusId),
			resolution: renderResolution(issue.resolutionId),
			resolutiondate: jiraTime(issue.resolutionDate),
			created: jiraTime(issue.created),
			updated: jiraTime(issue.updated),
			duedate: issue.duedate,
			components: issue.componentIds.map((id) => {
				const c = (project.components ?? []).find((x) => x.id === id);
				return c ? renderComponent(project, c) : { id };
			}),
			subtasks: state.issues
				.filter((s) => s.parentKey === issue.key)
				.map((s) => ({
					id: s.id,
					key: s.key,
					self: api(`/issue/${s.id}`),
					fields: { summary: s.summary, status: renderStatus(s.statusId) },
				})),
			watches: { self: api(`/issue/${issue.key}/watchers`), watchCount: 1, isWatching: false },
			comment: {
				comments: issue.comments.map((c) => renderComment(issue, c)),
				maxResults: issue.comments.length,
				total: issue.comments.length,
				startAt: 0,
			},
			attachment: renderAttachments(issue),
			lastViewed: null,
		};
		if (parent)
			fields.parent = {
				id: parent.id,
				key: parent.key,
				self: api(`/issue/${parent.id}`),
				fields: { summary: parent.summary, status: renderStatus(parent.statusId) },
			};
		for (const cf of CUSTOM_FIELDS) fields[cf.id] = issue.custom[cf.id] ?? null;
		return fields;
	};

	/**
	 * @param {any} raw `fields` query/body value: "a,b", ["a","b"], "*all", "*navigable", "-comment"
	 * @param {string} fallback
	 * @returns {(name: string) => boolean}
	 */
	const fieldSelector = (raw, fallback) => {
		const list = (Array.isArray(raw) ? raw : String(raw ?? fallback).split(','))
			.map((s) => String(s).trim())
			.filter(Boolean);
		const items = list.length ? list : [fallback];
		const include = new Set(items.filter((s) => !s.startsWith('-')));
		const exclude = new Set(items.filter((s) => s.startsWith('-')).map((s) => s.slice(1)));
		return (name) => {
			if (exclude.has(name)) return false;
			if (include.has('*all')) return true;
			if (include.has('*navigable')) return name !== 'comment';
			return include.has(name);
		};
	};

	/**
	 * Renders an issue as Jira's GET /issue answers it.
	 * @param {SimIssue} issue
	 * @param {{ fields?: any, expand?: any, defaultFields?: string }} [opts]
	 */
	const renderIssue = (issue, opts = {}) => {
		const select = fieldSelector(opts.fields, opts.defaultFields ?? '*all');
		const full = allFields(issue);
		/** @type {Record<string, any>} */
		const fields = {};
		for (const [k, v] of Object.entries(full)) if (select(k)) fields[k] = v;
		const expand = (Array.isArray(opts.expand) ? opts.expand : String(opts.expand ?? '').split(','))
			.map((s) => String(s).trim().toLowerCase())
			.filter(Boolean);
		/** @type {Record<string, any>} */
		const out = {
			expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
			id: issue.id,
			self: api(`/issue/${issue.id}`),
			key: issue.key,
			fields,
		};
		if (expand.includes('names')) {
			out.names = Object.fromEntries(Object.keys(fields).map((k) => [k, FIELD_NAMES[k] ?? k]));
		}
		if (expand.includes('renderedfields')) {
			out.renderedFields = {
				description:
					issue.description === null
						? null
						: `<p>${escapeHtml(issue.description).replace(/\n/g, '<br/>\n')}</p>`,
				created: new Date(issue.created).toUTCString(),
				updated: new Date(issue.updated).toUTCString(),
				resolutiondate:
					issue.resolutionDate === null ? null : new Date(issue.resolutionDate).toUTCString(),
			};
		}
		if (expand.includes('transitions'))
			out.transitions = availableTransitions(issue).map(renderTransition);
		if (expand.includes('changelog')) {
			out.changelog = {
				startAt: 0,
				maxResults: issue.changelog.length,
				total: issue.changelog.length,
				histories: issue.changelog.map(renderChangeGroup),
			};
		}
		return out;
	};

	const availableTransitions = (/** @type {SimIssue} */ issue) =>
		TRANSITIONS.filter((t) => t.to !== issue.statusId);
	const renderTransition = (/** @type {typeof TRANSITIONS[number]} */ t) => ({
		id: t.id,
		name: t.name,
		to: renderStatus(t.to),
		hasScreen: false,
		isGlobal: true,
		isInitial: false,
		isAvailable: true,
		isConditional: false,
		fields: t.resolution
			? {
					resolution: {
						required: false,
						schema: { type: 'resolution', system: 'resolution' },
						name: 'Resolution',
						key: 'resolution',
						operations: ['set'],
						allowedValues: RESOLUTIONS.map((r) => renderResolution(r.id)),
					},
				}
			: {},
	});

	/** A flat view of an issue for tests and the page. */
	const simpleIssue = (/** @type {SimIssue} */ i) => ({
		id: i.id,
		key: i.key,
		project: projectOf(i).key,
		summary: i.summary,
		description: i.description,
		issueType: renderIssueType(i.issueTypeId).name,
		status: statusOf(i.statusId).name,
		resolution: renderResolution(i.resolutionId)?.name ?? null,
		priority: renderPriority(i.priorityId)?.name ?? null,
		labels: [...i.labels],
		assignee: i.assignee,
		...(cloud ? { assigneeAccountId: findUser(i.assignee)?.accountId ?? null } : {}),
		reporter: i.reporter,
		components: i.componentIds.map(
			(id) => projects.flatMap((p) => p.components ?? []).find((c) => c.id === id)?.name ?? id,
		),
		customFields: Object.fromEntries(
			CUSTOM_FIELDS.filter((f) => i.custom[f.id] !== undefined && i.custom[f.id] !== null).map(
				(f) => [f.name, i.custom[f.id]],
			),
		),
		parent: i.parentKey,
		created: jiraTime(i.created),
		updated: jiraTime(i.updated),
		resolutiondate: jiraTime(i.resolutionDate),
		comments: i.comments.map((c) => ({
			id: c.id,
			author: c.author,
			body: c.body,
			created: jiraTime(c.created),
		})),
		attachments: renderAttachments(i).map((/** @type {any} */ a) => ({
			id: a.id,
			filename: a.filename,
			size: a.size,
			mimeType: a.mimeType,
			content: a.content,
		})),
		changelog: i.changelog.map((g) => ({
			author: g.author,
			created: jiraTime(g.created),
			items: g.items.map(({ field, fromString, toString }) => ({
				field,
				from: fromString,
				to: toString,
			})),
		})),
	});

	const controlUser = (/** @type {any} */ as) => {
		const user = findUser(as ?? 'analyst') ?? users[0];
		return user.name;
	};

	return {
		findUser,
		findByAccountId,
		findProject,
		findIssue,
		requireIssue,
		byIdOrName,
		statusOf,
		projectOf,
		renderUser,
		renderStatus,
		renderResolution,
		renderPriority,
		renderIssueType,
		renderProjectRef,
		renderComponent,
		renderComment,
		renderChangeGroup,
		renderIssue,
		availableTransitions,
		renderTransition,
		simpleIssue,
		controlUser,
	};
}

/** @typedef {ReturnType<typeof createRenderers>} Renderers */

module.exports = { createRenderers };
