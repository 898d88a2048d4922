#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The version matrix: the example workflows' end-to-end script (test/e2e/examples.e2e.js: example 1
 * detection -> Jira -> ticket id back, example 2 Jira resolution -> detection closed, example 3
 * LogMule -> incident -> Jira) on every n8n version users run, each on the Node.js it needs, each
 * installed offline and cached by scripts/install-n8n.sh. The pinned n8n installs first, the
 * others then at once (installAll); each version's run starts as soon as its own install is ready
 * (each its own n8n and simulators on free ports; most of the time is spent waiting for the
 * trigger's one-minute polls). Prints one line per n8n version and Node version with the example flows passed/failed,
 * then `matrix: N passed, N failed` (checks).
 *
 * `npm test` does not run this file's main: test/e2e/run.js --all runs each version as a job of
 * its one scheduler (beside the end-to-end scripts and queue mode), with the functions exported
 * here, and reads the pinned n8n's row from its own examples run.
 *
 *   node test/e2e/matrix.js                  install what is missing, then run every version
 *   node test/e2e/matrix.js --install-only   only install (test-all.sh starts this in the
 *                                            background first, so the installs overlap with the
 *                                            build, typecheck, jest and the end-to-end suites)
 *   node test/e2e/matrix.js --reuse=.tmp/e2e.log
 *        the row of the default n8n (2.8.4 on the running Node) is read from that e2e log (its
 *        [examples] lines) instead of being run a second time; its checks are not counted again
 *   N8N_MATRIX="2.41.1@24 1.81.4@20"          other versions (n8n@node major)
 *   N8N_MATRIX=off                           skip (prints the skip and counts nothing)
 *
 * Needs `npm run build` first (the package is packed from dist/).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { REPO_ROOT } = require('../../tools/n8n-instance');

/**
 * The tested versions (see README "Supported n8n versions"). Node per n8n: its `engines` field
 * (n8n <= 2.8 runs on Node 20, 2.10-2.35 on 22, 2.36+ on 24; 1.x up to 22).
 */
const DEFAULT_MATRIX = [
	{
		n8n: '2.41.1',
		node: '24',
		why: 'newest 2.x installable from the registry (2.41.3 has exact @n8n/* dependencies the registry lacks)',
	},
	{ n8n: '2.8.4', node: '20', why: 'the pinned default (newest n8n that runs on Node 20)' },
	{ n8n: '1.123.81', node: '22', why: 'newest 1.x' },
	{
		n8n: '1.85.4',
		node: '20',
		why: 'oldest supported: the first n8n whose n8n-workflow exports NodeConnectionTypes (see README)',
	},
];
const DEFAULT_N8N = '2.8.4';
const RUNNING_NODE_MAJOR = process.versions.node.split('.')[0];
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'install-n8n.sh');
const LOG_DIR = path.join(REPO_ROOT, '.tmp', 'matrix');

/**
 * The installs: the pinned n8n first and alone (the end-to-end suites wait for it, and it fills
 * npm's download cache), then the others at once (N8N_INSTALL_JOBS caps them; 1: one after the
 * other, smallest first). At once, because a cold install waits on downloads as much as on the
 * CPU, and what the run waits for is the last install's end: one after the other, on a loaded
 * 2-core machine, each of them took about as long as three at once (see docs/development.md).
 * Each version's run starts as soon as its own install is ready (test/e2e/run.js).
 * @param {{ n8n: string, node: string }[]} versions
 * @returns {Promise<{ bin: string | null, seconds: number, log: string }>[]} per version, in the versions' order
 */
function installAll(versions) {
	const size = (/** @type {{ n8n: string }} */ v) =>
		v.n8n === DEFAULT_N8N ? -1 : ({ '1.85.4': 1, '1.123.81': 2, '2.41.1': 3 }[v.n8n] ?? 2.5);
	const order = [...versions].sort((a, b) => size(a) - size(b));
	const cap =
		Number(process.env.N8N_INSTALL_JOBS) > 0 ? Number(process.env.N8N_INSTALL_JOBS) : Infinity;
	/** @type {Map<{ n8n: string, node: string }, Promise<{ bin: string | null, seconds: number, log: string }>>} */
	const byVersion = new Map();
	const pinned = order[0]?.n8n === DEFAULT_N8N ? order.shift() : undefined;
	/** @type {Promise<unknown>} */
	const first = pinned ? install(pinned) : Promise.resolve();
	if (pinned) byVersion.set(pinned, /** @type {any} */ (first));
	/** @type {Promise<unknown>[]} one chain per install slot */
	const slots = Array.from({ length: Math.min(cap, order.length) }, () => first);
	order.forEach((v, i) => {
		const slot = i % slots.length;
		const p = slots[slot].then(() => install(v));
		slots[slot] = p;
		byVersion.set(v, p);
	});
	return versions.map(
		(v) =>
			/** @type {Promise<{ bin: string | null, seconds: number, log: string }>} */ (
				byVersion.get(v)
			),
	);
}

/** @returns {{ n8n: string, node: string }[]} */
function matrix() {
	const spec = (process.env.N8N_MATRIX ?? '').trim();
	if (!spec) return DEFAULT_MATRIX;
	return spec.split(/[\s,]+/).map((entry) => {
		const [n8n, node] = entry.split('@');
		if (!/^\d+\.\d+\.\d+$/.test(n8n) || (node !== undefined && !/^\d+(\.\d+\.\d+)?$/.test(node)))
			throw new Error(
				`N8N_MATRIX entry "${entry}": expected <n8n version>@<node major>, e.g. 2.41.1@24`,
			);
		return { n8n, node: node ?? RUNNING_NODE_MAJOR };
	});
}

const label = (/** @type {{ n8n: string, node: string }} */ v) => `n8n ${v.n8n} on Node ${v.node}`;

/**
 * Installs one version (or waits for the install another process holds the lock of).
 * @param {{ n8n: string, node: string }} v
 * @returns {Promise<{ bin: string | null, seconds: number, log: string }>}
 */
function install(v) {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const log = path.join(LOG_DIR, `install-${v.n8n}-node${v.node}.log`);
	const t0 = Date.now();
	return new Promise((resolve) => {
		const out = fs.openSync(log, 'w');
		const child = spawn('nice', ['-n', '10', 'bash', INSTALL_SCRIPT], {
			cwd: REPO_ROOT,
			env: { ...process.env, N8N_VERSION: v.n8n, N8N_NODE_VERSION: v.node },
			stdio: ['ignore', 'pipe', out],
		});
		let stdout = '';
		child.stdout?.on('data', (d) => (stdout += d));
		child.on('close', (code) => {
			fs.closeSync(out);
			const bin = stdout.trim().split('\n').pop()?.trim() ?? '';
			resolve({
				bin: code === 0 && bin && fs.existsSync(bin) ? bin : null,
				seconds: (Date.now() - t0) / 1000,
				log,
			});
		});
	});
}

/**
 * Per example flow, from the check lines of examples.e2e.js (its section headings name the flows;
 * the Jira resolution checks inside a "Detection to Jira" section belong to example 2).
 * @param {string[]} lines
 */
function summarize(lines) {
	/** @type {Map<string, { passed: number, failed: number }>} */
	const flows = new Map();
	let section = 'Start';
	for (const line of lines) {
		const check = /^ {2}(ok {3}|FAIL )(.*)$/.exec(line);
		if (!check) {
			const heading = /^(\S.*?) \(\d+\.\d s\)$/.exec(line);
			if (heading) section = heading[1];
			continue;
		}
		const text = check[2];
		let flow = section.split(':')[0];
		if (flow === 'Detection to Jira')
			flow = /resolved .*-> detection|other detections stay in progress/.test(text)
				? 'ex2 Jira back to ExtraHop'
				: 'ex1 Detection to Jira';
		else if (/^LogMule/.test(flow)) flow = 'ex3 LogMule to Jira';
		else if (flow === 'Start' || flow === 'start-up' || /^Browser check/.test(flow))
			flow = 'n8n start/stop';
		const f = flows.get(flow) ?? { passed: 0, failed: 0 };
		if (check[1].startsWith('ok')) f.passed++;
		else f.failed++;
		flows.set(flow, f);
	}
	return flows;
}

/**
 * Runs examples.e2e.js against one installed n8n.
 * @param {{ n8n: string, node: string }} v
 * @param {string} bin
 * @returns {Promise<{ lines: string[], code: number | null, seconds: number }>}
 */
function runExamples(v, bin) {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const log = path.join(LOG_DIR, `examples-${v.n8n}-node${v.node}.log`);
	const t0 = Date.now();
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(__dirname, 'examples.e2e.js')], {
			cwd: REPO_ROOT,
			env: { ...process.env, N8N_BIN: bin, BROWSER_CHECK: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		/** @type {string[]} */
		const lines = [];
		const file = fs.createWriteStream(log);
		for (const stream of [child.stdout, child.stderr]) {
			readline.createInterface({ input: stream }).on('line', (line) => {
				lines.push(line);
				file.write(`${line}\n`);
				if (/^ {2}FAIL /.test(line)) process.stdout.write(`[${v.n8n}] ${line}\n`);
			});
		}
		child.on('close', (code) => {
			file.end();
			resolve({ lines, code, seconds: (Date.now() - t0) / 1000 });
		});
	});
}

/**
 * True for the version the regular end-to-end run already covers (the pinned n8n on the running
 * Node): its row can be read from examples.e2e.js's lines there.
 * @param {{ n8n: string, node: string }} v
 */
const isDefault = (v) => v.n8n === DEFAULT_N8N && v.node === RUNNING_NODE_MAJOR;

/**
 * @typedef {{ v: { n8n: string, node: string }, flows: Map<string, { passed: number, failed: number }>, counted: boolean, seconds: number, note: string }} Row
 */

/**
 * The row of one version after its examples ran (or its install failed).
 * @param {{ n8n: string, node: string }} v
 * @param {{ bin: string | null, log: string }} installed
 * @returns {Promise<Row>}
 */
async function runVersion(v, installed) {
	if (!installed.bin)
		return {
			v,
			flows: new Map([['install', { passed: 0, failed: 1 }]]),
			counted: true,
			seconds: 0,
			note: `install failed (see ${path.relative(REPO_ROOT, installed.log)})`,
		};
	const r = await runExamples(v, installed.bin);
	const flows = summarize(r.lines);
	const own = [...flows.values()].reduce((s, f) => s + f.failed, 0);
	// A script that died without reporting a failure still failed.
	if (r.code !== 0 && own === 0) flows.set('exit', { passed: 0, failed: 1 });
	return {
		v,
		flows,
		counted: true,
		seconds: r.seconds,
		note: `log .tmp/matrix/examples-${v.n8n}-node${v.node}.log`,
	};
}

/**
 * The row read from another run's examples.e2e.js lines (not counted again), or null when they hold no check.
 * @param {{ n8n: string, node: string }} v
 * @param {string[]} lines examples.e2e.js's output lines
 * @param {string} where
 * @returns {Row | null}
 */
function reusedRow(v, lines, where) {
	if (!lines.some((l) => /^ {2}(ok {3}|FAIL )/.test(l))) return null;
	return {
		v,
		flows: summarize(lines),
		counted: false,
		seconds: 0,
		note: `from ${where}, counted there`,
	};
}

/**
 * Prints the table and `matrix: N passed, N failed`; answers the counts.
 * @param {Row[]} rows
 */
function printRows(rows) {
	let passed = 0;
	let failed = 0;
	process.stdout.write('\nversion matrix (example flows: checks passed/failed)\n');
	for (const row of rows) {
		const total = [...row.flows.values()].reduce(
			(s, f) => ({ passed: s.passed + f.passed, failed: s.failed + f.failed }),
			{ passed: 0, failed: 0 },
		);
		const flowText = [...row.flows.entries()]
			.map(
				([name, f]) =>
					`${name} ${f.failed === 0 ? 'PASS' : 'FAIL'} ${f.passed}/${f.passed + f.failed}`,
			)
			.join(', ');
		const ok = total.failed === 0 && total.passed > 0;
		process.stdout.write(
			`${ok ? 'PASS' : 'FAIL'} ${label(row.v).padEnd(24)} ${flowText} (${row.seconds ? `${row.seconds.toFixed(0)} s, ` : ''}${row.note})\n`,
		);
		if (row.counted) {
			passed += total.passed;
			failed += total.failed + (total.passed === 0 && total.failed === 0 ? 1 : 0);
		}
	}
	process.stdout.write(`matrix: ${passed} passed, ${failed} failed\n`);
	return { passed, failed };
}

async function main() {
	const started = Date.now();
	const args = process.argv.slice(2);
	if ((process.env.N8N_MATRIX ?? '').trim() === 'off') {
		process.stdout.write('matrix: skipped (N8N_MATRIX=off)\nmatrix: 0 passed, 0 failed\n');
		return;
	}
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const versions = matrix();
	const reuseLog = args.find((a) => a.startsWith('--reuse='))?.slice('--reuse='.length);

	// 1. installs (installAll: the pinned first); each version runs as soon as its own is ready
	const installs = installAll(versions);
	if (args.includes('--install-only')) {
		const done = await Promise.all(installs);
		versions.forEach((v, i) => {
			const r = done[i];
			process.stdout.write(
				`install ${label(v)}: ${r.bin ? 'ready' : `FAILED (see ${path.relative(REPO_ROOT, r.log)})`} after ${r.seconds.toFixed(0)} s\n`,
			);
		});
		process.stdout.write(`matrix installs took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
		process.exit(done.every((r) => r.bin) ? 0 : 1);
	}

	// 2. the examples on each version, in parallel
	const t2 = Date.now();
	const rows = await Promise.all(
		versions.map(async (v, i) => {
			const installed = await installs[i];
			process.stdout.write(
				`install ${label(v)}: ${installed.bin ? 'ready' : 'FAILED'} after ${installed.seconds.toFixed(0)} s\n`,
			);
			if (installed.bin && reuseLog && isDefault(v) && fs.existsSync(reuseLog)) {
				const lines = fs
					.readFileSync(reuseLog, 'utf8')
					.split('\n')
					.filter((l) => l.startsWith('[examples] '))
					.map((l) => l.slice('[examples] '.length));
				const row = reusedRow(v, lines, reuseLog);
				if (row) return row;
			}
			return await runVersion(v, installed);
		}),
	);
	const { failed } = printRows(rows);
	process.stdout.write(
		`matrix runs took ${((Date.now() - t2) / 1000).toFixed(1)} s, in all ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
	);
	process.exit(failed === 0 ? 0 : 1);
}

module.exports = {
	matrix,
	install,
	installAll,
	runVersion,
	reusedRow,
	printRows,
	isDefault,
	label,
	summarize,
};

if (require.main === module) {
	main().catch((error) => {
		process.stdout.write(
			`matrix failed: ${error instanceof Error ? error.stack : String(error)}\nmatrix: 0 passed, 1 failed\n`,
		);
		process.exit(1);
	});
}
