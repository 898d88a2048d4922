// @ts-check
'use strict';
/**
 * The fixed data of the ServiceNow simulator: the certificates, the credentials, users, groups,
 * roles, departments, services, configuration items, the incident table's choices and columns;
 * ServiceNow's priority matrix, time format and error body.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { HttpError } = require('../common/server');

const CERT_DIR = path.join(__dirname, 'certs');
/** The test CA that issued the *.service-now.com certificate: give it to n8n as NODE_EXTRA_CA_CERTS. */
const CA_FILE = path.join(CERT_DIR, 'ca.crt');

/** Credentials of the integration user the workflows use (the n8n credential's fields, plus the instance). */
const DEFAULT_CREDENTIALS = Object.freeze({
	user: 'n8n.integration',
	password: 'ServiceNow-Sim-Pass1',
});
const DEFAULT_INSTANCE = 'exhsim';

/** Deterministic sys_ids (32 hex characters, like ServiceNow's). */
const sysId = (/** @type {string} */ seed) =>
	crypto.createHash('md5').update(`servicenow-sim:${seed}`).digest('hex');

const ROLES = ['admin', 'itil', 'sn_si.analyst', 'rest_api_explorer'].map((name) => ({
	sys_id: sysId(`role:${name}`),
	name,
	description: `${name} role`,
}));

/** @typedef {{ sys_id: string, user_name: string, first_name: string, last_name: string, email: string, password: string, active: boolean, roles: string[] }} SnUser */
const DEFAULT_USERS = /** @type {SnUser[]} */ (
	[
		{
			user_name: DEFAULT_CREDENTIALS.user,
			first_name: 'n8n',
			last_name: 'Integration',
			email: 'n8n.integration@example.com',
			password: DEFAULT_CREDENTIALS.password,
			active: true,
			roles: ['itil', 'rest_api_explorer'],
		},
		{
			user_name: 'soc.analyst',
			first_name: 'Alex',
			last_name: 'Analyst',
			email: 'soc.analyst@example.com',
			password: 'Analyst-Pass1',
			active: true,
			roles: ['itil', 'sn_si.analyst'],
		},
		{
			user_name: 'escalations.team',
			first_name: 'Escalations',
			last_name: 'Team',
			email: 'escalations@example.com',
			password: 'Escalations-Pass1',
			active: true,
			roles: ['itil'],
		},
		{
			user_name: 'read.only',
			first_name: 'Read',
			last_name: 'Only',
			email: 'read.only@example.com',
			password: 'Readonly-Pass1',
			active: true,
			roles: [],
		},
		{
			user_name: 'former.employee',
			first_name: 'Former',
			last_name: 'Employee',
			email: 'former@example.com',
			password: 'Former-Pass1',
			active: false,
			roles: ['itil'],
		},
	].map((u) => ({ sys_id: sysId(`user:${u.user_name}`), ...u }))
);

const GROUPS = [
	{ name: 'Security Operations', members: ['soc.analyst', 'escalations.team'] },
	{ name: 'Service Desk', members: ['soc.analyst'] },
	{ name: 'Network', members: [] },
].map((g) => ({ sys_id: sysId(`group:${g.name}`), ...g }));

const DEPARTMENTS = ['IT', 'Security'].map((name) => ({
	sys_id: sysId(`department:${name}`),
	name,
}));
const SERVICES = ['Email', 'VPN', 'Corporate Network'].map((name) => ({
	sys_id: sysId(`service:${name}`),
	name,
}));
const CIS = [
	{ name: 'fileserver-01', sys_class_name: 'cmdb_ci_win_server' },
	{ name: 'vpn-gw-01', sys_class_name: 'cmdb_ci_netgear' },
	{ name: 'db-01', sys_class_name: 'cmdb_ci_linux_server' },
].map((c) => ({ sys_id: sysId(`ci:${c.name}`), ...c }));

/** Incident choices as a base ServiceNow instance (Washington DC and later) has them. */
const CHOICES =
	/** @type {Record<string, { label: string, value: string, dependent_value?: string }[]>} */ ({
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
/**
 * Where the columns live on a real instance. incident extends task, and sys_dictionary lists a
 * table's OWN columns only: `name=incident` answers incident's columns, not the ones it inherits
 * from task (number, state, short_description, assigned_to, correlation_id, work_notes, ...).
 * n8n's ServiceNow node fills its column lists from exactly that query, so on a real instance
 * the inherited columns are missing from them. The split follows the base system as documented
 * (ServiceNow docs "Important Task table fields"; Learning ServiceNow, Packt); it is not checked
 * against a live instance (close_notes, for one, is taken to be task's, labelled "Resolution
 * notes" on incident by a label override).
 */
const INCIDENT_OWN = new Set([
	'incident_state',
	'severity',
	'category',
	'subcategory',
	'caller_id',
	'resolved_by',
	'resolved_at',
	'close_code',
	'hold_reason',
]);
/** incident's other own columns in the base system, which the simulated incidents leave empty. */
const INCIDENT_OTHER_DICTIONARY = [
	{ element: 'business_impact', label: 'Business impact', type: 'string' },
	{ element: 'business_stc', label: 'Business resolve time', type: 'integer' },
	{ element: 'calendar_stc', label: 'Resolve time', type: 'integer' },
	{ element: 'cause', label: 'Probable cause', type: 'string' },
	{ element: 'caused_by', label: 'Caused by Change', type: 'reference', ref: 'change_request' },
	{ element: 'child_incidents', label: 'Child Incidents', type: 'integer' },
	{ element: 'notify', label: 'Notify', type: 'integer' },
	{ element: 'origin_id', label: 'Origin', type: 'document_id' },
	{ element: 'origin_table', label: 'Origin table', type: 'table_name' },
	{ element: 'parent_incident', label: 'Parent Incident', type: 'reference', ref: 'incident' },
	{ element: 'problem_id', label: 'Problem', type: 'reference', ref: 'problem' },
	{ element: 'reopen_count', label: 'Reopen count', type: 'integer' },
	{ element: 'reopened_by', label: 'Last reopened by', type: 'reference', ref: 'sys_user' },
	{ element: 'reopened_time', label: 'Last reopened at', type: 'glide_date_time' },
	{ element: 'rfc', label: 'Change Request', type: 'reference', ref: 'change_request' },
];
/** task's other columns in the base system, which the simulated incidents leave empty. */
const TASK_OTHER_DICTIONARY = [
	{ element: 'activity_due', label: 'Activity due', type: 'due_date' },
	{ element: 'additional_assignee_list', label: 'Additional assignee list', type: 'glide_list' },
	{ element: 'approval', label: 'Approval', type: 'string' },
	{ element: 'business_duration', label: 'Business duration', type: 'glide_duration' },
	{ element: 'calendar_duration', label: 'Duration', type: 'glide_duration' },
	{ element: 'company', label: 'Company', type: 'reference', ref: 'core_company' },
	{ element: 'due_date', label: 'Due date', type: 'glide_date_time' },
	{ element: 'escalation', label: 'Escalation', type: 'integer' },
	{ element: 'location', label: 'Location', type: 'reference', ref: 'cmn_location' },
	{ element: 'made_sla', label: 'Made SLA', type: 'boolean' },
	{ element: 'parent', label: 'Parent', type: 'reference', ref: 'task' },
	{ element: 'reassignment_count', label: 'Reassignment count', type: 'integer' },
	{ element: 'watch_list', label: 'Watch list', type: 'glide_list' },
	{ element: 'work_notes_list', label: 'Work notes list', type: 'glide_list' },
];
/** The sys_user columns the simulated users have, labelled and typed as ServiceNow's dictionary has them. */
const USER_COLUMNS = /** @type {Record<string, { label: string, type: string }>} */ ({
	sys_id: { label: 'Sys ID', type: 'GUID' },
	user_name: { label: 'User ID', type: 'string' },
	first_name: { label: 'First name', type: 'string' },
	last_name: { label: 'Last name', type: 'string' },
	name: { label: 'Name', type: 'string' },
	email: { label: 'Email', type: 'email' },
	active: { label: 'Active', type: 'boolean' },
});
const DATE_FIELDS = new Set([
	'opened_at',
	'resolved_at',
	'closed_at',
	'sys_created_on',
	'sys_updated_on',
]);
const INTEGER_FIELDS = new Set([
	'state',
	'incident_state',
	'impact',
	'urgency',
	'priority',
	'severity',
	'sys_mod_count',
	'hold_reason',
]);
const REF_TABLE = /** @type {Record<string,string>} */ ({
	assignment_group: 'sys_user_group',
	assigned_to: 'sys_user',
	caller_id: 'sys_user',
	opened_by: 'sys_user',
	resolved_by: 'sys_user',
	closed_by: 'sys_user',
	cmdb_ci: 'cmdb_ci',
	business_service: 'cmdb_ci_service',
});

/** ServiceNow's priority lookup (impact x urgency). */
const PRIORITY = (/** @type {string} */ impact, /** @type {string} */ urgency) => {
	const sum = Number(impact) + Number(urgency);
	return String(Math.min(5, Math.max(1, sum - 1)));
};

/** 'yyyy-mm-dd hh:mm:ss' in UTC (the Table API's stored format; the simulated users' time zone is UTC). */
const snTime = (/** @type {number | null} */ ms) =>
	ms === null ? '' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const parseSnTime = (/** @type {string} */ s) => {
	const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2}))?$/.exec(s.trim());
	return m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`) : NaN;
};

const snError = (
	/** @type {number} */ status,
	/** @type {string} */ message,
	/** @type {string | null} */ detail = null,
) => new HttpError(status, { error: { message, detail }, status: 'failure' });

/**
 * @typedef {{ sys_id: string, number: string, values: Record<string, string>, journal: { field: string, value: string, by: string, at: number }[],
 *   created: number, updated: number, createdBy: string, updatedBy: string, modCount: number,
 *   openedAt: number, resolvedAt: number | null, closedAt: number | null }} SnIncident
 */

module.exports = {
	CERT_DIR,
	CA_FILE,
	DEFAULT_CREDENTIALS,
	DEFAULT_INSTANCE,
	sysId,
	ROLES,
	DEFAULT_USERS,
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
	PRIORITY,
	snTime,
	parseSnTime,
	snError,
};
