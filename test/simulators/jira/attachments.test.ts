/**
 * The Jira simulator's issue attachments: the multipart upload n8n's Jira node sends
 * (`POST /rest/api/2/issue/{key}/attachments`, part `file`, `X-Atlassian-Token: no-check`), the
 * array Jira answers, `fields.attachment`, and the bytes served back unchanged.
 */
const { createJiraSimulator, DEFAULT_CREDENTIALS } =
	require('../../../tools/simulators/jira/index.js') as {
		createJiraSimulator: (options?: Record<string, unknown>) => any;
		DEFAULT_CREDENTIALS: { email: string; password: string };
	};
const { buildPcap } = require('../../../tools/simulators/extrahop/resources/pcap') as {
	buildPcap: (spec: Record<string, unknown>) => Buffer;
};

const AUTH = `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.email}:${DEFAULT_CREDENTIALS.password}`).toString('base64')}`;

describe('Jira simulator: issue attachments', () => {
	let sim: any;
	beforeEach(async () => {
		sim = createJiraSimulator();
		await sim.start();
	});
	afterEach(async () => {
		await sim.stop();
	});

	const upload = (
		key: string,
		file: Buffer,
		headers: Record<string, string> = { 'X-Atlassian-Token': 'no-check' },
		field = 'file',
	) => {
		const form = new FormData();
		form.append(
			field,
			new Blob([file], { type: 'application/vnd.tcpdump.pcap' }),
			'detection-1001.pcap',
		);
		return fetch(`${sim.url}/rest/api/2/issue/${key}/attachments`, {
			method: 'POST',
			headers: { Authorization: AUTH, ...headers },
			body: form,
		});
	};

	it('stores a binary file byte for byte and lists it on the issue', async () => {
		const created = await fetch(`${sim.url}/rest/api/2/issue`, {
			method: 'POST',
			headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
			body: JSON.stringify({
				fields: { project: { key: 'SOC' }, issuetype: { name: 'Task' }, summary: 'x' },
			}),
		});
		const { key } = (await created.json()) as { key: string };
		const pcap = buildPcap({ ip1: '10.0.0.1', ip2: '10.0.0.2', startMs: Date.now() });
		const res = await upload(key, pcap);
		expect(res.status).toBe(200);
		const [attachment] = (await res.json()) as Array<{
			id: string;
			filename: string;
			size: number;
			mimeType: string;
			content: string;
		}>;
		expect(attachment).toMatchObject({
			filename: 'detection-1001.pcap',
			size: pcap.length,
			mimeType: 'application/vnd.tcpdump.pcap',
		});
		const issue = (await (
			await fetch(`${sim.url}/rest/api/2/issue/${key}`, { headers: { Authorization: AUTH } })
		).json()) as { fields: { attachment: unknown[] } };
		expect(issue.fields.attachment).toEqual([
			expect.objectContaining({ id: attachment.id, filename: 'detection-1001.pcap' }),
		]);
		const content = Buffer.from(
			await (await fetch(attachment.content, { headers: { Authorization: AUTH } })).arrayBuffer(),
		);
		expect(content.equals(pcap)).toBe(true);
		expect(Buffer.from(sim.attachmentData(attachment.id)).equals(pcap)).toBe(true);
	});

	it('refuses an upload without the XSRF header, without a "file" part, or to a missing issue', async () => {
		expect((await upload('SOC-1', Buffer.from('x'), {})).status).toBe(403);
		await fetch(`${sim.url}/rest/api/2/issue`, {
			method: 'POST',
			headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
			body: JSON.stringify({
				fields: { project: { key: 'SOC' }, issuetype: { name: 'Task' }, summary: 'x' },
			}),
		});
		expect(
			(await upload('SOC-1', Buffer.from('x'), { 'X-Atlassian-Token': 'no-check' }, 'attachment'))
				.status,
		).toBe(400);
		expect((await upload('SOC-999', Buffer.from('x'))).status).toBe(404);
	});
});
