#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run browser-check`: the command line of tools/browser-check.js. Opens a workflow in a real
 * n8n editor with headless Chromium, checks that every node on the canvas is a known, installed
 * node type, and takes screenshots of the canvas and of node panels.
 *
 *   npm run browser-check     (no arguments: the running `npm run demo`, its Detection-to-Jira
 *                              workflow; screenshots in test-results/screenshots/)
 *   node scripts/browser-check.js --url http://127.0.0.1:5678 --email owner@example.com \
 *     --password 'E2e-Owner-Pass1' --workflow <id> [--workflow <id2>] [--out screenshots/] \
 *     [--open "Node name"]... [--open-all] [--docs-image docs/images/detection-to-jira.png]
 *   exit 0 when every check passed, 1 otherwise; prints what it checked.
 */
const fs = require('node:fs');
const path = require('node:path');

const { browserCheck, slug } = require('../tools/browser-check');

const REPO_ROOT = path.resolve(__dirname, '..');
/** Written by `npm run demo` while it runs: where its n8n is and how to log in. */
const DEMO_STATE_FILE = path.join(REPO_ROOT, 'test-results', 'demo-instance.json');
const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ url?: string, email?: string, password?: string, workflows: string[], out?: string, open: string[], openAll: boolean, allowNodeIssues: boolean, docsImage?: string }} */
	const args = { workflows: [], open: [], openAll: false, allowNodeIssues: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => argv[++i];
		if (a === '--url') args.url = next();
		else if (a === '--email') args.email = next();
		else if (a === '--password') args.password = next();
		else if (a === '--workflow') args.workflows.push(next());
		else if (a === '--out') args.out = next();
		else if (a === '--open') args.open.push(next());
		else if (a === '--open-all') args.openAll = true;
		else if (a === '--allow-node-issues') args.allowNodeIssues = true;
		else if (a === '--docs-image') args.docsImage = next();
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

/**
 * Without --url: the running demo's n8n (test-results/demo-instance.json), its Detection-to-Jira
 * workflow, and its package nodes' panels.
 * @param {ReturnType<typeof parseArgs>} args
 */
function withDemoDefaults(args) {
	if (args.url) return args;
	let state;
	try {
		state = JSON.parse(fs.readFileSync(DEMO_STATE_FILE, 'utf8'));
	} catch {
		return args;
	}
	let alive = false;
	try {
		process.kill(state.pid, 0);
		alive = true;
	} catch {
		// the demo is gone; its state file is stale
	}
	if (!alive) {
		process.stderr.write(
			`${path.relative(process.cwd(), DEMO_STATE_FILE)} is stale (demo process ${state.pid} is not running): start \`npm run demo\` first, or pass --url\n`,
		);
		return args;
	}
	process.stdout.write(`checking the running demo's n8n at ${state.baseUrl}\n`);
	return {
		...args,
		url: state.baseUrl,
		email: args.email ?? state.email,
		password: args.password ?? state.password,
		workflows: args.workflows.length ? args.workflows : [state.workflowIds[0]],
	};
}

if (require.main === module) {
	(async () => {
		const args = withDemoDefaults(parseArgs(process.argv.slice(2)));
		if (!args.url || !args.email || !args.password || !args.workflows.length) {
			if (!args.url)
				process.stderr.write(
					'No running demo found: start `npm run demo` in another terminal, or give the n8n to check:\n',
				);
			process.stderr.write(
				'usage: node scripts/browser-check.js [--url <n8n base URL> --email <owner e-mail> --password <password> --workflow <id> [--workflow <id>]] [--out <dir>] [--open <node name>]... [--open-all] [--allow-node-issues] [--docs-image <png path>]\n' +
					'       without --url it checks the running `npm run demo` (test-results/demo-instance.json)\n',
			);
			process.exit(2);
		}
		const outDir = args.out ?? DEFAULT_OUT_DIR;
		const result = await browserCheck({
			baseUrl: args.url,
			email: args.email,
			password: args.password,
			workflowIds: args.workflows,
			outDir,
			openNodes: args.openAll ? 'all' : args.open.length ? args.open : 'package',
			allowNodeIssues: args.allowNodeIssues,
		});
		process.stdout.write(
			`screenshots:\n${result.screenshots.map((s) => `  ${path.relative(process.cwd(), s)}`).join('\n')}\n`,
		);
		if (result.consoleErrors.length)
			process.stdout.write(
				`browser console errors (not failures): ${result.consoleErrors.length}\n`,
			);
		if (args.docsImage && result.ok) {
			// The first workflow's canvas, for the README.
			const canvas = result.screenshots.find((s) =>
				s.endsWith(`${slug(args.workflows[0])}-canvas.png`),
			);
			if (canvas) {
				fs.mkdirSync(path.dirname(path.resolve(args.docsImage)), { recursive: true });
				fs.copyFileSync(canvas, path.resolve(args.docsImage));
				process.stdout.write(
					`copied ${path.relative(process.cwd(), canvas)} to ${args.docsImage}\n`,
				);
			}
		}
		process.stdout.write(
			`${result.ok ? 'PASS' : `FAIL (${result.problems.length})`} browser-check\n`,
		);
		process.exit(result.ok ? 0 : 1);
	})().catch((error) => {
		process.stderr.write(
			`browser-check crashed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	});
}
