// @ts-check
'use strict';
/**
 * Starts a real, fully isolated n8n (the pinned version from scripts/install-n8n.sh) with this
 * repository installed as a community package, for end-to-end tests and the demo.
 *
 *   const { startN8n } = require('<repository>/tools/n8n-instance');
 *   const n8n = await startN8n({ credentials: [...], workflows: [...] });
 *   ... n8n.baseUrl, await n8n.countExecutions('wf-id') ...
 *   await n8n.stop();
 *
 * What it does, in order (every step's output goes to <dataDir>/n8n.log):
 *   1. `bash scripts/install-n8n.sh` (cached outside the repo) -> path of the n8n binary;
 *   2. `npm pack` of this repository (the caller has run `npm run build`; test/e2e/run.js packs
 *      once for all its jobs and passes the tarball in N8N_E2E_PACKED_TARBALL), unpacked into
 *      <dataDir>/.n8n/nodes/node_modules/<package name> the way n8n 2.8.4's own community-package
 *      installer does it (tar --strip-components=1, dev/peer/optional dependencies stripped from the
 *      unpacked package.json, `npm install` only if the package has runtime dependencies, and the
 *      package recorded in <dataDir>/.n8n/nodes/package.json). n8n 2.8.4 loads every
 *      `n8n-nodes-*` folder under .n8n/nodes/node_modules at start-up (the community-packages
 *      module's loadDir); the nodes/package.json is not needed for loading, it is written for
 *      fidelity. Node types are then `<package name>.<node name>`;
 *   3. with SQLite (the default), the install's migrated empty database (<install>/db-template/,
 *      made once by scripts/install-n8n.sh) copied into <dataDir>/.n8n/, so no step below runs
 *      n8n's ~100 migrations (N8N_DB_TEMPLATE=0: n8n migrates a new database itself);
 *      `n8n import:credentials` / `n8n import:workflow` (fixed ids, plaintext credential data is
 *      encrypted on import) and `n8n publish:workflow --id=<id>` for each workflow to activate
 *      (imports are always inactive in 2.x; ~3 s per CLI command). With `activateVia: 'rest'` the
 *      workflows are activated after start-up through the editor's API instead (faster, and
 *      activation errors are thrown at once);
 *   4. `n8n start` in its own process group with free ports for the UI/API and the task broker,
 *      waits for /healthz, for the end of workflow activation ("Editor is now accessible via" is
 *      logged after ActiveWorkflowManager.init() in commands/start.js), and for the REST API;
 *   5. creates the owner (POST /rest/owner/setup) and checks the activated workflows for
 *      activation errors (GET /rest/active-workflows/error/<id>).
 * stop() sends SIGTERM to the process group, SIGKILL after a timeout, checks nothing is left,
 * and deletes the data folder unless KEEP_N8N_DATA=1 (or options.keepData).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const REPO_ROOT = path.resolve(__dirname, '..');
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'install-n8n.sh');

/** Fixed so that credentials imported by one run can be read by the same run's n8n. */
const ENCRYPTION_KEY = 'n8n-nodes-extrahop-e2e-encryption-key-0001';
/** n8n 2.8.4's password rule: 8-64 characters, at least one digit and one uppercase letter. */
const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Pass1',
});
/** Logged by `n8n start` once workflows are activated (commands/start.js in n8n 2.8.4). */
const READY_LINE = 'Editor is now accessible via';
/** Every execution status n8n 2.8.4 knows (n8n-workflow ExecutionStatusList). */
const ALL_EXECUTION_STATUSES = [
	'canceled',
	'crashed',
	'error',
	'new',
	'running',
	'success',
	'unknown',
	'waiting',
];

/**
 * @typedef {{ id: string, name: string, type: string, data: Record<string, any> }} CredentialSpec
 * @typedef {{ id: string, name: string, nodes: any[], connections: Record<string, any>, active?: boolean, settings?: Record<string, any>, [key: string]: any }} WorkflowSpec
 * @typedef {{
 *   workflows?: (WorkflowSpec | string)[],
 *   credentials?: (CredentialSpec | string)[],
 *   activate?: string[] | 'all' | 'flagged',
 *   activateVia?: 'cli' | 'rest',
 *   installPackage?: boolean,
 *   packageDir?: string,
 *   env?: Record<string, string>,
 *   owner?: { email: string, password: string, firstName: string, lastName: string },
 *   setupOwner?: boolean,
 *   startTimeoutMs?: number,
 *   stopTimeoutMs?: number,
 *   logLevel?: 'error' | 'warn' | 'info' | 'debug',
 *   keepData?: boolean,
 *   echo?: boolean,
 *   handleSignals?: boolean,
 *   allowActivationErrors?: boolean,
 *   n8nBin?: string,
 * }} StartOptions
 */

/** Instances still running, stopped on process exit or on SIGINT/SIGTERM/SIGHUP. */
/** @type {Set<N8nInstance>} */
const live = new Set();
let exitHooksInstalled = false;
let signalHooksInstalled = false;

function installExitHooks(/** @type {boolean} */ handleSignals) {
	if (!exitHooksInstalled) {
		exitHooksInstalled = true;
		// Last resort when the caller forgets stop() or crashes: synchronous, so SIGKILL.
		process.on('exit', () => {
			for (const instance of live) instance.killNow();
		});
	}
	if (handleSignals && !signalHooksInstalled) {
		signalHooksInstalled = true;
		for (const [signal, code] of /** @type {[NodeJS.Signals, number][]} */ ([
			['SIGINT', 130],
			['SIGTERM', 143],
			['SIGHUP', 129],
		])) {
			process.once(signal, () => {
				process.stderr.write(
					`\n[n8n-instance] ${signal}: stopping ${live.size} n8n instance(s)...\n`,
				);
				void Promise.allSettled([...live].map((i) => i.stop())).then(() => process.exit(code));
			});
		}
	}
}

/**
 * Runs a command, capturing output; rejects with the output on a non-zero exit.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, stderrPassthrough?: boolean }} [opts]
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
function run(cmd, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			cwd: opts.cwd,
			env: opts.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			stderr += d;
			if (opts.stderrPassthrough) process.stderr.write(d);
		});
		const timer = opts.timeoutMs
			? setTimeout(() => {
					child.kill('SIGKILL');
				}, opts.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (code === 0) resolve({ stdout, stderr });
			else {
				const error = /** @type {Error & { stdout?: string, stderr?: string }} */ (
					new Error(
						`${cmd} ${args.join(' ')} failed (${signal ? `signal ${signal}` : `exit ${code}`}):\n${tail(`${stdout}\n${stderr}`, 40)}`,
					)
				);
				error.stdout = stdout;
				error.stderr = stderr;
				reject(error);
			}
		});
	});
}

/** @param {string} text @param {number} lines */
function tail(text, lines) {
	return text.split('\n').slice(-lines).join('\n');
}

/**
 * Makes sure the pinned n8n is installed (idempotent, cached) and returns its binary.
 * The first install takes several minutes and prints npm's progress to stderr.
 * @returns {Promise<string>}
 */
async function ensureN8n() {
	if (process.env.N8N_BIN) return process.env.N8N_BIN;
	const { stdout } = await run('bash', [INSTALL_SCRIPT], {
		cwd: REPO_ROOT,
		stderrPassthrough: true,
		timeoutMs: 45 * 60 * 1000,
	});
	const bin = stdout.trim().split('\n').pop()?.trim() ?? '';
	if (!bin || !fs.existsSync(bin))
		throw new Error(`scripts/install-n8n.sh did not print an n8n binary path (got "${bin}")`);
	return bin;
}

/**
 * The n8n version behind a binary printed by scripts/install-n8n.sh (its node_modules/.bin/n8n, or
 * the `n8n` wrapper that runs another Node): read from node_modules/n8n/package.json, or null.
 * @param {string} bin
 * @returns {string | null}
 */
function n8nVersionOf(bin) {
	const file = n8nPackageJsonOf(bin);
	return file ? (JSON.parse(fs.readFileSync(file, 'utf8')).version ?? null) : null;
}

/**
 * n8n's own package.json for a binary: node_modules/.bin/n8n links to node_modules/n8n/bin/n8n; the
 * wrapper `<install>/n8n` (another Node) sits next to <install>/node_modules/n8n.
 * @param {string} bin
 * @returns {string | null}
 */
function n8nPackageJsonOf(bin) {
	const candidates = [path.join(path.dirname(bin), 'node_modules', 'n8n', 'package.json')];
	try {
		candidates.unshift(path.join(path.dirname(path.dirname(fs.realpathSync(bin))), 'package.json'));
	} catch {
		// a binary that does not exist: no version
	}
	for (const candidate of candidates) {
		try {
			if (JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'n8n') return candidate;
		} catch {
			// not this layout
		}
	}
	return null;
}

/**
 * Whether n8n behind a binary must run the legacy expression engine: scripts/install-n8n.sh writes
 * .expression-engine-legacy in the install folder when isolated-vm (n8n >= 1.123's default "vm"
 * engine; prebuilt binaries ship in its npm package) does not load on that install's Node.
 * @param {string} bin
 */
function needsLegacyExpressionEngine(bin) {
	const file = n8nPackageJsonOf(bin);
	return (
		file !== null &&
		fs.existsSync(path.join(path.dirname(file), '..', '..', '.expression-engine-legacy'))
	);
}

/**
 * The migrated empty SQLite database scripts/install-n8n.sh makes once per install
 * (<install>/db-template/), or null when that install has none.
 * @param {string} bin
 * @returns {string | null}
 */
function dbTemplateOf(bin) {
	const file = n8nPackageJsonOf(bin);
	if (!file) return null;
	const dir = path.join(path.dirname(file), '..', '..', 'db-template');
	return fs.existsSync(path.join(dir, 'database.sqlite')) ? dir : null;
}

/** True when version a.b.c is at least min (both dotted numbers; an unknown version counts as the pinned 2.8.4). */
function versionAtLeast(/** @type {string | null} */ version, /** @type {string} */ min) {
	const a = (version ?? '2.8.4').split('.').map(Number);
	const b = min.split('.').map(Number);
	for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
	return true;
}

/**
 * What differs between the n8n versions the version matrix runs (docs: n8n-conventions section 6,
 * found by running the examples on each):
 *  - 2.40+ calls api.n8n.io at start-up from its MCP registry module: disabled (only versions that
 *    know the module accept its name in N8N_DISABLED_MODULES);
 *  - 2.40+ answers the activate call before a polling trigger's first poll (a detection created in
 *    that gap becomes the trigger's starting point): tests wait for the first poll;
 *  - n8n < 2.0 has no POST /rest/workflows/<id>/activate: PATCH the workflow with active: true;
 *  - n8n >= 1.123 defaults to the "vm" expression engine (isolated-vm, prebuilt in its npm package):
 *    only where the install found it unloadable is the legacy engine selected.
 * @param {string | null} version
 */
function versionTraits(version) {
	return {
		version,
		disableMcpRegistry: versionAtLeast(version, '2.40.0'),
		activateReturnsBeforeFirstPoll: versionAtLeast(version, '2.40.0'),
		activateEndpoint: versionAtLeast(version, '2.0.0'),
	};
}

/**
 * `npm pack`s a package folder (by default this repository) into destDir.
 * Refuses when the package.json's n8n section points at files that do not exist (not built).
 * @param {string} packageDir
 * @param {string} destDir
 * @returns {Promise<{ tarball: string, name: string, version: string }>}
 */
async function packPackage(packageDir, destDir) {
	const pkg = JSON.parse(await fsp.readFile(path.join(packageDir, 'package.json'), 'utf8'));
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter(
		(/** @type {string} */ f) => !fs.existsSync(path.join(packageDir, f)),
	);
	if (missing.length) {
		throw new Error(
			`${pkg.name}: ${missing.length} file(s) listed in package.json "n8n" are missing (run \`npm run build\` first): ${missing.join(', ')}`,
		);
	}
	// The test runner (test/e2e/run.js) packs this repository once for all its jobs.
	const packed = process.env.N8N_E2E_PACKED_TARBALL;
	if (packed && path.resolve(packageDir) === REPO_ROOT && fs.existsSync(packed))
		return { tarball: packed, name: pkg.name, version: pkg.version };
	await fsp.mkdir(destDir, { recursive: true });
	const { stdout } = await run(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', destDir],
		{ cwd: packageDir, timeoutMs: 5 * 60 * 1000 },
	);
	const jsonStart = stdout.indexOf('[');
	const info = JSON.parse(stdout.slice(jsonStart))[0];
	return { tarball: path.join(destDir, info.filename), name: info.name, version: info.version };
}

/**
 * Unpacks a package tarball into <n8nFolder>/nodes/node_modules/<name> the way n8n 2.8.4's
 * CommunityPackagesService.downloadPackage() does after its own `npm pack`.
 * @param {string} n8nFolder the `.n8n` folder (N8N_USER_FOLDER/.n8n)
 * @param {{ tarball: string, name: string, version: string }} packed
 * @param {NodeJS.ProcessEnv} [env]
 */
async function installPackageInto(n8nFolder, packed, env) {
	const nodesDir = path.join(n8nFolder, 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', packed.name);
	await fsp.rm(packageDir, { recursive: true, force: true });
	await fsp.mkdir(packageDir, { recursive: true });
	await run('tar', ['-xzf', packed.tarball, '-C', packageDir, '--strip-components=1']);
	const pkgPath = path.join(packageDir, 'package.json');
	const {
		devDependencies: _d,
		peerDependencies: _p,
		optionalDependencies: _o,
		...pkg
	} = JSON.parse(await fsp.readFile(pkgPath, 'utf8'));
	await fsp.writeFile(pkgPath, JSON.stringify(pkg, null, 2), 'utf8');
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		// Same flags as n8n's installer. A community package should have no runtime dependencies.
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageDir, env, timeoutMs: 10 * 60 * 1000 },
		);
	}
	const manifestPath = path.join(nodesDir, 'package.json');
	/** @type {{ name: string, private: boolean, dependencies: Record<string, string> }} */
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8'));
	} catch {
		// first package
	}
	manifest.dependencies[packed.name] = packed.version;
	await fsp.writeFile(manifestPath, JSON.stringify(manifest, null, 2), 'utf8');
	return {
		packageDir,
		name: packed.name,
		version: packed.version,
		nodes: /** @type {string[]} */ (pkg.n8n?.nodes ?? []),
		credentials: /** @type {string[]} */ (pkg.n8n?.credentials ?? []),
	};
}

/** A free TCP port on 127.0.0.1 (closed again before n8n binds it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (srv.address());
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string | object} spec */
async function loadJson(spec) {
	return typeof spec === 'string'
		? JSON.parse(await fsp.readFile(path.resolve(spec), 'utf8'))
		: spec;
}

/**
 * The environment of every n8n process: inherited basics, none of the caller's N8N_* / DB_* /
 * EXECUTIONS_* / QUEUE_* settings, and everything needed to start quickly and offline.
 * @param {{ dataDir: string, port: number, brokerPort: number, logLevel: string, extra?: Record<string,string> }} p
 */
function n8nEnv(p) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODES_|CREDENTIALS_|NODE_OPTIONS$|NODE_ENV$)/.test(
				k,
			)
		)
			continue;
		env[k] = v;
	}
	const base = `http://127.0.0.1:${p.port}/`;
	Object.assign(env, {
		HOME: p.dataDir,
		TMPDIR: path.join(p.dataDir, 'tmp'),
		N8N_USER_FOLDER: p.dataDir,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(p.port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		WEBHOOK_URL: base,
		N8N_SECURE_COOKIE: 'false',
		// Task runners are always on in 2.x; the JS runner's broker needs its own free port.
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(p.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// Offline and quiet: nothing phones home, no banners, surveys or template gallery.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// The verified-community-nodes catalogue is fetched from n8n's servers; not reachable here.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// Executions: keep every one (tests count them), never prune during a run.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LOG_LEVEL: p.logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		...p.extra,
	});
	return env;
}

/**
 * Runs a request; a read (GET/HEAD) that fails before any answer is tried again, up to 3 times.
 * On a loaded machine, Node's fetch can reuse a keep-alive connection n8n is just closing
 * ("fetch failed", cause "other side closed"): harmless to repeat for a read, never repeated for a
 * write (it may have been applied).
 * @param {string} method
 * @param {() => Promise<Response>} doFetch
 */
async function fetchRetryingReads(method, doFetch) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await doFetch();
		} catch (error) {
			const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error).cause;
			const retry =
				(method === 'GET' || method === 'HEAD') && attempt < 3 && error instanceof TypeError;
			if (!retry)
				throw new Error(
					`${method} failed: ${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`,
					{ cause: error },
				);
			await sleep(500 * attempt);
		}
	}
}

class N8nInstance {
	/**
	 * @param {{ bin: string, dataDir: string, port: number, brokerPort: number, env: NodeJS.ProcessEnv,
	 *   owner: { email: string, password: string, firstName: string, lastName: string },
	 *   keepData: boolean, stopTimeoutMs: number, echo: boolean }} p
	 */
	constructor(p) {
		this.bin = p.bin;
		this.dataDir = p.dataDir;
		this.n8nFolder = path.join(p.dataDir, '.n8n');
		this.logFile = path.join(p.dataDir, 'n8n.log');
		this.port = p.port;
		this.brokerPort = p.brokerPort;
		this.baseUrl = `http://127.0.0.1:${p.port}`;
		this.env = p.env;
		this.email = p.owner.email;
		this.password = p.owner.password;
		this.owner = p.owner;
		this.keepData = p.keepData;
		this.stopTimeoutMs = p.stopTimeoutMs;
		this.echo = p.echo;
		/** @type {import('node:child_process').ChildProcess | null} */
		this.child = null;
		/** @type {number | null} */
		this.pgid = null;
		this.exited = false;
		/** @type {{ code: number | null, signal: string | null } | null} */
		this.exitInfo = null;
		/** @type {string | null} */
		this.cookie = null;
		/** @type {Promise<void> | null} */
		this.stopping = null;
		/** @type {{ packageDir: string, name: string, version: string, nodes: string[], credentials: string[] } | null} */
		this.installedPackage = null;
		/** @type {string[]} */
		this.activated = [];
		/** @type {Record<string, number>} */
		this.timings = {};
		this.traits = versionTraits(n8nVersionOf(p.bin));
		/** n8n's version (from the installed package), e.g. "2.8.4"; null if unknown. */
		this.version = this.traits.version;
	}

	/** Appends a line to the log file (steps of this library, CLI output). */
	note(/** @type {string} */ text) {
		fs.appendFileSync(this.logFile, `${text.endsWith('\n') ? text : `${text}\n`}`);
		if (this.echo) process.stderr.write(`[n8n] ${text}${text.endsWith('\n') ? '' : '\n'}`);
	}

	/** The whole log: this library's steps, the CLI commands' output and `n8n start`'s stdout/stderr. */
	logs() {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	logTail(lines = 60) {
		return tail(this.logs().trimEnd(), lines);
	}

	/**
	 * Runs an n8n CLI command against this instance's data folder (only while `n8n start` is not running:
	 * both would open the same SQLite database).
	 * @param {string[]} args
	 */
	async cli(args) {
		if (this.child && !this.exited)
			throw new Error(
				'n8n CLI commands cannot run while `n8n start` is running on the same data folder',
			);
		const started = Date.now();
		this.note(`$ n8n ${args.join(' ')}`);
		try {
			const { stdout, stderr } = await run(this.bin, args, {
				cwd: this.dataDir,
				env: this.env,
				timeoutMs: 5 * 60 * 1000,
			});
			this.note(`${stdout}${stderr}`.trimEnd() || '(no output)');
			this.note(`(${Date.now() - started} ms)`);
			return `${stdout}${stderr}`;
		} catch (error) {
			const e = /** @type {Error & { stdout?: string, stderr?: string }} */ (error);
			this.note(`${e.stdout ?? ''}${e.stderr ?? ''}`.trimEnd());
			throw error;
		}
	}

	/** Spawns `n8n start` in its own process group, output to the log file. */
	spawnStart() {
		const fd = fs.openSync(this.logFile, 'a');
		this.note(`$ n8n start   (port ${this.port}, task broker ${this.brokerPort})`);
		const child = spawn(this.bin, ['start'], {
			cwd: this.dataDir,
			env: this.env,
			detached: true,
			stdio: ['ignore', fd, fd],
		});
		fs.closeSync(fd);
		this.child = child;
		this.pgid = child.pid ?? null;
		this.exited = false;
		child.on('exit', (code, signal) => {
			this.exited = true;
			this.exitInfo = { code, signal };
		});
		live.add(this);
		if (this.echo) {
			let offset = fs.statSync(this.logFile).size;
			const timer = setInterval(() => {
				try {
					const size = fs.statSync(this.logFile).size;
					if (size > offset) {
						const fdr = fs.openSync(this.logFile, 'r');
						const buf = Buffer.alloc(size - offset);
						fs.readSync(fdr, buf, 0, buf.length, offset);
						fs.closeSync(fdr);
						offset = size;
						process.stderr.write(buf.toString('utf8').replace(/^/gm, '[n8n] '));
					}
				} catch {
					clearInterval(timer);
				}
				if (this.exited) clearInterval(timer);
			}, 250);
			timer.unref();
		}
	}

	/**
	 * Waits until n8n serves /healthz, has activated its workflows and answers the REST API.
	 * @param {number} timeoutMs
	 */
	async waitReady(timeoutMs) {
		const started = Date.now();
		const deadline = started + timeoutMs;
		const check = () => {
			if (this.exited)
				throw new Error(`n8n exited during start-up (${JSON.stringify(this.exitInfo)})`);
			if (Date.now() > deadline) throw new Error(`n8n was not ready after ${timeoutMs} ms`);
		};
		const get = async (/** @type {string} */ p) => {
			try {
				const res = await fetch(`${this.baseUrl}${p}`, { signal: AbortSignal.timeout(5000) });
				await res.arrayBuffer();
				return res.status;
			} catch {
				return 0;
			}
		};
		while ((await get('/healthz')) !== 200) {
			check();
			await sleep(200);
		}
		this.timings.healthzMs = Date.now() - started;
		while (!this.logs().includes(READY_LINE)) {
			check();
			await sleep(200);
		}
		while ((await get('/rest/settings')) !== 200) {
			check();
			await sleep(200);
		}
		this.timings.readyMs = Date.now() - started;
	}

	/**
	 * A REST call to n8n's internal API (/rest/...) with the owner's session cookie.
	 * Answers the `data` member of n8n's `{ data }` envelope.
	 * @param {string} method
	 * @param {string} p path under the base URL, e.g. /rest/executions
	 * @param {unknown} [body]
	 * @param {{ auth?: boolean, raw?: boolean }} [opts]
	 */
	async rest(method, p, body, opts = {}) {
		const auth = opts.auth !== false;
		if (auth && !this.cookie) await this.login();
		const doFetch = () =>
			fetch(`${this.baseUrl}${p}`, {
				method,
				headers: {
					'Content-Type': 'application/json',
					Accept: 'application/json',
					...(auth && this.cookie ? { Cookie: this.cookie } : {}),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(30000),
			});
		let res = await fetchRetryingReads(method, doFetch);
		if (res.status === 401 && auth) {
			await res.arrayBuffer();
			await this.login();
			res = await doFetch();
		}
		const text = await res.text();
		if (!res.ok)
			throw new Error(`n8n ${method} ${p} answered ${res.status}: ${text.slice(0, 1000)}`);
		if (opts.raw) return text;
		const json = text ? JSON.parse(text) : undefined;
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** Creates the owner account on a fresh instance (POST /rest/owner/setup). */
	async setupOwner() {
		const res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(this.owner),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${text.slice(0, 500)}`);
		const cookie = cookieFrom(res);
		if (cookie) this.cookie = cookie;
	}

	/**
	 * Logs in as the owner (POST /rest/login with {emailOrLdapLoginId, password}) and returns the
	 * `n8n-auth=...` cookie, also kept for rest().
	 * @returns {Promise<string>}
	 */
	async login() {
		const res = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			// `email` for n8n 1.x (older than emailOrLdapLoginId); unknown keys are ignored by both.
			body: JSON.stringify({
				emailOrLdapLoginId: this.email,
				email: this.email,
				password: this.password,
			}),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n login failed: ${res.status} ${text.slice(0, 500)}`);
		const cookie = cookieFrom(res);
		if (!cookie) throw new Error('n8n login answered no n8n-auth cookie');
		this.cookie = cookie;
		return cookie;
	}

	/**
	 * Every execution (newest first), optionally of one workflow and/or some statuses, paging through
	 * GET /rest/executions 100 at a time.
	 * @param {{ workflowId?: string, status?: string[] }} [filter]
	 * @returns {Promise<{ id: string, workflowId: string, status: string, mode: string, startedAt: string, stoppedAt: string | null, finished?: boolean, [k: string]: any }[]>}
	 */
	async listExecutions(filter = {}) {
		/** @type {any[]} */
		const all = [];
		/** @type {string | undefined} */
		let lastId;
		for (;;) {
			const query = new URLSearchParams({
				limit: '100',
				filter: JSON.stringify({
					...(filter.workflowId ? { workflowId: filter.workflowId } : {}),
					status: filter.status ?? ALL_EXECUTION_STATUSES,
				}),
			});
			if (lastId) query.set('lastId', lastId);
			const page = await this.rest('GET', `/rest/executions?${query}`);
			const results = page?.results ?? [];
			all.push(...results);
			if (results.length < 100) break;
			lastId = results[results.length - 1].id;
		}
		return all;
	}

	/**
	 * @param {string} workflowId
	 * @param {{ status?: string[] }} [opts]
	 */
	async countExecutions(workflowId, opts = {}) {
		return (await this.listExecutions({ workflowId, status: opts.status })).length;
	}

	/** Execution counts per workflow id and status: { [workflowId]: { success: n, error: n, ... } }. */
	async executionSummary() {
		/** @type {Record<string, Record<string, number>>} */
		const out = {};
		for (const e of await this.listExecutions()) {
			out[e.workflowId] ??= {};
			out[e.workflowId][e.status] = (out[e.workflowId][e.status] ?? 0) + 1;
		}
		return out;
	}

	/**
	 * One execution with its run data decoded (n8n stores it "flatted"-encoded).
	 * @param {string} id
	 */
	async getExecution(id) {
		const execution = await this.rest('GET', `/rest/executions/${id}`);
		if (execution && typeof execution.data === 'string') {
			const n8nRequire = createRequire(
				n8nPackageJsonOf(this.bin) ??
					path.join(path.dirname(path.dirname(fs.realpathSync(this.bin))), 'package.json'),
			);
			const { parse } = n8nRequire('flatted');
			execution.data = parse(execution.data);
		}
		return execution;
	}

	/**
	 * Output items of one node in an execution: [{ json, ... }, ...] of its first output, last run.
	 * @param {any} execution from getExecution()
	 * @param {string} nodeName
	 */
	nodeOutput(execution, nodeName) {
		const runs = execution?.data?.resultData?.runData?.[nodeName];
		if (!runs || !runs.length) return undefined;
		const last = runs[runs.length - 1];
		return last.data?.main?.[0] ?? [];
	}

	/**
	 * Waits until a workflow has at least `count` finished executions (optionally of given statuses).
	 * @param {string} workflowId
	 * @param {number} count
	 * @param {{ timeoutMs?: number, status?: string[], intervalMs?: number }} [opts]
	 */
	async waitForExecutions(workflowId, count, opts = {}) {
		const deadline = Date.now() + (opts.timeoutMs ?? 60000);
		const status = opts.status ?? ['success', 'error', 'crashed', 'canceled'];
		for (;;) {
			const list = await this.listExecutions({ workflowId, status });
			if (list.length >= count) return list;
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${workflowId}: ${list.length} execution(s) with status ${status.join('/')} after ${opts.timeoutMs ?? 60000} ms, expected ${count}\n--- n8n log tail ---\n${this.logTail(40)}`,
				);
			}
			await sleep(opts.intervalMs ?? 500);
		}
	}

	/**
	 * Activates ("publishes") a workflow in the running n8n, as the editor's Publish button does
	 * (POST /rest/workflows/<id>/activate with the current versionId). Throws n8n's message when
	 * activation fails (e.g. a trigger's create() or first poll throws).
	 * @param {string} workflowId
	 */
	async activateWorkflow(workflowId) {
		const workflow = await this.rest('GET', `/rest/workflows/${workflowId}`);
		// n8n 1.x: no activate endpoint; the editor's toggle PATCHes the workflow.
		if (!this.traits.activateEndpoint)
			return await this.rest('PATCH', `/rest/workflows/${workflowId}`, {
				active: true,
				versionId: workflow.versionId,
			});
		return await this.rest('POST', `/rest/workflows/${workflowId}/activate`, {
			versionId: workflow.versionId,
		});
	}

	/** Deactivates ("unpublishes") a workflow in the running n8n. */
	async deactivateWorkflow(/** @type {string} */ workflowId) {
		return await this.rest('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * Runs a stored credential's test as the editor's "Test" / save does (POST /rest/credentials/test).
	 * @param {{ id: string, name: string, type: string, data?: Record<string, any> }} credential
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
	 */
	async testCredential(credential) {
		return await this.rest('POST', '/rest/credentials/test', {
			credentials: {
				id: credential.id,
				name: credential.name,
				type: credential.type,
				data: credential.data ?? {},
			},
		});
	}

	/**
	 * Asks a node for its dynamic options the way the editor does when a dropdown opens
	 * (POST /rest/dynamic-node-parameters/options for loadOptions methods,
	 * /resource-locator-results for listSearch methods).
	 * @param {{ kind: 'options' | 'listSearch', nodeType: string, version: number, methodName: string,
	 *   path?: string, parameters: Record<string, any>, credentials?: Record<string, { id: string, name: string }>, filter?: string }} p
	 */
	async nodeOptions(p) {
		const body = {
			path: p.path ?? 'parameters',
			nodeTypeAndVersion: { name: p.nodeType, version: p.version },
			currentNodeParameters: p.parameters,
			methodName: p.methodName,
			credentials: p.credentials,
			...(p.filter ? { filter: p.filter } : {}),
		};
		const result = await this.rest(
			'POST',
			p.kind === 'options'
				? '/rest/dynamic-node-parameters/options'
				: '/rest/dynamic-node-parameters/resource-locator-results',
			body,
		);
		return p.kind === 'options' ? result : result?.results;
	}

	/** Activation error of a workflow as n8n reports it, or null. */
	async activationError(/** @type {string} */ workflowId) {
		return (await this.rest('GET', `/rest/active-workflows/error/${workflowId}`)) ?? null;
	}

	/** Node type names n8n has loaded (GET /types/nodes.json), optionally only those with a prefix. */
	async nodeTypes(prefix = '') {
		const text = /** @type {string} */ (
			await this.rest('GET', '/types/nodes.json', undefined, { raw: true })
		);
		const names = new Set(JSON.parse(text).map((/** @type {{ name: string }} */ t) => t.name));
		return [...names].filter((n) => n.startsWith(prefix)).sort();
	}

	/** Credential type names n8n has loaded (GET /types/credentials.json). */
	async credentialTypes(prefix = '') {
		const text = /** @type {string} */ (
			await this.rest('GET', '/types/credentials.json', undefined, { raw: true })
		);
		return JSON.parse(text)
			.map((/** @type {{ name: string }} */ t) => t.name)
			.filter((/** @type {string} */ n) => n.startsWith(prefix))
			.sort();
	}

	/** Production webhook URL of a path: <base>/webhook/<path>. */
	webhookUrl(/** @type {string} */ webhookPath) {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
	}

	/** Editor URL of a workflow. */
	workflowUrl(/** @type {string} */ workflowId) {
		return `${this.baseUrl}/workflow/${workflowId}`;
	}

	/** Synchronous SIGKILL of the whole process group (process exit handler). */
	killNow() {
		if (this.pgid && !this.exited) {
			try {
				process.kill(-this.pgid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		if (!this.keepData) {
			try {
				fs.rmSync(this.dataDir, { recursive: true, force: true });
			} catch {
				// best effort
			}
		}
		live.delete(this);
	}

	/** True while any process of the group is alive. */
	groupAlive() {
		if (!this.pgid) return false;
		try {
			process.kill(-this.pgid, 0);
			return true;
		} catch (error) {
			return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
		}
	}

	/**
	 * Stops n8n: SIGTERM to the process group, SIGKILL after stopTimeoutMs, then makes sure no
	 * process of the group is left, and deletes the data folder unless kept. Idempotent.
	 */
	stop() {
		if (!this.stopping) this.stopping = this.doStop();
		return this.stopping;
	}

	async doStop() {
		const started = Date.now();
		if (this.pgid && this.groupAlive()) {
			this.note(`[n8n-instance] stopping: SIGTERM to process group ${this.pgid}`);
			try {
				process.kill(-this.pgid, 'SIGTERM');
			} catch {
				// gone already
			}
			const deadline = Date.now() + this.stopTimeoutMs;
			while (this.groupAlive() && Date.now() < deadline) await sleep(100);
			if (this.groupAlive()) {
				this.note(`[n8n-instance] still running after ${this.stopTimeoutMs} ms: SIGKILL`);
				try {
					process.kill(-this.pgid, 'SIGKILL');
				} catch {
					// gone
				}
				const killDeadline = Date.now() + 5000;
				while (this.groupAlive() && Date.now() < killDeadline) await sleep(100);
			}
			if (this.groupAlive()) throw new Error(`n8n process group ${this.pgid} survived SIGKILL`);
		}
		this.timings.stopMs = Date.now() - started;
		live.delete(this);
		if (this.keepData) {
			process.stderr.write(
				`[n8n-instance] kept n8n data folder: ${this.dataDir} (log: ${this.logFile})\n`,
			);
		} else {
			await fsp.rm(this.dataDir, { recursive: true, force: true });
		}
	}
}

/** @param {Response} res */
function cookieFrom(res) {
	const all =
		typeof res.headers.getSetCookie === 'function'
			? res.headers.getSetCookie()
			: [res.headers.get('set-cookie') ?? ''];
	const auth = all.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	return auth ?? null;
}

/**
 * Starts an isolated n8n. See the file header for what happens.
 * @param {StartOptions} [options]
 * @returns {Promise<N8nInstance>}
 */
async function startN8n(options = {}) {
	const t0 = Date.now();
	const keepData = options.keepData ?? process.env.KEEP_N8N_DATA === '1';
	const echo = options.echo ?? process.env.N8N_E2E_ECHO === '1';
	installExitHooks(options.handleSignals !== false);

	const bin = options.n8nBin ?? (await ensureN8n());
	const tEnsure = Date.now();
	const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-'));
	await fsp.mkdir(path.join(dataDir, 'tmp'), { recursive: true });
	await fsp.mkdir(path.join(dataDir, '.n8n'), { recursive: true });
	const port = Number(options.env?.N8N_PORT ?? (await freePort()));
	const brokerPort = Number(options.env?.N8N_RUNNERS_BROKER_PORT ?? (await freePort()));
	const traits = versionTraits(n8nVersionOf(bin));
	const versionEnv = {
		...(needsLegacyExpressionEngine(bin) ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		...(traits.disableMcpRegistry ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
	};
	const env = n8nEnv({
		dataDir,
		port,
		brokerPort,
		logLevel: options.logLevel ?? 'info',
		extra: { ...versionEnv, ...options.env },
	});
	const instance = new N8nInstance({
		bin,
		dataDir,
		port,
		brokerPort,
		env,
		owner: options.owner ?? DEFAULT_OWNER,
		keepData,
		stopTimeoutMs: options.stopTimeoutMs ?? 20000,
		echo,
	});
	instance.timings.ensureN8nMs = tEnsure - t0;
	instance.note(`[n8n-instance] data folder ${dataDir}, n8n ${bin}`);
	// A SQLite instance starts from the install's migrated empty database: its CLI imports and
	// `n8n start` then skip n8n's migrations (N8N_DB_TEMPLATE=0: migrate as on a first start).
	const template = !env.DB_TYPE || env.DB_TYPE === 'sqlite' ? dbTemplateOf(bin) : null;
	if (template && process.env.N8N_DB_TEMPLATE !== '0') {
		for (const f of await fsp.readdir(template))
			await fsp.copyFile(path.join(template, f), path.join(instance.n8nFolder, f));
		instance.note(`[n8n-instance] database copied from ${template} (migrated)`);
		instance.timings.dbTemplate = 1;
	}

	try {
		// 2. this package, installed the way n8n installs community packages
		if (options.installPackage !== false) {
			const t = Date.now();
			const packed = await packPackage(options.packageDir ?? REPO_ROOT, path.join(dataDir, 'pack'));
			instance.installedPackage = await installPackageInto(instance.n8nFolder, packed, env);
			instance.note(
				`[n8n-instance] installed ${packed.name}@${packed.version} into ${instance.installedPackage.packageDir} (${instance.installedPackage.nodes.length} node(s), ${instance.installedPackage.credentials.length} credential(s))`,
			);
			instance.timings.packageMs = Date.now() - t;
		}

		// 3. credentials and workflows
		const t3 = Date.now();
		const credentials = await Promise.all((options.credentials ?? []).map(loadJson));
		const workflows = await Promise.all((options.workflows ?? []).map(loadJson));
		for (const w of workflows) {
			if (!w.id) throw new Error(`workflow "${w.name}" has no fixed id`);
		}
		if (credentials.length) {
			const file = path.join(dataDir, 'import-credentials.json');
			await fsp.writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
			const out = await instance.cli(['import:credentials', `--input=${file}`]);
			if (!/Successfully imported/i.test(out))
				throw new Error(`import:credentials did not report success:\n${out}`);
		}
		if (workflows.length) {
			const file = path.join(dataDir, 'import-workflows.json');
			await fsp.writeFile(file, JSON.stringify(workflows, null, 2));
			const out = await instance.cli(['import:workflow', `--input=${file}`]);
			if (!/Successfully imported/i.test(out))
				throw new Error(`import:workflow did not report success:\n${out}`);
		}
		const activate =
			options.activate === 'all'
				? workflows.map((w) => w.id)
				: Array.isArray(options.activate)
					? options.activate
					: workflows.filter((w) => w.active === true).map((w) => w.id);
		const viaRest = options.activateVia === 'rest';
		if (viaRest && options.setupOwner === false)
			throw new Error('activateVia "rest" needs the owner (setupOwner must not be false)');
		for (const id of viaRest ? [] : activate) {
			// n8n 1.x has no publish:workflow; its update:workflow --active=true does the same.
			const out = await instance.cli(
				traits.activateEndpoint
					? ['publish:workflow', `--id=${id}`]
					: ['update:workflow', `--id=${id}`, '--active=true'],
			);
			// publish:workflow reports failures in its output, not always in its exit code.
			if (/GOT ERROR|Error updating database|not found/i.test(out))
				throw new Error(`publish:workflow --id=${id} failed:\n${out}`);
		}
		instance.activated = activate;
		instance.timings.importMs = Date.now() - t3;

		// 4. n8n start
		const t4 = Date.now();
		instance.spawnStart();
		await instance.waitReady(options.startTimeoutMs ?? 180000);
		instance.timings.startMs = Date.now() - t4;

		// 5. owner, activation errors
		if (options.setupOwner !== false) {
			await instance.setupOwner();
			await instance.login();
		}
		if (viaRest) {
			const t = Date.now();
			for (const id of activate) {
				try {
					await instance.activateWorkflow(id);
				} catch (error) {
					if (!options.allowActivationErrors) throw error;
					instance.note(
						`[n8n-instance] activation of ${id} failed (allowed): ${error instanceof Error ? error.message : String(error)}`,
					);
				}
			}
			instance.timings.activateMs = Date.now() - t;
		} else if (options.setupOwner !== false && !options.allowActivationErrors) {
			for (const id of activate) {
				const error = await instance.activationError(id);
				if (error)
					throw new Error(
						`workflow ${id} failed to activate: ${typeof error === 'string' ? error : JSON.stringify(error)}`,
					);
			}
		}
		instance.timings.totalMs = Date.now() - t0;
		instance.note(
			`[n8n-instance] ready at ${instance.baseUrl} ${JSON.stringify(instance.timings)}`,
		);
		return instance;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const logTail = instance.logTail(80);
		await instance
			.stop()
			.catch((e) => process.stderr.write(`[n8n-instance] stop after failure: ${e}\n`));
		const wrapped = new Error(
			`${message}\n--- n8n log tail (${instance.logFile}${keepData ? '' : ', deleted'}) ---\n${logTail}`,
		);
		wrapped.stack = `${wrapped.message}\n${error instanceof Error ? (error.stack ?? '').split('\n').slice(1).join('\n') : ''}`;
		throw wrapped;
	}
}

/**
 * A Jira Server credential (n8n's built-in `jiraSoftwareServerApi`) for import:credentials.
 * @param {{ id?: string, name?: string, email: string, password: string, domain: string }} p
 * @returns {CredentialSpec}
 */
function jiraServerCredential(p) {
	return {
		id: p.id ?? 'jiraSimCredential01',
		name: p.name ?? 'Jira (simulator)',
		type: 'jiraSoftwareServerApi',
		data: { email: p.email, password: p.password, domain: p.domain },
	};
}

module.exports = {
	startN8n,
	ensureN8n,
	n8nVersionOf,
	needsLegacyExpressionEngine,
	versionAtLeast,
	versionTraits,
	packPackage,
	installPackageInto,
	freePort,
	n8nEnv,
	jiraServerCredential,
	N8nInstance,
	DEFAULT_OWNER,
	ENCRYPTION_KEY,
	REPO_ROOT,
	ALL_EXECUTION_STATUSES,
};
