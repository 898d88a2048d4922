// @ts-check
'use strict';
/**
 * Projects and their components, and the lists an instance has: issue types, priorities, statuses,
 * resolutions, labels.
 */
const { STATUSES, RESOLUTIONS, PRIORITIES, ISSUE_TYPES, jiraError, paginate } = require('../data');

/**
 * @typedef {import('../data').SimProject} SimProject
 * @typedef {import('../data').SimIssue} SimIssue
 */

/**
 * @param {import('../render').Renderers & { rest: import('../data').RestRoute, cloud: boolean, projects: SimProject[],
 *   state: { issues: SimIssue[], labels: Set<string> }, api: (path: string) => string }} sim
 */
function addProjectRoutes({
	rest,
	cloud,
	projects,
	state,
	api,
	findProject,
	renderUser,
	renderProjectRef,
	renderComponent,
	renderIssueType,
	renderPriority,
	renderStatus,
	renderResolution,
}) {
	if (cloud) {
		// Jira Cloud's project list (n8n's project dropdown in Cloud mode).
		rest('GET', '/project/search', (req) => {
			const { startAt, maxResults } = paginate(
				req.query.get('startAt'),
				req.query.get('maxResults'),
				50,
				100,
			);
			const values = projects.slice(startAt, startAt + maxResults).map((p) => ({
				expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
				...renderProjectRef(p),
				simplified: false,
				style: 'classic',
				isPrivate: false,
			}));
			return {
				body: {
					self: api(`/project/search?startAt=${startAt}&maxResults=${maxResults}`),
					maxResults,
					startAt,
					total: projects.length,
					isLast: startAt + values.length >= projects.length,
					values,
				},
			};
		});
	}
	rest('GET', '/project', () => ({
		body: projects.map((p) => ({
			expand: 'description,lead,url,projectKeys',
			...renderProjectRef(p),
		})),
	}));
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
	rest('GET', '/project/:idOrKey/components', (req) => ({
		body: projectComponents(req.params.idOrKey),
	}));
	// ... and the paginated one the n8n node calls (Jira Cloud's shape, { values }).
	rest('GET', '/project/:idOrKey/component', (req) => {
		const values = projectComponents(req.params.idOrKey);
		return {
			body: {
				self: api(`/project/${req.params.idOrKey}/component`),
				maxResults: 50,
				startAt: 0,
				total: values.length,
				isLast: true,
				values,
			},
		};
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
	rest('GET', '/label', (req) => {
		const all = [...new Set([...state.labels, ...state.issues.flatMap((i) => i.labels)])].sort();
		const { startAt, maxResults } = paginate(
			req.query.get('startAt'),
			req.query.get('maxResults'),
			1000,
			1000,
		);
		const values = all.slice(startAt, startAt + maxResults);
		return {
			body: {
				maxResults,
				startAt,
				total: all.length,
				isLast: startAt + values.length >= all.length,
				values,
			},
		};
	});
}

module.exports = { addProjectRoutes };
