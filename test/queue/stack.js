// @ts-check
'use strict';
/**
 * n8n in queue mode on one machine, every part real and private to the run (free ports, one temp
 * folder, everything stopped by stop(), also on failure and Ctrl-C):
 *   - Redis (`redis-server`, no persistence);
 *   - a PostgreSQL cluster (`initdb` in the temp folder, run as the `postgres` user when this runs
 *     as root, since PostgreSQL refuses root; fsync off: a test database);
 *   - n8n main (`n8n start`, tools/n8n-instance.js), workers (`n8n worker`) and webhook
 *     processes (`n8n webhook`), each with its own N8N_USER_FOLDER and the packed package
 *     installed into it the way n8n installs community packages;
 *   - nginx in front of the webhook processes with docs/queue-mode/nginx.conf, only its
 *     addresses replaced.
 * Missing programs are installed by scripts/install-system-deps.sh (Debian packages,
 * one apt-get at a time).
 *
 * Process faults for the tests: killService (SIGKILL, waits until the process group is gone),
 * restartService (a worker or webhook process started again on its folder and ports, ready when
 * its /healthz answers), workerRunning (which worker runs an execution, from the workers' logs),
 * serviceOfConnection (which process holds a TCP connection, i.e. sent a request) and restartMain.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const {
	startN8n,
	ensureN8n,
	packPackage,
	installPackageInto,
	freePort,
	n8nEnv,
	REPO_ROOT,
} = require('../../tools/n8n-instance');
const { sleep } = require('../e2e/lib/report');

const NGINX_EXAMPLE = path.join(REPO_ROOT, 'docs', 'queue-mode', 'nginx.conf');

/** @param {string} text @param {number} n */
const tail = (text, n) => text.split('\n').slice(-n).join('\n');

/** Where the programs are (installing them if missing). */
function findPrograms() {
	const out = execFileSync(
		'bash',
		[path.join(REPO_ROOT, 'scripts', 'install-system-deps.sh'), 'queue'],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
	);
	/** @type {Record<string, string>} */
	const found = {};
	for (const line of out.trim().split('\n')) {
		const [k, ...v] = line.split('=');
		found[k] = v.join('=');
	}
	return { redis: found.redis, pgbin: found.pgbin, nginx: found.nginx };
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A long-running child in its own process group, output to a log file. */
class Service {
	/**
	 * @param {string} name
	 * @param {string} cmd
	 * @param {string[]} args
	 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, log: string, asPostgres?: boolean }} opts
	 */
	constructor(name, cmd, args, opts) {
		this.name = name;
		this.cmd = cmd;
		this.args = args;
		this.opts = opts;
		this.log = opts.log;
		/** Where a worker or webhook process answers /healthz (set by startStack). */
		this.healthUrl = '';
		/** @type {number | null} */
		this.pgid = null;
		this.exited = true;
	}

	start() {
		const fd = fs.openSync(this.log, 'a');
		const [cmd, args] =
			this.opts.asPostgres && isRoot
				? ['runuser', ['-u', 'postgres', '--', this.cmd, ...this.args]]
				: [this.cmd, this.args];
		const child = spawn(cmd, args, {
			cwd: this.opts.cwd,
			env: this.opts.env ?? process.env,
			detached: true,
			stdio: ['ignore', fd, fd],
		});
		fs.closeSync(fd);
		this.pgid = child.pid ?? null;
		this.exited = false;
		child.on('exit', () => (this.exited = true));
		return this;
	}

	alive() {
		if (!this.pgid) return false;
		try {
			process.kill(-this.pgid, 0);
			return true;
		} catch (error) {
			return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
		}
	}

	/** @param {NodeJS.Signals} signal */
	signal(signal) {
		if (!this.pgid) return;
		try {
			process.kill(-this.pgid, signal);
		} catch {
			// gone
		}
	}

	async stop(timeoutMs = 20000) {
		if (!this.alive()) return;
		this.signal('SIGTERM');
		const deadline = Date.now() + timeoutMs;
		while (this.alive() && Date.now() < deadline) await sleep(100);
		if (this.alive()) this.signal('SIGKILL');
		const killDeadline = Date.now() + 5000;
		while (this.alive() && Date.now() < killDeadline) await sleep(100);
	}

	logTail(n = 30) {
		try {
			return tail(fs.readFileSync(this.log, 'utf8').trimEnd(), n);
		} catch {
			return '';
		}
	}
}

/**
 * @param {string} what
 * @param {() => Promise<boolean> | boolean} probe
 * @param {number} timeoutMs
 * @param {Service} [service]
 */
async function waitUntil(what, probe, timeoutMs, service) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await probe()) return;
		if (service && service.exited)
			throw new Error(`${service.name} exited while waiting for ${what}:\n${service.logTail(40)}`);
		if (Date.now() > deadline)
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${what}${service ? `:\n${service.logTail(40)}` : ''}`,
			);
		await sleep(250);
	}
}

/** @param {string} url */
async function httpStatus(url) {
	try {
		const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
		await res.arrayBuffer();
		return res.status;
	} catch {
		return 0;
	}
}

/**
 * Starts the whole stack. The main process is started with `main` (credentials, workflows,
 * activate...), workers and webhook processes after it (they need its database migrations).
 * @param {{ workers?: number, webhooks?: number, main: import('../../tools/n8n-instance').StartOptions,
 *   queueEnv?: Record<string, string>, log?: (line: string) => void }} options
 */
async function startStack(options) {
	const log =
		options.log ?? ((/** @type {string} */ line) => process.stdout.write(`  .. ${line}\n`));
	const programs = findPrograms();
	const bin = await ensureN8n();
	const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-'));
	await fsp.chmod(root, 0o755);
	/** @type {Service[]} */
	const services = [];
	/** @type {import('../../tools/n8n-instance').N8nInstance | null} */
	let main = null;
	const stack = {
		root,
		services,
		/** @type {Service[]} */ workers: [],
		/** @type {{ service: Service, port: number, url: string, dataDir: string, env: NodeJS.ProcessEnv }[]} */ webhooks:
			[],
		/** @type {import('../../tools/n8n-instance').N8nInstance} */ main: /** @type {any} */ (null),
		nginxUrl: '',
		redisPort: 0,
		pgPort: 0,
		/** @type {Record<string, string>} */ queueEnv: {},
		stopping: /** @type {Promise<void> | null} */ (null),
		stop() {
			if (!this.stopping) {
				this.stopping = (async () => {
					// n8n first (they need Redis and PostgreSQL to shut down cleanly), then the rest.
					const n8nServices = [...this.webhooks.map((w) => w.service), ...this.workers];
					await Promise.all(n8nServices.map((s) => s.stop()));
					if (main) {
						// Kept for restarts during the run; deleted with the rest now unless KEEP_N8N_DATA=1.
						main.keepData = process.env.KEEP_N8N_DATA === '1';
						await main.stop().catch(() => {});
					}
					await Promise.all(
						services.filter((s) => !n8nServices.includes(s)).map((s) => s.stop(10000)),
					);
					if (process.env.KEEP_N8N_DATA !== '1')
						await fsp.rm(root, { recursive: true, force: true });
					else process.stderr.write(`kept ${root}\n`);
				})();
			}
			return this.stopping;
		},
	};
	const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
		process.stderr.write(`\n${signal}: stopping the queue-mode stack...\n`);
		void stack.stop().finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	process.on('exit', () => {
		for (const s of services) s.signal('SIGKILL');
		if (main) {
			main.killNow();
			if (process.env.KEEP_N8N_DATA !== '1')
				fs.rmSync(main.dataDir, { recursive: true, force: true });
		}
		if (process.env.KEEP_N8N_DATA !== '1') fs.rmSync(root, { recursive: true, force: true });
	});

	try {
		const t0 = Date.now();
		// Redis
		stack.redisPort = await freePort();
		const redisDir = path.join(root, 'redis');
		await fsp.mkdir(redisDir);
		const redis = new Service(
			'redis',
			programs.redis,
			[
				'--port',
				String(stack.redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				redisDir,
			],
			{ log: path.join(root, 'redis.log') },
		).start();
		services.push(redis);

		// PostgreSQL
		stack.pgPort = await freePort();
		const pgDir = path.join(root, 'pg');
		await fsp.mkdir(pgDir, { mode: 0o700 });
		if (isRoot) execFileSync('chown', ['postgres:postgres', pgDir]);
		const initdbArgs = ['-D', pgDir, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync'];
		execFileSync(
			isRoot ? 'runuser' : path.join(programs.pgbin, 'initdb'),
			isRoot
				? ['-u', 'postgres', '--', path.join(programs.pgbin, 'initdb'), ...initdbArgs]
				: initdbArgs,
			{ stdio: ['ignore', 'ignore', 'pipe'] },
		);
		const postgres = new Service(
			'postgres',
			path.join(programs.pgbin, 'postgres'),
			[
				'-D',
				pgDir,
				'-p',
				String(stack.pgPort),
				'-k',
				pgDir,
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				'fsync=off',
				'-c',
				'synchronous_commit=off',
				'-c',
				'full_page_writes=off',
				'-c',
				'max_connections=100',
			],
			{ log: path.join(root, 'postgres.log'), asPostgres: true },
		).start();
		services.push(postgres);
		const pgReady = () => {
			try {
				execFileSync(
					path.join(programs.pgbin, 'pg_isready'),
					['-h', '127.0.0.1', '-p', String(stack.pgPort)],
					{ stdio: 'ignore' },
				);
				return true;
			} catch {
				return false;
			}
		};
		await waitUntil('PostgreSQL', pgReady, 30000, postgres);
		execFileSync(path.join(programs.pgbin, 'createdb'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(stack.pgPort),
			'-U',
			'n8n',
			'n8n',
		]);
		log(
			`Redis :${stack.redisPort}, PostgreSQL :${stack.pgPort} up in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
		);

		// Ports of the webhook processes are needed before main starts (WEBHOOK_URL = nginx).
		const webhookPorts = [];
		for (let i = 0; i < (options.webhooks ?? 2); i++) webhookPorts.push(await freePort());
		const nginxPort = await freePort();
		stack.nginxUrl = `http://127.0.0.1:${nginxPort}`;

		stack.queueEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(stack.pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(stack.redisPort),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			WEBHOOK_URL: `${stack.nginxUrl}/`,
			...(options.queueEnv ?? {}),
		};

		// main
		const t1 = Date.now();
		main = await startN8n({
			...options.main,
			keepData: true,
			handleSignals: false,
			env: { ...stack.queueEnv, ...(options.main.env ?? {}) },
		});
		stack.main = main;
		log(`n8n main ${main.baseUrl} ready in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

		// workers and webhook processes, in parallel
		const t2 = Date.now();
		const packed = await packPackage(REPO_ROOT, path.join(root, 'pack'));
		const startN8nProcess = async (
			/** @type {'worker' | 'webhook'} */ kind,
			/** @type {number} */ index,
			/** @type {number} */ port,
		) => {
			const dataDir = path.join(root, `${kind}-${index + 1}`);
			await fsp.mkdir(path.join(dataDir, '.n8n'), { recursive: true });
			await fsp.mkdir(path.join(dataDir, 'tmp'), { recursive: true });
			const healthPort = kind === 'worker' ? await freePort() : port;
			const env = n8nEnv({
				dataDir,
				port,
				brokerPort: await freePort(),
				logLevel: 'info',
				extra: {
					...stack.queueEnv,
					...(kind === 'worker'
						? {
								QUEUE_HEALTH_CHECK_ACTIVE: 'true',
								QUEUE_HEALTH_CHECK_PORT: String(healthPort),
								N8N_PORT: String(port),
							}
						: {}),
				},
			});
			await installPackageInto(path.join(dataDir, '.n8n'), packed, env);
			const args = kind === 'worker' ? ['worker', '--concurrency=5'] : ['webhook'];
			const service = new Service(`${kind}-${index + 1}`, bin, args, {
				cwd: dataDir,
				env,
				log: path.join(dataDir, 'n8n.log'),
			}).start();
			services.push(service);
			service.healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
			await waitUntil(
				`${service.name} /healthz`,
				async () => (await httpStatus(service.healthUrl)) === 200,
				180000,
				service,
			);
			return { service, port, dataDir, env, url: `http://127.0.0.1:${port}` };
		};
		const workerJobs = Array.from(
			{ length: options.workers ?? 2 },
			async (_, i) => (await startN8nProcess('worker', i, await freePort())).service,
		);
		const webhookJobs = webhookPorts.map((port, i) => startN8nProcess('webhook', i, port));
		stack.workers = await Promise.all(workerJobs);
		stack.webhooks = await Promise.all(webhookJobs);
		log(
			`${stack.workers.length} workers and ${stack.webhooks.length} webhook processes ready in ${((Date.now() - t2) / 1000).toFixed(1)} s`,
		);

		// nginx with the documented configuration
		const nginxDir = path.join(root, 'nginx');
		await fsp.mkdir(nginxDir);
		const example = await fsp.readFile(NGINX_EXAMPLE, 'utf8');
		const serverLine = /^(\s*)server 127\.0\.0\.1:\d+ (.*);$/m;
		const template = serverLine.exec(example);
		if (!template)
			throw new Error(`${NGINX_EXAMPLE}: no "server 127.0.0.1:<port> ...;" line in the upstream`);
		const servers = webhookPorts
			.map((p) => `${template[1]}server 127.0.0.1:${p} ${template[2]};`)
			.join('\n');
		const site = example
			.replace(/^\s*server 127\.0\.0\.1:\d+ .*;\n/gm, '')
			.replace(
				/(upstream n8n_webhook \{\n(?:.*\n)*?\s*hash [^\n]*\n(?:\s*#[^\n]*\n)*)/,
				`$1${servers}\n`,
			)
			.replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${nginxPort};`);
		if (
			!site.includes(`listen 127.0.0.1:${nginxPort};`) ||
			!webhookPorts.every((p) => site.includes(`server 127.0.0.1:${p} `))
		) {
			throw new Error(`could not adapt ${NGINX_EXAMPLE}:\n${site}`);
		}
		await fsp.writeFile(path.join(nginxDir, 'site.conf'), site);
		const tmpPaths = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
			.map((n) => `${n}_temp_path ${path.join(nginxDir, n)};`)
			.join('\n\t');
		await fsp.writeFile(
			path.join(nginxDir, 'nginx.conf'),
			`daemon off;\nworker_processes 1;\npid ${path.join(nginxDir, 'nginx.pid')};\nerror_log ${path.join(nginxDir, 'error.log')} warn;\n${isRoot ? 'user root;\n' : ''}events { worker_connections 512; }\nhttp {\n\taccess_log ${path.join(nginxDir, 'access.log')};\n\t${tmpPaths}\n\tinclude ${path.join(nginxDir, 'site.conf')};\n}\n`,
		);
		const nginx = new Service(
			'nginx',
			programs.nginx,
			[
				'-p',
				nginxDir,
				'-c',
				path.join(nginxDir, 'nginx.conf'),
				'-e',
				path.join(nginxDir, 'error.log'),
			],
			{ log: path.join(root, 'nginx.log') },
		).start();
		services.push(nginx);
		await waitUntil(
			'nginx',
			async () => (await httpStatus(`${stack.nginxUrl}/webhook/`)) > 0,
			20000,
			nginx,
		);
		log(
			`nginx ${stack.nginxUrl} -> ${webhookPorts.map((p) => `:${p}`).join(', ')} (hash $request_uri consistent); stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
		);
		return stack;
	} catch (error) {
		await stack.stop();
		throw error;
	}
}

/**
 * Restarts the main process (`n8n start`) on its data folder, as after a crash or an upgrade.
 * @param {import('../../tools/n8n-instance').N8nInstance} main
 * @param {'SIGTERM' | 'SIGKILL'} [signal]
 */
async function restartMain(main, signal = 'SIGTERM') {
	if (signal === 'SIGKILL') main.killNow();
	else await main.stop();
	main.stopping = null;
	// waitReady() looks for the ready line in the log: start a fresh one.
	await fsp.rename(main.logFile, `${main.logFile}.${Date.now()}`);
	await fsp.mkdir(path.join(main.dataDir, 'tmp'), { recursive: true });
	main.spawnStart();
	await main.waitReady(180000);
	main.cookie = null;
	await main.login();
}

/**
 * Kills a service's whole process group with SIGKILL (no shutdown of any kind, as a crash or the
 * OOM killer) and waits until nothing of it is left.
 * @param {Service} service
 */
async function killService(service) {
	service.signal('SIGKILL');
	await waitUntil(`${service.name} to be gone`, () => !service.alive(), 15000);
}

/**
 * Starts a worker or webhook process again on its own folder and ports, as a supervisor replaces
 * a dead one (killed first if it still runs); resolves when its /healthz answers 200.
 * @param {Service} service
 * @param {number} [timeoutMs]
 */
async function restartService(service, timeoutMs = 180000) {
	if (service.alive()) await killService(service);
	service.start();
	await waitUntil(
		`${service.name} /healthz after its restart`,
		async () => (await httpStatus(service.healthUrl)) === 200,
		timeoutMs,
		service,
	);
}

/**
 * The service whose process group holds the client end of a loopback TCP connection, found in
 * Linux's /proc: the socket (local port `clientPort`, remote port `serverPort`) in /proc/net/tcp,
 * then the process with that socket among its file descriptors. A simulator that receives a
 * request knows its client's port: this names the worker waiting for the answer, i.e. running
 * the execution that sent it.
 * @param {Service[]} candidates
 * @param {number} clientPort
 * @param {number} serverPort
 */
function serviceOfConnection(candidates, clientPort, serverPort) {
	const hexPort = (/** @type {number} */ p) => p.toString(16).toUpperCase().padStart(4, '0');
	let inode = '';
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text = '';
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const f = line.trim().split(/\s+/);
			if (f.length < 10) continue;
			if (f[1].endsWith(`:${hexPort(clientPort)}`) && f[2].endsWith(`:${hexPort(serverPort)}`)) {
				inode = f[9];
				break;
			}
		}
		if (inode) break;
	}
	if (!inode || inode === '0') return undefined;
	const link = `socket:[${inode}]`;
	for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		let pgrp = 0;
		try {
			// /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
		} catch {
			continue;
		}
		const service = candidates.find((c) => c.pgid === pgrp);
		if (!service) continue;
		let fds = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return service;
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}

/**
 * The worker running an execution: the one whose log says it started it (n8n 2.8.4's job
 * processor logs "Worker started execution <id> (job <n>)" and "Worker finished execution ...")
 * and not that it finished it.
 * @param {{ workers: Service[] }} stack
 * @param {string} executionId
 */
function workerRunning(stack, executionId) {
	const started = `Worker started execution ${executionId} (`;
	const finished = `Worker finished execution ${executionId} (`;
	return stack.workers.find((w) => {
		let text = '';
		try {
			text = fs.readFileSync(w.log, 'utf8');
		} catch {
			return false;
		}
		return text.includes(started) && !text.includes(finished);
	});
}

module.exports = {
	startStack,
	restartMain,
	killService,
	restartService,
	workerRunning,
	serviceOfConnection,
	Service,
	httpStatus,
};
