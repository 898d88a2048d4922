// @ts-check
'use strict';
/**
 * The control API (under /_sim: state, incidents, an analyst resolving an incident, changing its
 * state or assigning it; faults, requests and reset from ../common/server.js) and the incident list at /.
 */
const { escapeHtml, addCommonControlRoutes } = require('../common/server');
const { DEFAULT_CREDENTIALS, GROUPS, CHOICES, snTime, snError } = require('./data');

/**
 * @typedef {import('./data').SnUser} SnUser
 * @typedef {import('./data').SnIncident} SnIncident
 */

/**
 * @param {{ server: import('../common/server').SimServer, reset: () => void, users: SnUser[], instance: string, host: string, publicUrl: string,
 *   state: { incidents: SnIncident[], warnings: any[], tunnels: any[] }, proxy: { url: string },
 *   incidentRow: (inc: SnIncident) => Record<string, string>, displayOf: (table: string, id: string) => string,
 *   userByName: (name: string) => SnUser | undefined,
 *   applyBody: (inc: SnIncident, body: Record<string, any>, user: SnUser, req: import('../common/server').SimRequest) => void,
 *   createIncident: (body: Record<string, any>, user: SnUser, req: import('../common/server').SimRequest) => SnIncident }} sim
 */
function addControlRoutes({
	server,
	reset,
	users,
	instance,
	host,
	publicUrl,
	state,
	proxy,
	incidentRow,
	displayOf,
	userByName,
	applyBody,
	createIncident,
}) {
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
			work_notes: inc.journal
				.filter((j) => j.field === 'work_notes')
				.map((j) => ({ by: j.by, at: snTime(j.at), value: j.value })),
			comments: inc.journal
				.filter((j) => j.field === 'comments')
				.map((j) => ({ by: j.by, at: snTime(j.at), value: j.value })),
		};
	};
	const findIncident = (/** @type {string} */ ref) => {
		const inc = state.incidents.find((i) => i.number === ref.toUpperCase() || i.sys_id === ref);
		if (!inc) throw snError(404, 'No Record found', `No incident ${ref}`);
		return inc;
	};
	/** A fake request for control-API changes (no HTTP involved). */
	const controlReq = (/** @type {string} */ p) =>
		/** @type {any} */ ({
			method: 'CONTROL',
			path: p,
			query: new URLSearchParams(),
			headers: {},
			body: null,
			rawBody: '',
			params: {},
		});
	const asUser = (/** @type {any} */ name) => userByName(String(name ?? 'soc.analyst')) ?? users[1];

	/**
	 * An analyst resolves an incident (state 6 with a resolution code and notes, both mandatory in the form).
	 * @param {string} ref number or sys_id @param {string} closeCode @param {{ notes?: string, as?: string }} [opts]
	 */
	const resolveIncident = (ref, closeCode, opts = {}) => {
		const inc = findIncident(ref);
		if (!CHOICES.close_code.some((c) => c.value === closeCode))
			throw snError(
				400,
				`Unknown resolution code '${closeCode}'`,
				`Valid: ${CHOICES.close_code.map((c) => c.value).join(', ')}`,
			);
		applyBody(
			inc,
			{ state: '6', close_code: closeCode, close_notes: opts.notes ?? `Resolved: ${closeCode}` },
			asUser(opts.as),
			controlReq(`/_sim/incidents/${inc.number}/resolve`),
		);
		inc.modCount++;
		return simpleIncident(inc);
	};
	/** @param {string} ref @param {string} stateValue @param {{ as?: string }} [opts] */
	const setIncidentState = (ref, stateValue, opts = {}) => {
		const inc = findIncident(ref);
		applyBody(
			inc,
			{ state: stateValue },
			asUser(opts.as),
			controlReq(`/_sim/incidents/${inc.number}/state`),
		);
		inc.modCount++;
		return simpleIncident(inc);
	};

	/** An analyst assigns an incident to a user (by user name). @param {string} ref @param {string} userName @param {{ as?: string }} [opts] */
	const assignIncident = (ref, userName, opts = {}) => {
		const inc = findIncident(ref);
		const user = userByName(userName);
		if (!user)
			throw snError(400, `Unknown user '${userName}'`, 'Assign to a user of the instance.');
		applyBody(
			inc,
			{ assigned_to: user.sys_id },
			asUser(opts.as),
			controlReq(`/_sim/incidents/${inc.number}/assign`),
		);
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
			users: users.map((u) => ({
				sys_id: u.sys_id,
				user_name: u.user_name,
				roles: u.roles,
				active: u.active,
			})),
			closeCodes: CHOICES.close_code.map((c) => c.value),
			incidents: state.incidents.map(simpleIncident),
			warnings: state.warnings,
			tunnels: state.tunnels,
		},
	}));
	server.route('GET', '/_sim/incidents', () => ({ body: state.incidents.map(simpleIncident) }));
	server.route('POST', '/_sim/incidents', (req) => ({
		status: 201,
		body: simpleIncident(
			createIncident(req.body ?? {}, asUser(req.body?.as), controlReq('/_sim/incidents')),
		),
	}));
	server.route('POST', '/_sim/incidents/:ref/resolve', (req) => ({
		body: resolveIncident(req.params.ref, String(req.body?.close_code ?? 'Solution provided'), {
			notes: req.body?.close_notes,
			as: req.body?.as,
		}),
	}));
	server.route('POST', '/_sim/incidents/:ref/state', (req) => ({
		body: setIncidentState(req.params.ref, String(req.body?.state ?? ''), { as: req.body?.as }),
	}));
	server.route('POST', '/_sim/incidents/:ref/assign', (req) => ({
		body: assignIncident(req.params.ref, String(req.body?.user ?? ''), { as: req.body?.as }),
	}));
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

	return { simpleIncident, asUser, controlReq, resolveIncident, setIncidentState, assignIncident };
}

module.exports = { addControlRoutes };
