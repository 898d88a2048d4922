#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run test:e2e`: every end-to-end script (test/e2e/*.e2e.js) against a real n8n, in parallel
 * up to a cap by cores (test/e2e/lib/pool.js; each starts its own isolated n8n and simulators on free ports), with their output streamed
 * line by line under a [name] prefix. Ends with one line, `e2e: N passed, N failed`, counting the
 * scripts' check lines ("  ok   ..." / "  FAIL ..."); exits non-zero when any check or script
 * failed.
 *
 * Needs `npm run build` first (the package is packed from dist/). Installs the pinned n8n into
 * its cache first if missing (scripts/install-n8n.sh; offline-safe, several minutes, once).
 *
 *   node test/e2e/run.js                 all scripts
 *   node test/e2e/run.js examples        only scripts whose name contains "examples"
 *   BROWSER_CHECK=0|1 KEEP_N8N_DATA=1 N8N_E2E_ECHO=1   passed through (see the scripts)
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { ensureN8n, REPO_ROOT } = require('../../tools/n8n-instance');
const { maxJobs, runPool } = require('./lib/pool');

/** The longest scripts start first, so the cap on parallel n8n instances costs the least time. */
const LONGEST_FIRST = [
	'editor',
	'examples',
	'jira-smoke',
	'soc-flow',
	'webhook-trigger',
	'jira-cloud',
	'servicenow',
];
const rank = (/** @type {string} */ file) => {
	const i = LONGEST_FIRST.findIndex((name) => file === `${name}.e2e.js`);
	return i === -1 ? LONGEST_FIRST.length : i;
};

async function main() {
	const started = Date.now();
	const filters = process.argv.slice(2);
	const scripts = fs
		.readdirSync(__dirname)
		.filter((f) => f.endsWith('.e2e.js'))
		.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
		.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
	if (scripts.length === 0) {
		process.stdout.write(`no e2e script matches ${filters.join(' ')}\ne2e: 0 passed, 1 failed\n`);
		process.exit(1);
	}

	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const missing = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].filter(
		(f) => !fs.existsSync(path.join(REPO_ROOT, f)),
	);
	if (missing.length) {
		process.stdout.write(
			`the package is not built (${missing.length} file(s) missing, e.g. ${missing[0]}): run \`npm run build\` first\ne2e: 0 passed, 1 failed\n`,
		);
		process.exit(1);
	}

	// One install (with its progress on stderr) before the scripts start in parallel.
	const installStarted = Date.now();
	const bin = await ensureN8n();
	process.stdout.write(
		`waited ${((Date.now() - installStarted) / 1000).toFixed(0)} s for the pinned n8n (installed in the background by npm test when missing)\n`,
	);
	const jobs = maxJobs();
	process.stdout.write(
		`n8n: ${bin}\nrunning ${scripts.join(', ')}, ${jobs === Infinity ? 'all' : `at most ${jobs}`} at once (E2E_JOBS)\n`,
	);

	let passed = 0;
	let failed = 0;
	const results = await runPool(
		scripts,
		jobs,
		(file) =>
			new Promise((resolve) => {
				const name = file.replace(/\.e2e\.js$/, '');
				const t0 = Date.now();
				let own = { passed: 0, failed: 0 };
				const child = spawn(process.execPath, [path.join(__dirname, file)], {
					cwd: REPO_ROOT,
					// EXTRAHOP_CONTRACT_REPORT: every request an ExtraHop simulator refuses as off-contract prints a FAIL line.
					env: { ...process.env, N8N_BIN: bin, EXTRAHOP_CONTRACT_REPORT: '1' },
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				for (const stream of [child.stdout, child.stderr]) {
					readline.createInterface({ input: stream }).on('line', (line) => {
						if (/^ {2}ok {3}/.test(line)) own.passed++;
						else if (/^ {2}FAIL /.test(line)) own.failed++;
						process.stdout.write(`[${name}] ${line}\n`);
					});
				}
				child.on('close', (code, signal) => {
					// A script that died without reporting a failure still failed.
					if (code !== 0 && own.failed === 0) {
						own.failed = 1;
						process.stdout.write(
							`[${name}]   FAIL exited with ${signal ? `signal ${signal}` : `code ${code}`}\n`,
						);
					}
					resolve({ name, code, seconds: (Date.now() - t0) / 1000, ...own });
				});
			}),
	);
	for (const r of /** @type {{ name: string, code: number, seconds: number, passed: number, failed: number }[]} */ (
		results
	)) {
		passed += r.passed;
		failed += r.failed;
		process.stdout.write(
			`${r.failed === 0 ? 'PASS' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed in ${r.seconds.toFixed(1)} s\n`,
		);
	}
	process.stdout.write(`e2e run took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
	process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
	process.stdout.write(
		`e2e runner failed: ${error instanceof Error ? error.stack : String(error)}\ne2e: 0 passed, 1 failed\n`,
	);
	process.exit(1);
});
