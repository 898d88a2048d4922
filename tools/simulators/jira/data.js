// @ts-check
'use strict';
/**
 * The fixed data of the Jira simulator: the workflow (statuses, resolutions, transitions),
 * priorities, issue types, custom fields, the default users and project, the credentials; the
 * shapes of its records; Jira's time format, error body and offset pages.
 */
const { HttpError } = require('../common/server');

const STATUS_CATEGORIES = {
	new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
	indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
	done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
};

const STATUSES = [
	{
		id: '10000',
		name: 'To Do',
		description: 'Work that has not been started.',
		category: STATUS_CATEGORIES.new,
	},
	{
		id: '3',
		name: 'In Progress',
		description: 'This issue is being actively worked on.',
		category: STATUS_CATEGORIES.indeterminate,
	},
	{
		id: '10001',
		name: 'Done',
		description: 'Work has been completed.',
		category: STATUS_CATEGORIES.done,
	},
];
const STATUS_TODO = '10000';
const STATUS_DONE = '10001';

const RESOLUTIONS = [
	{ id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
	{ id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
	{
		id: '10002',
		name: 'Duplicate',
		description: 'The problem is a duplicate of an existing issue.',
	},
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
	{
		id: '1',
		name: 'Highest',
		statusColor: '#d04437',
		description: 'This problem will block progress.',
	},
	{
		id: '2',
		name: 'High',
		statusColor: '#f15c75',
		description: 'Serious problem that could block progress.',
	},
	{
		id: '3',
		name: 'Medium',
		statusColor: '#f79232',
		description: 'Has the potential to affect progress.',
	},
	{
		id: '4',
		name: 'Low',
		statusColor: '#707070',
		description: 'Minor problem or easily worked around.',
	},
	{
		id: '5',
		name: 'Lowest',
		statusColor: '#999999',
		description: 'Trivial problem with little or no impact on progress.',
	},
];
const DEFAULT_PRIORITY = '3';

const ISSUE_TYPES = [
	{ id: '10002', name: 'Task', subtask: false, description: 'A task that needs to be done.' },
	{
		id: '10004',
		name: 'Bug',
		subtask: false,
		description: 'A problem which impairs or prevents the functions of the product.',
	},
	{
		id: '10005',
		name: 'Incident',
		subtask: false,
		description: 'A security incident to investigate.',
	},
	{ id: '10003', name: 'Sub-task', subtask: true, description: 'The sub-task of the issue.' },
];

/** Custom fields: a free-text "Detection ID" and a numeric "Risk Score". */
const CUSTOM_FIELDS = [
	{
		id: 'customfield_10100',
		name: 'Detection ID',
		kind: /** @type {'text'} */ ('text'),
		schema: {
			type: 'string',
			custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
			customId: 10100,
		},
	},
	{
		id: 'customfield_10101',
		name: 'Risk Score',
		kind: /** @type {'number'} */ ('number'),
		schema: {
			type: 'number',
			custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
			customId: 10101,
		},
	},
];

/** Credentials of the default automation user (the one workflows use). */
const DEFAULT_CREDENTIALS = Object.freeze({
	username: 'soc-bot',
	email: 'soc-bot@example.com',
	password: 'Jira-Sim-Pass1',
	token: 'sim-pat-soc-bot',
});

/** Jira Cloud mode: the automation user's API token (Basic e-mail:token, the `jiraSoftwareCloudApi` credential). */
const CLOUD_CREDENTIALS = Object.freeze({
	email: DEFAULT_CREDENTIALS.email,
	apiToken: 'ATATT3xFfGF0-sim-cloud-api-token-soc-bot',
});

/** Jira Cloud account IDs of the default users (Atlassian's format: <site id>:<uuid>). */
const CLOUD_ACCOUNT_IDS = Object.freeze(
	/** @type {Record<string, string>} */ ({
		'soc-bot': '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e01',
		analyst: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e02',
		escalations_team: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e03',
		hopuser: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e04',
		former: '712020:0b9d6c3e-5f1a-4c2e-9d1f-0a1b2c3d4e05',
	}),
);

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
	{
		name: DEFAULT_CREDENTIALS.username,
		emailAddress: DEFAULT_CREDENTIALS.email,
		displayName: 'SOC Automation',
		password: DEFAULT_CREDENTIALS.password,
		token: DEFAULT_CREDENTIALS.token,
	},
	{
		name: 'analyst',
		emailAddress: 'analyst@example.com',
		displayName: 'Alex Analyst',
		password: 'Analyst-Pass1',
	},
	{
		name: 'escalations_team',
		emailAddress: 'escalations@example.com',
		displayName: 'Escalations Team',
		password: 'Escalations-Pass1',
	},
	{
		name: 'hopuser',
		emailAddress: 'hopuser@example.com',
		displayName: 'Hop User',
		password: 'Hopuser-Pass1',
	},
	{
		name: 'former',
		emailAddress: 'former@example.com',
		displayName: 'Former Employee',
		password: 'Former-Pass1',
		active: false,
	},
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
const SCREEN_FIELDS = new Set([
	'summary',
	'description',
	'issuetype',
	'project',
	'priority',
	'labels',
	'assignee',
	'reporter',
	'components',
	'parent',
	'duedate',
]);

/** Jira's timestamp format: 2024-04-09T14:00:00.000+0000 */
const jiraTime = (/** @type {number | null} */ ms) =>
	ms === null ? null : new Date(ms).toISOString().replace('Z', '+0000');

/** @param {number} status @param {string[]} errorMessages @param {Record<string,string>} [errors] */
const jiraError = (status, errorMessages, errors = {}) =>
	new HttpError(status, { errorMessages, errors });

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

/** Jira's offset pages: startAt and maxResults (default defMax, at most cap). */
const paginate = (
	/** @type {any} */ startAtRaw,
	/** @type {any} */ maxRaw,
	/** @type {number} */ defMax,
	/** @type {number} */ cap,
) => {
	const startAt = Math.max(0, Number.parseInt(String(startAtRaw ?? 0), 10) || 0);
	let maxResults =
		maxRaw === undefined || maxRaw === null || maxRaw === ''
			? defMax
			: Number.parseInt(String(maxRaw), 10);
	if (!Number.isFinite(maxResults) || maxResults < 0) maxResults = defMax;
	return { startAt, maxResults: Math.min(maxResults, cap) };
};

/**
 * A route under /rest/api/2 and /rest/api/latest that needs a logged-in user (index.js `rest`).
 * @typedef {(method: string, pattern: string, handler: (req: import('../common/server').SimRequest, user: SimUser) => import('../common/server').SimResponse | Promise<import('../common/server').SimResponse>) => void} RestRoute
 */

module.exports = {
	STATUS_CATEGORIES,
	STATUSES,
	STATUS_TODO,
	STATUS_DONE,
	RESOLUTIONS,
	TRANSITIONS,
	PRIORITIES,
	DEFAULT_PRIORITY,
	ISSUE_TYPES,
	CUSTOM_FIELDS,
	DEFAULT_CREDENTIALS,
	CLOUD_CREDENTIALS,
	CLOUD_ACCOUNT_IDS,
	DEFAULT_USERS,
	DEFAULT_PROJECTS,
	SCREEN_FIELDS,
	FIELD_NAMES,
	jiraTime,
	jiraError,
	paginate,
};
