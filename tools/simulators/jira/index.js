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
 * Attachments: POST /api/2/issue/{key}/attachments (resources/attachments.js).
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
 *
 * Files: this one holds the server, the Server or Cloud flavour, authentication and the public
 * API; data.js the fixed data (workflow, priorities, issue types, users, project); render.js the
 * lookups and Jira's JSON of each object; jql.js and jql-parser.js the query language;
 * resources/ one file per REST resource (users, projects, fields, search, webhooks, issues,
 * transitions, comments, attachments); control.js and page.js the control API and the issue board.
 */
const { SimServer, HttpError } = require('../common/server');
const {
	DEFAULT_CREDENTIALS,
	CLOUD_CREDENTIALS,
	CLOUD_ACCOUNT_IDS,
	DEFAULT_USERS,
	DEFAULT_PROJECTS,
	STATUS_DONE,
	STATUSES,
	RESOLUTIONS,
	TRANSITIONS,
	PRIORITIES,
	ISSUE_TYPES,
	CUSTOM_FIELDS,
	jiraError,
} = require('./data');
const { createRenderers } = require('./render');
const { addAttachmentRoutes } = require('./resources/attachments');
const { addUserRoutes } = require('./resources/users');
const { addProjectRoutes } = require('./resources/projects');
const { addFieldRoutes } = require('./resources/fields');
const { addSearchRoutes } = require('./resources/search');
const { addWebhookRoutes } = require('./resources/webhooks');
const { addIssueRoutes } = require('./resources/issues');
const { addTransitionRoutes } = require('./resources/transitions');
const { addCommentRoutes } = require('./resources/comments');
const { addControlRoutes } = require('./control');

/**
 * @typedef {import('./data').SimUser} SimUser
 * @typedef {import('./data').SimProject} SimProject
 * @typedef {import('./data').SimIssue} SimIssue
 * @typedef {import('./data').SimWebhook} SimWebhook
 * @typedef {import('./data').SimDelivery} SimDelivery
 */

/**
 * @param {{ tls?: boolean, users?: SimUser[], projects?: SimProject[], now?: () => number,
 *   webhookTimeoutMs?: number, name?: string, deployment?: 'server' | 'cloud', customResolutions?: string[] }} [options]
 */
function createJiraSimulator(options = {}) {
	const cloud = options.deployment === 'cloud';
	const server = new SimServer({
		name: options.name ?? (cloud ? 'jira-cloud' : 'jira'),
		tls: options.tls,
	});
	const now = options.now ?? (() => Date.now());
	const webhookTimeoutMs = options.webhookTimeoutMs ?? 5000;
	const users = (options.users ?? DEFAULT_USERS).map((u) => ({
		active: true,
		...(cloud
			? {
					accountId: CLOUD_ACCOUNT_IDS[u.name] ?? `712020:sim-${u.name}`,
					...(u.name === DEFAULT_CREDENTIALS.username
						? { apiToken: CLOUD_CREDENTIALS.apiToken }
						: {}),
				}
			: {}),
		...u,
	}));
	const projects = options.projects ?? DEFAULT_PROJECTS;
	// Custom resolutions a Jira administrator adds (e.g. "False Positive"), each with a "done"
	// transition of the same name. Module-wide once added (a process runs one Jira).
	for (const name of options.customResolutions ?? []) {
		if (RESOLUTIONS.some((r) => r.name === name)) continue;
		const id = String(10000 + RESOLUTIONS.length);
		RESOLUTIONS.push({ id, name, description: `Custom resolution: ${name}.` });
		TRANSITIONS.push({
			id: String(11 + 10 * TRANSITIONS.length),
			name,
			to: STATUS_DONE,
			resolution: id,
		});
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

	const renderers = createRenderers({
		cloud,
		users,
		projects,
		state,
		base,
		api,
		renderAttachments: (issue) => attachments.renderAll(issue),
	});
	const { findUser, findIssue, requireIssue, renderUser, simpleIssue, controlUser } = renderers;

	// ---------------------------------------------------------------- authentication

	/**
	 * @param {import('../common/server').SimRequest} req
	 * @param {{ optional?: boolean }} [opts]
	 * @returns {SimUser | null}
	 */
	const authenticate = (req, opts = {}) => {
		const header = String(req.headers.authorization ?? '');
		const unauthenticated = () =>
			new HttpError(
				401,
				{
					errorMessages: [
						'You are not authenticated. Authentication required to perform this operation.',
					],
					errors: {},
				},
				{
					'WWW-Authenticate': 'Basic realm="protected-area"',
					'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED',
				},
			);
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
			throw new HttpError(401, 'Client must be authenticated to access this resource.', {
				'WWW-Authenticate': 'Basic realm="Jira Cloud"',
			});
		}
		if (scheme.toLowerCase() === 'basic') {
			const decoded = Buffer.from(value, 'base64').toString('utf8');
			const sep = decoded.indexOf(':');
			const login = sep === -1 ? decoded : decoded.slice(0, sep);
			const password = sep === -1 ? '' : decoded.slice(sep + 1);
			const user = findUser(login);
			if (user && user.active !== false && user.password === password) return user;
			throw new HttpError(
				401,
				{ errorMessages: ['Login failed: the username or password is incorrect.'], errors: {} },
				{
					'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED',
					'WWW-Authenticate': 'Basic realm="protected-area"',
				},
			);
		}
		if (scheme.toLowerCase() === 'bearer') {
			const user = users.find((u) => u.token && u.token === value);
			if (user && user.active !== false) return user;
			throw new HttpError(
				401,
				{ errorMessages: ['The personal access token is invalid or expired.'], errors: {} },
				{ 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' },
			);
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
			server.route(method, `${prefix}${pattern}`, (req) =>
				handler(req, /** @type {SimUser} */ (authenticate(req))),
			);
		}
	};
	// The same under Jira Cloud's /rest/api/3 (comments in Atlassian Document Format, users).
	/** @param {string} method @param {string} pattern @param {(req: import('../common/server').SimRequest, user: SimUser) => import('../common/server').SimResponse} handler */
	const v3 = (method, pattern, handler) =>
		server.route(method, `/rest/api/3${pattern}`, (req) =>
			handler(req, /** @type {SimUser} */ (authenticate(req))),
		);

	// ---------------------------------------------------------------- REST resources (resources/), then the control API
	// A request goes to the first route that matches: createmeta comes before /issue/{key}, project/search before /project/{key}.

	// Issue attachments (n8n's Jira node "Issue Attachment > Add"): resources/attachments.js.
	const attachments = addAttachmentRoutes({
		server,
		rest,
		requireIssue,
		base,
		renderUser,
		jiraError,
		authenticate,
		issues: () => state.issues,
	});
	addUserRoutes({ ...renderers, server, rest, v3, cloud, users, now, base, authenticate });
	addProjectRoutes({ ...renderers, rest, cloud, projects, state, api });
	const { applyFields } = addFieldRoutes({ ...renderers, rest, cloud, projects, state, api });
	const { jqlSchema, searchIssues } = addSearchRoutes({
		...renderers,
		rest,
		cloud,
		users,
		projects,
		state,
		now,
	});
	const { emit, renderWebhook } = addWebhookRoutes({
		...renderers,
		server,
		state,
		now,
		base,
		webhookTimeoutMs,
		pendingDeliveries,
		authenticate,
		jqlSchema,
	});
	const { createIssue, recordChange, addComment } = addIssueRoutes({
		...renderers,
		rest,
		state,
		now,
		api,
		applyFields,
		emit,
	});
	const { resolveIssue, transitionIssue } = addTransitionRoutes({
		...renderers,
		rest,
		now,
		applyFields,
		recordChange,
		addComment,
		emit,
	});
	const { checkCommentBody } = addCommentRoutes({
		...renderers,
		rest,
		v3,
		cloud,
		now,
		base,
		addComment,
		emit,
	});
	const { assignIssue } = addControlRoutes({
		...renderers,
		server,
		reset,
		cloud,
		state,
		users,
		projects,
		base,
		renderWebhook,
		createIssue,
		resolveIssue,
		transitionIssue,
		addComment,
		checkCommentBody,
		emit,
		applyFields,
		recordChange,
	});

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
		createIssue: (/** @type {Record<string, any>} */ fields, /** @type {string} */ as) =>
			simpleIssue(createIssue(fields, {}, controlUser(as))),
		resolveIssue: (
			/** @type {string} */ key,
			/** @type {string} */ resolution,
			/** @type {{ as?: string, comment?: string }} */ opts,
		) => simpleIssue(resolveIssue(key, resolution, opts)),
		transitionIssue: (
			/** @type {string} */ key,
			/** @type {string} */ status,
			/** @type {{ as?: string, comment?: string }} */ opts,
		) => simpleIssue(transitionIssue(key, status, opts)),
		/** Assigns the issue as a user (default "analyst"); null unassigns. */
		assignIssue: (
			/** @type {string} */ key,
			/** @type {string | null} */ assignee,
			/** @type {string} */ as,
		) => simpleIssue(assignIssue(key, assignee, as)),
		addComment: (
			/** @type {string} */ key,
			/** @type {string} */ body,
			/** @type {string} */ as,
		) => {
			const issue = requireIssue(key);
			const author = controlUser(as);
			const comment = addComment(issue, author, checkCommentBody(body));
			emit('comment_created', issue, { user: author, comment });
			emit('jira:issue_updated', issue, { user: author, comment, eventType: 'issue_commented' });
			return simpleIssue(issue);
		},
		/** Runs JQL against the current issues (same engine as /rest/api/2/search). */
		search: (/** @type {string} */ jql) =>
			searchIssues(jql, DEFAULT_CREDENTIALS.username).map(simpleIssue),
		/** Waits until every webhook delivery in flight has finished. */
		flushWebhooks: async () => {
			while (pendingDeliveries.size) await Promise.allSettled([...pendingDeliveries]);
		},
	};
}

module.exports = {
	createJiraSimulator,
	DEFAULT_CREDENTIALS,
	CLOUD_CREDENTIALS,
	CLOUD_ACCOUNT_IDS,
	STATUSES,
	RESOLUTIONS,
	TRANSITIONS,
	PRIORITIES,
	ISSUE_TYPES,
	CUSTOM_FIELDS,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	const portIndex = args.indexOf('--port');
	const port =
		portIndex >= 0 ? Number(args[portIndex + 1]) : Number(process.env.JIRA_SIM_PORT ?? 5681);
	const cloudMode = args.includes('--cloud');
	const sim = createJiraSimulator({
		tls: args.includes('--tls'),
		deployment: cloudMode ? 'cloud' : 'server',
	});
	sim
		.start(port)
		.then((url) => {
			process.stdout.write(`Jira ${cloudMode ? 'Cloud ' : ''}simulator listening on ${url}\n`);
			if (cloudMode)
				process.stdout.write(
					`  credential (Jira SW Cloud API): email=${CLOUD_CREDENTIALS.email} apiToken=${CLOUD_CREDENTIALS.apiToken} domain=${url}\n`,
				);
			else
				process.stdout.write(
					`  credential (Jira SW Server API): email=${DEFAULT_CREDENTIALS.email} password=${DEFAULT_CREDENTIALS.password} domain=${url}\n`,
				);
			process.stdout.write(`  issue board: ${url}/   control API: ${url}/_sim/state\n`);
		})
		.catch((error) => {
			process.stderr.write(
				`Jira simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
			);
			process.exit(1);
		});
	const shutdown = () => void sim.stop().then(() => process.exit(0));
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}
