/**
 * The ServiceNow simulator behaves like a ServiceNow instance's Table API where n8n's ServiceNow
 * node and examples 05/06 depend on it: Basic auth and roles, the proxy + TLS path n8n takes to
 * https://<instance>.service-now.com, record rendering, encoded queries, journal fields, the
 * resolution life cycle, and what a real instance silently drops (recorded as warnings).
 */
import * as fs from 'node:fs';
import * as https from 'node:https';

const { createServiceNowSimulator, DEFAULT_CREDENTIALS } =
	require('../../../tools/simulators/servicenow/index.js') as {
		createServiceNowSimulator: (options?: Record<string, unknown>) => any;
		DEFAULT_CREDENTIALS: { user: string; password: string };
	};
// n8n's own proxy agent (what its request helpers use when HTTPS_PROXY is set).
const { createHttpsProxyAgent } = require('n8n-core') as {
	createHttpsProxyAgent: (
		proxy: string | null,
		target: string,
		options?: https.AgentOptions,
	) => https.Agent;
};

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const AUTH = basic(DEFAULT_CREDENTIALS.user, DEFAULT_CREDENTIALS.password);

describe('ServiceNow simulator', () => {
	let sim: any;

	const call = async (
		method: string,
		path: string,
		body?: unknown,
		authorization: string | null = AUTH,
	) => {
		const res = await fetch(`${sim.directUrl}${path}`, {
			method,
			headers: {
				'Content-Type': 'application/json',
				Accept: 'application/json',
				...(authorization ? { Authorization: authorization } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
	};
	const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

	beforeAll(async () => {
		sim = createServiceNowSimulator();
		await sim.start();
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('answers https://<instance>.service-now.com through its proxy, with a certificate the test CA verifies; other hosts are refused', async () => {
		const get = (host: string) =>
			new Promise<{ status: number; body: string }>((resolve, reject) => {
				const target = `https://${host}/api/now/table/sys_user_role`;
				const agent = createHttpsProxyAgent(sim.proxyUrl, target);
				// The test CA, as NODE_EXTRA_CA_CERTS gives it to n8n; TLS verification stays on.
				https
					.get(
						target,
						{
							agent,
							ca: fs.readFileSync(sim.caFile),
							headers: { Authorization: AUTH, Accept: 'application/json' },
						},
						(res) => {
							let data = '';
							res.on('data', (c) => (data += c));
							res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
						},
					)
					.on('error', reject);
			});
		const ok = await get(sim.host);
		expect(ok.status).toBe(200);
		expect(JSON.parse(ok.body).result.map((r: any) => r.name)).toContain('itil');
		// The proxy answers the CONNECT itself (no tunnel, no TLS); the agent hands its answer back.
		const refused = await get('someone-else.service-now.com');
		expect(refused.status).toBe(502);
		expect(refused.body).toMatch(/reaches exhsim\.service-now\.com:443 only/);
		expect(sim.state.tunnels.map((t: any) => [t.host, t.allowed])).toEqual([
			[`${sim.host}:443`, true],
			['someone-else.service-now.com:443', false],
		]);
	});

	it('refuses a wrong password, an inactive user, and writes by a user without the itil role', async () => {
		expect(
			(
				await call(
					'GET',
					'/api/now/table/sys_user_role',
					undefined,
					basic(DEFAULT_CREDENTIALS.user, 'nope'),
				)
			).status,
		).toBe(401);
		expect((await call('GET', '/api/now/table/sys_user_role', undefined, null)).body).toEqual({
			error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' },
			status: 'failure',
		});
		expect(
			(
				await call(
					'GET',
					'/api/now/table/incident',
					undefined,
					basic('former.employee', 'Former-Pass1'),
				)
			).status,
		).toBe(401);
		expect(
			(
				await call(
					'POST',
					'/api/now/table/incident',
					{ short_description: 'x' },
					basic('read.only', 'Readonly-Pass1'),
				)
			).status,
		).toBe(403);
		expect(sim.incidents()).toHaveLength(0);
	});

	it('creates INC0010001 with string values, reference links, the derived priority; journals read back empty', async () => {
		const group = sim.groupId('Security Operations');
		const created = await call('POST', '/api/now/table/incident', {
			short_description: 'ExtraHop Detection: 7: x',
			urgency: '1',
			impact: '2',
			category: 'security',
			assignment_group: group,
			correlation_id: 'extrahop-7',
			work_notes: 'first note',
		});
		expect(created.status).toBe(201);
		expect(created.body.result).toMatchObject({
			number: 'INC0010001',
			state: '1',
			priority: '2',
			urgency: '1',
			impact: '2',
			correlation_id: 'extrahop-7',
			work_notes: '',
			active: 'true',
		});
		expect(created.body.result.assignment_group).toEqual({
			link: `${sim.url}/api/now/table/sys_user_group/${group}`,
			value: group,
		});
		expect(sim.incident('INC0010001')).toMatchObject({
			assignment_group: 'Security Operations',
			opened_by: DEFAULT_CREDENTIALS.user,
			work_notes: [{ by: DEFAULT_CREDENTIALS.user, value: 'first note' }],
		});
		const shown = await call(
			'GET',
			`/api/now/table/incident/${created.body.result.sys_id}?${q({ sysparm_display_value: 'true', sysparm_exclude_reference_link: 'true', sysparm_fields: 'number,state,priority,assignment_group' })}`,
		);
		expect(shown.body.result).toEqual({
			number: 'INC0010001',
			state: 'New',
			priority: '2 - High',
			assignment_group: 'Security Operations',
		});
		expect(sim.state.warnings).toEqual([]);
	});

	it('records what a real instance silently drops: unknown fields, bad references, unknown choices', async () => {
		const created = await call('POST', '/api/now/table/incident', {
			short_description: 'x',
			correlationId: 'typo',
			assignment_group: 'Security Operations',
			urgency: '9',
			number: 'INC999',
		});
		expect(created.status).toBe(201);
		expect(created.body.result).toMatchObject({
			number: 'INC0010001',
			assignment_group: '',
			urgency: '9',
		});
		expect(sim.state.warnings.map((w: any) => w.message)).toEqual([
			"incident has no field 'correlationId': ignored",
			"incident.assignment_group: no sys_user_group record 'Security Operations': the reference is left empty",
			"incident.urgency: '9' is not one of its choices (stored anyway, as ServiceNow does)",
			'incident.number is read-only: ignored',
		]);
	});

	it('filters with encoded queries (IN, STARTSWITH, ^OR, dates from gs.minutesAgoStart, ORDERBY) and counts in X-Total-Count', async () => {
		for (const id of [1, 2, 3])
			sim.createIncident(
				{ short_description: `ExtraHop Detection: ${id}: t`, correlation_id: `extrahop-${id}` },
				'soc.analyst',
			);
		sim.createIncident({ short_description: 'Printer on fire' }, 'soc.analyst');
		const list = await call(
			'GET',
			`/api/now/table/incident?${q({ sysparm_query: 'correlation_idINextrahop-1,extrahop-3^ORDERBYDESCnumber', sysparm_fields: 'number,correlation_id' })}`,
		);
		expect(list.body.result).toEqual([
			{ number: 'INC0010003', correlation_id: 'extrahop-3' },
			{ number: 'INC0010001', correlation_id: 'extrahop-1' },
		]);
		expect(list.headers.get('x-total-count')).toBe('2');
		sim.resolveIncident('INC0010002', 'Duplicate', { notes: 'dup' });
		const resolvedQuery =
			'correlation_idSTARTSWITHextrahop-^stateIN6,7^resolved_at>=javascript:gs.minutesAgoStart(15)';
		const resolved = await call(
			'GET',
			`/api/now/table/incident?${q({ sysparm_query: resolvedQuery, sysparm_fields: 'number,close_code,state' })}`,
		);
		expect(resolved.body.result).toEqual([
			{ number: 'INC0010002', close_code: 'Duplicate', state: '6' },
		]);
		const either = await call(
			'GET',
			`/api/now/table/incident?${q({ sysparm_query: 'short_descriptionLIKEprinter^ORcorrelation_id=extrahop-1', sysparm_fields: 'number' })}`,
		);
		expect(either.body.result.map((r: any) => r.number).sort()).toEqual([
			'INC0010001',
			'INC0010004',
		]);
		const paged = await call(
			'GET',
			`/api/now/table/incident?${q({ sysparm_limit: '2', sysparm_offset: '2', sysparm_fields: 'number' })}`,
		);
		expect(paged.body.result.map((r: any) => r.number)).toEqual(['INC0010003', 'INC0010004']);
		expect(paged.headers.get('x-total-count')).toBe('4');
		const invalid = await call(
			'GET',
			`/api/now/table/incident?${q({ sysparm_query: 'no_such_field=1' })}`,
		);
		expect(invalid.body.result).toEqual([]);
		expect(sim.state.warnings.map((w: any) => w.message)).toEqual([
			expect.stringContaining('unknown field or operator (no_such_field)'),
		]);
	});

	it('stamps resolved_at on Resolved, clears it when reopened, closes with active=false', async () => {
		const inc = sim.createIncident({ short_description: 'x' }, 'soc.analyst');
		const resolved = sim.resolveIncident(inc.number, 'Solution provided', {
			notes: 'fixed',
			as: 'soc.analyst',
		});
		expect(resolved).toMatchObject({
			stateValue: '6',
			close_code: 'Solution provided',
			close_notes: 'fixed',
		});
		expect(resolved.resolved_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		const reopened = await call('PATCH', `/api/now/table/incident/${inc.sys_id}`, { state: '2' });
		expect(reopened.body.result).toMatchObject({ state: '2', resolved_at: '' });
		const closed = await call('PATCH', `/api/now/table/incident/${inc.sys_id}`, {
			state: '7',
			close_code: 'Duplicate',
		});
		expect(closed.body.result).toMatchObject({ state: '7', active: 'false' });
		expect(
			(
				await call('PATCH', '/api/now/table/incident/0123456789abcdef0123456789abcdef', {
					state: '2',
				})
			).status,
		).toBe(404);
		expect(() => sim.resolveIncident(inc.number, 'Fixed it')).toThrow(/Unknown resolution code/);
	});

	it('lets an analyst assign an incident (control API), stamping who changed it', async () => {
		const inc = sim.createIncident({ short_description: 'x' }, 'n8n.integration');
		const assigned = sim.assignIncident(inc.number, 'soc.analyst', { as: 'soc.analyst' });
		expect(assigned).toMatchObject({ assigned_to: 'soc.analyst' });
		const row = await call(
			'GET',
			`/api/now/table/incident/${inc.sys_id}?${q({ sysparm_fields: 'assigned_to.user_name,sys_updated_by' })}`,
		);
		expect(row.body.result).toEqual({
			'assigned_to.user_name': 'soc.analyst',
			sys_updated_by: 'soc.analyst',
		});
		expect(() => sim.assignIncident(inc.number, 'nobody')).toThrow(/Unknown user/);
	});

	it("serves the dropdowns n8n's ServiceNow node loads: choices, groups, members, dictionary (each table's own columns), tables", async () => {
		const codes = await call(
			'GET',
			`/api/now/table/sys_choice?${q({ sysparm_query: 'element=close_code^name=incident', sysparm_fields: 'label,value', sysparm_limit: '100' })}`,
		);
		expect(codes.body.result.map((c: any) => c.value)).toEqual(
			expect.arrayContaining(['Solution provided', 'Duplicate', 'Resolved by caller']),
		);
		const sub = await call(
			'GET',
			`/api/now/table/sys_choice?${q({ sysparm_query: 'name=incident^element=subcategory^dependent_value=security', sysparm_fields: 'label,value' })}`,
		);
		expect(sub.body.result.map((c: any) => c.value)).toEqual([
			'intrusion',
			'malware',
			'exfiltration',
		]);
		const members = await call(
			'GET',
			`/api/now/table/sys_user_grmember?${q({ sysparm_query: `group=${sim.groupId('Security Operations')}^`, sysparm_limit: '100' })}`,
		);
		expect(members.body.result.map((m: any) => m.user.value)).toEqual([
			sim.userId('soc.analyst'),
			sim.userId('escalations.team'),
		]);
		const columns = await call(
			'GET',
			`/api/now/table/sys_dictionary?${q({ sysparm_query: 'name=incident', sysparm_fields: 'column_label,element' })}`,
		);
		// A real instance lists a table's own columns only: incident's, without those it inherits
		// from task, which sys_dictionary lists under name=task (n8n's column lists show the former).
		const incidentColumns = columns.body.result.map((c: any) => c.element);
		expect(incidentColumns).toEqual(
			expect.arrayContaining(['', 'category', 'close_code', 'caller_id', 'problem_id']),
		);
		const inherited = ['number', 'state', 'short_description', 'assigned_to', 'correlation_id'];
		for (const column of [...inherited, 'work_notes', 'close_notes', 'sys_id', 'sys_updated_on'])
			expect(incidentColumns).not.toContain(column);
		const taskColumns = await call(
			'GET',
			`/api/now/table/sys_dictionary?${q({ sysparm_query: 'name=task', sysparm_fields: 'column_label,element' })}`,
		);
		expect(taskColumns.body.result.map((c: any) => c.element)).toEqual(
			expect.arrayContaining(['', ...inherited, 'work_notes', 'close_notes', 'sys_updated_on']),
		);
		expect(taskColumns.body.result.map((c: any) => c.element)).not.toContain('category');
		// Every column an incident row has is listed exactly once, under incident or task.
		const row = await call('POST', '/api/now/table/incident', { short_description: 'columns' });
		const listed = [...incidentColumns, ...taskColumns.body.result.map((c: any) => c.element)];
		expect(row.status).toBe(201);
		for (const column of Object.keys(row.body.result))
			expect(listed.filter((c: string) => c === column)).toHaveLength(1);
		// A Table Record node on sys_user (example 12's user lookup) lists the columns a user row has.
		const userColumns = await call(
			'GET',
			`/api/now/table/sys_dictionary?${q({ sysparm_query: 'name=sys_user', sysparm_fields: 'column_label,element' })}`,
		);
		const user = await call('GET', `/api/now/table/sys_user?${q({ sysparm_limit: '1' })}`);
		expect(userColumns.body.result.map((c: any) => c.element).sort()).toEqual(
			['', ...Object.keys(user.body.result[0])].sort(),
		);
		expect(userColumns.body.result).toContainEqual({
			column_label: 'User ID',
			element: 'user_name',
		});
		const tables = await call('GET', '/api/now/doc/table/schema');
		expect(tables.body.result).toContainEqual({ label: 'Incident', value: 'incident' });
		expect((await call('GET', '/api/now/table/no_such_table')).status).toBe(400);
		expect((await call('POST', '/api/now/table/sys_user', { user_name: 'x' })).status).toBe(403);
	});
});
