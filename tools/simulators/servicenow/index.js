#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * ServiceNow simulator: the part of the Table API (/api/now/table/...) that n8n's built-in
 * ServiceNow node (n8n-nodes-base.serviceNow v1, "ServiceNow Basic Auth API" credential
 * `serviceNowBasicApi`) calls, plus a control API under /_sim and a small incident list at /.
 *
 *   node tools/simulators/servicenow/index.js [--instance exhsim]
 *
 * n8n builds every URL as `https://<subdomain>.service-now.com/api/...` (n8n 2.8.4,
 * n8n-nodes-base/dist/nodes/ServiceNow/GenericFunctions.js); nothing in the credential changes the
 * host. So the simulator is reached the way a corporate network reaches ServiceNow: through an
 * HTTPS proxy. It runs
 *   - the instance: HTTP on a loopback port (`directUrl`, for tests), and the same server behind TLS
 *     with a certificate for *.service-now.com issued by a test CA (certs/ca.crt; its key was
 *     thrown away after signing);
 *   - a forward proxy (`proxyUrl`) that accepts `CONNECT <instance>.service-now.com:443` only and
 *     hands the tunnel to the instance's TLS side.
 * n8n uses it with HTTPS_PROXY=<proxyUrl>, NO_PROXY=127.0.0.1,localhost and
 * NODE_EXTRA_CA_CERTS=certs/ca.crt (n8n-core's http-proxy.js honours the proxy variables; TLS is
 * verified as usual against the extra CA).
 *
 * What the node calls (n8n 2.8.4, ServiceNow.node.js), all under /api/now:
 *   credential test       GET  /table/sys_user_role
 *   incident create       POST /table/incident {short_description, ...additionalFields}
 *   incident get/getAll   GET  /table/incident[/{sys_id}]?sysparm_query=&sysparm_fields=&sysparm_display_value=
 *                              &sysparm_exclude_reference_link=&sysparm_limit=&sysparm_offset=  (X-Total-Count)
 *   incident update       PATCH /table/incident/{sys_id}; delete DELETE /table/incident/{sys_id}
 *   table record *        the same on /table/{table}[/{sys_id}]
 *   user, group, role, department, business service, configuration item: GET /table/{sys_user, sys_user_group,
 *                         sys_user_role, cmn_department, cmdb_ci_service, cmdb_ci}
 *   dropdowns             GET /table/sys_choice?sysparm_query=element=<field>^name=incident (categories,
 *                         subcategories, states, resolution codes, hold reasons), /table/sys_user_grmember,
 *                         /table/sys_dictionary?sysparm_query=name=<table> (columns), GET /doc/table/schema (tables)
 * Attachments (/api/now/attachment) are not simulated.
 *
 * Behaviour modelled on the Table API: values are strings; reference fields render as
 * {link, value} (display values with sysparm_display_value=true|all); journal fields (work_notes,
 * comments) are write-only and read back empty; priority is derived from impact and urgency;
 * number INC0010001...; state 6 (Resolved) stamps resolved_at/resolved_by, 7 (Closed) closed_at and
 * active=false. Like the real API, it ignores fields a table does not have and stores choice values
 * it does not know; the simulator records both in `warnings` (GET /_sim/state), and tests assert
 * there are none. Encoded queries: `^`, `^OR`, `^NQ`, =, !=, <, <=, >, >=, IN, NOT IN, LIKE,
 * NOT LIKE, STARTSWITH, ENDSWITH, ISEMPTY, ISNOTEMPTY, ORDERBY/ORDERBYDESC, dot-walking one
 * reference, and the date values `javascript:gs.minutesAgoStart(n)`, `gs.minutesAgo(n)`,
 * `gs.daysAgoStart(n)`, `gs.dateGenerate('yyyy-mm-dd','hh:mm:ss')` and 'yyyy-mm-dd hh:mm:ss'. A query
 * naming an unknown field returns no rows (glide.invalid_query.returns_no_rows=true) and a warning.
 *
 * Authentication: HTTP Basic (user name and password). Writing incidents needs the itil role.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const tls = require('node:tls');
const { SimServer, HttpError, escapeHtml, addCommonControlRoutes } = require('../common/server');

const CERT_DIR = path.join(__dirname, 'certs');
/** The test CA that issued the *.service-now.com certificate: give it to n8n as NODE_EXTRA_CA_CERTS. */
const CA_FILE = path.join(CERT_DIR, 'ca.crt');

/** Credentials of the integration user the workflows use (the n8n credential's fields, plus the instance). */
const DEFAULT_CREDENTIALS = Object.freeze({ user: 'n8n.integration', password: 'ServiceNow-Sim-Pass1' });
const DEFAULT_INSTANCE = 'exhsim';

/** Deterministic sys_ids (32 hex characters, like ServiceNow's). */
const sysId = (/** @type {string} */ seed) => crypto.createHash('md5').update(`servicenow-sim:${seed}`).digest('hex');

const ROLES = ['admin', 'itil', 'sn_si.analyst', 'rest_api_explorer'].map((name) => ({ sys_id: sysId(`role:${name}`), name, description: `${name} role` }));

/** @typedef {{ sys_id: string, user_name: string, first_name: string, last_name: string, email: string, password: string, active: boolean, roles: string[] }} SnUser */
const DEFAULT_USERS = /** @type {SnUser[]} */ ([
	{ user_name: DEFAULT_CREDENTIALS.user, first_name: 'n8n', last_name: 'Integration', email: 'n8n.integration@example.com', password: DEFAULT_CREDENTIALS.password, active: true, roles: ['itil', 'rest_api_explorer'] },
	{ user_name: 'soc.analyst', first_name: 'Alex', last_name: 'Analyst', email: 'soc.analyst@example.com', password: 'Analyst-Pass1', active: true, roles: ['itil', 'sn_si.analyst'] },
	{ user_name: 'escalations.team', first_name: 'Escalations', last_name: 'Team', email: 'escalations@example.com', password: 'Escalations-Pass1', active: true, roles: ['itil'] },
	{ user_name: 'read.only', first_name: 'Read', last_name: 'Only', email: 'read.only@example.com', password: 'Readonly-Pass1', active: true, roles: [] },
	{ user_name: 'former.employee', first_name: 'Former', last_name: 'Employee', email: 'former@example.com', password: 'Former-Pass1', active: false, roles: ['itil'] },
].map((u) => ({ sys_id: sysId(`user:${u.user_name}`), ...u })));

const GROUPS = [
	{ name: 'Security Operations', members: ['soc.analyst', 'escalations.team'] },
	{ name: 'Service Desk', members: ['soc.analyst'] },
	{ name: 'Network', members: [] },
].map((g) => ({ sys_id: sysId(`group:${g.name}`), ...g }));

const DEPARTMENTS = ['IT', 'Security'].map((name) => ({ sys_id: sysId(`department:${name}`), name }));
const SERVICES = ['Email', 'VPN', 'Corporate Network'].map((name) => ({ sys_id: sysId(`service:${name}`), name }));
const CIS = [
	{ name: 'fileserver-01', sys_class_name: 'cmdb_ci_win_server' },
	{ name: 'vpn-gw-01', sys_class_name: 'cmdb_ci_netgear' },
	{ name: 'db-01', sys_class_name: 'cmdb_ci_linux_server' },
].map((c) => ({ sys_id: sysId(`ci:${c.name}`), ...c }));

/** Incident choices as a base ServiceNow instance (Washington DC and later) has them. */
const CHOICES = /** @type {Record<string, { label: string, value: string, dependent_value?: string }[]>} */ ({
	state: [
		{ label: 'New', value: '1' },
		{ label: 'In Progress', value: '2' },
		{ label: 'On Hold', value: '3' },
		{ label: 'Resolved', value: '6' },
		{ label: 'Closed', value: '7' },
		{ label: 'Canceled', value: '8' },
	],
	impact: [
		{ label: '1 - High', value: '1' },
		{ label: '2 - Medium', value: '2' },
		{ label: '3 - Low', value: '3' },
	],
	urgency: [
		{ label: '1 - High', value: '1' },
		{ label: '2 - Medium', value: '2' },
		{ label: '3 - Low', value: '3' },
	],
	priority: [
		{ label: '1 - Critical', value: '1' },
		{ label: '2 - High', value: '2' },
		{ label: '3 - Moderate', value: '3' },
		{ label: '4 - Low', value: '4' },
		{ label: '5 - Planning', value: '5' },
	],
	category: [
		{ label: 'Inquiry / Help', value: 'inquiry' },
		{ label: 'Software', value: 'software' },
		{ label: 'Hardware', value: 'hardware' },
		{ label: 'Network', value: 'network' },
		{ label: 'Database', value: 'database' },
		{ label: 'Security', value: 'security' },
	],
	subcategory: [
		{ label: 'DNS', value: 'dns', dependent_value: 'network' },
		{ label: 'VPN', value: 'vpn', dependent_value: 'network' },
		{ label: 'Wireless', value: 'wireless', dependent_value: 'network' },
		{ label: 'Intrusion', value: 'intrusion', dependent_value: 'security' },
		{ label: 'Malware', value: 'malware', dependent_value: 'security' },
		{ label: 'Data Exfiltration', value: 'exfiltration', dependent_value: 'security' },
		{ label: 'Email', value: 'email', dependent_value: 'software' },
		{ label: 'DB2', value: 'db2', dependent_value: 'database' },
	],
	close_code: [
		'Duplicate',
		'Known error',
		'No resolution provided',
		'Resolved by caller',
		'Resolved by change',
		'Resolved by problem',
		'Resolved by request',
		'Solution provided',
		'Workaround provided',
		'User error',
	].map((v) => ({ label: v, value: v })),
	hold_reason: [
		{ label: 'Awaiting Caller', value: '1' },
		{ label: 'Awaiting Change', value: '5' },
		{ label: 'Awaiting Problem', value: '3' },
		{ label: 'Awaiting Vendor', value: '4' },
	],
	contact_type: [
		{ label: 'Email', value: 'email' },
		{ label: 'Phone', value: 'phone' },
		{ label: 'Self-service', value: 'self-service' },
		{ label: 'Walk-in', value: 'walk-in' },
		{ label: 'Monitoring', value: 'monitoring' },
	],
});

/**
 * The incident table's columns: kind and, for references, the table referenced.
 * @type {Record<string, { label: string, kind: 'string' | 'choice' | 'integer' | 'reference' | 'datetime' | 'boolean' | 'journal' | 'readonly', ref?: string }>}
 */
const INCIDENT_COLUMNS = {
	sys_id: { label: 'Sys ID', kind: 'readonly' },
	number: { label: 'Number', kind: 'readonly' },
	short_description: { label: 'Short description', kind: 'string' },
	description: { label: 'Description', kind: 'string' },
	state: { label: 'State', kind: 'choice' },
	incident_state: { label: 'Incident state', kind: 'readonly' },
	impact: { label: 'Impact', kind: 'choice' },
	urgency: { label: 'Urgency', kind: 'choice' },
	priority: { label: 'Priority', kind: 'readonly' },
	severity: { label: 'Severity', kind: 'choice' },
	category: { label: 'Category', kind: 'choice' },
	subcategory: { label: 'Subcategory', kind: 'choice' },
	contact_type: { label: 'Channel', kind: 'choice' },
	assignment_group: { label: 'Assignment group', kind: 'reference', ref: 'sys_user_group' },
	assigned_to: { label: 'Assigned to', kind: 'reference', ref: 'sys_user' },
	caller_id: { label: 'Caller', kind: 'reference', ref: 'sys_user' },
	opened_by: { label: 'Opened by', kind: 'readonly' },
	resolved_by: { label: 'Resolved by', kind: 'readonly' },
	closed_by: { label: 'Closed by', kind: 'readonly' },
	cmdb_ci: { label: 'Configuration item', kind: 'reference', ref: 'cmdb_ci' },
	business_service: { label: 'Service', kind: 'reference', ref: 'cmdb_ci_service' },
	close_code: { label: 'Resolution code', kind: 'choice' },
	close_notes: { label: 'Resolution notes', kind: 'string' },
	hold_reason: { label: 'On hold reason', kind: 'choice' },
	correlation_id: { label: 'Correlation ID', kind: 'string' },
	correlation_display: { label: 'Correlation display', kind: 'string' },
	work_notes: { label: 'Work notes', kind: 'journal' },
	comments: { label: 'Additional comments', kind: 'journal' },
	active: { label: 'Active', kind: 'readonly' },
	opened_at: { label: 'Opened', kind: 'readonly' },
	resolved_at: { label: 'Resolved', kind: 'readonly' },
	closed_at: { label: 'Closed', kind: 'readonly' },
	sys_created_on: { label: 'Created', kind: 'readonly' },
	sys_created_by: { label: 'Created by', kind: 'readonly' },
	sys_updated_on: { label: 'Updated', kind: 'readonly' },
	sys_updated_by: { label: 'Updated by', kind: 'readonly' },
	sys_mod_count: { label: 'Updates', kind: 'readonly' },
	sys_class_name: { label: 'Task type', kind: 'readonly' },
};
const DATE_FIELDS = new Set(['opened_at', 'resolved_at', 'closed_at', 'sys_created_on', 'sys_updated_on']);
const INTEGER_FIELDS = new Set(['state', 'incident_state', 'impact', 'urgency', 'priority', 'severity', 'sys_mod_count', 'hold_reason']);
const REF_TABLE = /** @type {Record<string,string>} */ ({ assignment_group: 'sys_user_group', assigned_to: 'sys_user', caller_id: 'sys_user', opened_by: 'sys_user', resolved_by: 'sys_user', closed_by: 'sys_user', cmdb_ci: 'cmdb_ci', business_service: 'cmdb_ci_service' });

/** ServiceNow's priority lookup (impact x urgency). */
const PRIORITY = (/** @type {string} */ impact, /** @type {string} */ urgency) => {
	const sum = Number(impact) + Number(urgency);
	return String(Math.min(5, Math.max(1, sum - 1)));
};

/** 'yyyy-mm-dd hh:mm:ss' in UTC (the Table API's stored format; the simulated users' time zone is UTC). */
const snTime = (/** @type {number | null} */ ms) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 19).replace('T', ' '));
const parseSnTime = (/** @type {string} */ s) => {
	const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2}))?$/.exec(s.trim());
	return m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`) : NaN;
};

const snError = (/** @type {number} */ status, /** @type {string} */ message, /** @type {string | null} */ detail = null) => new HttpError(status, { error: { message, detail }, status: 'failure' });

/**
 * @typedef {{ sys_id: string, number: string, values: Record<string, string>, journal: { field: string, value: string, by: string, at: number }[],
 *   created: number, updated: number, createdBy: string, updatedBy: string, modCount: number,
 *   openedAt: number, resolvedAt: number | null, closedAt: number | null }} SnIncident
 */

/**
 * @param {{ instance?: string, now?: () => number, users?: SnUser[] }} [options]
 */
function createServiceNowSimulator(options = {}) {
	const instance = options.instance ?? DEFAULT_INSTANCE;
	if (!/^[a-z0-9-]+$/.test(instance)) throw new Error(`instance name ${instance}: letters, digits and dashes only`);
	const host = `${instance}.service-now.com`;
	const server = new SimServer({ name: 'servicenow' });
	const now = options.now ?? (() => Date.now());
	const users = options.users ?? DEFAULT_USERS;
	/** The public base URL, as n8n builds it. */
	const publicUrl = `https://${host}`;

	const state = {
		/** @type {SnIncident[]} */
		incidents: [],
		nextNumber: 10001,
		/** @type {{ at: number, method: string, path: string, message: string }[]} what a real instance accepts silently */
		warnings: [],
		/** @type {{ host: string, allowed: boolean, at: number }[]} CONNECT requests the proxy saw */
		tunnels: [],
		/** @type {{ at: number, table: string, query: string, fields: string, rows: number }[]} list reads with their sysparm_query */
		queries: [],
	};
	const reset = () => {
		state.incidents = [];
		state.nextNumber = 10001;
		state.warnings = [];
		state.tunnels = [];
		state.queries = [];
		server.clearFaults();
		server.clearRequestLog();
	};

	// ---------------------------------------------------------------- tables

	const userName = (/** @type {SnUser} */ u) => `${u.first_name} ${u.last_name}`;
	/** Read-only reference tables as rows of string values, with their display field. */
	const TABLES = /** @type {Record<string, { display: string, rows: () => Record<string, any>[] }>} */ ({
		sys_user: { display: 'name', rows: () => users.map((u) => ({ sys_id: u.sys_id, user_name: u.user_name, first_name: u.first_name, last_name: u.last_name, name: userName(u), email: u.email, active: String(u.active) })) },
		sys_user_group: { display: 'name', rows: () => GROUPS.map((g) => ({ sys_id: g.sys_id, name: g.name, active: 'true', description: `${g.name} group` })) },
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
		cmdb_ci_service: { display: 'name', rows: () => SERVICES.map((s) => ({ ...s, sys_class_name: 'cmdb_ci_service' })) },
		cmdb_ci: { display: 'name', rows: () => [...CIS.map((c) => ({ ...c })), ...SERVICES.map((s) => ({ ...s, sys_class_name: 'cmdb_ci_service' }))] },
		sys_choice: {
			display: 'label',
			rows: () =>
				Object.entries(CHOICES).flatMap(([element, list]) =>
					list.map((c, i) => ({ sys_id: sysId(`choice:${element}:${c.value}`), name: 'incident', element, label: c.label, value: c.value, sequence: String(i + 1), inactive: 'false', dependent_value: c.dependent_value ?? '', language: 'en' })),
				),
		},
		sys_dictionary: {
			display: 'column_label',
			rows: () => [
				{ sys_id: sysId('dict:incident:'), name: 'incident', element: '', column_label: 'Incident', internal_type: 'collection' },
				...Object.entries(INCIDENT_COLUMNS).map(([element, c]) => ({ sys_id: sysId(`dict:incident:${element}`), name: 'incident', element, column_label: c.label, internal_type: c.kind === 'reference' ? 'reference' : c.kind === 'integer' || INTEGER_FIELDS.has(element) ? 'integer' : DATE_FIELDS.has(element) ? 'glide_date_time' : 'string', reference: c.ref ?? '' })),
			],
		},
	});
	/** Column references of the read-only tables (for dot-walking and rendering). */
	const TABLE_REFS = /** @type {Record<string, Record<string,string>>} */ ({ sys_user_grmember: { group: 'sys_user_group', user: 'sys_user' } });

	const findRow = (/** @type {string} */ table, /** @type {string} */ id) => TABLES[table]?.rows().find((r) => r.sys_id === id);
	const displayOf = (/** @type {string} */ table, /** @type {string} */ id) => {
		const row = findRow(table, id);
		return row ? String(row[TABLES[table].display] ?? '') : '';
	};
	const userByName = (/** @type {string} */ name) => users.find((u) => u.user_name === name);

	// ---------------------------------------------------------------- incidents

	/** Flat string values of an incident, as the table stores them. */
	const incidentRow = (/** @type {SnIncident} */ inc) => {
		/** @type {Record<string, string>} */
		const row = {};
		for (const field of Object.keys(INCIDENT_COLUMNS)) row[field] = inc.values[field] ?? '';
		Object.assign(row, {
			sys_id: inc.sys_id,
			number: inc.number,
			incident_state: inc.values.state ?? '1',
			priority: PRIORITY(inc.values.impact || '3', inc.values.urgency || '3'),
			work_notes: '',
			comments: '',
			active: String(!['7', '8'].includes(inc.values.state ?? '1')),
			opened_at: snTime(inc.openedAt),
			resolved_at: snTime(inc.resolvedAt),
			closed_at: snTime(inc.closedAt),
			sys_created_on: snTime(inc.created),
			sys_created_by: inc.createdBy,
			sys_updated_on: snTime(inc.updated),
			sys_updated_by: inc.updatedBy,
			sys_mod_count: String(inc.modCount),
			sys_class_name: 'incident',
		});
		return row;
	};

	/**
	 * Applies a POST/PATCH body to an incident like the Table API: unknown fields and read-only
	 * ones are ignored (recorded as warnings), journal fields append entries.
	 * @param {SnIncident} inc @param {Record<string, any>} body @param {SnUser} user @param {import('../common/server').SimRequest} req
	 */
	const applyBody = (inc, body, user, req) => {
		if (!body || typeof body !== 'object' || Array.isArray(body)) throw snError(400, 'Exception while reading request', 'The payload is not valid JSON.');
		const warn = (/** @type {string} */ message) => state.warnings.push({ at: now(), method: req.method, path: req.path, message });
		const previousState = inc.values.state ?? '1';
		for (const [field, raw] of Object.entries(body)) {
			const column = INCIDENT_COLUMNS[field];
			if (!column) {
				warn(`incident has no field '${field}': ignored`);
				continue;
			}
			if (column.kind === 'readonly') {
				warn(`incident.${field} is read-only: ignored`);
				continue;
			}
			const value = raw === null || raw === undefined ? '' : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
			if (column.kind === 'journal') {
				if (value.trim()) inc.journal.push({ field, value, by: user.user_name, at: now() });
				continue;
			}
			if (column.kind === 'reference' && value) {
				const table = /** @type {string} */ (column.ref);
				// Actual values only (sysparm_input_display_value is not simulated): a sys_id of the referenced table.
				const target = findRow(table, value);
				if (!target) {
					warn(`incident.${field}: no ${table} record '${value}': the reference is left empty`);
					inc.values[field] = '';
					continue;
				}
				inc.values[field] = target.sys_id;
				continue;
			}
			if (column.kind === 'choice' && value) {
				const known = CHOICES[field];
				if (known && !known.some((c) => c.value === value && (field !== 'subcategory' || !c.dependent_value || c.dependent_value === (body.category ?? inc.values.category)))) {
					warn(`incident.${field}: '${value}' is not one of its choices (stored anyway, as ServiceNow does)`);
				}
			}
			inc.values[field] = value;
		}
		const next = inc.values.state ?? '1';
		if (next !== previousState) {
			if (next === '6' && !inc.resolvedAt) {
				inc.resolvedAt = now();
				inc.values.resolved_by = user.sys_id;
			}
			if (next === '7' || next === '8') {
				inc.closedAt = now();
				inc.values.closed_by = user.sys_id;
				if (!inc.resolvedAt && next === '7') inc.resolvedAt = inc.closedAt;
			}
			if (['1', '2', '3'].includes(next)) {
				// Reopened: the "incident reopen" business rule clears the resolution.
				inc.resolvedAt = null;
				inc.closedAt = null;
				inc.values.resolved_by = '';
				inc.values.closed_by = '';
			}
		}
		inc.updated = now();
		inc.updatedBy = user.user_name;
	};

	/** @param {Record<string, any>} body @param {SnUser} user @param {import('../common/server').SimRequest} req */
	const createIncident = (body, user, req) => {
		const t = now();
		const number = `INC${String(state.nextNumber).padStart(7, '0')}`;
		/** @type {SnIncident} */
		const inc = {
			sys_id: sysId(`incident:${instance}:${number}:${t}`),
			number,
			values: { state: '1', impact: '3', urgency: '3', severity: '3', opened_by: user.sys_id },
			journal: [],
			created: t,
			updated: t,
			createdBy: user.user_name,
			updatedBy: user.user_name,
			modCount: 0,
			openedAt: t,
			resolvedAt: null,
			closedAt: null,
		};
		applyBody(inc, body, user, req);
		state.nextNumber++;
		state.incidents.push(inc);
		return inc;
	};

	// ---------------------------------------------------------------- rendering

	/**
	 * Renders a row as the Table API does for the given sysparm_* options.
	 * @param {string} table @param {Record<string, any>} row @param {URLSearchParams} q
	 */
	const render = (table, row, q) => {
		const display = (q.get('sysparm_display_value') ?? 'false').toLowerCase();
		const noLink = (q.get('sysparm_exclude_reference_link') ?? 'false').toLowerCase() === 'true';
		const fields = (q.get('sysparm_fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
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
			const choice = table === 'incident' ? CHOICES[field]?.find((c) => c.value === value)?.label : undefined;
			const shown = refTable ? displayOf(refTable, value) : (choice ?? value);
			if (refTable && value) {
				const link = `${publicUrl}/api/now/table/${refTable}/${value}`;
				if (display === 'true') out[field] = noLink ? shown : { display_value: shown, link };
				else if (display === 'all') out[field] = noLink ? { display_value: shown, value } : { display_value: shown, value, link };
				else out[field] = noLink ? value : { link, value };
			} else if (display === 'true') out[field] = shown;
			else if (display === 'all') out[field] = { display_value: shown, value };
			else out[field] = value;
		}
		return out;
	};

	/** Dot-walks one reference: assignment_group.name. */
	const walk = (/** @type {string} */ table, /** @type {Record<string, any>} */ row, /** @type {string} */ dotted) => {
		const [ref, sub] = dotted.split('.', 2);
		const refTable = (table === 'incident' ? REF_TABLE : (TABLE_REFS[table] ?? {}))[ref];
		if (!refTable) return undefined;
		const target = findRow(refTable, String(row[ref] ?? ''));
		return target ? String(target[sub] ?? '') : '';
	};

	// ---------------------------------------------------------------- encoded queries

	const OPERATORS = ['ISNOTEMPTY', 'ISEMPTY', 'ANYTHING', 'NOT IN', 'IN', 'NOT LIKE', 'LIKE', 'STARTSWITH', 'ENDSWITH', '!=', '>=', '<=', '=', '>', '<'];
	/** @param {string} value */
	const dateValue = (value) => {
		const v = value.trim();
		let m = /^javascript:gs\.(minutesAgoStart|minutesAgo|daysAgoStart|daysAgo|hoursAgoStart|hoursAgo)\((-?\d+)\)$/.exec(v);
		if (m) {
			const n = Number(m[2]);
			const unit = m[1].startsWith('minutes') ? 60_000 : m[1].startsWith('hours') ? 3_600_000 : 86_400_000;
			let t = now() - n * unit;
			if (m[1].endsWith('Start')) t = Math.floor(t / unit) * unit;
			return t;
		}
		m = /^javascript:gs\.dateGenerate\('(\d{4}-\d{2}-\d{2})','(\d{2}:\d{2}:\d{2}|start|end)'\)$/.exec(v);
		if (m) return Date.parse(`${m[1]}T${m[2] === 'start' ? '00:00:00' : m[2] === 'end' ? '23:59:59' : m[2]}Z`);
		return parseSnTime(v);
	};

	/**
	 * Compiles an encoded query into a row filter and a sort, or reports an unknown field.
	 * @param {string} table @param {string} query @param {string[]} columns
	 * @returns {{ filter: (row: Record<string, any>) => boolean, sort: ((a: any, b: any) => number) | null, unknown: string | null }}
	 */
	const compileQuery = (table, query, columns) => {
		/** @type {{ field: string, desc: boolean }[]} */
		const order = [];
		let unknown = /** @type {string | null} */ (null);
		const known = (/** @type {string} */ field) => {
			const base = field.split('.')[0];
			const ok = columns.includes(base) && (!field.includes('.') || Boolean((table === 'incident' ? REF_TABLE : (TABLE_REFS[table] ?? {}))[base]));
			if (!ok && !unknown) unknown = field;
			return ok;
		};
		/** @param {string} term @returns {(row: Record<string, any>) => boolean} */
		const compileTerm = (term) => {
			const m = /^([a-z_][a-z0-9_.]*)(.*)$/.exec(term);
			const op = m ? OPERATORS.find((o) => m[2].startsWith(o)) : undefined;
			if (!m || !op) {
				if (!unknown) unknown = term;
				return () => false;
			}
			const field = m[1];
			const value = m[2].slice(op.length);
			if (!known(field)) return () => false;
			const base = field.split('.')[0];
			const get = (/** @type {Record<string, any>} */ row) => (field.includes('.') ? (walk(table, row, field) ?? '') : String(row[field] ?? ''));
			const cmp = (/** @type {string} */ actual, /** @type {string} */ wanted) => {
				if (DATE_FIELDS.has(base) && table === 'incident') return (actual ? parseSnTime(actual) : NaN) - dateValue(wanted);
				if (INTEGER_FIELDS.has(base) && table === 'incident') return Number(actual) - Number(wanted);
				return actual < wanted ? -1 : actual > wanted ? 1 : 0;
			};
			switch (op) {
				case 'ISEMPTY':
					return (row) => get(row) === '';
				case 'ISNOTEMPTY':
					return (row) => get(row) !== '';
				case 'ANYTHING':
					return () => true;
				case 'IN':
					return (row) => value.split(',').includes(get(row));
				case 'NOT IN':
					return (row) => !value.split(',').includes(get(row));
				case 'LIKE':
					return (row) => get(row).toLowerCase().includes(value.toLowerCase());
				case 'NOT LIKE':
					return (row) => !get(row).toLowerCase().includes(value.toLowerCase());
				case 'STARTSWITH':
					return (row) => get(row).toLowerCase().startsWith(value.toLowerCase());
				case 'ENDSWITH':
					return (row) => get(row).toLowerCase().endsWith(value.toLowerCase());
				case '=':
					return (row) => get(row) === value;
				case '!=':
					return (row) => get(row) !== value;
				default:
					return (row) => {
						const actual = get(row);
						if (actual === '') return false;
						const c = cmp(actual, value);
						if (Number.isNaN(c)) return false;
						return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
					};
			}
		};
		const queries = query.split('^NQ').map((q) => {
			/** @type {((row: Record<string, any>) => boolean)[][]} */
			const groups = [];
			for (const part of q.split('^')) {
				if (!part || part === 'EQ') continue;
				const ord = /^ORDERBY(DESC)?(.+)$/.exec(part);
				if (ord) {
					if (known(ord[2])) order.push({ field: ord[2], desc: Boolean(ord[1]) });
					continue;
				}
				if (part.startsWith('OR') && groups.length) groups[groups.length - 1].push(compileTerm(part.slice(2)));
				else groups.push([compileTerm(part)]);
			}
			return (/** @type {Record<string, any>} */ row) => groups.every((alternatives) => alternatives.some((f) => f(row)));
		});
		const sort = order.length
			? (/** @type {any} */ a, /** @type {any} */ b) => {
					for (const { field, desc } of order) {
						const x = String(a[field] ?? '');
						const y = String(b[field] ?? '');
						const c = INTEGER_FIELDS.has(field) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
						if (c) return desc ? -c : c;
					}
					return 0;
				}
			: null;
		return { filter: (row) => queries.some((f) => f(row)), sort, unknown };
	};

	// ---------------------------------------------------------------- authentication

	/** @param {import('../common/server').SimRequest} req @returns {SnUser} */
	const authenticate = (req) => {
		const header = String(req.headers.authorization ?? '');
		const [scheme, value = ''] = header.split(/\s+/, 2);
		if (scheme.toLowerCase() === 'basic') {
			const decoded = Buffer.from(value, 'base64').toString('utf8');
			const sep = decoded.indexOf(':');
			const user = users.find((u) => u.user_name === decoded.slice(0, sep));
			if (sep > 0 && user && user.active && user.password === decoded.slice(sep + 1)) return user;
		}
		throw new HttpError(401, { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' }, { 'WWW-Authenticate': 'BASIC realm="Service-now"' });
	};
	const requireItil = (/** @type {SnUser} */ user, /** @type {string} */ action) => {
		if (!user.roles.includes('itil') && !user.roles.includes('admin')) {
			throw snError(403, 'Operation Failed', `ACL Exception ${action} Failed due to security constraints`);
		}
	};

	// ---------------------------------------------------------------- routes

	const tableRows = (/** @type {string} */ table) => {
		if (table === 'incident') return state.incidents.map(incidentRow);
		const t = TABLES[table];
		if (!t) throw snError(400, `Invalid table ${table}`);
		return t.rows();
	};
	const tableColumns = (/** @type {string} */ table) => (table === 'incident' ? Object.keys(INCIDENT_COLUMNS) : Object.keys(TABLES[table]?.rows()[0] ?? { sys_id: '' }));

	server.route('GET', '/api/now/table/:table', (req) => {
		authenticate(req);
		const table = req.params.table;
		let rows = tableRows(table);
		const query = req.query.get('sysparm_query') ?? '';
		if (query) {
			const compiled = compileQuery(table, query, tableColumns(table));
			if (compiled.unknown) {
				state.warnings.push({ at: now(), method: req.method, path: req.path, message: `sysparm_query names an unknown field or operator (${compiled.unknown}): no rows (glide.invalid_query.returns_no_rows)` });
				rows = [];
			} else {
				rows = rows.filter(compiled.filter);
				if (compiled.sort) rows.sort(compiled.sort);
			}
		}
		const total = rows.length;
		state.queries.push({ at: now(), table, query, fields: req.query.get('sysparm_fields') ?? '', rows: total });
		const offset = Math.max(0, Number.parseInt(req.query.get('sysparm_offset') ?? '0', 10) || 0);
		const limitRaw = req.query.get('sysparm_limit');
		const limit = limitRaw === null ? 10000 : Math.max(0, Number.parseInt(limitRaw, 10) || 0);
		const page = rows.slice(offset, offset + limit).map((r) => render(table, r, req.query));
		return { body: { result: page }, headers: { 'X-Total-Count': String(total) } };
	});
	server.route('GET', '/api/now/table/:table/:sysId', (req) => {
		authenticate(req);
		const row = tableRows(req.params.table).find((r) => r.sys_id === req.params.sysId);
		if (!row) throw snError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
		return { body: { result: render(req.params.table, row, req.query) } };
	});
	const writableTable = (/** @type {string} */ table) => {
		if (table === 'incident') return;
		if (!TABLES[table]) throw snError(400, `Invalid table ${table}`);
		throw snError(403, 'Operation Failed', `ACL Exception Insert Failed due to security constraints (simulator: ${table} is read-only)`);
	};
	server.route('POST', '/api/now/table/:table', (req) => {
		const user = authenticate(req);
		writableTable(req.params.table);
		requireItil(user, 'Insert');
		const inc = createIncident(req.body, user, req);
		return { status: 201, body: { result: render('incident', incidentRow(inc), req.query) }, headers: { Location: `${publicUrl}/api/now/table/incident/${inc.sys_id}` } };
	});
	for (const method of ['PATCH', 'PUT']) {
		server.route(method, '/api/now/table/:table/:sysId', (req) => {
			const user = authenticate(req);
			writableTable(req.params.table);
			requireItil(user, 'Update');
			const inc = state.incidents.find((i) => i.sys_id === req.params.sysId);
			if (!inc) throw snError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
			applyBody(inc, req.body, user, req);
			inc.modCount++;
			return { body: { result: render('incident', incidentRow(inc), req.query) } };
		});
	}
	server.route('DELETE', '/api/now/table/:table/:sysId', (req) => {
		const user = authenticate(req);
		writableTable(req.params.table);
		if (!user.roles.includes('admin')) throw snError(403, 'Operation Failed', 'ACL Exception Delete Failed due to security constraints');
		const before = state.incidents.length;
		state.incidents = state.incidents.filter((i) => i.sys_id !== req.params.sysId);
		if (state.incidents.length === before) throw snError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
		return { status: 204 };
	});
	server.route('GET', '/api/now/doc/table/schema', (req) => {
		authenticate(req);
		const labels = /** @type {Record<string,string>} */ ({ incident: 'Incident', sys_user: 'User', sys_user_group: 'Group', sys_user_grmember: 'Group Member', sys_user_role: 'Role', cmn_department: 'Department', cmdb_ci_service: 'Business Service', cmdb_ci: 'Configuration Item', sys_choice: 'Choices', sys_dictionary: 'Dictionary Entry' });
		return { body: { result: Object.entries(labels).map(([value, label]) => ({ label, value })) } };
	});

	// ---------------------------------------------------------------- control API and page

	const simpleIncident = (/** @type {SnIncident} */ inc) => {
		const row = incidentRow(inc);
		return {
			sys_id: inc.sys_id,
			number: inc.number,
			short_description: row.short_description,
			description: row.description,
			state: CHOICES.state.find((c) => c.value === row.state)?.label ?? row.state,
			stateValue: row.state,
			impact: row.impact,
			urgency: row.urgency,
			priority: row.priority,
			category: row.category,
			subcategory: row.subcategory,
			contact_type: row.contact_type,
			assignment_group: displayOf('sys_user_group', row.assignment_group) || null,
			assigned_to: users.find((u) => u.sys_id === row.assigned_to)?.user_name ?? null,
			caller: users.find((u) => u.sys_id === row.caller_id)?.user_name ?? null,
			cmdb_ci: displayOf('cmdb_ci', row.cmdb_ci) || null,
			close_code: row.close_code || null,
			close_notes: row.close_notes || null,
			correlation_id: row.correlation_id || null,
			correlation_display: row.correlation_display || null,
			opened_by: users.find((u) => u.sys_id === inc.values.opened_by)?.user_name ?? null,
			resolved_at: row.resolved_at || null,
			closed_at: row.closed_at || null,
			updated: row.sys_updated_on,
			mod_count: inc.modCount,
			work_notes: inc.journal.filter((j) => j.field === 'work_notes').map((j) => ({ by: j.by, at: snTime(j.at), value: j.value })),
			comments: inc.journal.filter((j) => j.field === 'comments').map((j) => ({ by: j.by, at: snTime(j.at), value: j.value })),
		};
	};
	const findIncident = (/** @type {string} */ ref) => {
		const inc = state.incidents.find((i) => i.number === ref.toUpperCase() || i.sys_id === ref);
		if (!inc) throw snError(404, 'No Record found', `No incident ${ref}`);
		return inc;
	};
	/** A fake request for control-API changes (no HTTP involved). */
	const controlReq = (/** @type {string} */ p) => /** @type {any} */ ({ method: 'CONTROL', path: p, query: new URLSearchParams(), headers: {}, body: null, rawBody: '', params: {} });
	const asUser = (/** @type {any} */ name) => userByName(String(name ?? 'soc.analyst')) ?? users[1];

	/**
	 * An analyst resolves an incident (state 6 with a resolution code and notes, both mandatory in the form).
	 * @param {string} ref number or sys_id @param {string} closeCode @param {{ notes?: string, as?: string }} [opts]
	 */
	const resolveIncident = (ref, closeCode, opts = {}) => {
		const inc = findIncident(ref);
		if (!CHOICES.close_code.some((c) => c.value === closeCode)) throw snError(400, `Unknown resolution code '${closeCode}'`, `Valid: ${CHOICES.close_code.map((c) => c.value).join(', ')}`);
		applyBody(inc, { state: '6', close_code: closeCode, close_notes: opts.notes ?? `Resolved: ${closeCode}` }, asUser(opts.as), controlReq(`/_sim/incidents/${inc.number}/resolve`));
		inc.modCount++;
		return simpleIncident(inc);
	};
	/** @param {string} ref @param {string} stateValue @param {{ as?: string }} [opts] */
	const setIncidentState = (ref, stateValue, opts = {}) => {
		const inc = findIncident(ref);
		applyBody(inc, { state: stateValue }, asUser(opts.as), controlReq(`/_sim/incidents/${inc.number}/state`));
		inc.modCount++;
		return simpleIncident(inc);
	};

	addCommonControlRoutes(server, reset);
	server.route('GET', '/_sim/state', () => ({
		body: {
			url: publicUrl,
			directUrl: server.url,
			proxyUrl: proxy.url,
			credentials: { ...DEFAULT_CREDENTIALS, subdomain: instance },
			groups: GROUPS.map((g) => ({ sys_id: g.sys_id, name: g.name })),
			users: users.map((u) => ({ sys_id: u.sys_id, user_name: u.user_name, roles: u.roles, active: u.active })),
			closeCodes: CHOICES.close_code.map((c) => c.value),
			incidents: state.incidents.map(simpleIncident),
			warnings: state.warnings,
			tunnels: state.tunnels,
		},
	}));
	server.route('GET', '/_sim/incidents', () => ({ body: state.incidents.map(simpleIncident) }));
	server.route('POST', '/_sim/incidents', (req) => ({ status: 201, body: simpleIncident(createIncident(req.body ?? {}, asUser(req.body?.as), controlReq('/_sim/incidents'))) }));
	server.route('POST', '/_sim/incidents/:ref/resolve', (req) => ({ body: resolveIncident(req.params.ref, String(req.body?.close_code ?? 'Solution provided'), { notes: req.body?.close_notes, as: req.body?.as }) }));
	server.route('POST', '/_sim/incidents/:ref/state', (req) => ({ body: setIncidentState(req.params.ref, String(req.body?.state ?? ''), { as: req.body?.as }) }));
	server.route('GET', '/', () => ({ contentType: 'text/html; charset=utf-8', body: renderPage() }));

	const renderPage = () => {
		const rows = [...state.incidents]
			.reverse()
			.map((inc) => {
				const s = simpleIncident(inc);
				return `<tr><td class="nw">${escapeHtml(s.number)}</td><td>${escapeHtml(s.short_description)}</td><td class="nw">${escapeHtml(s.state)}</td><td>${escapeHtml(s.close_code ?? '')}</td><td>${escapeHtml(CHOICES.priority.find((p) => p.value === s.priority)?.label ?? s.priority)}</td><td>${escapeHtml(s.assignment_group ?? '')}</td><td>${escapeHtml(s.correlation_id ?? '')}</td><td class="n">${s.work_notes.length}</td><td class="nw">${escapeHtml(s.updated)}</td></tr>`;
			})
			.join('\n');
		return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>ServiceNow simulator</title>
<style>
 body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2d3d; }
 h1 { font-size: 1.3rem; } table { border-collapse: collapse; width: 100%; font-size: .9rem; }
 th, td { border-bottom: 1px solid #dde3e8; padding: .4rem .5rem; text-align: left; vertical-align: top; }
 th { background: #f2f5f7; } .nw { white-space: nowrap; } .n { text-align: right; } .muted { color: #6b7b8c; }
</style></head><body>
<h1>ServiceNow simulator <span class="muted">(${escapeHtml(host)}; ${state.incidents.length} incident${state.incidents.length === 1 ? '' : 's'})</span></h1>
<table><thead><tr><th>Number</th><th>Short description</th><th>State</th><th>Resolution code</th><th>Priority</th><th>Assignment group</th><th>Correlation ID</th><th>Work notes</th><th>Updated (UTC)</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="9" class="muted">No incidents yet.</td></tr>'}
</tbody></table></body></html>`;
	};

	// ---------------------------------------------------------------- TLS side and forward proxy

	const secureContext = tls.createSecureContext({ key: fs.readFileSync(path.join(CERT_DIR, 'service-now.key')), cert: fs.readFileSync(path.join(CERT_DIR, 'service-now.crt')) });
	/** @type {Set<import('node:net').Socket>} */
	const proxySockets = new Set();
	const proxy = {
		url: '',
		/** @type {http.Server | null} */
		server: null,
	};
	const startProxy = async () => {
		const p = http.createServer((_req, res) => {
			res.writeHead(403, { 'Content-Type': 'text/plain' });
			res.end('This proxy only tunnels HTTPS (CONNECT) to the simulated ServiceNow instance.\n');
		});
		p.on('connection', (socket) => {
			proxySockets.add(socket);
			socket.on('close', () => proxySockets.delete(socket));
		});
		p.on('connect', (req, socket, head) => {
			socket.on('error', () => socket.destroy());
			const target = String(req.url ?? '').toLowerCase();
			const allowed = target === `${host}:443`;
			state.tunnels.push({ host: target, allowed, at: now() });
			if (!allowed) {
				socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n\r\nThe simulator's proxy reaches ${host}:443 only, not ${target}.\n`);
				return;
			}
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			const secure = new tls.TLSSocket(/** @type {net.Socket} */ (socket), { isServer: true, secureContext });
			if (head?.length) secure.unshift(head);
			secure.on('error', () => secure.destroy());
			// The decrypted stream is one more connection of the simulator's HTTP server.
			/** @type {http.Server} */ (server.server).emit('connection', secure);
		});
		await new Promise((resolve, reject) => {
			p.once('error', reject);
			p.listen(0, '127.0.0.1', () => resolve(undefined));
		});
		proxy.server = p;
		proxy.url = `http://127.0.0.1:${/** @type {net.AddressInfo} */ (p.address()).port}`;
	};

	return {
		server,
		state,
		instance,
		host,
		caFile: CA_FILE,
		/** The instance's base URL as n8n builds it (https://<instance>.service-now.com). */
		get url() {
			return publicUrl;
		},
		/** Plain HTTP on loopback, for tests that call the API directly. */
		get directUrl() {
			return server.url;
		},
		get proxyUrl() {
			return proxy.url;
		},
		/** The `serviceNowBasicApi` credential's fields. */
		get credentials() {
			return { ...DEFAULT_CREDENTIALS, subdomain: instance };
		},
		/** Environment n8n needs to reach the instance through the proxy and trust its certificate. */
		n8nEnv() {
			return { HTTPS_PROXY: proxy.url, https_proxy: proxy.url, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', NODE_EXTRA_CA_CERTS: CA_FILE };
		},
		/** @param {number} [port] port of the direct HTTP side; the proxy always takes a free port */
		start: async (port = 0) => {
			await server.start(port);
			await startProxy();
			return publicUrl;
		},
		stop: async () => {
			for (const s of proxySockets) s.destroy();
			if (proxy.server) {
				const p = proxy.server;
				proxy.server = null;
				await new Promise((resolve) => p.close(() => resolve(undefined)));
			}
			await server.stop();
		},
		reset,
		incidents: () => state.incidents.map(simpleIncident),
		incident: (/** @type {string} */ ref) => {
			const inc = state.incidents.find((i) => i.number === ref.toUpperCase() || i.sys_id === ref);
			return inc ? simpleIncident(inc) : undefined;
		},
		/** Creates an incident as a user (default soc.analyst), bypassing HTTP. */
		createIncident: (/** @type {Record<string, any>} */ fields, /** @type {string} */ as) => simpleIncident(createIncident(fields, asUser(as), controlReq('/_sim/incidents'))),
		resolveIncident,
		setIncidentState,
		groupId: (/** @type {string} */ name) => GROUPS.find((g) => g.name === name)?.sys_id,
		userId: (/** @type {string} */ name) => userByName(name)?.sys_id,
	};
}

module.exports = { createServiceNowSimulator, DEFAULT_CREDENTIALS, DEFAULT_INSTANCE, CHOICES, CA_FILE, sysId };

if (require.main === module) {
	const args = process.argv.slice(2);
	const at = args.indexOf('--instance');
	const sim = createServiceNowSimulator({ instance: at >= 0 ? args[at + 1] : undefined });
	sim
		.start()
		.then((url) => {
			process.stdout.write(`ServiceNow simulator: ${url} (through the proxy ${sim.proxyUrl}; direct HTTP ${sim.directUrl})\n`);
			process.stdout.write(`  credential (ServiceNow Basic Auth API): user=${DEFAULT_CREDENTIALS.user} password=${DEFAULT_CREDENTIALS.password} subdomain=${sim.instance}\n`);
			process.stdout.write(`  n8n needs: HTTPS_PROXY=${sim.proxyUrl} NO_PROXY=127.0.0.1,localhost NODE_EXTRA_CA_CERTS=${sim.caFile}\n`);
		})
		.catch((error) => {
			process.stderr.write(`ServiceNow simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exit(1);
		});
	const shutdown = () => void sim.stop().then(() => process.exit(0));
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}
