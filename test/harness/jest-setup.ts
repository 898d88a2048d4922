// n8n-core writes ~/.n8n/config unless told otherwise; keep every test run's n8n state in a temp dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (
	!process.env.N8N_USER_FOLDER ||
	!process.env.N8N_USER_FOLDER.includes('n8n-nodes-extrahop-test')
) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-nodes-extrahop-test-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key-for-engine-harness';
