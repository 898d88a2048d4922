// @ts-check
'use strict';
/**
 * The tables of the ServiceNow simulator: the read-only reference tables (users, groups and their
 * members, roles, departments, services, configuration items, choices, the dictionary of incident,
 * task and sys_user: each table's own columns, as a real instance lists them) and a row rendered
 * the way the Table API renders it for sysparm_display_value, sysparm_exclude_reference_link and
 * sysparm_fields (with dot-walking through one reference).
 */
const {
	sysId,
	ROLES,
	GROUPS,
	DEPARTMENTS,
	SERVICES,
	CIS,
	CHOICES,
	INCIDENT_COLUMNS,
	INCIDENT_OWN,
	INCIDENT_OTHER_DICTIONARY,
	TASK_OTHER_DICTIONARY,
	USER_COLUMNS,
	DATE_FIELDS,
	INTEGER_FIELDS,
	REF_TABLE,
} = require('./data');

/**
 * @typedef {import('./data').SnUser} SnUser
 * @typedef {import('./data').SnIncident} SnIncident
 */

/**
 * A table's entries in sys_dictionary: the table itself (a collection) and one per column.
 * @param {string} table @param {string} tableLabel
 * @param {{ element: string, label: string, type: string, ref?: string }[]} columns
 */
function dictionaryOf(table, tableLabel, columns) {
	return [
		{
			sys_id: sysId(`dict:${table}:`),
			name: table,
			element: '',
			column_label: tableLabel,
			internal_type: 'collection',
		},
		...columns.map((c) => ({
			sys_id: sysId(`dict:${table}:${c.element}`),
			name: table,
			element: c.element,
			column_label: c.label,
			internal_type: c.type,
			reference: c.ref ?? '',
		})),
	];
}

/** @param {{ users: SnUser[], publicUrl: string }} sim */
function createTables({ users, publicUrl }) {
	const userName = (/** @type {SnUser} */ u) => `${u.first_name} ${u.last_name}`;
	/** The simulated incident columns as dictionary entries (split between incident and task). */
	const simulatedColumns = Object.entries(INCIDENT_COLUMNS).map(([element, c]) => ({
		element,
		label: c.label,
		type:
			c.kind === 'reference'
				? 'reference'
				: c.kind === 'integer' || INTEGER_FIELDS.has(element)
					? 'integer'
					: DATE_FIELDS.has(element)
						? 'glide_date_time'
						: 'string',
		ref: c.ref,
	}));
	/** Read-only reference tables as rows of string values, with their display field. */
	const TABLES =
		/** @type {Record<string, { display: string, rows: () => Record<string, any>[] }>} */ ({
			sys_user: {
				display: 'name',
				rows: () =>
					users.map((u) => ({
						sys_id: u.sys_id,
						user_name: u.user_name,
						first_name: u.first_name,
						last_name: u.last_name,
						name: userName(u),
						email: u.email,
						active: String(u.active),
					})),
			},
			sys_user_group: {
				display: 'name',
				rows: () =>
					GROUPS.map((g) => ({
						sys_id: g.sys_id,
						name: g.name,
						active: 'true',
						description: `${g.name} group`,
					})),
			},
			sys_user_grmember: {
				display: 'sys_id',
				rows: () =>
					GROUPS.flatMap((g) =>
						g.members.map((m) => {
							const u = /** @type {SnUser} */ (users.find((x) => x.user_name === m));
							return { sys_id: sysId(`member:${g.name}:${m}`), group: g.sys_id, user: u.sys_id };
						}),
					),
			},
			sys_user_role: { display: 'name', rows: () => ROLES.map((r) => ({ ...r })) },
			cmn_department: { display: 'name', rows: () => DEPARTMENTS.map((d) => ({ ...d })) },
			cmdb_ci_service: {
				display: 'name',
				rows: () => SERVICES.map((s) => ({ ...s, sys_class_name: 'cmdb_ci_service' })),
			},
			cmdb_ci: {
				display: 'name',
				rows: () => [
					...CIS.map((c) => ({ ...c })),
					...SERVICES.map((s) => ({ ...s, sys_class_name: 'cmdb_ci_service' })),
				],
			},
			sys_choice: {
				display: 'label',
				rows: () =>
					Object.entries(CHOICES).flatMap(([element, list]) =>
						list.map((c, i) => ({
							sys_id: sysId(`choice:${element}:${c.value}`),
							name: 'incident',
							element,
							label: c.label,
							value: c.value,
							sequence: String(i + 1),
							inactive: 'false',
							dependent_value: c.dependent_value ?? '',
							language: 'en',
						})),
					),
			},
			sys_dictionary: {
				display: 'column_label',
				rows: () => [
					...dictionaryOf('incident', 'Incident', [
						...simulatedColumns.filter((c) => INCIDENT_OWN.has(c.element)),
						...INCIDENT_OTHER_DICTIONARY,
					]),
					...dictionaryOf('task', 'Task', [
						...simulatedColumns.filter((c) => !INCIDENT_OWN.has(c.element)),
						...TASK_OTHER_DICTIONARY,
					]),
					...dictionaryOf(
						'sys_user',
						'User',
						Object.entries(USER_COLUMNS).map(([element, c]) => ({ element, ...c })),
					),
				],
			},
		});
	/** Column references of the read-only tables (for dot-walking and rendering). */
	const TABLE_REFS = /** @type {Record<string, Record<string,string>>} */ ({
		sys_user_grmember: { group: 'sys_user_group', user: 'sys_user' },
	});

	const findRow = (/** @type {string} */ table, /** @type {string} */ id) =>
		TABLES[table]?.rows().find((r) => r.sys_id === id);
	const displayOf = (/** @type {string} */ table, /** @type {string} */ id) => {
		const row = findRow(table, id);
		return row ? String(row[TABLES[table].display] ?? '') : '';
	};
	const userByName = (/** @type {string} */ name) => users.find((u) => u.user_name === name);

	/**
	 * Renders a row as the Table API does for the given sysparm_* options.
	 * @param {string} table @param {Record<string, any>} row @param {URLSearchParams} q
	 */
	const render = (table, row, q) => {
		const display = (q.get('sysparm_display_value') ?? 'false').toLowerCase();
		const noLink = (q.get('sysparm_exclude_reference_link') ?? 'false').toLowerCase() === 'true';
		const fields = (q.get('sysparm_fields') ?? '')
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
		const refs = table === 'incident' ? REF_TABLE : (TABLE_REFS[table] ?? {});
		/** @type {Record<string, any>} */
		const out = {};
		for (const field of fields.length ? fields : Object.keys(row)) {
			if (field.includes('.')) {
				out[field] = walk(table, row, field) ?? '';
				continue;
			}
			if (!(field in row)) continue;
			const value = String(row[field] ?? '');
			const refTable = refs[field];
			const choice =
				table === 'incident' ? CHOICES[field]?.find((c) => c.value === value)?.label : undefined;
			const shown = refTable ? displayOf(refTable, value) : (choice ?? value);
			if (refTable && value) {
				const link = `${publicUrl}/api/now/table/${refTable}/${value}`;
				if (display === 'true') out[field] = noLink ? shown : { display_value: shown, link };
				else if (display === 'all')
					out[field] = noLink
						? { display_value: shown, value }
						: { display_value: shown, value, link };
				else out[field] = noLink ? value : { link, value };
			} else if (display === 'true') out[field] = shown;
			else if (display === 'all') out[field] = { display_value: shown, value };
			else out[field] = value;
		}
		return out;
	};

	/** Dot-walks one reference: assignment_group.name. */
	const walk = (
		/** @type {string} */ table,
		/** @type {Record<string, any>} */ row,
		/** @type {string} */ dotted,
	) => {
		const [ref, sub] = dotted.split('.', 2);
		const refTable = (table === 'incident' ? REF_TABLE : (TABLE_REFS[table] ?? {}))[ref];
		if (!refTable) return undefined;
		const target = findRow(refTable, String(row[ref] ?? ''));
		return target ? String(target[sub] ?? '') : '';
	};

	return { TABLES, TABLE_REFS, findRow, displayOf, userByName, render, walk };
}

module.exports = { createTables };
