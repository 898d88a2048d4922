/**
 * Finding 4: no example workflow ships an open webhook. Every n8n Webhook node in examples/
 * authenticates its sender with a credential the example names, so importing an example never
 * exposes a workflow that creates tickets (and answers with them) to anyone who reaches n8n.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
const CREDENTIAL_OF: Record<string, string> = {
	basicAuth: 'httpBasicAuth',
	headerAuth: 'httpHeaderAuth',
	jwtAuth: 'jwtAuth',
};

interface SavedNode {
	name: string;
	type: string;
	parameters: { authentication?: string };
	credentials?: Record<string, { id: string; name: string }>;
}

const webhooks = readdirSync(EXAMPLES_DIR)
	.filter((file) => /^\d.*\.json$/.test(file))
	.flatMap((file) =>
		(JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')).nodes as SavedNode[])
			.filter((node) => node.type === 'n8n-nodes-base.webhook')
			.map((node) => [file, node] as const),
	);
const exampleCredentials = JSON.parse(
	readFileSync(join(EXAMPLES_DIR, 'credentials.example.json'), 'utf8'),
) as Array<{ id: string; name: string; type: string }>;

describe('finding 4: the example workflows ship no open webhook', () => {
	it('example 03 has a Webhook node (the check below has something to check)', () => {
		expect(webhooks.map(([file]) => file)).toContain('03-logmule-result-to-jira.json');
	});

	it.each(webhooks)('%s: its Webhook node authenticates the sender', (_file, node) => {
		const authentication = node.parameters.authentication ?? 'none';
		expect(Object.keys(CREDENTIAL_OF)).toContain(authentication);
		const reference = node.credentials?.[CREDENTIAL_OF[authentication]];
		expect(reference).toBeDefined();
		// The credential is one users are told to create (credentials.example.json, the README).
		expect(exampleCredentials).toContainEqual(
			expect.objectContaining({ ...reference, type: CREDENTIAL_OF[authentication] }),
		);
	});
});
