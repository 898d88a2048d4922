// @ts-check
'use strict';
/**
 * Incidents: the row an incident is stored as (string values; priority from impact and urgency;
 * active, resolved and closed stamps from the state), and a POST/PATCH body applied to it the way
 * the Table API does (unknown and read-only fields ignored and recorded as warnings, journal
 * fields appended).
 */
const { sysId, CHOICES, INCIDENT_COLUMNS, PRIORITY, snTime, snError } = require('./data');

/**
 * @typedef {import('./data').SnUser} SnUser
 * @typedef {import('./data').SnIncident} SnIncident
 */

/**
 * @param {{ state: { incidents: SnIncident[], nextNumber: number, warnings: { at: number, method: string, path: string, message: string }[] },
 *   now: () => number, instance: string, findRow: (table: string, id: string) => Record<string, any> | undefined }} sim
 */
function createIncidents({ state, now, instance, findRow }) {
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
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw snError(400, 'Exception while reading request', 'The payload is not valid JSON.');
		const warn = (/** @type {string} */ message) =>
			state.warnings.push({ at: now(), method: req.method, path: req.path, message });
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
			const value =
				raw === null || raw === undefined
					? ''
					: typeof raw === 'object'
						? JSON.stringify(raw)
						: String(raw);
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
				if (
					known &&
					!known.some(
						(c) =>
							c.value === value &&
							(field !== 'subcategory' ||
								!c.dependent_value ||
								c.dependent_value === (body.category ?? inc.values.category)),
					)
				) {
					warn(
						`incident.${field}: '${value}' is not one of its choices (stored anyway, as ServiceNow does)`,
					);
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

	return { incidentRow, applyBody, createIncident };
}

module.exports = { createIncidents };
