// @ts-check
'use strict';
/**
 * The fields of an issue: what the create and edit screens hold (GET /field, /issue/createmeta,
 * /issue/{key}/editmeta) and how a `fields` / `update` body is checked and applied (applyFields:
 * every error is collected first, like Jira, and nothing is applied when there is one).
 */
const {
	ISSUE_TYPES,
	PRIORITIES,
	DEFAULT_PRIORITY,
	CUSTOM_FIELDS,
	SCREEN_FIELDS,
	FIELD_NAMES,
	jiraError,
} = require('../data');

/**
 * @typedef {import('../data').SimProject} SimProject
 * @typedef {import('../data').SimIssue} SimIssue
 * @typedef {import('../data').ChangeItem} ChangeItem
 */

/**
 * @param {import('../render').Renderers & { rest: import('../data').RestRoute, cloud: boolean, projects: SimProject[],
 *   state: { labels: Set<string> }, api: (path: string) => string }} sim
 */
function addFieldRoutes({
	rest,
	cloud,
	projects,
	state,
	api,
	findUser,
	findByAccountId,
	findProject,
	requireIssue,
	byIdOrName,
	projectOf,
	renderUser,
	renderPriority,
	renderIssueType,
	renderProjectRef,
	renderComponent,
}) {
	const fieldMeta = (
		/** @type {SimProject} */ project,
		/** @type {{ forCreate: boolean }} */ { forCreate },
	) => {
		/** @type {Record<string, any>} */
		const meta = {
			summary: {
				required: true,
				schema: { type: 'string', system: 'summary' },
				name: 'Summary',
				key: 'summary',
				hasDefaultValue: false,
				operations: ['set'],
			},
			issuetype: {
				required: true,
				schema: { type: 'issuetype', system: 'issuetype' },
				name: 'Issue Type',
				key: 'issuetype',
				hasDefaultValue: false,
				operations: [],
				allowedValues: ISSUE_TYPES.map((t) => renderIssueType(t.id)),
			},
			description: {
				required: false,
				schema: { type: 'string', system: 'description' },
				name: 'Description',
				key: 'description',
				hasDefaultValue: false,
				operations: ['set'],
			},
			priority: {
				required: false,
				schema: { type: 'priority', system: 'priority' },
				name: 'Priority',
				key: 'priority',
				hasDefaultValue: true,
				operations: ['set'],
				allowedValues: PRIORITIES.map((p) => renderPriority(p.id)),
				defaultValue: renderPriority(DEFAULT_PRIORITY),
			},
			labels: {
				required: false,
				schema: { type: 'array', items: 'string', system: 'labels' },
				name: 'Labels',
				key: 'labels',
				autoCompleteUrl: api('/jql/autocompletedata/suggestions?fieldName=labels&fieldValue='),
				hasDefaultValue: false,
				operations: ['add', 'set', 'remove'],
			},
			assignee: {
				required: false,
				schema: { type: 'user', system: 'assignee' },
				name: 'Assignee',
				key: 'assignee',
				autoCompleteUrl: api('/user/assignable/search?username='),
				hasDefaultValue: false,
				operations: ['set'],
			},
			reporter: {
				required: true,
				schema: { type: 'user', system: 'reporter' },
				name: 'Reporter',
				key: 'reporter',
				autoCompleteUrl: api('/user/search?username='),
				hasDefaultValue: false,
				operations: ['set'],
			},
			components: {
				required: false,
				schema: { type: 'array', items: 'component', system: 'components' },
				name: 'Component/s',
				key: 'components',
				hasDefaultValue: false,
				operations: ['add', 'set', 'remove'],
				allowedValues: (project.components ?? []).map((c) => renderComponent(project, c)),
			},
			duedate: {
				required: false,
				schema: { type: 'date', system: 'duedate' },
				name: 'Due Date',
				key: 'duedate',
				hasDefaultValue: false,
				operations: ['set'],
			},
		};
		if (forCreate) {
			meta.project = {
				required: true,
				schema: { type: 'project', system: 'project' },
				name: 'Project',
				key: 'project',
				hasDefaultValue: false,
				operations: ['set'],
				allowedValues: [renderProjectRef(project)],
			};
			meta.parent = {
				required: false,
				schema: { type: 'issuelink', system: 'parent' },
				name: 'Parent',
				key: 'parent',
				hasDefaultValue: false,
				operations: ['set'],
			};
		}
		for (const cf of CUSTOM_FIELDS) {
			meta[cf.id] = {
				required: false,
				schema: cf.schema,
				name: cf.name,
				key: cf.id,
				hasDefaultValue: false,
				operations: ['set'],
			};
		}
		for (const [key, value] of Object.entries(meta)) value.fieldId = key;
		return meta;
	};

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
		const change = (
			/** @type {string} */ field,
			/** @type {any} */ from,
			/** @type {any} */ fromString,
			/** @type {any} */ to,
			/** @type {any} */ toString,
		) => {
			if (JSON.stringify([from, fromString]) === JSON.stringify([to, toString])) return;
			items.push({
				field,
				fieldtype: field.startsWith('customfield_') ? 'custom' : 'jira',
				from: from ?? null,
				fromString: fromString ?? null,
				to: to ?? null,
				toString: toString ?? null,
			});
		};
		const project = projectOf(issue) ?? findProject(fields.project?.id ?? fields.project?.key);

		const setSummary = (/** @type {any} */ v) => {
			if (typeof v !== 'string' || v.trim() === '')
				return void (errors.summary = 'You must specify a summary of the issue.');
			if (v.length > 255)
				return void (errors.summary = 'Summary must be less than 255 characters.');
			ops.push(() => {
				change('summary', null, issue.summary, null, v);
				issue.summary = v;
			});
		};
		const setDescription = (/** @type {any} */ v) => {
			if (v !== null && typeof v !== 'string')
				return void (errors.description = 'Operation value must be a string');
			ops.push(() => {
				change('description', null, issue.description, null, v);
				issue.description = v === '' ? null : v;
			});
		};
		const setPriority = (/** @type {any} */ v) => {
			if (v === null) return void (errors.priority = 'Priority cannot be empty.');
			if (typeof v !== 'object' || (v.id === undefined && v.name === undefined))
				return void (errors.priority = "Could not find valid 'id' or 'name' in priority object.");
			const p = byIdOrName(PRIORITIES, v);
			if (!p)
				return void (errors.priority =
					v.id !== undefined
						? `Priority with id '${v.id}' does not exist`
						: `Priority name '${v.name}' is not valid`);
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
				if (l.length > 255)
					return `The label '${l.slice(0, 20)}...' exceeds the 255 character limit.`;
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
			if (
				v === null ||
				(typeof v === 'object' && (v.name === null || v.name === '' || v.accountId === null))
			) {
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
				if (accountId === undefined)
					return void (errors[field] =
						`Specify the ${field} by accountId: Jira Cloud does not accept user names (GDPR).`);
				if (String(accountId) !== '-1') {
					const cloudUser = findByAccountId(accountId);
					if (!cloudUser)
						return void (errors[field] =
							`Specify a valid value for ${field}: no user has the account ID '${accountId}'.`);
					if (cloudUser.active === false && field === 'assignee')
						return void (errors[field] =
							`User '${cloudUser.displayName}' cannot be assigned issues.`);
					ops.push(() => {
						const from = issue[field];
						change(
							field,
							from,
							renderUser(from)?.displayName,
							cloudUser.accountId,
							cloudUser.displayName,
						);
						issue[field] = cloudUser.name;
					});
					return;
				}
			}
			const name = typeof v === 'object' ? (v.name ?? v.key ?? v.accountId ?? v.id) : v;
			if (field === 'assignee' && name === '-1') {
				const lead = project?.lead ?? null;
				ops.push(() => {
					change(
						'assignee',
						issue.assignee,
						renderUser(issue.assignee)?.displayName,
						lead,
						renderUser(lead)?.displayName,
					);
					issue.assignee = lead;
				});
				return;
			}
			const user = findUser(name);
			if (!user) return void (errors[field] = `User '${name}' does not exist.`);
			if (user.active === false && field === 'assignee')
				return void (errors[field] = `User '${user.name}' cannot be assigned issues.`);
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
				if (!c)
					return {
						error: `Component ${ref?.name !== undefined ? `name '${ref.name}'` : `id '${ref?.id ?? ref}'`} is not valid.`,
					};
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
			const cf = /** @type {typeof CUSTOM_FIELDS[number]} */ (
				CUSTOM_FIELDS.find((f) => f.id === id)
			);
			if (v !== null && cf.kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) {
				if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) v = Number(v);
				else return void (errors[id] = `'${v}' is an invalid number`);
			}
			if (v !== null && cf.kind === 'text' && typeof v !== 'string')
				return void (errors[id] = 'Operation value must be a string');
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
						change(
							'issuetype',
							issue.issueTypeId,
							renderIssueType(issue.issueTypeId).name,
							t.id,
							t.name,
						);
						issue.issueTypeId = t.id;
					});
					continue;
				}
				errors[name] =
					`Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
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
				if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(value)))
					errors.duedate = 'Error parsing date string: ' + value;
				else ops.push(() => void (issue.duedate = value));
			} else if (CUSTOM_FIELDS.some((f) => f.id === name)) setCustom(name, value);
			else if (!SCREEN_FIELDS.has(name))
				errors[name] =
					`Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
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
						else
							ops.push(() => {
								const next =
									verb === 'add' ? [...current(), value] : current().filter((l) => l !== value);
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
							issue.componentIds =
								verb === 'add'
									? [...new Set([...issue.componentIds, ...ids])]
									: issue.componentIds.filter((id) => !ids.includes(id));
						});
					} else errors.components = `Unsupported operation '${verb}' for components.`;
				} else if (name === 'comment') {
					if (verb !== 'add') errors.comment = `Unsupported operation '${verb}' for comment.`;
					else if (typeof value?.body !== 'string' || value.body.trim() === '')
						errors.comment = 'Comment body can not be empty!';
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
					errors[name] =
						`Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
				}
			}
		}

		if (Object.keys(errors).length) throw jiraError(400, [], errors);
		ops.forEach((op) => op());
		return { items, comments };
	};
	const applyFieldsDryRun = (/** @type {string} */ name, /** @type {any} */ _value) =>
		['summary', 'description', 'priority', 'assignee', 'reporter'].includes(name) ||
		CUSTOM_FIELDS.some((f) => f.id === name)
			? null
			: `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;

	rest('GET', '/field', () => ({
		body: [
			...Object.entries(FIELD_NAMES)
				.filter(([id]) => !id.startsWith('customfield_'))
				.map(([id, name]) => ({
					id,
					name,
					custom: false,
					orderable: SCREEN_FIELDS.has(id),
					navigable: id !== 'comment',
					searchable: true,
					clauseNames: [id],
				})),
			...CUSTOM_FIELDS.map((f) => ({
				id: f.id,
				name: f.name,
				custom: true,
				orderable: true,
				navigable: true,
				searchable: true,
				clauseNames: [`cf[${f.schema.customId}]`, f.name],
				schema: f.schema,
			})),
		],
	}));
	rest('GET', '/issue/createmeta', (req) => {
		const ids = (req.query.get('projectIds') ?? '').split(',').filter(Boolean);
		const keys = (req.query.get('projectKeys') ?? '').split(',').filter(Boolean);
		const typeIds = (req.query.get('issuetypeIds') ?? req.query.get('issueTypeIds') ?? '')
			.split(',')
			.filter(Boolean);
		const typeNames = (req.query.get('issuetypeNames') ?? '')
			.split(',')
			.filter(Boolean)
			.map((s) => s.toLowerCase());
		const withFields = (req.query.get('expand') ?? '').includes('projects.issuetypes.fields');
		const selected = projects.filter(
			(p) =>
				(!ids.length && !keys.length) ||
				ids.includes(p.id) ||
				keys.map((k) => k.toUpperCase()).includes(p.key),
		);
		return {
			body: {
				expand: 'projects',
				projects: selected.map((p) => ({
					...renderProjectRef(p),
					expand: 'issuetypes',
					issuetypes: ISSUE_TYPES.filter(
						(t) =>
							(!typeIds.length && !typeNames.length) ||
							typeIds.includes(t.id) ||
							typeNames.includes(t.name.toLowerCase()),
					).map((t) => ({
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
		if (!findProject(req.params.project))
			throw jiraError(404, [`No project could be found with id or key '${req.params.project}'.`]);
		const values = ISSUE_TYPES.map((t) => renderIssueType(t.id));
		return { body: { maxResults: 50, startAt: 0, total: values.length, isLast: true, values } };
	});
	rest('GET', '/issue/createmeta/:project/issuetypes/:typeId', (req) => {
		const p = findProject(req.params.project);
		if (!p)
			throw jiraError(404, [`No project could be found with id or key '${req.params.project}'.`]);
		if (!ISSUE_TYPES.some((t) => t.id === req.params.typeId))
			throw jiraError(404, ['Issue type not found.']);
		const values = Object.values(fieldMeta(p, { forCreate: true }));
		return { body: { maxResults: 50, startAt: 0, total: values.length, isLast: true, values } };
	});
	rest('GET', '/issue/:idOrKey/editmeta', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		return { body: { fields: fieldMeta(projectOf(issue), { forCreate: false }) } };
	});

	return { applyFields };
}

module.exports = { addFieldRoutes };
