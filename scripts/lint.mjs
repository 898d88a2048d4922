// Lints the package the way n8n's community-package verification scanner does: the same rule
// sets (@n8n/eslint-plugin-community-nodes recommended + eslint-plugin-n8n-nodes-base community,
// credentials and nodes), no-console as an error, and inline eslint-disable comments ignored.
// Runs over the sources (package.json, nodes/, credentials/) and over the JavaScript of the
// packed tarball, which is what n8n installs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import { ESLint } from 'eslint';
import fg from 'fast-glob';

const config = [
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
	{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
];

async function lint(cwd, patterns) {
	const eslint = new ESLint({
		cwd,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: config,
	});
	const files = fg.sync(patterns, {
		cwd,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	const text = await formatter.format(results);
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	return { text, errors, warnings, files: files.length };
}

const root = process.cwd();
const source = await lint(root, ['package.json', '{nodes,credentials}/**/*.{ts,json}']);

const unpacked = mkdtempSync(join(tmpdir(), 'n8n-nodes-extrahop-lint-'));
let packed;
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', unpacked], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['xzf', join(unpacked, tarball), '-C', unpacked]);
	packed = await lint(join(unpacked, 'package'), ['**/*.js', '**/*.json']);
} finally {
	rmSync(unpacked, { recursive: true, force: true });
}

for (const [name, result] of [
	['sources', source],
	['packed package', packed],
]) {
	process.stdout.write(
		`${name}: ${result.files} files, ${result.errors} errors, ${result.warnings} warnings\n`,
	);
	if (result.text.trim()) process.stdout.write(result.text);
}
process.exit(source.errors + packed.errors > 0 ? 1 : 0);
