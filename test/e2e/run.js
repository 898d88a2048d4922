#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Every suite that runs a real n8n, as jobs of one scheduler (test/e2e/lib/pool.js: a weighted cap
 * by cores, longest expected first):
 *   - each end-to-end script test/e2e/*.e2e.js (its own isolated n8n and simulators on free ports);
 *   - with --all (what `npm test` runs): also the queue-mode suite (test/queue/run.js; QUEUE_TEST=0
 *     leaves it out) and the version matrix's runs (test/e2e/matrix.js; N8N_MATRIX=off leaves them
 *     out), each version's run starting as soon as its install is ready. The pinned n8n's row is
 *     read from the examples script's own run, not repeated.
 * Output is streamed line by line under a [name] prefix (the matrix's runs: only their FAIL lines;
 * their full logs are in .tmp/matrix/). The check lines ("  ok   ..." / "  FAIL ...") are counted
 * once each, per suite: the run ends with `e2e: N passed, N failed` and, with --all,
 * `queue: N passed, N failed` and `matrix: N passed, N failed` (scripts/test-all.sh adds them up);
 * exits non-zero when any check or job failed.
 *
 * A new end-to-end script plugs in by adding the file. Its weight (1 = one n8n instance) and
 * expected duration in seconds on an idle 2-core machine may be declared in a comment line near
 * its top; otherwise the table below, or weight 1 and 180 s:
 *   // e2e-schedule: weight=2 seconds=420
 *
 * Needs `npm run build` first (the package is packed from dist/). Installs the pinned n8n into
 * its cache first if missing (scripts/install-n8n.sh; offline-safe, several minutes, once).
 *
 *   node test/e2e/run.js                 all end-to-end scripts
 *   node test/e2e/run.js examples        only scripts whose name contains "examples"
 *   node test/e2e/run.js --all           scripts, queue mode and the version matrix (npm test)
 *   E2E_JOBS=n                           weight units at once (default two per core; 0: no cap)
 *   BROWSER_CHECK=0|1 KEEP_N8N_DATA=1 N8N_E2E_ECHO=1   passed through (see the scripts)
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { ensureN8n, packPackage, REPO_ROOT } = require('../../tools/n8n-instance');
const { maxJobs, runWeighted } = require('./lib/pool');
const matrixLib = require('./matrix');

/**
 * Weight and expected seconds of the scripts that declare none. Weight: what the job runs at once
 * (1 = one n8n instance; the editor test also drives Chromium, the busiest process of all).
 * Seconds: measured on the shared 2-core machine (load 7-12, so on the long side); only their
 * order matters much, the longest start first.
 * @type {Record<string, { weight: number, seconds: number }>}
 */
const SCHEDULE = {
	editor: { weight: 2, seconds: 600 },
	'jira-cloud': { weight: 1, seconds: 240 },
	servicenow: { weight: 1, seconds: 230 },
	examples: { weight: 1, seconds: 210 },
	'jira-smoke': { weight: 1, seconds: 100 },
	demo: { weight: 1, seconds: 80 },
	'demo-servicenow': { weight: 1, seconds: 80 },
	'soc-flow': { weight: 1, seconds: 70 },
	'webhook-trigger': { weight: 1, seconds: 40 },
};
/**
 * Queue mode: five n8n processes (main, 2 workers, 2 webhook processes), Redis, PostgreSQL, nginx.
 * Weight 2, not 5: the processes mostly wait for one-minute polls; at 3 neither queue suite could
 * run beside the editor test, and the three ran one after the other (1,430 s of a 2,138 s run).
 */
const QUEUE = { weight: 2, seconds: 380 };
/** The chaos test: the queue-mode stack (weight as queue mode) under faults, compressed. */
const CHAOS = { weight: 2, seconds: 560 };
/** One matrix version: examples.e2e.js without the browser check, on that version. */
const MATRIX_RUN = { weight: 1, seconds: 230 };
const DEFAULT_SCHEDULE = { weight: 1, seconds: 180 };

/** @param {string} file */
function scheduleOf(file) {
	const name = file.replace(/\.e2e\.js$/, '');
	let head = '';
	try {
		head = fs.readFileSync(path.join(__dirname, file), 'utf8').slice(0, 4000);
	} catch {
		// read below as the default
	}
	const declared = /^\s*(?:\/\/|\*)\s*e2e-schedule:\s*(.*)$/m.exec(head)?.[1] ?? '';
	const weight = Number(/weight=(\d+(?:\.\d+)?)/.exec(declared)?.[1]);
	const seconds = Number(/seconds=(\d+)/.exec(declared)?.[1]);
	const table = SCHEDULE[name] ?? DEFAULT_SCHEDULE;
	return {
		weight: weight > 0 ? weight : table.weight,
		seconds: seconds > 0 ? seconds : table.seconds,
	};
}

/** CPU seconds (user + system) of a finished job's process tree, when /usr/bin/time measured it. */
function readCpu(/** @type {string | null} */ file) {
	if (!file) return null;
	try {
		const [user, sys] =
			fs.readFileSync(file, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? [];
		fs.rmSync(file, { force: true });
		return Number.isFinite(user) && Number.isFinite(sys) ? user + sys : null;
	} catch {
		return null;
	}
}
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Runs one node script, counting its check lines and passing each line to `onLine`.
 * @param {string} name
 * @param {string} script
 * @param {NodeJS.ProcessEnv} env
 * @param {(line: string) => void} onLine
 * @returns {Promise<{ name: string, code: number | null, seconds: number, cpu: number | null, passed: number, failed: number, lines: string[] }>}
 */
function runScript(name, script, env, onLine) {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const own = { passed: 0, failed: 0 };
		/** @type {string[]} */
		const lines = [];
		const cpuFile = TIME
			? path.join(os.tmpdir(), `e2e-cpu-${process.pid}-${name.replace(/\W/g, '_')}`)
			: null;
		const [cmd, args] =
			TIME && cpuFile
				? [TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, script]]
				: [process.execPath, [script]];
		const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		for (const stream of [child.stdout, child.stderr]) {
			readline.createInterface({ input: stream }).on('line', (line) => {
				if (/^ {2}ok {3}/.test(line)) own.passed++;
				else if (/^ {2}FAIL /.test(line)) own.failed++;
				lines.push(line);
				onLine(line);
			});
		}
		child.on('close', (code, signal) => {
			// A script that died without reporting a failure still failed.
			if (code !== 0 && own.failed === 0) {
				own.failed = 1;
				const line = `  FAIL exited with ${signal ? `signal ${signal}` : `code ${code}`}`;
				lines.push(line);
				onLine(line);
			}
			resolve({
				name,
				code,
				seconds: (Date.now() - t0) / 1000,
				cpu: readCpu(cpuFile),
				...own,
				lines,
			});
		});
	});
}

const out = (/** @type {string} */ text) =>
	process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

/**
 * The result of a job that could not start (the n8n it needs did not install): one failure, and why.
 * @param {string} kind
 * @param {string} name
 * @param {Error} error
 */
function notStarted(kind, name, error) {
	out(`[${name}]   FAIL could not start: ${error.message.split('\n')[0]}`);
	return { kind, name, code: 1, seconds: 0, cpu: null, passed: 0, failed: 1, lines: [] };
}

async function main() {
	const started = Date.now();
	const args = process.argv.slice(2);
	const all = args.includes('--all');
	const filters = args.filter((a) => !a.startsWith('--'));
	const scripts = fs
		.readdirSync(__dirname)
		.filter((f) => f.endsWith('.e2e.js'))
		.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
		.sort();
	if (scripts.length === 0) {
		out(`no e2e script matches ${filters.join(' ')}\ne2e: 0 passed, 1 failed`);
		process.exit(1);
	}
	const withQueue = all && process.env.QUEUE_TEST !== '0';
	const withChaos = withQueue && process.env.CHAOS_TEST !== '0';
	const withMatrix = all && (process.env.N8N_MATRIX ?? '').trim() !== 'off';

	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const missing = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].filter(
		(f) => !fs.existsSync(path.join(REPO_ROOT, f)),
	);
	if (missing.length) {
		out(
			`the package is not built (${missing.length} file(s) missing, e.g. ${missing[0]}): run \`npm run build\` first\ne2e: 0 passed, 1 failed`,
		);
		if (withQueue) out('queue: 0 passed, 1 failed');
		if (withChaos) out('chaos: 0 passed, 1 failed');
		if (withMatrix) out('matrix: 0 passed, 1 failed');
		process.exit(1);
	}

	// One `npm pack` for every job (tools/n8n-instance.js packPackage uses it), not one per n8n instance.
	const packed = await packPackage(REPO_ROOT, path.join(REPO_ROOT, '.tmp', 'pack'));
	process.env.N8N_E2E_PACKED_TARBALL = packed.tarball;

	// The pinned n8n (installed in the background by npm test when missing); every job but the
	// matrix's other versions needs it, and those install after it (matrix.js installAll).
	const asked = Date.now();
	const pinned = ensureN8n().then((bin) => {
		out(
			`waited ${((Date.now() - asked) / 1000).toFixed(0)} s for the pinned n8n (installed in the background by npm test when missing)\nn8n: ${bin}`,
		);
		return bin;
	});
	const versions = withMatrix ? matrixLib.matrix() : [];
	const installs = withMatrix
		? pinned.then(() => matrixLib.installAll(versions))
		: Promise.resolve([]);
	installs.catch(() => undefined);

	/** @type {import('./lib/pool').Job<any>[]} */
	const jobs = [];
	for (const file of scripts) {
		const name = file.replace(/\.e2e\.js$/, '');
		const s = scheduleOf(file);
		jobs.push({
			name,
			weight: s.weight,
			expectedSeconds: s.seconds,
			ready: pinned,
			run: async (bin) => {
				if (bin instanceof Error) return notStarted('e2e', name, bin);
				// EXTRAHOP_CONTRACT_REPORT: every request an ExtraHop simulator refuses as off-contract prints a FAIL line.
				const env = {
					...process.env,
					N8N_BIN: /** @type {string} */ (bin),
					EXTRAHOP_CONTRACT_REPORT: '1',
				};
				return {
					kind: 'e2e',
					...(await runScript(name, path.join(__dirname, file), env, (line) =>
						out(`[${name}] ${line}`),
					)),
				};
			},
		});
	}
	if (withQueue) {
		jobs.push({
			name: 'queue',
			weight: QUEUE.weight,
			expectedSeconds: QUEUE.seconds,
			ready: pinned,
			run: async (bin) => {
				if (bin instanceof Error) return notStarted('queue', 'queue', bin);
				fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
				const log = fs.createWriteStream(path.join(REPO_ROOT, '.tmp', 'queue.log'));
				const r = await runScript(
					'queue',
					path.join(REPO_ROOT, 'test', 'queue', 'run.js'),
					{ ...process.env, N8N_BIN: /** @type {string} */ (bin) },
					(line) => {
						log.write(`${line}\n`);
						out(`[queue] ${line}`);
					},
				);
				log.end();
				return { kind: 'queue', ...r };
			},
		});
	}
	if (withChaos) {
		jobs.push({
			name: 'chaos',
			weight: CHAOS.weight,
			expectedSeconds: CHAOS.seconds,
			ready: pinned,
			run: async (bin) => {
				if (bin instanceof Error) return notStarted('chaos', 'chaos', bin);
				fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
				const log = fs.createWriteStream(path.join(REPO_ROOT, '.tmp', 'chaos.log'));
				const r = await runScript(
					'chaos',
					path.join(REPO_ROOT, 'test', 'queue', 'chaos.js'),
					{ ...process.env, N8N_BIN: /** @type {string} */ (bin) },
					(line) => {
						log.write(`${line}\n`);
						out(`[chaos] ${line}`);
					},
				);
				log.end();
				return { kind: 'chaos', ...r };
			},
		});
	}
	/** @type {Map<number, any>} rows by version index, for versions that get no job of their own */
	const reusedRows = new Map();
	versions.forEach((v, i) => {
		if (matrixLib.isDefault(v) && scripts.includes('examples.e2e.js')) {
			reusedRows.set(i, v);
			return;
		}
		const tag = `${v.n8n}@${v.node}`;
		jobs.push({
			name: `matrix ${tag}`,
			weight: MATRIX_RUN.weight,
			expectedSeconds: MATRIX_RUN.seconds,
			ready: installs.then((list) => list[i]),
			run: async (/** @type {any} */ installed) => {
				const t0 = Date.now();
				const inst =
					installed instanceof Error
						? { bin: null, seconds: 0, log: String(installed) }
						: installed;
				out(
					`[matrix ${tag}] install ${matrixLib.label(v)}: ${inst.bin ? 'ready' : 'FAILED'} after ${inst.seconds.toFixed(0)} s`,
				);
				const row = await matrixLib.runVersion(v, inst);
				for (const [flow, f] of row.flows)
					if (f.failed)
						out(
							`[matrix ${tag}]   FAIL ${flow}: ${f.failed} check(s) failed (see .tmp/matrix/examples-${v.n8n}-node${v.node}.log)`,
						);
				return {
					kind: 'matrix',
					name: `matrix ${tag}`,
					index: i,
					row,
					seconds: (Date.now() - t0) / 1000,
					cpu: null,
				};
			},
		});
	});

	const capacity = maxJobs();
	out(
		`${jobs.length} jobs (${jobs.map((j) => `${j.name} w${j.weight} ~${j.expectedSeconds}s`).join(', ')}), ${capacity === Infinity ? 'no cap' : `at most ${capacity} weight units at once`} (E2E_JOBS), longest first`,
	);
	const results = await runWeighted(jobs, capacity, (e) => {
		const t = ((Date.now() - started) / 1000).toFixed(0);
		if (e.type === 'start')
			out(
				`[pool] ${t} s: start ${e.job.name} (weight ${e.job.weight}, ~${e.job.expectedSeconds} s expected), ${e.inUse}/${e.capacity} in use`,
			);
		else
			out(
				`[pool] ${t} s: end ${e.job.name} after ${e.seconds?.toFixed(0)} s, ${e.inUse}/${e.capacity} in use`,
			);
	});
	const cpuText = (/** @type {number | null} */ cpu) =>
		cpu === null ? '' : `, cpu ${cpu.toFixed(0)} s`;

	// e2e
	let failedAny = false;
	const e2e = { passed: 0, failed: 0 };
	for (const r of results.filter((x) => x.kind === 'e2e')) {
		e2e.passed += r.passed;
		e2e.failed += r.failed;
		out(
			`${r.failed === 0 ? 'PASS' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed in ${r.seconds.toFixed(1)} s${cpuText(r.cpu)}`,
		);
	}
	out(`e2e run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
	out(`e2e: ${e2e.passed} passed, ${e2e.failed} failed`);
	failedAny ||= e2e.failed > 0;

	// queue
	if (all) {
		const q = results.find((x) => x.kind === 'queue');
		if (!withQueue) out('queue: skipped (QUEUE_TEST=0)');
		else {
			out(
				`${q.failed === 0 ? 'PASS' : 'FAIL'} queue: ${q.passed} passed, ${q.failed} failed in ${q.seconds.toFixed(1)} s${cpuText(q.cpu)}`,
			);
			out(`queue mode took ${q.seconds.toFixed(0)} s`);
			out(`queue: ${q.passed} passed, ${q.failed} failed`);
			failedAny ||= q.failed > 0;
		}
	}

	// chaos
	if (all && withChaos) {
		const c = results.find((x) => x.kind === 'chaos');
		out(
			`${c.failed === 0 ? 'PASS' : 'FAIL'} chaos: ${c.passed} passed, ${c.failed} failed in ${c.seconds.toFixed(1)} s${cpuText(c.cpu)}`,
		);
		out(`chaos test took ${c.seconds.toFixed(0)} s`);
		out(`chaos: ${c.passed} passed, ${c.failed} failed`);
		failedAny ||= c.failed > 0;
	}

	// matrix
	if (all) {
		if (!withMatrix) out('matrix: skipped (N8N_MATRIX=off)\nmatrix: 0 passed, 0 failed');
		else {
			const examplesRun = results.find((x) => x.kind === 'e2e' && x.name === 'examples');
			const rows = versions.map((v, i) => {
				if (reusedRows.has(i)) {
					return (
						matrixLib.reusedRow(v, examplesRun?.lines ?? [], 'the e2e examples run') ?? {
							v,
							flows: new Map([['examples', { passed: 0, failed: 0 }]]),
							counted: false,
							seconds: 0,
							note: 'the e2e examples run printed no check (counted there)',
						}
					);
				}
				return results.find((x) => x.kind === 'matrix' && x.index === i).row;
			});
			const m = matrixLib.printRows(rows);
			failedAny ||= m.failed > 0;
		}
	}
	out(`real-n8n suites took ${((Date.now() - started) / 1000).toFixed(1)} s`);
	process.exit(failedAny ? 1 : 0);
}

main().catch((error) => {
	out(
		`e2e runner failed: ${error instanceof Error ? error.stack : String(error)}\ne2e: 0 passed, 1 failed`,
	);
	if (process.argv.includes('--all'))
		out('queue: 0 passed, 1 failed\nchaos: 0 passed, 1 failed\nmatrix: 0 passed, 1 failed');
	process.exit(1);
});
