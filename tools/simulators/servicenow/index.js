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
 *                         /table/sys_dictionary?sysparm_query=name=<incident, task or sys_user> (a table's own columns), GET /doc/table/schema (tables)
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
 *
 * Files: this one holds the server, authentication, the Table API routes and the public API;
 * data.js the fixed data; tables.js the reference tables and how a row is rendered; incidents.js
 * the incident table; query.js encoded queries; proxy.js the TLS side and the forward proxy;
 * control.js the control API and the incident list.
 */
const { SimServer, HttpError } = require('../common/server');
const {
	CA_FILE,
	DEFAULT_CREDENTIALS,
	DEFAULT_INSTANCE,
	DEFAULT_USERS,
	GROUPS,
	CHOICES,
	INCIDENT_COLUMNS,
	sysId,
	snError,
} = require('./data');
const { createTables } = require('./tables');
const { createIncidents } = require('./incidents');
const { createQueryCompiler } = require('./query');
const { createProxy } = require('./proxy');
const { addControlRoutes } = require('./control');

/**
 * @typedef {import('./data').SnUser} SnUser
 * @typedef {import('./data').SnIncident} SnIncident
 */

/**
 * @param {{ instance?: string, now?: () => number, users?: SnUser[] }} [options]
 */
function createServiceNowSimulator(options = {}) {
	const instance = options.instance ?? DEFAULT_INSTANCE;
	if (!/^[a-z0-9-]+$/.test(instance))
		throw new Error(`instance name ${instance}: letters, digits and dashes only`);
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

	const { TABLES, TABLE_REFS, findRow, displayOf, userByName, render, walk } = createTables({
		users,
		publicUrl,
	});
	const { incidentRow, applyBody, createIncident } = createIncidents({
		state,
		now,
		instance,
		findRow,
	});
	const { compileQuery } = createQueryCompiler({ now, TABLE_REFS, walk });
	const { proxy, proxySockets, startProxy } = createProxy({ host, state, now, server });

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
		throw new HttpError(
			401,
			{
				error: {
					message: 'User Not Authenticated',
					detail: 'Required to provide Auth information',
				},
				status: 'failure',
			},
			{ 'WWW-Authenticate': 'BASIC realm="Service-now"' },
		);
	};
	const requireItil = (/** @type {SnUser} */ user, /** @type {string} */ action) => {
		if (!user.roles.includes('itil') && !user.roles.includes('admin')) {
			throw snError(
				403,
				'Operation Failed',
				`ACL Exception ${action} Failed due to security constraints`,
			);
		}
	};

	// ---------------------------------------------------------------- routes

	const tableRows = (/** @type {string} */ table) => {
		if (table === 'incident') return state.incidents.map(incidentRow);
		const t = TABLES[table];
		if (!t) throw snError(400, `Invalid table ${table}`);
		return t.rows();
	};
	const tableColumns = (/** @type {string} */ table) =>
		table === 'incident'
			? Object.keys(INCIDENT_COLUMNS)
			: Object.keys(TABLES[table]?.rows()[0] ?? { sys_id: '' });

	server.route('GET', '/api/now/table/:table', (req) => {
		authenticate(req);
		const table = req.params.table;
		let rows = tableRows(table);
		const query = req.query.get('sysparm_query') ?? '';
		if (query) {
			const compiled = compileQuery(table, query, tableColumns(table));
			if (compiled.unknown) {
				state.warnings.push({
					at: now(),
					method: req.method,
					path: req.path,
					message: `sysparm_query names an unknown field or operator (${compiled.unknown}): no rows (glide.invalid_query.returns_no_rows)`,
				});
				rows = [];
			} else {
				rows = rows.filter(compiled.filter);
				if (compiled.sort) rows.sort(compiled.sort);
			}
		}
		const total = rows.length;
		state.queries.push({
			at: now(),
			table,
			query,
			fields: req.query.get('sysparm_fields') ?? '',
			rows: total,
		});
		const offset = Math.max(0, Number.parseInt(req.query.get('sysparm_offset') ?? '0', 10) || 0);
		const limitRaw = req.query.get('sysparm_limit');
		const limit = limitRaw === null ? 10000 : Math.max(0, Number.parseInt(limitRaw, 10) || 0);
		const page = rows.slice(offset, offset + limit).map((r) => render(table, r, req.query));
		return { body: { result: page }, headers: { 'X-Total-Count': String(total) } };
	});
	server.route('GET', '/api/now/table/:table/:sysId', (req) => {
		authenticate(req);
		const row = tableRows(req.params.table).find((r) => r.sys_id === req.params.sysId);
		if (!row)
			throw snError(
				404,
				'No Record found',
				"Record doesn't exist or ACL restricts the record retrieval",
			);
		return { body: { result: render(req.params.table, row, req.query) } };
	});
	const writableTable = (/** @type {string} */ table) => {
		if (table === 'incident') return;
		if (!TABLES[table]) throw snError(400, `Invalid table ${table}`);
		throw snError(
			403,
			'Operation Failed',
			`ACL Exception Insert Failed due to security constraints (simulator: ${table} is read-only)`,
		);
	};
	server.route('POST', '/api/now/table/:table', (req) => {
		const user = authenticate(req);
		writableTable(req.params.table);
		requireItil(user, 'Insert');
		const inc = createIncident(req.body, user, req);
		return {
			status: 201,
			body: { result: render('incident', incidentRow(inc), req.query) },
			headers: { Location: `${publicUrl}/api/now/table/incident/${inc.sys_id}` },
		};
	});
	for (const method of ['PATCH', 'PUT']) {
		server.route(method, '/api/now/table/:table/:sysId', (req) => {
			const user = authenticate(req);
			writableTable(req.params.table);
			requireItil(user, 'Update');
			const inc = state.incidents.find((i) => i.sys_id === req.params.sysId);
			if (!inc)
				throw snError(
					404,
					'No Record found',
					"Record doesn't exist or ACL restricts the record retrieval",
				);
			applyBody(inc, req.body, user, req);
			inc.modCount++;
			return { body: { result: render('incident', incidentRow(inc), req.query) } };
		});
	}
	server.route('DELETE', '/api/now/table/:table/:sysId', (req) => {
		const user = authenticate(req);
		writableTable(req.params.table);
		if (!user.roles.includes('admin'))
			throw snError(
				403,
				'Operation Failed',
				'ACL Exception Delete Failed due to security constraints',
			);
		const before = state.incidents.length;
		state.incidents = state.incidents.filter((i) => i.sys_id !== req.params.sysId);
		if (state.incidents.length === before)
			throw snError(
				404,
				'No Record found',
				"Record doesn't exist or ACL restricts the record retrieval",
			);
		return { status: 204 };
	});
	server.route('GET', '/api/now/doc/table/schema', (req) => {
		authenticate(req);
		const labels = /** @type {Record<string,string>} */ ({
			incident: 'Incident',
			sys_user: 'User',
			sys_user_group: 'Group',
			sys_user_grmember: 'Group Member',
			sys_user_role: 'Role',
			cmn_department: 'Department',
			cmdb_ci_service: 'Business Service',
			cmdb_ci: 'Configuration Item',
			sys_choice: 'Choices',
			sys_dictionary: 'Dictionary Entry',
		});
		return { body: { result: Object.entries(labels).map(([value, label]) => ({ label, value })) } };
	});

	const { simpleIncident, asUser, controlReq, resolveIncident, setIncidentState, assignIncident } =
		addControlRoutes({
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
		});

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
			return {
				HTTPS_PROXY: proxy.url,
				https_proxy: proxy.url,
				NO_PROXY: '127.0.0.1,localhost',
				no_proxy: '127.0.0.1,localhost',
				NODE_EXTRA_CA_CERTS: CA_FILE,
			};
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
		createIncident: (/** @type {Record<string, any>} */ fields, /** @type {string} */ as) =>
			simpleIncident(createIncident(fields, asUser(as), controlReq('/_sim/incidents'))),
		resolveIncident,
		setIncidentState,
		assignIncident,
		groupId: (/** @type {string} */ name) => GROUPS.find((g) => g.name === name)?.sys_id,
		userId: (/** @type {string} */ name) => userByName(name)?.sys_id,
	};
}

module.exports = {
	createServiceNowSimulator,
	DEFAULT_CREDENTIALS,
	DEFAULT_INSTANCE,
	CHOICES,
	CA_FILE,
	sysId,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	const at = args.indexOf('--instance');
	const sim = createServiceNowSimulator({ instance: at >= 0 ? args[at + 1] : undefined });
	sim
		.start()
		.then((url) => {
			process.stdout.write(
				`ServiceNow simulator: ${url} (through the proxy ${sim.proxyUrl}; direct HTTP ${sim.directUrl})\n`,
			);
			process.stdout.write(
				`  credential (ServiceNow Basic Auth API): user=${DEFAULT_CREDENTIALS.user} password=${DEFAULT_CREDENTIALS.password} subdomain=${sim.instance}\n`,
			);
			process.stdout.write(
				`  n8n needs: HTTPS_PROXY=${sim.proxyUrl} NO_PROXY=127.0.0.1,localhost NODE_EXTRA_CA_CERTS=${sim.caFile}\n`,
			);
		})
		.catch((error) => {
			process.stderr.write(
				`ServiceNow simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
			);
			process.exit(1);
		});
	const shutdown = () => void sim.stop().then(() => process.exit(0));
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}
