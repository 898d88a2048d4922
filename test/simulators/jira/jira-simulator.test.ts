/**
 * The Jira simulator behaves like Jira Server where n8n's Jira node and our workflows depend on it:
 * auth, validation errors, the workflow with resolutions, JQL, comments, webhooks, control API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const { createJiraSimulator, DEFAULT_CREDENTIALS } =
	require('../../../tools/simulators/jira/index.js') as {
		createJiraSimulator: (options?: Record<string, unknown>) => any;
		DEFAULT_CREDENTIALS: { username: string; email: string; password: string; token: string };
	};

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const AUTH = basic(DEFAULT_CREDENTIALS.email, DEFAULT_CREDENTIALS.password);

describe('Jira simulator', () => {
	let sim: any;
	let url: string;

	const call = async (
		method: string,
		path: string,
		body?: unknown,
		authorization: string | null = AUTH,
	) => {
		const res = await fetch(`${url}${path}`, {
			method,
			headers: {
				'Content-Type': 'application/json',
				...(authorization ? { Authorization: authorization } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json: any = text;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			// HTML or empty
		}
		return { status: res.status, body: json, headers: res.headers };
	};
	const create = (fields: Record<string, unknown>) =>
		call('POST', '/rest/api/2/issue', {
			fields: { project: { key: 'SOC' }, issuetype: { name: 'Task' }, summary: 'x', ...fields },
		});
	const search = async (jql: string) => {
		const r = await call('POST', '/rest/api/2/search', {
			jql,
			fields: ['*navigable'],
			startAt: 0,
			maxResults: 100,
		});
		if (r.status !== 200) throw new Error(`${jql}: ${r.status} ${JSON.stringify(r.body)}`);
		return (r.body.issues as { key: string }[]).map((i) => i.key).sort();
	};

	beforeAll(async () => {
		sim = createJiraSimulator();
		url = await sim.start();
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	describe('authentication', () => {
		it('accepts Basic auth with e-mail or username, and a PAT as Bearer', async () => {
			expect((await call('GET', '/rest/api/2/myself')).body.name).toBe(
				DEFAULT_CREDENTIALS.username,
			);
			expect(
				(
					await call(
						'GET',
						'/rest/api/2/myself',
						undefined,
						basic(DEFAULT_CREDENTIALS.username, DEFAULT_CREDENTIALS.password),
					)
				).status,
			).toBe(200);
			expect(
				(await call('GET', '/rest/api/2/myself', undefined, `Bearer ${DEFAULT_CREDENTIALS.token}`))
					.status,
			).toBe(200);
		});

		it('answers 401 to a wrong password or no credentials', async () => {
			const wrong = await call(
				'GET',
				'/rest/api/2/myself',
				undefined,
				basic(DEFAULT_CREDENTIALS.email, 'nope'),
			);
			expect(wrong.status).toBe(401);
			expect(wrong.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
			expect((await call('GET', '/rest/api/2/myself', undefined, null)).status).toBe(401);
			expect(
				(await call('POST', '/rest/api/2/issue', { fields: {} }, basic('former', 'Former-Pass1')))
					.status,
			).toBe(401);
		});

		it('serves serverInfo anonymously (the Jira Trigger reads it)', async () => {
			const r = await call('GET', '/rest/api/2/serverInfo', undefined, null);
			expect(r.status).toBe(200);
			expect(r.body).toMatchObject({ deploymentType: 'Server', versionNumbers: [9, 12, 2] });
		});
	});

	describe('issues', () => {
		it('creates SOC-1, SOC-2 with the fields n8n sends and reads them back', async () => {
			const r = await call('POST', '/rest/api/2/issue', {
				fields: {
					project: { id: '10000' },
					issuetype: { id: '10005' },
					summary: 'ExtraHop Detection: 7: Lateral movement',
					description: 'line 1\nline 2',
					labels: ['extrahop', 'detection-7'],
					priority: { id: '1' },
					assignee: { name: 'escalations_team' },
					customfield_10100: '7',
					customfield_10101: '83',
				},
			});
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ id: '10001', key: 'SOC-1', self: `${url}/rest/api/2/issue/10001` });
			expect((await create({})).body.key).toBe('SOC-2');

			const got = await call('GET', '/rest/api/2/issue/SOC-1?expand=,names');
			expect(got.body.fields).toMatchObject({
				summary: 'ExtraHop Detection: 7: Lateral movement',
				issuetype: { name: 'Incident' },
				project: { key: 'SOC' },
				priority: { name: 'Highest' },
				labels: ['extrahop', 'detection-7'],
				assignee: { name: 'escalations_team' },
				reporter: { name: DEFAULT_CREDENTIALS.username },
				status: { name: 'To Do', statusCategory: { key: 'new' } },
				resolution: null,
				customfield_10100: '7',
				customfield_10101: 83,
			});
			expect(got.body.names.customfield_10100).toBe('Detection ID');
			expect((await call('GET', '/rest/api/2/issue/10001')).body.key).toBe('SOC-1');
			expect((await call('GET', '/rest/api/2/issue/SOC-99')).status).toBe(404);
		});

		it('refuses what Jira refuses, all errors at once, creating nothing', async () => {
			const r = await call('POST', '/rest/api/2/issue', {
				fields: {
					project: { id: '10000' },
					issuetype: { id: '10002' },
					summary: 'x',
					priority: { id: 83 },
					labels: ['two words'],
					mitreCategories: ['TA0008'],
					assignee: { name: 'nobody' },
				},
			});
			expect(r.status).toBe(400);
			expect(r.body.errors).toEqual({
				priority: "Priority with id '83' does not exist",
				labels: "The label 'two words' contains spaces which is invalid.",
				mitreCategories:
					"Field 'mitreCategories' cannot be set. It is not on the appropriate screen, or unknown.",
				assignee: "User 'nobody' does not exist.",
			});
			expect((await create({ project: { key: 'NOPE' } })).body.errors.project).toBe(
				'valid project is required',
			);
			expect((await create({ summary: '' })).body.errors.summary).toBe(
				'You must specify a summary of the issue.',
			);
			expect(sim.issues()).toHaveLength(0);
		});

		it('edits fields and labels (fields and update operations) and records the changelog', async () => {
			await create({ labels: ['a'] });
			expect(
				(
					await call('PUT', '/rest/api/2/issue/SOC-1', {
						fields: { summary: 'new', priority: { name: 'Low' } },
						update: { labels: [{ add: 'b' }, { remove: 'a' }] },
					})
				).status,
			).toBe(204);
			expect((await call('PUT', '/rest/api/2/issue/SOC-1', { fields: {} })).status).toBe(204);
			expect(
				(await call('PUT', '/rest/api/2/issue/SOC-1', { fields: { status: { id: '3' } } })).status,
			).toBe(400);
			const issue = sim.issue('SOC-1');
			expect(issue).toMatchObject({ summary: 'new', priority: 'Low', labels: ['b'] });
			expect(issue.changelog[0].items).toEqual(
				expect.arrayContaining([
					{ field: 'summary', from: 'x', to: 'new' },
					{ field: 'priority', from: 'Medium', to: 'Low' },
				]),
			);
		});
	});

	describe('workflow', () => {
		it('offers transitions to the other statuses and sets a resolution on the done ones', async () => {
			await create({});
			const t = await call('GET', '/rest/api/2/issue/SOC-1/transitions');
			expect(t.body.transitions.map((x: any) => `${x.id}:${x.name}->${x.to.name}`)).toEqual([
				'21:In Progress->In Progress',
				'31:Done->Done',
				"41:Won't Do->Done",
				'51:Duplicate->Done',
			]);
			expect(
				(await call('POST', '/rest/api/2/issue/SOC-1/transitions', { transition: { id: '21' } }))
					.status,
			).toBe(204);
			expect(sim.issue('SOC-1')).toMatchObject({ status: 'In Progress', resolution: null });
			expect(
				(
					await call('POST', '/rest/api/2/issue/SOC-1/transitions', {
						transition: { id: '41' },
						update: { comment: [{ add: { body: 'false positive' } }] },
					})
				).status,
			).toBe(204);
			expect(sim.issue('SOC-1')).toMatchObject({ status: 'Done', resolution: "Won't Do" });
			expect(sim.issue('SOC-1').comments.map((c: any) => c.body)).toEqual(['false positive']);
			expect(sim.issue('SOC-1').resolutiondate).not.toBeNull();
			// Done -> Done is not offered, so Jira refuses it.
			expect(
				(await call('POST', '/rest/api/2/issue/SOC-1/transitions', { transition: { id: '31' } }))
					.status,
			).toBe(400);
			expect(
				(await call('POST', '/rest/api/2/issue/SOC-1/transitions', { transition: { id: '11' } }))
					.status,
			).toBe(204);
			expect(sim.issue('SOC-1')).toMatchObject({
				status: 'To Do',
				resolution: null,
				resolutiondate: null,
			});
		});

		it('lets a Done transition carry another resolution', async () => {
			await create({});
			expect(
				(
					await call('POST', '/rest/api/2/issue/SOC-1/transitions', {
						transition: { id: '31' },
						fields: { resolution: { name: 'Duplicate' } },
					})
				).status,
			).toBe(204);
			expect(sim.issue('SOC-1').resolution).toBe('Duplicate');
		});

		it('control API resolves an issue with a named resolution', async () => {
			await create({});
			const r = await call(
				'POST',
				'/_sim/issues/SOC-1/resolve',
				{ resolution: "Won't Do", comment: 'closed by analyst' },
				null,
			);
			expect(r.status).toBe(200);
			expect(r.body).toMatchObject({ key: 'SOC-1', status: 'Done', resolution: "Won't Do" });
			expect(r.body.comments[0]).toMatchObject({ author: 'analyst', body: 'closed by analyst' });
			expect(
				(await call('POST', '/_sim/issues/SOC-1/resolve', { resolution: 'Fixed' }, null)).status,
			).toBe(400);
			const state = (await call('GET', '/_sim/state', undefined, null)).body;
			expect(state.issues).toHaveLength(1);
			expect(state.resolutions).toEqual(['Done', "Won't Do", 'Duplicate']);
		});
	});

	describe('JQL search', () => {
		beforeEach(async () => {
			await create({
				summary: 'Suspicious CIFS Client File Share Access',
				labels: ['extrahop', 'detection-1'],
				priority: { name: 'High' },
			});
			await create({
				summary: 'Lateral movement over SMB',
				labels: ['extrahop', 'detection-2'],
				assignee: { name: 'analyst' },
			});
			await create({ summary: 'Unrelated task' });
			sim.resolveIssue('SOC-2', 'Duplicate');
		});

		it.each([
			['labels = detection-1', ['SOC-1']],
			['labels = extrahop AND resolution = Unresolved', ['SOC-1']],
			['labels in (detection-1, detection-2)', ['SOC-1', 'SOC-2']],
			['summary ~ "Suspicious CIFS"', ['SOC-1']],
			['summary ~ "smb lateral"', ['SOC-2']],
			['text ~ "share"', ['SOC-1']],
			['key = SOC-3', ['SOC-3']],
			['issuekey in (SOC-1, SOC-3)', ['SOC-1', 'SOC-3']],
			['status = Done AND resolution = Duplicate', ['SOC-2']],
			['status != Done', ['SOC-1', 'SOC-3']],
			['statusCategory = done', ['SOC-2']],
			['resolution is EMPTY', ['SOC-1', 'SOC-3']],
			['resolution is not EMPTY', ['SOC-2']],
			['assignee = analyst', ['SOC-2']],
			['assignee is EMPTY', ['SOC-1', 'SOC-3']],
			['assignee != analyst', []],
			['priority = High OR (labels = detection-2 AND status = "Done")', ['SOC-1', 'SOC-2']],
			['NOT labels = extrahop', ['SOC-3']],
			['project = SOC AND created >= -1d', ['SOC-1', 'SOC-2', 'SOC-3']],
			['created >= "1970-01-01"', ['SOC-1', 'SOC-2', 'SOC-3']],
			['reporter = currentUser()', ['SOC-1', 'SOC-2', 'SOC-3']],
			['cf[10100] ~ "nothing"', []],
		])('%s', async (jql, keys) => {
			expect(await search(jql)).toEqual(keys);
		});

		it('orders and paginates like Jira', async () => {
			const asc = await call('POST', '/rest/api/2/search', {
				jql: 'project = SOC ORDER BY key ASC',
				startAt: 1,
				maxResults: 1,
			});
			expect(asc.body).toMatchObject({ startAt: 1, maxResults: 1, total: 3 });
			expect(asc.body.issues.map((i: any) => i.key)).toEqual(['SOC-2']);
			const get = await call(
				'GET',
				`/rest/api/2/search?jql=${encodeURIComponent('order by key desc')}&fields=summary`,
			);
			expect(get.body.issues.map((i: any) => i.key)).toEqual(['SOC-3', 'SOC-2', 'SOC-1']);
			expect(Object.keys(get.body.issues[0].fields)).toEqual(['summary']);
		});

		it.each([
			['status = Nope', "The value 'Nope' does not exist for the field 'status'."],
			['key = SOC-99', "An issue with key 'SOC-99' does not exist for field 'key'."],
			['summary = "x"', "The operator '=' is not supported by the 'summary' field."],
			['foo = bar', "Field 'foo' does not exist or you do not have permission to view it."],
			['labels = ', 'Error in the JQL Query: Expecting a value but got the end of the query.'],
		])('answers 400 to %s', async (jql, message) => {
			const r = await call('POST', '/rest/api/2/search', { jql });
			expect(r.status).toBe(400);
			expect(r.body.errorMessages).toEqual([message]);
		});
	});

	describe('comments', () => {
		it('adds, lists, updates and deletes comments', async () => {
			await create({});
			const added = await call('POST', '/rest/api/2/issue/SOC-1/comment', { body: 'first' });
			expect(added.status).toBe(201);
			expect(added.body).toMatchObject({
				body: 'first',
				author: { name: DEFAULT_CREDENTIALS.username },
			});
			await call('POST', '/rest/api/2/issue/SOC-1/comment', { body: 'second' });
			const list = await call('GET', '/rest/api/2/issue/SOC-1/comment?maxResults=1');
			expect(list.body).toMatchObject({ startAt: 0, maxResults: 1, total: 2 });
			expect(list.body.comments.map((c: any) => c.body)).toEqual(['first']);
			expect(
				(await call('PUT', `/rest/api/2/issue/SOC-1/comment/${added.body.id}`, { body: 'edited' }))
					.body.body,
			).toBe('edited');
			expect(
				(await call('DELETE', `/rest/api/2/issue/SOC-1/comment/${added.body.id}`)).status,
			).toBe(204);
			expect(sim.issue('SOC-1').comments.map((c: any) => c.body)).toEqual(['second']);
			expect((await call('POST', '/rest/api/2/issue/SOC-1/comment', { body: '' })).status).toBe(
				400,
			);
			expect(
				(await call('POST', '/rest/api/2/issue/SOC-1/comment', { body: { type: 'doc' } })).status,
			).toBe(400);
		});
	});

	describe('metadata the Jira node loads', () => {
		it('answers issuetype, priority, project, users, labels, createmeta and components', async () => {
			expect(
				(await call('GET', '/rest/api/2/issuetype')).body.find((t: any) => t.subtask).name,
			).toBe('Sub-task');
			expect((await call('GET', '/rest/api/2/priority')).body.map((p: any) => p.name)).toEqual([
				'Highest',
				'High',
				'Medium',
				'Low',
				'Lowest',
			]);
			expect((await call('GET', '/rest/api/2/project')).body.map((p: any) => p.key)).toEqual([
				'SOC',
			]);
			expect((await call('GET', '/rest/api/2/project/10000')).body.issueTypes).toHaveLength(4);
			const users = await call(
				'GET',
				"/rest/api/2/user/search?username='&maxResults=1000&startAt=0",
			);
			expect(users.body.map((u: any) => u.name)).toEqual([
				DEFAULT_CREDENTIALS.username,
				'analyst',
				'escalations_team',
				'hopuser',
			]);
			await create({ labels: ['x1'] });
			expect((await call('GET', '/rest/api/2/label')).body.values).toEqual(['x1']);
			const meta = await call(
				'GET',
				'/rest/api/2/issue/createmeta?projectIds=10000&issueTypeIds=10005&expand=projects.issuetypes.fields',
			);
			const fields = meta.body.projects[0].issuetypes[0].fields;
			expect(Object.keys(fields).filter((k) => fields[k].schema.customId)).toEqual([
				'customfield_10100',
				'customfield_10101',
			]);
			expect(
				(await call('GET', '/rest/api/2/project/10000/component')).body.values.map(
					(c: any) => c.name,
				),
			).toEqual(['Network', 'Endpoint', 'Identity']);
		});
	});

	describe('webhooks', () => {
		let receiver: Server;
		let received: { url: string; body: any }[];
		let receiverUrl: string;

		beforeAll(async () => {
			receiver = createServer((req, res) => {
				let data = '';
				req.on('data', (c) => (data += c));
				req.on('end', () => {
					received.push({ url: req.url ?? '', body: data ? JSON.parse(data) : undefined });
					res.writeHead(200).end('ok');
				});
			});
			await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
		});
		afterAll(async () => {
			await new Promise((resolve) => receiver.close(resolve));
		});
		beforeEach(() => {
			received = [];
		});

		it('registers, delivers matching events with URL variables, and deletes (Jira Trigger flow)', async () => {
			const hook = await call('POST', '/rest/webhooks/1.0/webhook', {
				name: 'n8n',
				url: `${receiverUrl}/hook?key=\${issue.key}`,
				events: ['jira:issue_created', 'jira:issue_updated'],
				filters: { 'issue-related-events-section': 'labels = extrahop' },
				excludeBody: false,
			});
			expect(hook.status).toBe(201);
			expect((await call('GET', '/rest/webhooks/1.0/webhook')).body).toHaveLength(1);
			await create({ labels: ['extrahop'] });
			await create({ labels: ['other'] });
			sim.resolveIssue('SOC-1', "Won't Do");
			await sim.flushWebhooks();
			expect(
				received.map((r) => `${r.url} ${r.body.webhookEvent} ${r.body.issue_event_type_name}`),
			).toEqual([
				'/hook?key=SOC-1 jira:issue_created issue_created',
				'/hook?key=SOC-1 jira:issue_updated issue_resolved',
			]);
			expect(received[1].body.changelog.items.map((i: any) => `${i.field}:${i.toString}`)).toEqual([
				"resolution:Won't Do",
				'status:Done',
			]);
			const id = hook.body.self.split('/').pop();
			expect((await call('DELETE', `/rest/webhooks/1.0/webhook/${id}`)).status).toBe(204);
			expect((await call('GET', '/rest/webhooks/1.0/webhook')).body).toHaveLength(0);
		});
		it('an analyst assigning an issue (control API): one change, an issue_assigned update by that user, none when unchanged', async () => {
			const hook = await call('POST', '/rest/webhooks/1.0/webhook', {
				name: 'n8n',
				url: `${receiverUrl}/hook`,
				events: ['jira:issue_updated'],
				excludeBody: false,
			});
			expect(hook.status).toBe(201);
			await create({ labels: ['extrahop'] });
			const assigned = await call('POST', '/_sim/issues/SOC-1/assign', {
				assignee: 'escalations_team',
				as: 'analyst',
			});
			expect(assigned.body.assignee).toBe('escalations_team');
			sim.assignIssue('SOC-1', 'escalations_team', 'analyst');
			sim.assignIssue('SOC-1', null, 'analyst');
			await sim.flushWebhooks();
			expect(
				received.map(
					(r) =>
						`${r.body.issue_event_type_name} ${r.body.user.name} ${r.body.changelog.items.map((i: any) => `${i.field}:${i.to}`)}`,
				),
			).toEqual([
				'issue_assigned analyst assignee:escalations_team',
				'issue_assigned analyst assignee:null',
			]);
			expect((await call('POST', '/_sim/issues/SOC-1/assign', { assignee: 'nobody' })).status).toBe(
				500,
			);
		});
	});

	describe('board page', () => {
		it('lists issues with escaped text', async () => {
			await create({ summary: '<script>alert(1)</script>', labels: ['extrahop'] });
			const res = await fetch(`${url}/`);
			const html = await res.text();
			expect(res.headers.get('content-type')).toContain('text/html');
			expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
			expect(html).not.toContain('<script>alert(1)');
			expect(html).toContain('http-equiv="refresh"');
			expect(html).toContain('SOC-1');
		});
	});
});
