#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Jira Server (Data Center 9.x) simulator: the part of the REST API v2 that n8n's built-in Jira
 * node (n8n-nodes-base.jira v1, "Jira Server" credential `jiraSoftwareServerApi`) and its
 * trigger call, plus a control API under /_sim and a small issue board at /.
 *
 *   node tools/simulators/jira/index.js --port 5681 [--tls]
 *
 * What the Jira node calls, per operation (n8n 2.8.4, checked in
 * n8n-nodes-base/dist/nodes/Jira/Jira.node.js and GenericFunctions.js; all paths under /rest):
 *   credential test      GET  /api/2/myself
 *   issue create         GET  /api/2/issuetype, then POST /api/2/issue
 *   issue update         GET  /api/2/issuetype, [POST /api/2/issue/{key}/transitions], PUT /api/2/issue/{key}
 *   issue get            GET  /api/2/issue/{key}?expand=,names (Simplify) ...
 *   issue getAll         POST /api/2/search {jql, fields:['*navigable'], startAt, maxResults}
 *   issue changelog      GET  /api/2/issue/{key}/changelog
 *   issue status         GET  /api/2/issue/{key}/transitions
 *   issue notify         POST /api/2/issue/{key}/notify
 *   issue delete         DELETE /api/2/issue/{key}?deleteSubtasks=
 *   comment add/get/getAll/update/remove   /api/2/issue/{key}/comment[/{id}]
 *   user create/get/delete                 /api/2/user
 *   list searches        GET /api/2/project, /api/2/project/{id}, /api/2/priority, /api/2/label,
 *                        /api/2/user/search?username=', /api/2/groups/picker,
 *                        /api/2/project/{id}/component, /api/2/issue/createmeta?..., /api/2/issue/{id}/editmeta
 *   Jira Trigger         GET /api/2/serverInfo, GET|POST /webhooks/1.0/webhook, DELETE /webhooks/1.0/webhook/{id}
 * Attachments are not simulated.
 *
 * Jira Cloud mode (`createJiraSimulator({ deployment: 'cloud' })`, `--cloud` on the command line):
 * what the same node sends with `jiraVersion: cloud` and the `jiraSoftwareCloudApi` credential
 * (e-mail + API token), checked in the same n8n 2.8.4 files. It still uses REST v2 paths except
 * for comments (v3, Atlassian Document Format) and users/attachments (v3):
 *   credential test      GET  /api/2/myself (Basic e-mail:API token; an account password or a PAT is refused)
 *   project list         GET  /api/2/project/search?startAt=&maxResults=  (offset pages, `values`)
 *   user list            GET  /api/2/users/search?maxResults=1000&startAt=  (`username` is refused: GDPR mode)
 *   issue create/update  assignee and reporter as { id: <accountId> } (a `name` is refused)
 *   issue getAll         POST /api/2/search/jql {jql, fields, maxResults[, nextPageToken]}; /api/2/search answers 410
 *   comment add/get/...  /api/3/issue/{key}/comment[/{id}] with an ADF body (v2 when "wiki markup" is set)
 *   user get             GET  /api/3/user?accountId=
 *   Jira Trigger         GET /api/2/serverInfo (deploymentType Cloud) -> /webhooks/1.0/webhook
 * Users carry an accountId and no name/key, as Jira Cloud renders them.
 *
 * Authentication: HTTP Basic with a username or e-mail address and password (what the Jira Server
 * credential sends), or a personal access token as Bearer (Jira Server PAT credential).
 */
const { SimServer, HttpError, escapeHtml, addCommonControlRoutes } = require('../common/server');
const { compileJql, JqlError } = require('./jql');

const STATUS_CATEGORIES = {
	new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
	indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
	done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
};

const STATUSES = [
	{ id: '10000', name: 'To Do', description: 'Work that has not been started.', category: STATUS_CATEGORIES.new },
	{ id: '3', name: 'In Progress', description: 'This issue is being actively worked on.', category: STATUS_CATEGORIES.indeterminate },
	{ id: '10001', name: 'Done', description: 'Work has been completed.', category: STATUS_CATEGORIES.done },
];
const STATUS_TODO = '10000';
const STATUS_DONE = '10001';

const RESOLUTIONS = [
	{ id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
	{ id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
	{ id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
];

/** The workflow: every status can move to every other; the three "done" transitions set a resolution. */
const TRANSITIONS = [
	{ id: '11', name: 'To Do', to: '10000', resolution: null },
	{ id: '21', name: 'In Progress', to: '3', resolution: null },
	{ id: '31', name: 'Done', to: '10001', resolution: '10000' },
	{ id: '41', name: "Won't Do", to: '10001', resolution: '10001' },
	{ id: '51', name: 'Duplicate', to: '10001', resolution: '10002' },
];

const PRIORITIES = [
	{ id: '1', name: 'Highest', statusColor: '#d04437', description: 'This problem will block progress.' },
	{ id: '2', name: 'High', statusColor: '#f15c75', description: 'Serious problem that could block progress.' },
	{ id: '3', name: 'Medium', statusColor: '#f79232', description: 'Has the potential to affect progress.' },
	{ id: '4', name: 'Low', statusColor: '#707070', description: 'Minor problem or easily worked around.' },
	{ id: '5', name: 'Lowest', statusColor: '#999999', description: 'Trivial problem with little or no impact on progress.' },
];
const DEFAULT_PRIORITY = '3';

const ISSUE_TYPES = [
	{ id: '10002', name: 'Task', subtask: false, description: 'A task that needs to be done.' },
	{ id: '10004', name: 'Bug', subtask: false, description: 'A problem which impairs or prevents the functions of the product.' },
	{ id: '10005', name: 'Incident', subtask: false, description: 'A security incident to investigate.' },
	{ id: '10003', name: 'Sub-task', subtask: true, description: 'The sub-task of the issue.' },
];

/** Custom fields: a free-text "Detection ID" and a numeric "Risk Score". */
const CUSTOM_FIELDS = [
	{
		id: 'customfield_10100',
		name: 'Detection ID',
		kind: /** @type {'text'} */ ('text'),
		schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: 10100 },
	},
	{
		id: 'customfield_10101',
		name: 'Risk Score',
		kind: /** @type {'number'} */ ('number'),
		schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10101 },
	},
];

/** Credentials of the default automation user (the one workflows use). */
const DEFAULT_CREDENTIALS = Object.freeze({ username: 'soc-bot', email: 'soc-bot@example.com', password: 'Jira-Sim-Pass1', token: 'sim-pat-soc-bot' });

/** Jira Cloud mode: the automation user's API token (Basic e-mail:token, the `jiraSoftwareCloudApi` credential). */
const CLOUD_CREDENTIALS = Object.freeze({ email: DEFAULT_CREDENTIALS.email, apiToken: 'ATATT3xFfGF0-sim-cloud-api-token-soc-bot' });

/** Jira Cloud account IDs of the default users (Atlassian's format: <site id>:<uuid>). */
const CLOUD_ACCOUNT_IDS = Object.freeze(/** @type {Record<string, string>} */ ({
	'soc-bot': '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e01',
	analyst: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e02',
	escalations_team: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e03',
	hopuser: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e04',
	former: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e05',
}));

/**
 * @typedef {{ name: string, emailAddress: string, displayName: string, password: string, token?: string, active?: boolean, accountId?: string, apiToken?: string }} SimUser
 * @typedef {{ id: string, key: string, name: string, lead?: string, components?: { id: string, name: string }[] }} SimProject
 * @typedef {{ id: string, author: string, body: string, created: number, updated: number, updateAuthor: string }} SimComment
 * @typedef {{ field: string, fieldtype: string, from: string | null, fromString: string | null, to: string | null, toString: string | null }} ChangeItem
 * @typedef {{ id: string, author: string, created: number, items: ChangeItem[] }} ChangeGroup
 * @typedef {{
 *   id: string, key: string, projectId: string, summary: string, description: string | null,
 *   issueTypeId: string, priorityId: string | null, labels: string[], assignee: string | null,
 *   reporter: string | null, creator: string, statusId: string, resolutionId: string | null,
 *   resolutionDate: number | null, created: number, updated: number, componentIds: string[],
 *   custom: Record<string, any>, parentKey: string | null, duedate: string | null,
 *   comments: SimComment[], changelog: ChangeGroup[], extra: Record<string, any>
 * }} SimIssue
 * @typedef {{ id: string, name: string, url: string, events: string[], filters: Record<string, string>,
 *   excludeBody: boolean, enabled: boolean, lastUpdated: number, lastUpdatedUser: string }} SimWebhook
 * @typedef {{ webhookId: string, event: string, url: string, status: number | null, error: string | null, at: number, issueKey: string | null }} SimDelivery
 */

const DEFAULT_USERS = /** @type {SimUser[]} */ ([
	{ name: DEFAULT_CREDENTIALS.username, emailAddress: DEFAULT_CREDENTIALS.email, displayName: 'SOC Automation', password: DEFAULT_CREDENTIALS.password, token: DEFAULT_CREDENTIALS.token },
	{ name: 'analyst', emailAddress: 'analyst@example.com', displayName: 'Alex Analyst', password: 'Analyst-Pass1' },
	{ name: 'escalations_team', emailAddress: 'escalations@example.com', displayName: 'Escalations Team', password: 'Escalations-Pass1' },
	{ name: 'hopuser', emailAddress: 'hopuser@example.com', displayName: 'Hop User', password: 'Hopuser-Pass1' },
	{ name: 'former', emailAddress: 'former@example.com', displayName: 'Former Employee', password: 'Former-Pass1', active: false },
]);

const DEFAULT_PROJECTS = /** @type {SimProject[]} */ ([
	{
		id: '10000',
		key: 'SOC',
		name: 'Security Operations',
		lead: 'analyst',
		components: [
			{ id: '10200', name: 'Network' },
			{ id: '10201', name: 'Endpoint' },
			{ id: '10202', name: 'Identity' },
		],
	},
]);

/** Fields the create/edit screens accept. Anything else is refused like Jira does. */
const SCREEN_FIELDS = new Set(['summary', 'description', 'issuetype', 'project', 'priority', 'labels', 'assignee', 'reporter', 'components', 'parent', 'duedate']);

/** Jira's timestamp format: 2024-04-09T14:00:00.000+0000 */
const jiraTime = (/** @type {number | null} */ ms) => (ms === null ? null : new Date(ms).toISOString().replace('Z', '+0000'));

/** @param {number} status @param {string[]} errorMessages @param {Record<string,string>} [errors] */
const jiraError = (status, errorMessages, errors = {}) => new HttpError(status, { errorMessages, errors });

/**
 * @param {{ tls?: boolean, users?: SimUser[], projects?: SimProject[], now?: () => number,
 *   webhookTimeoutMs?: number, name?: string, deployment?: 'server' | 'cloud', customResolutions?: string[] }} [options]
 */
function createJiraSimulator(options = {}) {
	const cloud = options.deployment === 'cloud';
	const server = new SimServer({ name: options.name ?? (cloud ? 'jira-cloud' : 'jira'), tls: options.tls });
	const now = options.now ?? (() => Date.now());
	const webhookTimeoutMs = options.webhookTimeoutMs ?? 5000;
	const users = (options.users ?? DEFAULT_USERS).map((u) => ({
		active: true,
		...(cloud ? { accountId: CLOUD_ACCOUNT_IDS[u.name] ?? `712020:sim-${u.name}`, ...(u.name === DEFAULT_CREDENTIALS.username ? { apiToken: CLOUD_CREDENTIALS.apiToken } : {}) } : {}),
		...u,
	}));
	const projects = options.projects ?? DEFAULT_PROJECTS;
	// Custom resolutions a Jira administrator adds (e.g. "False Positive"), each with a "done"
	// transition of the same name. Module-wide once added (a process runs one Jira).
	for (const name of options.customResolutions ?? []) {
		if (RESOLUTIONS.some((r) => r.name === name)) continue;
		const id = String(10000 + RESOLUTIONS.length);
		RESOLUTIONS.push({ id, name, description: `Custom resolution: ${name}.` });
		TRANSITIONS.push({ id: String(11 + 10 * TRANSITIONS.length), name, to: STATUS_DONE, resolution: id });
	}

	const state = {
		/** @type {SimIssue[]} */
		issues: [],
		/** @type {Record<string, number>} next issue number per project key */
		counters: /** @type {Record<string, number>} */ ({}),
		nextIssueId: 10001,
		nextCommentId: 10001,
		nextChangeId: 10001,
		nextWebhookId: 1,
		/** @type {SimWebhook[]} */
		webhooks: [],
		/** @type {SimDelivery[]} */
		deliveries: [],
		/** @type {{ issueKey: string, body: any, at: number }[]} */
		notifications: [],
		/** Labels known to the instance even without issues (Jira keeps used labels). */
		labels: /** @type {Set<string>} */ (new Set()),
	};
	/** @type {Set<Promise<void>>} */
	const pendingDeliveries = new Set();

	const reset = () => {
		state.issues = [];
		state.counters = {};
		state.nextIssueId = 10001;
		state.nextCommentId = 10001;
		state.nextChangeId = 10001;
		state.nextWebhookId = 1;
		state.webhooks = [];
		state.deliveries = [];
		state.notifications = [];
		state.labels = new Set();
		server.clearFaults();
		server.clearRequestLog();
	};

	const base = () => server.url;
	const api = (/** @type {string} */ p) => `${base()}/rest/api/2${p}`;

	// ---------------------------------------------------------------- lookups and renderers

	const findUser = (/** @type {string | undefined | null} */ nameOrEmail) => {
		if (!nameOrEmail) return undefined;
		const wanted = String(nameOrEmail).toLowerCase();
		return users.find((u) => u.name.toLowerCase() === wanted || u.emailAddress.toLowerCase() === wanted || (cloud && u.accountId?.toLowerCase() === wanted));
	};
	/** Jira Cloud: users are addressed by account ID only. */
	const findByAccountId = (/** @type {any} */ accountId) => (accountId ? users.find((u) => u.accountId === String(accountId)) : undefined);
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
			if (ref.name !== undefined) return list.find((x) => x.name.toLowerCase() === String(ref.name).toLowerCase());
			return undefined;
		}
		const s = String(ref).toLowerCase();
		return list.find((x) => x.id === s || x.name.toLowerCase() === s);
	};
	const statusOf = (/** @type {string} */ id) => /** @type {typeof STATUSES[number]} */ (STATUSES.find((s) => s.id === id));

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
				avatarUrls: { '48x48': `https://avatar-management.services.atlassian.example/${encodeURIComponent(String(u.accountId))}/48` },
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
		return p ? { self: api(`/priority/${p.id}`), iconUrl: `${base()}/images/icons/priorities/${p.name.toLowerCase()}.svg`, ...p } : null;
	};
	const renderIssueType = (/** @type {string} */ id) => {
		const t = /** @type {typeof ISSUE_TYPES[number]} */ (ISSUE_TYPES.find((x) => x.id === id));
		return { self: api(`/issuetype/${t.id}`), id: t.id, description: t.description, iconUrl: `${base()}/images/icons/issuetypes/${t.name.toLowerCase()}.svg`, name: t.name, subtask: t.subtask, avatarId: 10300 };
	};
	const renderProjectRef = (/** @type {SimProject} */ p) => ({
		self: api(`/project/${p.id}`),
		id: p.id,
		key: p.key,
		name: p.name,
		projectTypeKey: 'software',
		avatarUrls: { '48x48': `${base()}/secure/projectavatar?pid=${p.id}` },
	});
	const renderComponent = (/** @type {SimProject} */ p, /** @type {{id: string, name: string}} */ c) => ({
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
	const renderChangeGroup = (/** @type {ChangeGroup} */ g) => ({ id: g.id, author: renderUser(g.author), created: jiraTime(g.created), items: g.items });

	const projectOf = (/** @type {SimIssue} */ issue) => /** @type {SimProject} */ (findProject(issue.projectId));

	/** Field names as Jira shows them (the `names` expansion). */
	const FIELD_NAMES = /** @type {Record<string,string>} */ ({
		summary: 'Summary',
		description: 'Description',
		issuetype: 'Issue Type',
		project: 'Project',
		priority: 'Priority',
		labels: 'Labels',
		assignee: 'Assignee',
		reporter: 'Reporter',
		creator: 'Creator',
		status: 'Status',
		resolution: 'Resolution',
		resolutiondate: 'Resolved',
		created: 'Created',
		updated: 'Updated',
		components: 'Component/s',
		comment: 'Comment',
		duedate: 'Due Date',
		parent: 'Parent',
		subtasks: 'Sub-Tasks',
		watches: 'Watchers',
		lastViewed: 'Last Viewed',
		...Object.fromEntries(CUSTOM_FIELDS.map((f) => [f.id, f.name])),
	});

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
			subtasks: state.issues.filter((s) => s.parentKey === issue.key).map((s) => ({ id: s.id, key: s.key, self: api(`/issue/${s.id}`), fields: { summary: s.summary, status: renderStatus(s.statusId) } })),
			watches: { self: api(`/issue/${issue.key}/watchers`), watchCount: 1, isWatching: false },
			comment: { comments: issue.comments.map((c) => renderComment(issue, c)), maxResults: issue.comments.length, total: issue.comments.length, startAt: 0 },
			attachment: attachments.renderAll(issue),
			lastViewed: null,
		};
		if (parent) fields.parent = { id: parent.id, key: parent.key, self: api(`/issue/${parent.id}`), fields: { summary: parent.summary, status: renderStatus(parent.statusId) } };
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
				description: issue.description === null ? null : `<p>${escapeHtml(issue.description).replace(/\n/g, '<br/>\n')}</p>`,
				created: new Date(issue.created).toUTCString(),
				updated: new Date(issue.updated).toUTCString(),
				resolutiondate: issue.resolutionDate === null ? null : new Date(issue.resolutionDate).toUTCString(),
			};
		}
		if (expand.includes('transitions')) out.transitions = availableTransitions(issue).map(renderTransition);
		if (expand.includes('changelog')) {
			out.changelog = { startAt: 0, maxResults: issue.changelog.length, total: issue.changelog.length, histories: issue.changelog.map(renderChangeGroup) };
		}
		return out;
	};

	const availableTransitions = (/** @type {SimIssue} */ issue) => TRANSITIONS.filter((t) => t.to !== issue.statusId);
	const renderTransition = (/** @type {typeof TRANSITIONS[number]} */ t) => ({
		id: t.id,
		name: t.name,
		to: renderStatus(t.to),
		hasScreen: false,
		isGlobal: true,
		isInitial: false,
		isAvailable: true,
		isConditional: false,
		fields: t.resolution ? { resolution: { required: false, schema: { type: 'resolution', system: 'resolution' }, name: 'Resolution', key: 'resolution', operations: ['set'], allowedValues: RESOLUTIONS.map((r) => renderResolution(r.id)) } } : {},
	});

	// ---------------------------------------------------------------- field metadata (createmeta/editmeta)

	const fieldMeta = (/** @type {SimProject} */ project, /** @type {{ forCreate: boolean }} */ { forCreate }) => {
		/** @type {Record<string, any>} */
		const meta = {
			summary: { required: true, schema: { type: 'string', system: 'summary' }, name: 'Summary', key: 'summary', hasDefaultValue: false, operations: ['set'] },
			issuetype: { required: true, schema: { type: 'issuetype', system: 'issuetype' }, name: 'Issue Type', key: 'issuetype', hasDefaultValue: false, operations: [], allowedValues: ISSUE_TYPES.map((t) => renderIssueType(t.id)) },
			description: { required: false, schema: { type: 'string', system: 'description' }, name: 'Description', key: 'description', hasDefaultValue: false, operations: ['set'] },
			priority: { required: false, schema: { type: 'priority', system: 'priority' }, name: 'Priority', key: 'priority', hasDefaultValue: true, operations: ['set'], allowedValues: PRIORITIES.map((p) => renderPriority(p.id)), defaultValue: renderPriority(DEFAULT_PRIORITY) },
			labels: { required: false, schema: { type: 'array', items: 'string', system: 'labels' }, name: 'Labels', key: 'labels', autoCompleteUrl: api('/jql/autocompletedata/suggestions?fieldName=labels&fieldValue='), hasDefaultValue: false, operations: ['add', 'set', 'remove'] },
			assignee: { required: false, schema: { type: 'user', system: 'assignee' }, name: 'Assignee', key: 'assignee', autoCompleteUrl: api('/user/assignable/search?username='), hasDefaultValue: false, operations: ['set'] },
			reporter: { required: true, schema: { type: 'user', system: 'reporter' }, name: 'Reporter', key: 'reporter', autoCompleteUrl: api('/user/search?username='), hasDefaultValue: false, operations: ['set'] },
			components: { required: false, schema: { type: 'array', items: 'component', system: 'components' }, name: 'Component/s', key: 'components', hasDefaultValue: false, operations: ['add', 'set', 'remove'], allowedValues: (project.components ?? []).map((c) => renderComponent(project, c)) },
			duedate: { required: false, schema: { type: 'date', system: 'duedate' }, name: 'Due Date', key: 'duedate', hasDefaultValue: false, operations: ['set'] },
		};
		if (forCreate) {
			meta.project = { required: true, schema: { type: 'project', system: 'project' }, name: 'Project', key: 'project', hasDefaultValue: false, operations: ['set'], allowedValues: [renderProjectRef(project)] };
			meta.parent = { required: false, schema: { type: 'issuelink', system: 'parent' }, name: 'Parent', key: 'parent', hasDefaultValue: false, operations: ['set'] };
		}
		for (const cf of CUSTOM_FIELDS) {
			meta[cf.id] = { required: false, schema: cf.schema, name: cf.name, key: cf.id, hasDefaultValue: false, operations: ['set'] };
		}
		for (const [key, value] of Object.entries(meta)) value.fieldId = key;
		return meta;
	};

	// ---------------------------------------------------------------- mutations

	/**
	 * Validates and applies `fields` (create or edit screen) and `update` operations.
	 * Collects every error first, like Jira, and applies nothing when there is one.
	 * @param {SimIssue} issue
	 * @param {Record<string, any>} fields
	 * @param {Record<string, any[]>} update
	 * @param {'create' | 'edit'} mode
	 * @returns {{ items: ChangeItem[], comments: string[] }}
	 */
	const applyFields = (issue, fields, update, mode) => {
		/** @type {Record<string,string>} */
		const errors = {};
		/** @type {(() => void)[]} */
		const ops = [];
		/** @type {ChangeItem[]} */
		const items = [];
		/** @type {string[]} */
		const comments = [];
		const change = (/** @type {string} */ field, /** @type {any} */ from, /** @type {any} */ fromString, /** @type {any} */ to, /** @type {any} */ toString) => {
			if (JSON.stringify([from, fromString]) === JSON.stringify([to, toString])) return;
			items.push({ field, fieldtype: field.startsWith('customfield_') ? 'custom' : 'jira', from: from ?? null, fromString: fromString ?? null, to: to ?? null, toString: toString ?? null });
		};
		const project = projectOf(issue) ?? findProject(fields.project?.id ?? fields.project?.key);

		const setSummary = (/** @type {any} */ v) => {
			if (typeof v !== 'string' || v.trim() === '') return void (errors.summary = 'You must specify a summary of the issue.');
			if (v.length > 255) return void (errors.summary = 'Summary must be less than 255 characters.');
			ops.push(() => {
				change('summary', null, issue.summary, null, v);
				issue.summary = v;
			});
		};
		const setDescription = (/** @type {any} */ v) => {
			if (v !== null && typeof v !== 'string') return void (errors.description = 'Operation value must be a string');
			ops.push(() => {
				change('description', null, issue.description, null, v);
				issue.description = v === '' ? null : v;
			});
		};
		const setPriority = (/** @type {any} */ v) => {
			if (v === null) return void (errors.priority = 'Priority cannot be empty.');
			if (typeof v !== 'object' || (v.id === undefined && v.name === undefined)) return void (errors.priority = "Could not find valid 'id' or 'name' in priority object.");
			const p = byIdOrName(PRIORITIES, v);
			if (!p) return void (errors.priority = v.id !== undefined ? `Priority with id '${v.id}' does not exist` : `Priority name '${v.name}' is not valid`);
			ops.push(() => {
				change('priority', issue.priorityId, renderPriority(issue.priorityId)?.name, p.id, p.name);
				issue.priorityId = p.id;
			});
		};
		const checkLabels = (/** @type {any} */ list) => {
			if (!Array.isArray(list)) return 'data was not an array';
			for (const l of list) {
				if (typeof l !== 'string' || l === '') return 'Labels must be non-empty strings.';
				if (/\s/.test(l)) return `The label '${l}' contains spaces which is invalid.`;
				if (l.length > 255) return `The label '${l.slice(0, 20)}...' exceeds the 255 character limit.`;
			}
			return null;
		};
		const setLabels = (/** @type {string[]} */ next) => {
			ops.push(() => {
				const unique = [...new Set(next)];
				change('labels', null, issue.labels.join(' '), null, unique.join(' '));
				issue.labels = unique;
				unique.forEach((l) => state.labels.add(l));
			});
		};
		const setUser = (/** @type {'assignee' | 'reporter'} */ field, /** @type {any} */ v) => {
			if (v === null || (typeof v === 'object' && (v.name === null || v.name === '' || v.accountId === null))) {
				if (field === 'reporter') return void (errors.reporter = 'Reporter is required.');
				ops.push(() => {
					change('assignee', issue.assignee, renderUser(issue.assignee)?.displayName, null, null);
					issue.assignee = null;
				});
				return;
			}
			if (cloud) {
				// Jira Cloud identifies users by account ID ({ accountId } or { id }); names are gone.
				const accountId = typeof v === 'object' ? (v.accountId ?? v.id) : undefined;
				if (accountId === undefined) return void (errors[field] = `Specify the ${field} by accountId: Jira Cloud does not accept user names (GDPR).`);
				if (String(accountId) !== '-1') {
					const cloudUser = findByAccountId(accountId);
					if (!cloudUser) return void (errors[field] = `Specify a valid value for ${field}: no user has the account ID '${accountId}'.`);
					if (cloudUser.active === false && field === 'assignee') return void (errors[field] = `User '${cloudUser.displayName}' cannot be assigned issues.`);
					ops.push(() => {
						const from = issue[field];
						change(field, from, renderUser(from)?.displayName, cloudUser.accountId, cloudUser.displayName);
						issue[field] = cloudUser.name;
					});
					return;
				}
			}
			const name = typeof v === 'object' ? (v.name ?? v.key ?? v.accountId ?? v.id) : v;
			if (field === 'assignee' && name === '-1') {
				const lead = project?.lead ?? null;
				ops.push(() => {
					change('assignee', issue.assignee, renderUser(issue.assignee)?.displayName, lead, renderUser(lead)?.displayName);
					issue.assignee = lead;
				});
				return;
			}
			const user = findUser(name);
			if (!user) return void (errors[field] = `User '${name}' does not exist.`);
			if (user.active === false && field === 'assignee') return void (errors[field] = `User '${user.name}' cannot be assigned issues.`);
			ops.push(() => {
				const from = issue[field];
				change(field, from, renderUser(from)?.displayName, user.name, user.displayName);
				issue[field] = user.name;
			});
		};
		const resolveComponents = (/** @type {any} */ list) => {
			if (!Array.isArray(list)) return { error: 'data was not an array' };
			/** @type {string[]} */
			const ids = [];
			for (const ref of list) {
				const c = byIdOrName(project?.components ?? [], ref);
				if (!c) return { error: `Component ${ref?.name !== undefined ? `name '${ref.name}'` : `id '${ref?.id ?? ref}'`} is not valid.` };
				ids.push(c.id);
			}
			return { ids };
		};
		const setComponents = (/** @type {string[]} */ ids) => {
			ops.push(() => {
				change('Component', null, issue.componentIds.join(','), null, ids.join(','));
				issue.componentIds = [...new Set(ids)];
			});
		};
		const setCustom = (/** @type {string} */ id, /** @type {any} */ v) => {
			const cf = /** @type {typeof CUSTOM_FIELDS[number]} */ (CUSTOM_FIELDS.find((f) => f.id === id));
			if (v !== null && cf.kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) {
				if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) v = Number(v);
				else return void (errors[id] = `'${v}' is an invalid number`);
			}
			if (v !== null && cf.kind === 'text' && typeof v !== 'string') return void (errors[id] = 'Operation value must be a string');
			ops.push(() => {
				change(cf.name, null, issue.custom[id] ?? null, null, v);
				issue.custom[id] = v === '' ? null : v;
			});
		};

		for (const [name, value] of Object.entries(fields ?? {})) {
			if (name === 'project' || name === 'issuetype' || name === 'parent') {
				if (mode === 'create') continue; // handled by createIssue
				if (name === 'issuetype') {
					const t = byIdOrName(ISSUE_TYPES, value);
					if (!t) {
						errors.issuetype = 'The issue type selected is invalid.';
						continue;
					}
					ops.push(() => {
						change('issuetype', issue.issueTypeId, renderIssueType(issue.issueTypeId).name, t.id, t.name);
						issue.issueTypeId = t.id;
					});
					continue;
				}
				errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
				continue;
			}
			if (name === 'summary') setSummary(value);
			else if (name === 'description') setDescription(value);
			else if (name === 'priority') setPriority(value);
			else if (name === 'labels') {
				const problem = checkLabels(value);
				if (problem) errors.labels = problem;
				else setLabels(value);
			} else if (name === 'assignee' || name === 'reporter') setUser(name, value);
			else if (name === 'components') {
				const r = resolveComponents(value);
				if (r.error) errors.components = r.error;
				else setComponents(/** @type {string[]} */ (r.ids));
			} else if (name === 'duedate') {
				if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) errors.duedate = "Error parsing date string: " + value;
				else ops.push(() => void (issue.duedate = value));
			} else if (CUSTOM_FIELDS.some((f) => f.id === name)) setCustom(name, value);
			else if (!SCREEN_FIELDS.has(name)) errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
		}

		for (const [name, operations] of Object.entries(update ?? {})) {
			if (name in (fields ?? {})) {
				errors[name] = `Field '${name}' cannot be set in both 'fields' and 'update'.`;
				continue;
			}
			if (!Array.isArray(operations)) {
				errors[name] = 'Operation must be an array.';
				continue;
			}
			for (const operation of operations) {
				const [verb, value] = Object.entries(operation ?? {})[0] ?? [];
				if (name === 'labels') {
					const current = () => issue.labels;
					if (verb === 'set') {
						const problem = checkLabels(value);
						if (problem) errors.labels = problem;
						else setLabels(value);
					} else if (verb === 'add' || verb === 'remove') {
						const problem = checkLabels([value]);
						if (problem) errors.labels = problem;
						else ops.push(() => {
							const next = verb === 'add' ? [...current(), value] : current().filter((l) => l !== value);
							change('labels', null, issue.labels.join(' '), null, [...new Set(next)].join(' '));
							issue.labels = [...new Set(next)];
							if (verb === 'add') state.labels.add(value);
						});
					} else errors.labels = `Unsupported operation '${verb}' for labels.`;
				} else if (name === 'components') {
					const r = resolveComponents(verb === 'set' ? value : [value]);
					if (r.error) errors.components = r.error;
					else if (verb === 'set') setComponents(/** @type {string[]} */ (r.ids));
					else if (verb === 'add' || verb === 'remove') {
						const ids = /** @type {string[]} */ (r.ids);
						ops.push(() => {
							issue.componentIds = verb === 'add' ? [...new Set([...issue.componentIds, ...ids])] : issue.componentIds.filter((id) => !ids.includes(id));
						});
					} else errors.components = `Unsupported operation '${verb}' for components.`;
				} else if (name === 'comment') {
					if (verb !== 'add') errors.comment = `Unsupported operation '${verb}' for comment.`;
					else if (typeof value?.body !== 'string' || value.body.trim() === '') errors.comment = 'Comment body can not be empty!';
					else comments.push(value.body);
				} else if (verb === 'set') {
					// `update: {summary: [{set: "x"}]}` is the same as `fields: {summary: "x"}`.
					const sub = applyFieldsDryRun(name, value);
					if (sub) errors[name] = sub;
					else if (name === 'summary') setSummary(value);
					else if (name === 'description') setDescription(value);
					else if (name === 'priority') setPriority(value);
					else if (name === 'assignee' || name === 'reporter') setUser(name, value);
					else if (CUSTOM_FIELDS.some((f) => f.id === name)) setCustom(name, value);
				} else {
					errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
				}
			}
		}

		if (Object.keys(errors).length) throw jiraError(400, [], errors);
		ops.forEach((op) => op());
		return { items, comments };
	};
	const applyFieldsDryRun = (/** @type {string} */ name, /** @type {any} */ _value) =>
		['summary', 'description', 'priority', 'assignee', 'reporter'].includes(name) || CUSTOM_FIELDS.some((f) => f.id === name)
			? null
			: `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;

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
		const comment = { id: String(state.nextCommentId++), author, body, created: t, updated: t, updateAuthor: author };
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
		if (!fields || typeof fields !== 'object') throw jiraError(400, ['Issue must have fields set.']);
		/** @type {Record<string,string>} */
		const errors = {};
		const project = fields.project && typeof fields.project === 'object' ? findProject(fields.project.id ?? fields.project.key) : undefined;
		if (!project) errors.project = fields.project ? 'valid project is required' : 'project is required';
		const issueType = byIdOrName(ISSUE_TYPES, fields.issuetype);
		if (!issueType) errors.issuetype = fields.issuetype ? 'valid issue type is required' : 'issue type is required';
		if (fields.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
		/** @type {SimIssue | undefined} */
		let parent;
		if (issueType?.subtask) {
			const ref = fields.parent?.key ?? fields.parent?.id;
			parent = ref ? findIssue(ref) : undefined;
			if (!parent) errors.parent = ref ? `Could not find issue by id or key.` : 'Sub-tasks must have a parent.';
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

	/**
	 * Moves an issue through a transition (status change), optionally overriding the resolution.
	 * @param {SimIssue} issue
	 * @param {typeof TRANSITIONS[number]} transition
	 * @param {string} author
	 * @param {{ resolutionId?: string | null, comment?: string }} [extra]
	 */
	const applyTransition = (issue, transition, author, extra = {}) => {
		const fromStatus = issue.statusId;
		const fromResolution = issue.resolutionId;
		const resolutionId = transition.to === STATUS_DONE ? (extra.resolutionId ?? transition.resolution) : null;
		issue.statusId = transition.to;
		issue.resolutionId = resolutionId;
		issue.resolutionDate = resolutionId ? now() : null;
		/** @type {ChangeItem[]} */
		const items = [];
		if (fromResolution !== resolutionId) {
			items.push({ field: 'resolution', fieldtype: 'jira', from: fromResolution, fromString: renderResolution(fromResolution)?.name ?? null, to: resolutionId, toString: renderResolution(resolutionId)?.name ?? null });
		}
		if (fromStatus !== transition.to) {
			items.push({ field: 'status', fieldtype: 'jira', from: fromStatus, fromString: statusOf(fromStatus).name, to: transition.to, toString: statusOf(transition.to).name });
		}
		const group = recordChange(issue, author, items);
		const comment = extra.comment ? addComment(issue, author, extra.comment) : null;
		const eventType = resolutionId && !fromResolution ? 'issue_resolved' : fromStatus === STATUS_DONE && transition.to !== STATUS_DONE ? 'issue_reopened' : 'issue_generic';
		emit('jira:issue_updated', issue, { user: author, changelog: group, comment, eventType });
		if (comment) emit('comment_created', issue, { user: author, comment });
	};

	// ---------------------------------------------------------------- webhooks

	/**
	 * @param {string} event
	 * @param {SimIssue} issue
	 * @param {{ user: string, changelog?: ChangeGroup | null, comment?: SimComment | null, eventType?: string }} info
	 */
	const emit = (event, issue, info) => {
		const active = state.webhooks.filter((w) => w.enabled && w.events.includes(event));
		if (!active.length) return;
		const project = projectOf(issue);
		/** @type {Record<string, any>} */
		const payload = {
			timestamp: now(),
			webhookEvent: event,
			user: renderUser(info.user),
			issue: renderIssue(issue),
		};
		if (event.startsWith('jira:issue')) payload.issue_event_type_name = info.eventType ?? 'issue_generic';
		if (info.changelog) payload.changelog = { id: info.changelog.id, items: info.changelog.items };
		if (info.comment) payload.comment = renderComment(issue, info.comment);
		for (const hook of active) {
			const jql = hook.filters?.['issue-related-events-section'];
			if (jql) {
				try {
					if (!compileJql(jql, jqlSchema, { currentUser: info.user, now }).filter(issue)) continue;
				} catch {
					continue;
				}
			}
			const url = hook.url
				.replace(/\$\{issue\.key\}/g, issue.key)
				.replace(/\$\{issue\.id\}/g, issue.id)
				.replace(/\$\{project\.key\}/g, project.key)
				.replace(/\$\{project\.id\}/g, project.id)
				.replace(/\$\{comment\.id\}/g, info.comment?.id ?? '');
			/** @type {SimDelivery} */
			const delivery = { webhookId: hook.id, event, url, status: null, error: null, at: now(), issueKey: issue.key };
			state.deliveries.push(delivery);
			const promise = fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'User-Agent': 'Atlassian HttpClient 3.0.4 (Jira simulator)', 'X-Atlassian-Webhook-Identifier': `${hook.id}-${state.deliveries.length}` },
				body: hook.excludeBody ? undefined : JSON.stringify(payload),
				signal: AbortSignal.timeout(webhookTimeoutMs),
			})
				.then(async (res) => {
					delivery.status = res.status;
					await res.arrayBuffer().catch(() => undefined);
				})
				.catch((error) => {
					delivery.error = error instanceof Error ? error.message : String(error);
				})
				.finally(() => pendingDeliveries.delete(promise));
			pendingDeliveries.add(promise);
		}
	};

	const renderWebhook = (/** @type {SimWebhook} */ w, /** @type {string} */ prefix) => ({
		self: `${base()}/rest${prefix}/${w.id}`,
		id: Number(w.id),
		name: w.name,
		url: w.url,
		events: w.events,
		filters: w.filters,
		excludeBody: w.excludeBody,
		enabled: w.enabled,
		lastUpdated: w.lastUpdated,
		lastUpdatedUser: w.lastUpdatedUser,
		lastUpdatedDisplayName: renderUser(w.lastUpdatedUser)?.displayName ?? w.lastUpdatedUser,
	});

	// ---------------------------------------------------------------- JQL schema

	/** @param {string} literal */
	const userMatches = (/** @type {any} */ actual, literal) => {
		const u = findUser(actual);
		const l = literal.toLowerCase();
		return Boolean(u && (u.name.toLowerCase() === l || u.emailAddress.toLowerCase() === l || u.displayName.toLowerCase() === l || u.accountId?.toLowerCase() === l));
	};
	const mustExist = (/** @type {string} */ field, /** @type {(v: string) => boolean} */ exists) => (/** @type {string} */ v) =>
		exists(v) ? null : `The value '${v}' does not exist for the field '${field}'.`;
	/** @type {Record<string, import('./jql').FieldDef>} */
	const jqlFields = {
		key: {
			kind: 'single',
			get: (i) => i.key,
			matches: (a, l) => String(a).toLowerCase() === l.toLowerCase() || findIssue(l)?.key === a,
			validate: (v) => {
				if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(v) && !/^\d+$/.test(v)) return `The issue key '${v}' for field 'key' is invalid.`;
				return findIssue(v) ? null : `An issue with key '${v.toUpperCase()}' does not exist for field 'key'.`;
			},
			sortKey: (i) => Number(i.key.split('-')[1]) + Number(i.projectId) * 1e7,
		},
		id: { kind: 'number', get: (i) => Number(i.id), matches: (a, l) => String(a) === l },
		project: {
			kind: 'single',
			get: (i) => i.projectId,
			matches: (a, l) => {
				const p = findProject(a);
				return Boolean(p && (p.id === l || p.key.toLowerCase() === l.toLowerCase() || p.name.toLowerCase() === l.toLowerCase()));
			},
			validate: mustExist('project', (v) => projects.some((p) => p.id === v || p.key.toLowerCase() === v.toLowerCase() || p.name.toLowerCase() === v.toLowerCase())),
		},
		summary: { kind: 'text', get: (i) => i.summary },
		description: { kind: 'text', get: (i) => i.description },
		comment: { kind: 'text', get: (i) => i.comments.map((/** @type {SimComment} */ c) => c.body) },
		text: {
			kind: 'text',
			get: (i) => [i.summary, i.description ?? '', ...i.comments.map((/** @type {SimComment} */ c) => c.body), ...CUSTOM_FIELDS.filter((f) => f.kind === 'text').map((f) => i.custom[f.id] ?? '')],
		},
		labels: { kind: 'multi', get: (i) => i.labels, matches: (a, l) => String(a).toLowerCase() === l.toLowerCase() },
		status: {
			kind: 'single',
			get: (i) => i.statusId,
			matches: (a, l) => a === l || statusOf(a).name.toLowerCase() === l.toLowerCase(),
			validate: mustExist('status', (v) => Boolean(byIdOrName(STATUSES, v))),
			sortKey: (i) => STATUSES.findIndex((s) => s.id === i.statusId),
		},
		statuscategory: {
			kind: 'single',
			get: (i) => statusOf(i.statusId).category,
			matches: (a, l) => [String(a.id), a.key, a.name.toLowerCase()].includes(l.toLowerCase()),
			validate: mustExist('statusCategory', (v) => Object.values(STATUS_CATEGORIES).some((c) => [String(c.id), c.key, c.name.toLowerCase()].includes(v.toLowerCase()))),
		},
		resolution: {
			kind: 'single',
			get: (i) => i.resolutionId,
			matches: (a, l) => a === l || renderResolution(a)?.name.toLowerCase() === l.toLowerCase(),
			validate: (v) => (v.toLowerCase() === 'unresolved' || byIdOrName(RESOLUTIONS, v) ? null : `The value '${v}' does not exist for the field 'resolution'.`),
			// `resolution = Unresolved` is Jira's spelling of `resolution IS EMPTY`.
			normalize: (v) => (v.toLowerCase() === 'unresolved' ? null : v),
		},
		priority: {
			kind: 'single',
			get: (i) => i.priorityId,
			matches: (a, l) => a === l || renderPriority(a)?.name.toLowerCase() === l.toLowerCase(),
			validate: mustExist('priority', (v) => Boolean(byIdOrName(PRIORITIES, v))),
			sortKey: (i) => (i.priorityId ? -Number(i.priorityId) : null),
		},
		issuetype: {
			kind: 'single',
			get: (i) => i.issueTypeId,
			matches: (a, l) => a === l || renderIssueType(a).name.toLowerCase() === l.toLowerCase(),
			validate: mustExist('issuetype', (v) => Boolean(byIdOrName(ISSUE_TYPES, v))),
		},
		assignee: { kind: 'single', get: (i) => i.assignee, matches: userMatches, validate: mustExist('assignee', (v) => Boolean(findUser(v) || users.some((u) => u.displayName.toLowerCase() === v.toLowerCase()))) },
		reporter: { kind: 'single', get: (i) => i.reporter, matches: userMatches, validate: mustExist('reporter', (v) => Boolean(findUser(v) || users.some((u) => u.displayName.toLowerCase() === v.toLowerCase()))) },
		creator: { kind: 'single', get: (i) => i.creator, matches: userMatches },
		component: {
			kind: 'multi',
			get: (i) => i.componentIds,
			matches: (a, l) => {
				const all = projects.flatMap((p) => p.components ?? []);
				const c = all.find((x) => x.id === a);
				return Boolean(c && (c.id === l || c.name.toLowerCase() === l.toLowerCase()));
			},
		},
		parent: { kind: 'single', get: (i) => i.parentKey, matches: (a, l) => String(a).toLowerCase() === l.toLowerCase() || findIssue(l)?.key === a },
		created: { kind: 'date', get: (i) => i.created },
		updated: { kind: 'date', get: (i) => i.updated },
		resolutiondate: { kind: 'date', get: (i) => i.resolutionDate },
		duedate: { kind: 'date', get: (i) => (i.duedate ? Date.parse(`${i.duedate}T00:00:00Z`) : null) },
	};
	const aliases = /** @type {Record<string,string>} */ ({ issuekey: 'key', issue: 'key', type: 'issuetype', resolved: 'resolutiondate', createddate: 'created', updateddate: 'updated', due: 'duedate', label: 'labels', components: 'component' });
	const jqlSchema = {
		resolveField: (/** @type {string} */ name) => {
			const lower = name.toLowerCase();
			const direct = jqlFields[aliases[lower] ?? lower];
			if (direct) return direct;
			const cfMatch = /^(?:cf\[(\d+)\]|customfield_(\d+))$/i.exec(name);
			const cf = CUSTOM_FIELDS.find((f) => (cfMatch ? f.schema.customId === Number(cfMatch[1] ?? cfMatch[2]) : f.name.toLowerCase() === lower));
			if (!cf) return undefined;
			return /** @type {import('./jql').FieldDef} */ ({ kind: cf.kind === 'number' ? 'number' : 'text', get: (/** @type {SimIssue} */ i) => i.custom[cf.id] ?? null });
		},
	};

	/**
	 * Runs a JQL search the way /rest/api/2/search does.
	 * @param {string} jql
	 * @param {string} currentUser
	 */
	const searchIssues = (jql, currentUser) => {
		let compiled;
		try {
			compiled = compileJql(jql, jqlSchema, { currentUser, now });
		} catch (error) {
			if (error instanceof JqlError) throw jiraError(400, [error.message]);
			throw error;
		}
		const found = state.issues.filter(compiled.filter);
		if (compiled.orderBy.length) found.sort(compiled.sort);
		else found.sort((a, b) => b.created - a.created || Number(b.id) - Number(a.id));
		return found;
	};

	// ---------------------------------------------------------------- authentication

	/**
	 * @param {import('../common/server').SimRequest} req
	 * @param {{ optional?: boolean }} [opts]
	 * @returns {SimUser | null}
	 */
	const authenticate = (req, opts = {}) => {
		const header = String(req.headers.authorization ?? '');
		const unauthenticated = () =>
			new HttpError(401, { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} }, { 'WWW-Authenticate': 'Basic realm="protected-area"', 'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED' });
		if (!header) {
			if (opts.optional) return null;
			throw unauthenticated();
		}
		const [scheme, value = ''] = header.split(/\s+/, 2);
		if (cloud) {
			// Jira Cloud: Basic with the account's e-mail and an API token; passwords and PATs are refused.
			if (scheme.toLowerCase() === 'basic') {
				const decoded = Buffer.from(value, 'base64').toString('utf8');
				const sep = decoded.indexOf(':');
				const email = (sep === -1 ? decoded : decoded.slice(0, sep)).toLowerCase();
				const token = sep === -1 ? '' : decoded.slice(sep + 1);
				const user = users.find((u) => u.emailAddress.toLowerCase() === email);
				if (user && user.active !== false && user.apiToken && user.apiToken === token) return user;
			}
			throw new HttpError(401, 'Client must be authenticated to access this resource.', { 'WWW-Authenticate': 'Basic realm="Jira Cloud"' });
		}
		if (scheme.toLowerCase() === 'basic') {
			const decoded = Buffer.from(value, 'base64').toString('utf8');
			const sep = decoded.indexOf(':');
			const login = sep === -1 ? decoded : decoded.slice(0, sep);
			const password = sep === -1 ? '' : decoded.slice(sep + 1);
			const user = findUser(login);
			if (user && user.active !== false && user.password === password) return user;
			throw new HttpError(401, { errorMessages: ['Login failed: the username or password is incorrect.'], errors: {} }, { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED', 'WWW-Authenticate': 'Basic realm="protected-area"' });
		}
		if (scheme.toLowerCase() === 'bearer') {
			const user = users.find((u) => u.token && u.token === value);
			if (user && user.active !== false) return user;
			throw new HttpError(401, { errorMessages: ['The personal access token is invalid or expired.'], errors: {} }, { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' });
		}
		throw unauthenticated();
	};

	/**
	 * Registers a REST route under /rest/api/2 and /rest/api/latest that needs a logged-in user.
	 * @param {string} method
	 * @param {string} pattern
	 * @param {(req: import('../common/server').SimRequest, user: SimUser) => import('../common/server').SimResponse | Promise<import('../common/server').SimResponse>} handler
	 */
	const rest = (method, pattern, handler) => {
		for (const prefix of ['/rest/api/2', '/rest/api/latest']) {
			server.route(method, `${prefix}${pattern}`, (req) => handler(req, /** @type {SimUser} */ (authenticate(req))));
		}
	};

	// Issue attachments (n8n's Jira node "Issue Attachment > Add"): ./attachments.js.
	const attachments = require('./attachments').addAttachmentRoutes({ server, rest, requireIssue, base, renderUser, jiraError, authenticate, issues: () => state.issues });

	const paginate = (/** @type {any} */ startAtRaw, /** @type {any} */ maxRaw, /** @type {number} */ defMax, /** @type {number} */ cap) => {
		const startAt = Math.max(0, Number.parseInt(String(startAtRaw ?? 0), 10) || 0);
		let maxResults = maxRaw === undefined || maxRaw === null || maxRaw === '' ? defMax : Number.parseInt(String(maxRaw), 10);
		if (!Number.isFinite(maxResults) || maxResults < 0) maxResults = defMax;
		return { startAt, maxResults: Math.min(maxResults, cap) };
	};

	// ---------------------------------------------------------------- REST: server, users, metadata

	server.route('GET', '/rest/api/2/serverInfo', (req) => {
		authenticate(req, { optional: true });
		if (cloud) {
			return {
				body: {
					baseUrl: base(),
					version: '1001.0.0-SNAPSHOT',
					versionNumbers: [1001, 0, 0],
					deploymentType: 'Cloud',
					buildNumber: 100282,
					buildDate: '2026-11-01T00:00:00.000+0000',
					serverTime: jiraTime(now()),
					scmInfo: 'simulator',
					serverTitle: 'Jira (Cloud simulator)',
				},
			};
		}
		return {
			body: {
				baseUrl: base(),
				version: '9.12.2',
				versionNumbers: [9, 12, 2],
				deploymentType: 'Server',
				buildNumber: 9120002,
				buildDate: '2024-01-10T00:00:00.000+0000',
				serverTime: jiraTime(now()),
				scmInfo: 'simulator',
				serverTitle: 'Jira (simulator)',
			},
		};
	});
	rest('GET', '/myself', (_req, user) => ({
		body: { ...renderUser(user.name), locale: 'en_US', groups: { size: 1, items: [{ name: 'jira-software-users' }] }, applicationRoles: { size: 1, items: [] }, expand: 'groups,applicationRoles' },
	}));
	if (cloud) {
		// Jira Cloud's user list (what n8n's user dropdown calls in Cloud mode): all users, offset pages.
		rest('GET', '/users/search', (req) => {
			const { startAt, maxResults } = paginate(req.query.get('startAt'), req.query.get('maxResults'), 50, 1000);
			return { body: users.slice(startAt, startAt + maxResults).map((u) => renderUser(u.name)) };
		});
		// Jira Cloud's project list (n8n's project dropdown in Cloud mode).
		rest('GET', '/project/search', (req) => {
			const { startAt, maxResults } = paginate(req.query.get('startAt'), req.query.get('maxResults'), 50, 100);
			const values = projects.slice(startAt, startAt + maxResults).map((p) => ({ expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight', ...renderProjectRef(p), simplified: false, style: 'classic', isPrivate: false }));
			return { body: { self: api(`/project/search?startAt=${startAt}&maxResults=${maxResults}`), maxResults, startAt, total: projects.length, isLast: startAt + values.length >= projects.length, values } };
		});
	}
	/** Jira Cloud refuses user names in user look-ups (GDPR strict mode). */
	const refuseUsernameInCloud = (/** @type {import('../common/server').SimRequest} */ req) => {
		if (cloud && (req.query.get('username') !== null || req.query.get('key') !== null)) {
			throw jiraError(400, ["The query parameter 'username' is not supported in GDPR strict mode."]);
		}
	};
	rest('GET', '/user/search', (req) => {
		refuseUsernameInCloud(req);
		if (cloud) {
			const needle = (req.query.get('query') ?? '').toLowerCase();
			const accountId = req.query.get('accountId');
			if (!needle && !accountId) throw jiraError(400, ['The query parameter \'query\' or \'accountId\' is required.']);
			return { body: users.filter((u) => (accountId ? u.accountId === accountId : [u.emailAddress, u.displayName].some((x) => x.toLowerCase().includes(needle)))).map((u) => renderUser(u.name)) };
		}
		const q = req.query.get('username');
		if (q === null) throw jiraError(400, ['The username query parameter was not provided']);
		const { startAt, maxResults } = paginate(req.query.get('startAt'), req.query.get('maxResults'), 50, 1000);
		const needle = q.trim().toLowerCase();
		const includeInactive = req.query.get('includeInactive') === 'true';
		// Jira Server treats "." and "'" (what n8n sends) as "match everyone".
		const all = ['', '.', "'", '*'].includes(needle);
		const found = users.filter((u) => (includeInactive || u.active !== false) && (all || [u.name, u.emailAddress, u.displayName].some((s) => s.toLowerCase().includes(needle))));
		return { body: found.slice(startAt, startAt + maxResults).map((u) => renderUser(u.name)) };
	});
	rest('GET', '/user/assignable/search', (req) => {
		const needle = (req.query.get('username') ?? '').toLowerCase();
		return { body: users.filter((u) => u.active !== false && (!needle || [u.name, u.emailAddress, u.displayName].some((s) => s.toLowerCase().includes(needle)))).map((u) => renderUser(u.name)) };
	});
	rest('GET', '/user', (req) => {
		refuseUsernameInCloud(req);
		const name = req.query.get('username') ?? req.query.get('key') ?? req.query.get('accountId');
		const user = renderUser(name);
		if (!user) throw jiraError(404, [`The user named '${name}' does not exist`]);
		return { body: { ...user, groups: { size: 1, items: [{ name: 'jira-software-users' }] }, expand: 'groups,applicationRoles' } };
	});
	rest('POST', '/user', () => {
		throw jiraError(403, ['You do not have the permission to create users (simulator: users are fixed).']);
	});
	rest('DELETE', '/user', () => {
		throw jiraError(403, ['You do not have the permission to delete users (simulator: users are fixed).']);
	});
	rest('GET', '/groups/picker', (req) => {
		const needle = (req.query.get('query') ?? '').toLowerCase();
		const groups = ['jira-administrators', 'jira-software-users', 'soc-analysts'].filter((g) => g.includes(needle));
		return { body: { header: `Showing ${groups.length} of ${groups.length} matching groups`, total: groups.length, groups: groups.map((name) => ({ name, html: name, labels: [] })) } };
	});
	rest('GET', '/project', () => ({ body: projects.map((p) => ({ expand: 'description,lead,url,projectKeys', ...renderProjectRef(p) })) }));
	rest('GET', '/project/:idOrKey', (req) => {
		const p = findProject(req.params.idOrKey);
		if (!p) throw jiraError(404, [`No project could be found with key '${req.params.idOrKey}'.`]);
		return {
			body: {
				expand: 'description,lead,url,projectKeys',
				...renderProjectRef(p),
				description: `${p.name} (simulated)`,
				lead: renderUser(p.lead ?? null),
				components: (p.components ?? []).map((c) => renderComponent(p, c)),
				issueTypes: ISSUE_TYPES.map((t) => renderIssueType(t.id)),
				assigneeType: 'UNASSIGNED',
				versions: [],
				roles: {},
				projectKeys: [p.key],
			},
		};
	});
	const projectComponents = (/** @type {string} */ idOrKey) => {
		const p = findProject(idOrKey);
		if (!p) throw jiraError(404, [`No project could be found with key '${idOrKey}'.`]);
		return (p.components ?? []).map((c) => renderComponent(p, c));
	};
	// Jira Server's own endpoint (a bare array) ...
	rest('GET', '/project/:idOrKey/components', (req) => ({ body: projectComponents(req.params.idOrKey) }));
	// ... and the paginated one the n8n node calls (Jira Cloud's shape, { values }).
	rest('GET', '/project/:idOrKey/component', (req) => {
		const values = projectComponents(req.params.idOrKey);
		return { body: { self: api(`/project/${req.params.idOrKey}/component`), maxResults: 50, startAt: 0, total: values.length, isLast: true, values } };
	});
	rest('GET', '/issuetype', () => ({ body: ISSUE_TYPES.map((t) => renderIssueType(t.id)) }));
	rest('GET', '/issuetype/:id', (req) => {
		const t = ISSUE_TYPES.find((x) => x.id === req.params.id);
		if (!t) throw jiraError(404, [`The issue type with id '${req.params.id}' does not exist`]);
		return { body: renderIssueType(t.id) };
	});
	rest('GET', '/priority', () => ({ body: PRIORITIES.map((p) => renderPriority(p.id)) }));
	rest('GET', '/priority/:id', (req) => {
		const p = renderPriority(req.params.id);
		if (!p) throw jiraError(404, [`Cannot find priority with id '${req.params.id}'.`]);
		return { body: p };
	});
	rest('GET', '/status', () => ({ body: STATUSES.map((s) => renderStatus(s.id)) }));
	rest('GET', '/resolution', () => ({ body: RESOLUTIONS.map((r) => renderResolution(r.id)) }));
	rest('GET', '/field', () => ({
		body: [
			...Object.entries(FIELD_NAMES)
				.filter(([id]) => !id.startsWith('customfield_'))
				.map(([id, name]) => ({ id, name, custom: false, orderable: SCREEN_FIELDS.has(id), navigable: id !== 'comment', searchable: true, clauseNames: [id] })),
			...CUSTOM_FIELDS.map((f) => ({ id: f.id, name: f.name, custom: true, orderable: true, navigable: true, searchable: true, clauseNames: [`cf[${f.schema.customId}]`, f.name], schema: f.schema })),
		],
	}));
	rest('GET', '/label', (req) => {
		const all = [...new Set([...state.labels, ...state.issues.flatMap((i) => i.labels)])].sort();
		const { startAt, maxResults } = paginate(req.query.get('startAt'), req.query.get('maxResults'), 1000, 1000);
		const values = all.slice(startAt, startAt + maxResults);
		return { body: { maxResults, startAt, total: all.length, isLast: startAt + values.length >= all.length, values } };
	});
	rest('GET', '/issue/createmeta', (req) => {
		const ids = (req.query.get('projectIds') ?? '').split(',').filter(Boolean);
		const keys = (req.query.get('projectKeys') ?? '').split(',').filter(Boolean);
		const typeIds = (req.query.get('issuetypeIds') ?? req.query.get('issueTypeIds') ?? '').split(',').filter(Boolean);
		const typeNames = (req.query.get('issuetypeNames') ?? '').split(',').filter(Boolean).map((s) => s.toLowerCase());
		const withFields = (req.query.get('expand') ?? '').includes('projects.issuetypes.fields');
		const selected = projects.filter((p) => (!ids.length && !keys.length) || ids.includes(p.id) || keys.map((k) => k.toUpperCase()).includes(p.key));
		return {
			body: {
				expand: 'projects',
				projects: selected.map((p) => ({
					...renderProjectRef(p),
					expand: 'issuetypes',
					issuetypes: ISSUE_TYPES.filter((t) => (!typeIds.length && !typeNames.length) || typeIds.includes(t.id) || typeNames.includes(t.name.toLowerCase())).map((t) => ({
						...renderIssueType(t.id),
						expand: 'fields',
						...(withFields ? { fields: fieldMeta(p, { forCreate: true }) } : {}),
					})),
				})),
			},
		};
	});
	// Jira 9's replacement for createmeta.
	rest('GET', '/issue/createmeta/:project/issuetypes', (req) => {
		if (!findProject(req.params.project)) throw jiraError(404, [`No project could be found with id or key '${req.params.project}'.`]);
		const values = ISSUE_TYPES.map((t) => renderIssueType(t.id));
		return { body: { maxResults: 50, startAt: 0, total: values.length, isLast: true, values } };
	});
	rest('GET', '/issue/createmeta/:project/issuetypes/:typeId', (req) => {
		const p = findProject(req.params.project);
		if (!p) throw jiraError(404, [`No project could be found with id or key '${req.params.project}'.`]);
		if (!ISSUE_TYPES.some((t) => t.id === req.params.typeId)) throw jiraError(404, ['Issue type not found.']);
		const values = Object.values(fieldMeta(p, { forCreate: true }));
		return { body: { maxResults: 50, startAt: 0, total: values.length, isLast: true, values } };
	});

	// ---------------------------------------------------------------- REST: issues

	rest('POST', '/issue', (req, user) => {
		const issue = createIssue(req.body?.fields, req.body?.update, user.name);
		return { status: 201, body: { id: issue.id, key: issue.key, self: api(`/issue/${issue.id}`) } };
	});
	rest('GET', '/issue/:idOrKey', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		return { body: renderIssue(issue, { fields: req.query.get('fields') ?? undefined, expand: req.query.get('expand') ?? undefined }) };
	});
	rest('PUT', '/issue/:idOrKey', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const body = req.body ?? {};
		if (typeof body !== 'object' || Array.isArray(body)) throw jiraError(400, ['Can not deserialize the request body.']);
		const { items, comments } = applyFields(issue, body.fields ?? {}, body.update ?? {}, 'edit');
		const group = recordChange(issue, user.name, items);
		const added = comments.map((c) => addComment(issue, user.name, c));
		if (group || added.length) {
			const onlyAssignee = group && group.items.every((i) => i.field === 'assignee');
			const eventType = !group ? 'issue_commented' : onlyAssignee ? 'issue_assigned' : 'issue_updated';
			emit('jira:issue_updated', issue, { user: user.name, changelog: group, comment: added[0] ?? null, eventType });
			added.forEach((c) => emit('comment_created', issue, { user: user.name, comment: c }));
		}
		return { status: 204 };
	});
	rest('DELETE', '/issue/:idOrKey', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const subtasks = state.issues.filter((s) => s.parentKey === issue.key);
		if (subtasks.length && req.query.get('deleteSubtasks') !== 'true') {
			throw jiraError(400, [`The issue '${issue.key}' has subtasks.  You must specify the 'deleteSubtasks' parameter to delete this issue and all its subtasks.`]);
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
		if (group) emit('jira:issue_updated', issue, { user: user.name, changelog: group, eventType: 'issue_assigned' });
		return { status: 204 };
	});
	rest('GET', '/issue/:idOrKey/transitions', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		const wanted = req.query.get('transitionId');
		const list = availableTransitions(issue).filter((t) => !wanted || t.id === wanted);
		return { body: { expand: 'transitions', transitions: list.map(renderTransition) } };
	});
	rest('POST', '/issue/:idOrKey/transitions', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const id = req.body?.transition?.id;
		if (id === undefined || id === null) throw jiraError(400, ['Missing \'transition\' identifier']);
		const transition = availableTransitions(issue).find((t) => t.id === String(id));
		if (!transition) {
			throw jiraError(400, [`It seems that you have tried to perform a workflow operation (${TRANSITIONS.find((t) => t.id === String(id))?.name ?? id}) that is not valid for the current state of this issue (${issue.key}). The likely cause is that somebody has changed the issue recently, please look at the issue history for details.`]);
		}
		/** @type {Record<string,string>} */
		const errors = {};
		/** @type {string | undefined} */
		let resolutionId;
		for (const [name, value] of Object.entries(req.body?.fields ?? {})) {
			if (name === 'resolution' && transition.resolution) {
				const r = byIdOrName(RESOLUTIONS, value);
				if (r) resolutionId = r.id;
				else errors.resolution = `Could not find valid 'id' or 'name' in resolution object.`;
			} else if (name !== 'assignee') {
				errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
			}
		}
		const commentOps = req.body?.update?.comment;
		/** @type {string | undefined} */
		let comment;
		if (commentOps !== undefined) {
			const body = Array.isArray(commentOps) ? commentOps[0]?.add?.body : undefined;
			if (typeof body !== 'string' || body.trim() === '') errors.comment = 'Comment body can not be empty!';
			else comment = body;
		}
		if (Object.keys(errors).length) throw jiraError(400, [], errors);
		if (req.body?.fields?.assignee !== undefined) {
			const { items } = applyFields(issue, { assignee: req.body.fields.assignee }, {}, 'edit');
			recordChange(issue, user.name, items);
		}
		applyTransition(issue, transition, user.name, { resolutionId, comment });
		return { status: 204 };
	});
	rest('GET', '/issue/:idOrKey/editmeta', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		return { body: { fields: fieldMeta(projectOf(issue), { forCreate: false }) } };
	});
	rest('GET', '/issue/:idOrKey/changelog', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		const { startAt, maxResults } = paginate(req.query.get('startAt'), req.query.get('maxResults'), 100, 100);
		const values = issue.changelog.slice(startAt, startAt + maxResults).map(renderChangeGroup);
		return { body: { self: api(`/issue/${issue.key}/changelog`), maxResults, startAt, total: issue.changelog.length, isLast: startAt + values.length >= issue.changelog.length, values } };
	});
	rest('POST', '/issue/:idOrKey/notify', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		state.notifications.push({ issueKey: issue.key, body: req.body ?? {}, at: now() });
		return { status: 204 };
	});

	// ---------------------------------------------------------------- REST: comments

	const checkCommentBody = (/** @type {any} */ body) => {
		if (body === undefined || body === null || (typeof body === 'string' && body.trim() === '')) throw jiraError(400, [], { comment: 'Comment body can not be empty!' });
		if (typeof body !== 'string') throw jiraError(400, [], { comment: 'Comment body must be a string: REST API v2 takes wiki markup text, not Atlassian Document Format.' });
		return body;
	};
	rest('GET', '/issue/:idOrKey/comment', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		const { startAt, maxResults } = paginate(req.query.get('startAt'), req.query.get('maxResults'), 5000, 5000);
		const list = [...issue.comments];
		if (req.query.get('orderBy') === '-created') list.reverse();
		return { body: { startAt, maxResults, total: list.length, comments: list.slice(startAt, startAt + maxResults).map((c) => renderComment(issue, c)) } };
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

	// ---------------------------------------------------------------- REST v3 (Jira Cloud): comments in ADF, users

	if (cloud) {
		/** Plain text of an Atlassian Document Format document; throws Jira's error when it is not one. */
		const adfToText = (/** @type {any} */ doc) => {
			if (!doc || typeof doc !== 'object' || Array.isArray(doc) || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) {
				throw jiraError(400, [], { comment: 'Comment body is not valid! Operation value must be an Atlassian Document (see the Atlassian Document Format).' });
			}
			const KNOWN = new Set(['doc', 'paragraph', 'text', 'hardBreak', 'heading', 'bulletList', 'orderedList', 'listItem', 'codeBlock', 'blockquote', 'rule', 'mention', 'emoji', 'inlineCard']);
			/** @returns {string} */
			const walk = (/** @type {any} */ node) => {
				if (!node || typeof node !== 'object' || !KNOWN.has(node.type)) throw jiraError(400, [], { comment: `Comment body is not valid! Unknown node type '${node?.type}'.` });
				if (node.type === 'text') {
					if (typeof node.text !== 'string' || node.text === '') throw jiraError(400, [], { comment: 'Comment body is not valid! A text node needs a non-empty text.' });
					return node.text;
				}
				if (node.type === 'hardBreak') return '\n';
				const inner = (Array.isArray(node.content) ? node.content : []).map(walk);
				return ['doc', 'bulletList', 'orderedList'].includes(node.type) ? inner.join('\n') : inner.join('');
			};
			const text = walk(doc);
			if (!text.trim()) throw jiraError(400, [], { comment: 'Comment body can not be empty!' });
			return text;
		};
		const textToAdf = (/** @type {string} */ text) => ({
			type: 'doc',
			version: 1,
			content: text.split('\n\n').map((para) => ({ type: 'paragraph', content: para.split('\n').flatMap((line, i) => [...(i ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]) })),
		});
		const renderCommentV3 = (/** @type {SimIssue} */ issue, /** @type {SimComment} */ c) => ({
			...renderComment(issue, c),
			self: `${base()}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
			body: textToAdf(c.body),
			jsdPublic: true,
		});
		/** @param {string} method @param {string} pattern @param {(req: import('../common/server').SimRequest, user: SimUser) => import('../common/server').SimResponse} handler */
		const v3 = (method, pattern, handler) => server.route(method, `/rest/api/3${pattern}`, (req) => handler(req, /** @type {SimUser} */ (authenticate(req))));
		v3('POST', '/issue/:idOrKey/comment', (req, user) => {
			const issue = requireIssue(req.params.idOrKey);
			const unknown = Object.keys(req.body ?? {}).filter((k) => !['body', 'visibility', 'properties'].includes(k));
			if (unknown.length) throw jiraError(400, [`Unrecognized field "${unknown[0]}" (class com.atlassian.jira.rest.v2.issue.CommentJsonBean), not marked as ignorable`]);
			const comment = addComment(issue, user.name, adfToText(req.body?.body));
			emit('comment_created', issue, { user: user.name, comment });
			emit('jira:issue_updated', issue, { user: user.name, comment, eventType: 'issue_commented' });
			return { status: 201, body: renderCommentV3(issue, comment) };
		});
		v3('GET', '/issue/:idOrKey/comment', (req) => {
			const issue = requireIssue(req.params.idOrKey);
			const { startAt, maxResults } = paginate(req.query.get('startAt'), req.query.get('maxResults'), 5000, 5000);
			const list = [...issue.comments];
			if (req.query.get('orderBy') === '-created') list.reverse();
			return { body: { startAt, maxResults, total: list.length, comments: list.slice(startAt, startAt + maxResults).map((c) => renderCommentV3(issue, c)) } };
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
		v3('GET', '/user', (req) => {
			refuseUsernameInCloud(req);
			const u = findByAccountId(req.query.get('accountId'));
			if (!u) throw jiraError(404, [`Specified user does not exist or you do not have required permissions`]);
			return { body: { ...renderUser(u.name), groups: { size: 1, items: [{ name: 'jira-software-users' }] }, expand: 'groups,applicationRoles' } };
		});
		v3('GET', '/myself', (_req, user) => ({ body: renderUser(user.name) }));
	}

	// ---------------------------------------------------------------- REST: search

	/** @param {string} jql @param {any} startAtRaw @param {any} maxRaw @param {any} fields @param {any} expand @param {SimUser} user */
	const searchResponse = (jql, startAtRaw, maxRaw, fields, expand, user) => {
		const found = searchIssues(jql, user.name);
		const { startAt, maxResults } = paginate(startAtRaw, maxRaw, 50, 1000);
		return {
			expand: 'schema,names',
			startAt,
			maxResults,
			total: found.length,
			issues: found.slice(startAt, startAt + maxResults).map((i) => renderIssue(i, { fields, expand, defaultFields: '*navigable' })),
		};
	};
	/** Jira Cloud removed the offset search (CHANGE-2046); only /search/jql remains. */
	const refuseOldSearchInCloud = () => {
		if (cloud) throw jiraError(410, ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046']);
	};
	rest('POST', '/search', (req, user) => {
		refuseOldSearchInCloud();
		const b = req.body ?? {};
		return { body: searchResponse(b.jql ?? '', b.startAt, b.maxResults, b.fields, b.expand, user) };
	});
	rest('GET', '/search', (req, user) => (refuseOldSearchInCloud(), {
		body: searchResponse(req.query.get('jql') ?? '', req.query.get('startAt'), req.query.get('maxResults'), req.query.get('fields') ?? undefined, req.query.get('expand') ?? undefined, user),
	}));
	// Jira Cloud's token-paginated search, for workflows using the "Cloud" flavour of the node.
	rest('POST', '/search/jql', (req, user) => {
		const b = req.body ?? {};
		if (cloud && !String(b.jql ?? '').replace(/\s*order\s+by[\s\S]*$/i, '').trim()) {
			throw jiraError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
		}
		const found = searchIssues(b.jql ?? '', user.name);
		const startAt = Number(b.nextPageToken ?? 0) || 0;
		const { maxResults } = paginate(0, b.maxResults, 50, 5000);
		const page = found.slice(startAt, startAt + maxResults);
		const next = startAt + page.length < found.length ? String(startAt + page.length) : undefined;
		return { body: { issues: page.map((i) => renderIssue(i, { fields: b.fields ?? ['id'], expand: b.expand, defaultFields: 'id' })), ...(next ? { nextPageToken: next } : {}), isLast: !next } };
	});

	// ---------------------------------------------------------------- REST: webhooks (Jira Trigger)

	for (const prefix of ['/webhooks/1.0/webhook', '/jira-webhook/1.0/webhooks']) {
		server.route('GET', `/rest${prefix}`, (req) => {
			authenticate(req);
			return { body: state.webhooks.map((w) => renderWebhook(w, prefix)) };
		});
		server.route('POST', `/rest${prefix}`, (req) => {
			const user = /** @type {SimUser} */ (authenticate(req));
			const b = req.body ?? {};
			if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url)) throw jiraError(400, ['The URL of the webhook is invalid.']);
			if (!Array.isArray(b.events) || b.events.length === 0) throw jiraError(400, ['A webhook needs at least one event.']);
			/** @type {SimWebhook} */
			const hook = {
				id: String(state.nextWebhookId++),
				name: String(b.name ?? 'webhook'),
				url: b.url,
				events: b.events.map(String),
				filters: b.filters ?? {},
				excludeBody: Boolean(b.excludeBody),
				enabled: b.enabled !== false,
				lastUpdated: now(),
				lastUpdatedUser: user.name,
			};
			state.webhooks.push(hook);
			return { status: 201, body: renderWebhook(hook, prefix) };
		});
		server.route('GET', `/rest${prefix}/:id`, (req) => {
			authenticate(req);
			const hook = state.webhooks.find((w) => w.id === req.params.id);
			if (!hook) throw jiraError(404, ['Webhook not found.']);
			return { body: renderWebhook(hook, prefix) };
		});
		server.route('DELETE', `/rest${prefix}/:id`, (req) => {
			authenticate(req);
			const before = state.webhooks.length;
			state.webhooks = state.webhooks.filter((w) => w.id !== req.params.id);
			if (state.webhooks.length === before) throw jiraError(404, ['Webhook not found.']);
			return { status: 204 };
		});
	}

	// ---------------------------------------------------------------- control API and page

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
		components: i.componentIds.map((id) => projects.flatMap((p) => p.components ?? []).find((c) => c.id === id)?.name ?? id),
		customFields: Object.fromEntries(CUSTOM_FIELDS.filter((f) => i.custom[f.id] !== undefined && i.custom[f.id] !== null).map((f) => [f.name, i.custom[f.id]])),
		parent: i.parentKey,
		created: jiraTime(i.created),
		updated: jiraTime(i.updated),
		resolutiondate: jiraTime(i.resolutionDate),
		comments: i.comments.map((c) => ({ id: c.id, author: c.author, body: c.body, created: jiraTime(c.created) })),
		attachments: attachments.renderAll(i).map((/** @type {any} */ a) => ({ id: a.id, filename: a.filename, size: a.size, mimeType: a.mimeType, content: a.content })),
		changelog: i.changelog.map((g) => ({ author: g.author, created: jiraTime(g.created), items: g.items.map(({ field, fromString, toString }) => ({ field, from: fromString, to: toString })) })),
	});

	const controlUser = (/** @type {any} */ as) => {
		const user = findUser(as ?? 'analyst') ?? users[0];
		return user.name;
	};

	/**
	 * Moves an issue to Done with the given resolution name (what an analyst closing a ticket does).
	 * @param {string} key
	 * @param {string} [resolutionName]
	 * @param {{ as?: string, comment?: string }} [opts]
	 */
	const resolveIssue = (key, resolutionName = 'Done', opts = {}) => {
		const issue = requireIssue(key);
		const resolution = byIdOrName(RESOLUTIONS, { name: resolutionName });
		if (!resolution) throw jiraError(400, [`Unknown resolution '${resolutionName}'. Valid: ${RESOLUTIONS.map((r) => r.name).join(', ')}`]);
		const transition = /** @type {typeof TRANSITIONS[number]} */ (TRANSITIONS.find((t) => t.resolution === resolution.id));
		applyTransition(issue, transition, controlUser(opts.as), { resolutionId: resolution.id, comment: opts.comment });
		return issue;
	};
	/**
	 * @param {string} key
	 * @param {string} statusName
	 * @param {{ as?: string, comment?: string }} [opts]
	 */
	const transitionIssue = (key, statusName, opts = {}) => {
		const issue = requireIssue(key);
		const status = byIdOrName(STATUSES, { name: statusName });
		if (!status) throw jiraError(400, [`Unknown status '${statusName}'. Valid: ${STATUSES.map((s) => s.name).join(', ')}`]);
		if (status.id === STATUS_DONE) return resolveIssue(key, 'Done', opts);
		const transition = /** @type {typeof TRANSITIONS[number]} */ (TRANSITIONS.find((t) => t.to === status.id));
		applyTransition(issue, transition, controlUser(opts.as), { comment: opts.comment });
		return issue;
	};

	addCommonControlRoutes(server, reset);
	server.route('GET', '/_sim/state', () => ({
		body: {
			url: base(),
			credentials: cloud ? { ...CLOUD_CREDENTIALS, domain: base() } : { ...DEFAULT_CREDENTIALS, domain: base() },
			deployment: cloud ? 'Cloud' : 'Server',
			users: users.map(({ password: _p, token: _t, ...u }) => u),
			projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
			statuses: STATUSES.map((s) => s.name),
			resolutions: RESOLUTIONS.map((r) => r.name),
			transitions: TRANSITIONS.map((t) => ({ id: t.id, name: t.name, to: statusOf(t.to).name, resolution: renderResolution(t.resolution)?.name ?? null })),
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
	server.route('GET', '/_sim/issues/:key', (req) => ({ body: simpleIssue(requireIssue(req.params.key)) }));
	server.route('POST', '/_sim/issues', (req) => {
		const issue = createIssue(req.body?.fields, req.body?.update, controlUser(req.body?.as));
		return { status: 201, body: simpleIssue(issue) };
	});
	server.route('POST', '/_sim/issues/:key/resolve', (req) => ({
		body: simpleIssue(resolveIssue(req.params.key, req.body?.resolution ?? 'Done', { as: req.body?.as, comment: req.body?.comment })),
	}));
	server.route('POST', '/_sim/issues/:key/transition', (req) => ({
		body: simpleIssue(transitionIssue(req.params.key, String(req.body?.status ?? ''), { as: req.body?.as, comment: req.body?.comment })),
	}));
	server.route('POST', '/_sim/issues/:key/comments', (req) => {
		const issue = requireIssue(req.params.key);
		const author = controlUser(req.body?.as);
		const comment = addComment(issue, author, checkCommentBody(req.body?.body));
		emit('comment_created', issue, { user: author, comment });
		emit('jira:issue_updated', issue, { user: author, comment, eventType: 'issue_commented' });
		return { status: 201, body: simpleIssue(issue) };
	});

	server.route('GET', '/', () => ({ contentType: 'text/html; charset=utf-8', body: renderPage() }));
	server.route('GET', '/browse/:key', (req) => {
		const issue = requireIssue(req.params.key);
		return { contentType: 'text/html; charset=utf-8', body: renderPage(issue) };
	});

	/** @param {SimIssue} [focus] */
	const renderPage = (focus) => {
		const statusClass = (/** @type {string} */ id) => statusOf(id).category.key;
		const rows = [...state.issues]
			.reverse()
			.filter((i) => !focus || i === focus)
			.map(
				(i) => `<tr>
  <td class="nw"><a href="/browse/${escapeHtml(i.key)}">${escapeHtml(i.key)}</a></td>
  <td>${escapeHtml(i.summary)}</td>
  <td class="nw"><span class="st ${statusClass(i.statusId)}">${escapeHtml(statusOf(i.statusId).name)}</span></td>
  <td>${escapeHtml(renderResolution(i.resolutionId)?.name ?? 'Unresolved')}</td>
  <td>${escapeHtml(renderPriority(i.priorityId)?.name ?? '')}</td>
  <td>${i.labels.map((l) => `<span class="lb">${escapeHtml(l)}</span>`).join(' ')}</td>
  <td>${escapeHtml(renderUser(i.assignee)?.displayName ?? 'Unassigned')}</td>
  <td class="n">${i.comments.length}</td>
  <td class="nw">${escapeHtml(new Date(i.updated).toISOString().slice(0, 19).replace('T', ' '))}</td>
</tr>`,
			)
			.join('\n');
		const detail = focus
			? `<h2>${escapeHtml(focus.key)}: ${escapeHtml(focus.summary)}</h2>
<pre>${escapeHtml(focus.description ?? '')}</pre>
<h3>Comments</h3>
${focus.comments.map((c) => `<div class="cm"><b>${escapeHtml(renderUser(c.author)?.displayName ?? c.author)}</b> <small>${escapeHtml(jiraTime(c.created))}</small><pre>${escapeHtml(c.body)}</pre></div>`).join('\n') || '<p>No comments.</p>'}
<p><a href="/">All issues</a></p>`
			: '';
		return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="3">
<title>Jira simulator</title>
<style>
 body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #172b4d; }
 h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; }
 table { border-collapse: collapse; width: 100%; font-size: .9rem; }
 th, td { border-bottom: 1px solid #dfe1e6; padding: .4rem .5rem; text-align: left; vertical-align: top; }
 th { background: #f4f5f7; }
 .st { padding: .1rem .4rem; border-radius: 3px; font-size: .75rem; font-weight: 600; text-transform: uppercase; }
 .st.new { background: #dfe1e6; } .st.indeterminate { background: #deebff; color: #0747a6; } .st.done { background: #e3fcef; color: #006644; }
 .lb { background: #f4f5f7; border: 1px solid #dfe1e6; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; white-space: nowrap; display: inline-block; margin: 0 .2rem .2rem 0; }
 .nw { white-space: nowrap; }
 .n { text-align: right; } .cm { border-left: 3px solid #dfe1e6; padding-left: .6rem; margin: .5rem 0; }
 pre { white-space: pre-wrap; background: #f4f5f7; padding: .5rem; }
 small, .muted { color: #6b778c; }
</style></head><body>
<h1>Jira simulator <span class="muted">(${escapeHtml(projects.map((p) => p.key).join(', '))}; ${state.issues.length} issue${state.issues.length === 1 ? '' : 's'})</span></h1>
<table>
<thead><tr><th>Key</th><th>Summary</th><th>Status</th><th>Resolution</th><th>Priority</th><th>Labels</th><th>Assignee</th><th>Comments</th><th>Updated (UTC)</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="9" class="muted">No issues yet.</td></tr>'}
</tbody></table>
${detail}
</body></html>`;
	};

	return {
		server,
		state,
		/** Default automation-user credentials plus this instance's URL as `domain` (the n8n credential's fields). */
		get credentials() {
			return { ...DEFAULT_CREDENTIALS, domain: server.url };
		},
		/** Jira Cloud mode: the `jiraSoftwareCloudApi` credential's fields (e-mail, API token, domain). */
		get cloudCredentials() {
			return { ...CLOUD_CREDENTIALS, domain: server.url };
		},
		deployment: cloud ? 'cloud' : 'server',
		/** Jira Cloud account ID of a user (by name or e-mail), undefined in Server mode. */
		accountIdOf: (/** @type {string} */ nameOrEmail) => findUser(nameOrEmail)?.accountId,
		get url() {
			return server.url;
		},
		/** @param {number} [port] */
		start: (port = 0) => server.start(port),
		stop: async () => {
			await Promise.allSettled([...pendingDeliveries]);
			await server.stop();
		},
		reset,
		/** The bytes of an issue attachment (by attachment id). */
		attachmentData: (/** @type {string} */ id) => attachments.data(state.issues, id),
		/** @returns {ReturnType<typeof simpleIssue>[]} */
		issues: () => state.issues.map(simpleIssue),
		/** @param {string} key */
		issue: (key) => {
			const i = findIssue(key);
			return i ? simpleIssue(i) : undefined;
		},
		/** Creates an issue as a user (default "analyst"), bypassing HTTP. */
		createIssue: (/** @type {Record<string, any>} */ fields, /** @type {string} */ as) => simpleIssue(createIssue(fields, {}, controlUser(as))),
		resolveIssue: (/** @type {string} */ key, /** @type {string} */ resolution, /** @type {{ as?: string, comment?: string }} */ opts) => simpleIssue(resolveIssue(key, resolution, opts)),
		transitionIssue: (/** @type {string} */ key, /** @type {string} */ status, /** @type {{ as?: string, comment?: string }} */ opts) => simpleIssue(transitionIssue(key, status, opts)),
		addComment: (/** @type {string} */ key, /** @type {string} */ body, /** @type {string} */ as) => {
			const issue = requireIssue(key);
			const author = controlUser(as);
			const comment = addComment(issue, author, checkCommentBody(body));
			emit('comment_created', issue, { user: author, comment });
			emit('jira:issue_updated', issue, { user: author, comment, eventType: 'issue_commented' });
			return simpleIssue(issue);
		},
		/** Runs JQL against the current issues (same engine as /rest/api/2/search). */
		search: (/** @type {string} */ jql) => searchIssues(jql, DEFAULT_CREDENTIALS.username).map(simpleIssue),
		/** Waits until every webhook delivery in flight has finished. */
		flushWebhooks: async () => {
			while (pendingDeliveries.size) await Promise.allSettled([...pendingDeliveries]);
		},
	};
}

module.exports = { createJiraSimulator, DEFAULT_CREDENTIALS, CLOUD_CREDENTIALS, CLOUD_ACCOUNT_IDS, STATUSES, RESOLUTIONS, TRANSITIONS, PRIORITIES, ISSUE_TYPES, CUSTOM_FIELDS };

if (require.main === module) {
	const args = process.argv.slice(2);
	const portIndex = args.indexOf('--port');
	const port = portIndex >= 0 ? Number(args[portIndex + 1]) : Number(process.env.JIRA_SIM_PORT ?? 5681);
	const cloudMode = args.includes('--cloud');
	const sim = createJiraSimulator({ tls: args.includes('--tls'), deployment: cloudMode ? 'cloud' : 'server' });
	sim
		.start(port)
		.then((url) => {
			process.stdout.write(`Jira ${cloudMode ? 'Cloud ' : ''}simulator listening on ${url}\n`);
			if (cloudMode) process.stdout.write(`  credential (Jira SW Cloud API): email=${CLOUD_CREDENTIALS.email} apiToken=${CLOUD_CREDENTIALS.apiToken} domain=${url}\n`);
			else process.stdout.write(`  credential (Jira SW Server API): email=${DEFAULT_CREDENTIALS.email} password=${DEFAULT_CREDENTIALS.password} domain=${url}\n`);
			process.stdout.write(`  issue board: ${url}/   control API: ${url}/_sim/state\n`);
		})
		.catch((error) => {
			process.stderr.write(`Jira simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exit(1);
		});
	const shutdown = () => void sim.stop().then(() => process.exit(0));
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}
