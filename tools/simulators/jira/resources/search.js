// @ts-check
'use strict';
/**
 * JQL search: what each field of an issue compares against in JQL (with Jira's messages for a
 * value that does not exist), searchIssues, and the endpoints: POST|GET /search (Jira Server;
 * 410 in Jira Cloud, CHANGE-2046) and POST /search/jql (token pages).
 */
const { compileJql, JqlError } = require('../jql');
const {
	STATUS_CATEGORIES,
	STATUSES,
	RESOLUTIONS,
	PRIORITIES,
	ISSUE_TYPES,
	CUSTOM_FIELDS,
	jiraError,
	paginate,
} = require('../data');

/**
 * @typedef {import('../data').SimUser} SimUser
 * @typedef {import('../data').SimProject} SimProject
 * @typedef {import('../data').SimIssue} SimIssue
 * @typedef {import('../data').SimComment} SimComment
 */

/**
 * @param {import('../render').Renderers & { rest: import('../data').RestRoute, cloud: boolean, users: SimUser[], projects: SimProject[],
 *   state: { issues: SimIssue[] }, now: () => number }} sim
 */
function addSearchRoutes({
	rest,
	cloud,
	users,
	projects,
	state,
	now,
	findUser,
	findIssue,
	findProject,
	byIdOrName,
	statusOf,
	renderResolution,
	renderPriority,
	renderIssueType,
	renderIssue,
}) {
	/** @param {string} literal */
	const userMatches = (/** @type {any} */ actual, literal) => {
		const u = findUser(actual);
		const l = literal.toLowerCase();
		return Boolean(
			u &&
			(u.name.toLowerCase() === l ||
				u.emailAddress.toLowerCase() === l ||
				u.displayName.toLowerCase() === l ||
				u.accountId?.toLowerCase() === l),
		);
	};
	const mustExist =
		(/** @type {string} */ field, /** @type {(v: string) => boolean} */ exists) =>
		(/** @type {string} */ v) =>
			exists(v) ? null : `The value '${v}' does not exist for the field '${field}'.`;
	/** @type {Record<string, import('../jql').FieldDef>} */
	const jqlFields = {
		key: {
			kind: 'single',
			get: (i) => i.key,
			matches: (a, l) => String(a).toLowerCase() === l.toLowerCase() || findIssue(l)?.key === a,
			validate: (v) => {
				if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(v) && !/^\d+$/.test(v))
					return `The issue key '${v}' for field 'key' is invalid.`;
				return findIssue(v)
					? null
					: `An issue with key '${v.toUpperCase()}' does not exist for field 'key'.`;
			},
			sortKey: (i) => Number(i.key.split('-')[1]) + Number(i.projectId) * 1e7,
		},
		id: { kind: 'number', get: (i) => Number(i.id), matches: (a, l) => String(a) === l },
		project: {
			kind: 'single',
			get: (i) => i.projectId,
			matches: (a, l) => {
				const p = findProject(a);
				return Boolean(
					p &&
					(p.id === l ||
						p.key.toLowerCase() === l.toLowerCase() ||
						p.name.toLowerCase() === l.toLowerCase()),
				);
			},
			validate: mustExist('project', (v) =>
				projects.some(
					(p) =>
						p.id === v ||
						p.key.toLowerCase() === v.toLowerCase() ||
						p.name.toLowerCase() === v.toLowerCase(),
				),
			),
		},
		summary: { kind: 'text', get: (i) => i.summary },
		description: { kind: 'text', get: (i) => i.description },
		comment: { kind: 'text', get: (i) => i.comments.map((/** @type {SimComment} */ c) => c.body) },
		text: {
			kind: 'text',
			get: (i) => [
				i.summary,
				i.description ?? '',
				...i.comments.map((/** @type {SimComment} */ c) => c.body),
				...CUSTOM_FIELDS.filter((f) => f.kind === 'text').map((f) => i.custom[f.id] ?? ''),
			],
		},
		labels: {
			kind: 'multi',
			get: (i) => i.labels,
			matches: (a, l) => String(a).toLowerCase() === l.toLowerCase(),
		},
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
			validate: mustExist('statusCategory', (v) =>
				Object.values(STATUS_CATEGORIES).some((c) =>
					[String(c.id), c.key, c.name.toLowerCase()].includes(v.toLowerCase()),
				),
			),
		},
		resolution: {
			kind: 'single',
			get: (i) => i.resolutionId,
			matches: (a, l) => a === l || renderResolution(a)?.name.toLowerCase() === l.toLowerCase(),
			validate: (v) =>
				v.toLowerCase() === 'unresolved' || byIdOrName(RESOLUTIONS, v)
					? null
					: `The value '${v}' does not exist for the field 'resolution'.`,
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
		assignee: {
			kind: 'single',
			get: (i) => i.assignee,
			matches: userMatches,
			validate: mustExist('assignee', (v) =>
				Boolean(findUser(v) || users.some((u) => u.displayName.toLowerCase() === v.toLowerCase())),
			),
		},
		reporter: {
			kind: 'single',
			get: (i) => i.reporter,
			matches: userMatches,
			validate: mustExist('reporter', (v) =>
				Boolean(findUser(v) || users.some((u) => u.displayName.toLowerCase() === v.toLowerCase())),
			),
		},
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
		parent: {
			kind: 'single',
			get: (i) => i.parentKey,
			matches: (a, l) => String(a).toLowerCase() === l.toLowerCase() || findIssue(l)?.key === a,
		},
		created: { kind: 'date', get: (i) => i.created },
		updated: { kind: 'date', get: (i) => i.updated },
		resolutiondate: { kind: 'date', get: (i) => i.resolutionDate },
		duedate: {
			kind: 'date',
			get: (i) => (i.duedate ? Date.parse(`${i.duedate}T00:00:00Z`) : null),
		},
	};
	const aliases = /** @type {Record<string,string>} */ ({
		issuekey: 'key',
		issue: 'key',
		type: 'issuetype',
		resolved: 'resolutiondate',
		createddate: 'created',
		updateddate: 'updated',
		due: 'duedate',
		label: 'labels',
		components: 'component',
	});
	const jqlSchema = {
		resolveField: (/** @type {string} */ name) => {
			const lower = name.toLowerCase();
			const direct = jqlFields[aliases[lower] ?? lower];
			if (direct) return direct;
			const cfMatch = /^(?:cf\[(\d+)\]|customfield_(\d+))$/i.exec(name);
			const cf = CUSTOM_FIELDS.find((f) =>
				cfMatch
					? f.schema.customId === Number(cfMatch[1] ?? cfMatch[2])
					: f.name.toLowerCase() === lower,
			);
			if (!cf) return undefined;
			return /** @type {import('../jql').FieldDef} */ ({
				kind: cf.kind === 'number' ? 'number' : 'text',
				get: (/** @type {SimIssue} */ i) => i.custom[cf.id] ?? null,
			});
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

	/** @param {string} jql @param {any} startAtRaw @param {any} maxRaw @param {any} fields @param {any} expand @param {SimUser} user */
	const searchResponse = (jql, startAtRaw, maxRaw, fields, expand, user) => {
		const found = searchIssues(jql, user.name);
		const { startAt, maxResults } = paginate(startAtRaw, maxRaw, 50, 1000);
		return {
			expand: 'schema,names',
			startAt,
			maxResults,
			total: found.length,
			issues: found
				.slice(startAt, startAt + maxResults)
				.map((i) => renderIssue(i, { fields, expand, defaultFields: '*navigable' })),
		};
	};
	/** Jira Cloud removed the offset search (CHANGE-2046); only /search/jql remains. */
	const refuseOldSearchInCloud = () => {
		if (cloud)
			throw jiraError(410, [
				'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
			]);
	};
	rest('POST', '/search', (req, user) => {
		refuseOldSearchInCloud();
		const b = req.body ?? {};
		return { body: searchResponse(b.jql ?? '', b.startAt, b.maxResults, b.fields, b.expand, user) };
	});
	rest(
		'GET',
		'/search',
		(req, user) => (
			refuseOldSearchInCloud(),
			{
				body: searchResponse(
					req.query.get('jql') ?? '',
					req.query.get('startAt'),
					req.query.get('maxResults'),
					req.query.get('fields') ?? undefined,
					req.query.get('expand') ?? undefined,
					user,
				),
			}
		),
	);
	// Jira Cloud's token-paginated search, for workflows using the "Cloud" flavour of the node.
	rest('POST', '/search/jql', (req, user) => {
		const b = req.body ?? {};
		if (
			cloud &&
			!String(b.jql ?? '')
				.replace(/\s*order\s+by[\s\S]*$/i, '')
				.trim()
		) {
			throw jiraError(400, [
				'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
			]);
		}
		const found = searchIssues(b.jql ?? '', user.name);
		const startAt = Number(b.nextPageToken ?? 0) || 0;
		const { maxResults } = paginate(0, b.maxResults, 50, 5000);
		const page = found.slice(startAt, startAt + maxResults);
		const next = startAt + page.length < found.length ? String(startAt + page.length) : undefined;
		return {
			body: {
				issues: page.map((i) =>
					renderIssue(i, { fields: b.fields ?? ['id'], expand: b.expand, defaultFields: 'id' }),
				),
				...(next ? { nextPageToken: next } : {}),
				isLast: !next,
			},
		};
	});

	return { jqlSchema, searchIssues };
}

module.exports = { addSearchRoutes };
