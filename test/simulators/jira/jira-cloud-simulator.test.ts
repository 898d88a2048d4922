/**
 * The Jira simulator's Cloud mode behaves like Jira Cloud where n8n's Jira node (jiraVersion
 * "cloud", credential jiraSoftwareCloudApi) depends on it: API-token auth, account IDs, the
 * endpoints Cloud has (and has removed), ADF comments on REST v3, the webhook payload's users.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const { createJiraSimulator, CLOUD_CREDENTIALS, CLOUD_ACCOUNT_IDS, DEFAULT_CREDENTIALS } =
	require('../../../tools/simulators/jira/index.js') as {
		createJiraSimulator: (options?: Record<string, unknown>) => any;
		CLOUD_CREDENTIALS: { email: string; apiToken: string };
		CLOUD_ACCOUNT_IDS: Record<string, string>;
		DEFAULT_CREDENTIALS: { username: string; email: string; password: string; token: string };
	};

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const AUTH = basic(CLOUD_CREDENTIALS.email, CLOUD_CREDENTIALS.apiToken);
const ESCALATIONS = CLOUD_ACCOUNT_IDS.escalations_team;
const adf = (text: string) => ({
	type: 'doc',
	version: 1,
	content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

describe('Jira simulator, Cloud mode', () => {
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
			// plain text
		}
		return { status: res.status, body: json };
	};
	const create = (fields: Record<string, unknown>) =>
		call('POST', '/rest/api/2/issue', {
			fields: { project: { id: '10000' }, issuetype: { id: '10005' }, summary: 'x', ...fields },
		});

	beforeAll(async () => {
		sim = createJiraSimulator({ deployment: 'cloud' });
		url = await sim.start();
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('authenticates e-mail + API token only: an account password, a user name or a PAT get 401', async () => {
		const me = await call('GET', '/rest/api/2/myself');
		expect(me.status).toBe(200);
		expect(me.body).toMatchObject({
			accountId: CLOUD_ACCOUNT_IDS['soc-bot'],
			emailAddress: CLOUD_CREDENTIALS.email,
			accountType: 'atlassian',
		});
		expect(me.body.name).toBeUndefined();
		expect(
			(
				await call(
					'GET',
					'/rest/api/2/myself',
					undefined,
					basic(CLOUD_CREDENTIALS.email, DEFAULT_CREDENTIALS.password),
				)
			).status,
		).toBe(401);
		expect(
			(
				await call(
					'GET',
					'/rest/api/2/myself',
					undefined,
					basic(DEFAULT_CREDENTIALS.username, CLOUD_CREDENTIALS.apiToken),
				)
			).status,
		).toBe(401);
		expect(
			(await call('GET', '/rest/api/2/myself', undefined, `Bearer ${DEFAULT_CREDENTIALS.token}`))
				.status,
		).toBe(401);
		expect((await call('GET', '/rest/api/2/myself', undefined, null)).status).toBe(401);
	});

	it("reports deploymentType Cloud, which sends n8n's Jira Trigger to /webhooks/1.0/webhook", async () => {
		const info = await call('GET', '/rest/api/2/serverInfo');
		expect(info.body).toMatchObject({ deploymentType: 'Cloud', versionNumbers: [1001, 0, 0] });
	});

	it('takes the assignee as { id } or { accountId }, refuses a user name or an unknown account', async () => {
		const byId = await create({
			assignee: { id: ESCALATIONS },
			labels: ['extrahop', 'extrahop-7'],
		});
		expect(byId.status).toBe(201);
		expect(sim.issue(byId.body.key)).toMatchObject({
			assignee: 'escalations_team',
			assigneeAccountId: ESCALATIONS,
			labels: ['extrahop', 'extrahop-7'],
		});
		expect((await create({ assignee: { accountId: ESCALATIONS } })).status).toBe(201);
		const byName = await create({ assignee: { name: 'escalations_team' } });
		expect(byName.status).toBe(400);
		expect(byName.body.errors.assignee).toMatch(/accountId/);
		const unknown = await create({ assignee: { id: '712020:nobody' } });
		expect(unknown.status).toBe(400);
		expect(sim.issues()).toHaveLength(2);
	});

	it('renders users with account IDs in issues and lists them through /users/search; /user/search?username= is refused', async () => {
		const created = await create({ assignee: { id: ESCALATIONS } });
		const issue = await call('GET', `/rest/api/2/issue/${created.body.key}`);
		expect(issue.body.fields.assignee).toMatchObject({
			accountId: ESCALATIONS,
			displayName: 'Escalations Team',
		});
		expect(issue.body.fields.assignee.name).toBeUndefined();
		const users = await call('GET', '/rest/api/2/users/search?maxResults=1000&startAt=0');
		expect(users.body.map((u: any) => u.accountId)).toContain(ESCALATIONS);
		expect((await call('GET', "/rest/api/2/user/search?username='")).status).toBe(400);
		expect(
			(await call('GET', `/rest/api/3/user?accountId=${encodeURIComponent(ESCALATIONS)}`)).body
				.displayName,
		).toBe('Escalations Team');
	});

	it('lists projects through /project/search in offset pages', async () => {
		const page = await call('GET', '/rest/api/2/project/search?startAt=0&maxResults=100');
		expect(page.body).toMatchObject({ startAt: 0, total: 1, isLast: true });
		expect(page.body.values[0]).toMatchObject({
			id: '10000',
			key: 'SOC',
			name: 'Security Operations',
		});
	});

	it('searches with POST /search/jql (token pages); the removed /search answers 410; unbounded JQL is refused', async () => {
		for (let i = 0; i < 3; i++) await create({ labels: ['extrahop', `extrahop-${i}`] });
		const first = await call('POST', '/rest/api/2/search/jql', {
			jql: 'labels in ("extrahop-0", "extrahop-2") ORDER BY created ASC',
			fields: ['summary', 'labels'],
			maxResults: 1,
		});
		expect(first.body.issues.map((i: any) => i.fields.labels[1])).toEqual(['extrahop-0']);
		expect(first.body.nextPageToken).toBeDefined();
		const second = await call('POST', '/rest/api/2/search/jql', {
			jql: 'labels in ("extrahop-0", "extrahop-2") ORDER BY created ASC',
			fields: ['summary', 'labels'],
			maxResults: 1,
			nextPageToken: first.body.nextPageToken,
		});
		expect(second.body.issues.map((i: any) => i.fields.labels[1])).toEqual(['extrahop-2']);
		expect(second.body.isLast).toBe(true);
		expect((await call('POST', '/rest/api/2/search', { jql: 'labels = extrahop' })).status).toBe(
			410,
		);
		expect((await call('POST', '/rest/api/2/search/jql', { jql: 'ORDER BY created' })).status).toBe(
			400,
		);
	});

	it('adds comments through REST v3 in ADF and refuses plain text or unknown fields there', async () => {
		const { body } = await create({});
		const added = await call('POST', `/rest/api/3/issue/${body.key}/comment`, {
			body: adf('New activity'),
		});
		expect(added.status).toBe(201);
		expect(added.body.body).toMatchObject({ type: 'doc', version: 1 });
		expect(sim.issue(body.key).comments.map((c: any) => c.body)).toEqual(['New activity']);
		expect(
			(await call('POST', `/rest/api/3/issue/${body.key}/comment`, { body: 'plain text' })).status,
		).toBe(400);
		expect(
			(
				await call('POST', `/rest/api/3/issue/${body.key}/comment`, {
					body: adf('x'),
					wikiMarkup: true,
				})
			).status,
		).toBe(400);
		// REST v2 still takes wiki markup text on Cloud (what the node sends with its "wiki markup" option).
		expect(
			(await call('POST', `/rest/api/2/issue/${body.key}/comment`, { body: 'v2 text' })).status,
		).toBe(201);
		expect(sim.issue(body.key).comments).toHaveLength(2);
	});

	it('delivers webhook payloads with Cloud users (account IDs) and the resolution change', async () => {
		const received: any[] = [];
		const receiver: Server = createServer((req, res) => {
			let data = '';
			req.on('data', (c) => (data += c));
			req.on('end', () => {
				received.push(JSON.parse(data));
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		try {
			const reg = await call('POST', '/rest/webhooks/1.0/webhook', {
				name: 'n8n',
				url: hookUrl,
				events: ['jira:issue_updated'],
				filters: { 'issue-related-events-section': 'labels = extrahop' },
			});
			expect(reg.status).toBe(201);
			const { body } = await create({ labels: ['extrahop'], assignee: { id: ESCALATIONS } });
			sim.resolveIssue(body.key, "Won't Do", { as: 'analyst' });
			await sim.flushWebhooks();
			expect(received).toHaveLength(1);
			expect(received[0].user).toMatchObject({ accountId: CLOUD_ACCOUNT_IDS.analyst });
			expect(received[0].issue.fields.resolution.name).toBe("Won't Do");
			expect(received[0].changelog.items.some((i: any) => i.field === 'resolution')).toBe(true);
		} finally {
			await new Promise((resolve) => receiver.close(resolve));
		}
	});

	it('leaves Server mode as it was: user names accepted, /search served', async () => {
		const server = createJiraSimulator();
		const serverUrl = await server.start();
		try {
			const auth = basic(DEFAULT_CREDENTIALS.email, DEFAULT_CREDENTIALS.password);
			const res = await fetch(`${serverUrl}/rest/api/2/issue`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: auth },
				body: JSON.stringify({
					fields: {
						project: { id: '10000' },
						issuetype: { id: '10005' },
						summary: 'x',
						assignee: { name: 'escalations_team' },
					},
				}),
			});
			expect(res.status).toBe(201);
			const search = await fetch(`${serverUrl}/rest/api/2/search`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: auth },
				body: JSON.stringify({ jql: 'assignee = escalations_team' }),
			});
			expect(((await search.json()) as any).total).toBe(1);
		} finally {
			await server.stop();
		}
	});
});
