// @ts-check
'use strict';
/**
 * Opens a workflow in a real n8n editor with headless Chromium and checks that every node on the
 * canvas is a known, installed node type; takes screenshots of the canvas and of node panels.
 *
 * Chromium is Debian's (/usr/bin/chromium, `bash scripts/install-system-deps.sh browser` installs it
 * if missing), driven by playwright-core; no browser is ever downloaded.
 *
 * From a script or a test: `await browserCheck({ baseUrl, email, password, workflowId, outDir })`
 * with an n8n from tools/n8n-instance.js. Its command line is scripts/browser-check.js
 * (`npm run browser-check`).
 *
 * How n8n 2.8.4's editor shows a node it does not know (checked in n8n-editor-ui's bundle):
 *   - canvas: a community-package type (`<package>.<node>`) that is not loaded gets the status
 *     icon [data-test-id="node-not-installed"] (tooltip "Install the package to use this node");
 *     any other unknown type gets the issues icon [data-test-id="node-issues"] with the issue
 *     "The node is not valid as its type (...) is unknown";
 *   - node panel: "Install this node to use it" / "This node is not currently installed. ...".
 * Every canvas node's `data-node-type` is also looked up in the editor's own /types/nodes.json.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const NOT_INSTALLED_TEXTS = [
	'Install this node to use it',
	'This node is not currently installed',
	'Install the package to use this node',
	'is an unknown node type',
	'as its type',
];
const LAUNCH_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/**
 * Path of the system Chromium. When it is missing, scripts/install-system-deps.sh installs it (one
 * apt-get at a time across processes: callers queue on its lock); throws with the command to run by
 * hand when it cannot.
 */
function chromiumPath() {
	const candidate = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
	if (fs.existsSync(candidate)) return candidate;
	try {
		const out = execFileSync(
			'bash',
			[path.join(__dirname, '..', 'scripts', 'install-system-deps.sh'), 'browser'],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const found = /^chromium=(.+)$/m.exec(out);
		if (found) return found[1];
		throw new Error(`scripts/install-system-deps.sh did not report Chromium (${out.trim()})`);
	} catch (error) {
		const stderr = /** @type {{ stderr?: string }} */ (error).stderr?.trim();
		throw new Error(stderr || (error instanceof Error ? error.message : String(error)));
	}
}

/** @param {string} s */
const slug = (s) =>
	s
		.replace(/[^A-Za-z0-9_-]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60) || 'node';

/**
 * @typedef {{
 *   baseUrl: string, email: string, password: string,
 *   workflowId?: string, workflowIds?: string[],
 *   outDir?: string,
 *   openNode?: string, openNodes?: string[] | 'all' | 'package',
 *   packagePrefix?: string,
 *   allowNodeIssues?: boolean,
 *   timeoutMs?: number,
 *   log?: (line: string) => void,
 * }} BrowserCheckOptions
 * @typedef {{ ok: boolean, problems: string[], screenshots: string[], workflows: { id: string, nodes: { name: string, type: string }[] }[], consoleErrors: string[] }} BrowserCheckResult
 */

/**
 * @param {BrowserCheckOptions} options
 * @returns {Promise<BrowserCheckResult>}
 */
async function browserCheck(options) {
	const { chromium } = require('playwright-core');
	const log = options.log ?? ((/** @type {string} */ line) => process.stdout.write(`${line}\n`));
	const timeout = options.timeoutMs ?? 30000;
	const outDir = path.resolve(options.outDir ?? path.join(os.tmpdir(), 'n8n-browser-check'));
	fs.mkdirSync(outDir, { recursive: true });
	const workflowIds = options.workflowIds ?? (options.workflowId ? [options.workflowId] : []);
	const packagePrefix = options.packagePrefix ?? 'n8n-nodes-extrahop.';
	const base = options.baseUrl.replace(/\/$/, '');
	const baseHost = new URL(base).host;
	/** @type {BrowserCheckResult} */
	const result = { ok: false, problems: [], screenshots: [], workflows: [], consoleErrors: [] };
	const problem = (/** @type {string} */ p) => {
		result.problems.push(p);
		log(`  FAIL ${p}`);
	};
	const pass = (/** @type {string} */ p) => log(`  ok   ${p}`);

	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: chromiumPath(),
		headless: true,
		args: LAUNCH_FLAGS,
		viewport: { width: 1600, height: 1000 },
		timeout: 60000,
	});
	try {
		// Offline and deterministic: only the n8n under test may be reached.
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			if (url.protocol === 'data:' || url.protocol === 'blob:' || url.host === baseHost)
				return route.continue();
			return route.abort('blockedbyclient');
		});
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(timeout);
		page.on('console', (msg) => {
			if (msg.type() === 'error') result.consoleErrors.push(msg.text().slice(0, 300));
		});
		page.on('pageerror', (err) =>
			result.consoleErrors.push(`pageerror: ${err.message.slice(0, 300)}`),
		);

		// Log in through the sign-in form, as a user does.
		await page.goto(`${base}/signin`, { waitUntil: 'domcontentloaded' });
		await page.locator('input[name="emailOrLdapLoginId"]').fill(options.email);
		await page.locator('input[name="password"]').fill(options.password);
		await page.locator('input[name="password"]').press('Enter');
		try {
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout });
			pass(`signed in as ${options.email}`);
		} catch {
			const shot = path.join(outDir, 'signin-failed.png');
			await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
			result.screenshots.push(shot);
			problem(`sign-in did not leave /signin (screenshot ${shot})`);
			return result;
		}
		const knownTypes = new Set(
			await page.evaluate(async () => {
				const res = await fetch('/types/nodes.json', { credentials: 'include' });
				if (!res.ok) return [];
				const types = /** @type {Array<{ name: string }>} */ (await res.json());
				return types.map((t) => t.name);
			}),
		);

		for (const workflowId of workflowIds) {
			log(`workflow ${workflowId}:`);
			await page.goto(`${base}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
			const nodesLocator = page.locator('[data-test-id="canvas-node"]');
			try {
				await nodesLocator.first().waitFor({ state: 'visible', timeout });
			} catch {
				const shot = path.join(outDir, `${slug(workflowId)}-no-canvas.png`);
				await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
				result.screenshots.push(shot);
				problem(`workflow ${workflowId}: no node appeared on the canvas (screenshot ${shot})`);
				continue;
			}
			// Let the canvas settle (node icons, status icons, fit-to-view).
			await page.waitForTimeout(1500);
			await page.keyboard.press('Shift+1').catch(() => undefined); // zoom to fit
			await page.waitForTimeout(500);

			const nodes = await nodesLocator.evaluateAll((els) =>
				els.map((el) => ({
					name: el.getAttribute('data-node-name') ?? '',
					type: el.getAttribute('data-node-type') ?? '',
				})),
			);
			result.workflows.push({ id: workflowId, nodes });
			pass(
				`${nodes.length} node(s) on the canvas: ${nodes.map((n) => `${n.name} (${n.type})`).join(', ')}`,
			);

			const canvasShot = path.join(outDir, `${slug(workflowId)}-canvas.png`);
			await page.screenshot({ path: canvasShot });
			result.screenshots.push(canvasShot);

			const notInstalled = await page
				.locator('[data-test-id="canvas-node"]:has([data-test-id="node-not-installed"])')
				.evaluateAll((els) => els.map((el) => el.getAttribute('data-node-name')));
			if (notInstalled.length)
				problem(`node(s) shown as not installed: ${notInstalled.join(', ')}`);
			else pass('no node is shown as "not installed"');

			const unknown = nodes.filter((n) => !knownTypes.has(n.type));
			if (unknown.length)
				problem(
					`node type(s) unknown to this n8n: ${unknown.map((n) => `${n.name} (${n.type})`).join(', ')}`,
				);
			else
				pass(
					`every node type is known to n8n (${[...new Set(nodes.map((n) => n.type))].join(', ')})`,
				);

			const withIssues = await page
				.locator('[data-test-id="canvas-node"]:has([data-test-id="node-issues"])')
				.evaluateAll((els) => els.map((el) => el.getAttribute('data-node-name') ?? ''));
			for (const name of withIssues) {
				const icon = page
					.locator(
						`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"] [data-test-id="node-issues"]`,
					)
					.first();
				await icon.hover().catch(() => undefined);
				await page.waitForTimeout(700);
				const tooltip = (
					await page
						.locator('[role="tooltip"]:visible, .el-popper:visible')
						.allInnerTexts()
						.catch(() => [])
				)
					.join(' ')
					.replace(/\s+/g, ' ')
					.trim();
				const message = `node "${name}" shows issues${tooltip ? `: ${tooltip.slice(0, 300)}` : ''}`;
				if (options.allowNodeIssues && !NOT_INSTALLED_TEXTS.some((t) => tooltip.includes(t)))
					log(`  note ${message}`);
				else problem(message);
				await page.mouse.move(5, 5);
			}
			if (!withIssues.length) pass('no node shows issues');

			const canvasText = await page.locator('body').innerText();
			const canvasHits = NOT_INSTALLED_TEXTS.filter((t) => canvasText.includes(t));
			if (canvasHits.length) problem(`the editor says: ${canvasHits.join(' | ')}`);

			// Node panels: double-click, check, screenshot, close.
			const wanted = options.openNodes ?? (options.openNode ? [options.openNode] : 'package');
			const toOpen =
				wanted === 'all'
					? nodes.map((n) => n.name)
					: wanted === 'package'
						? nodes.filter((n) => n.type.startsWith(packagePrefix)).map((n) => n.name)
						: wanted;
			for (const name of toOpen) {
				const node = page
					.locator(`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`)
					.first();
				if (!(await node.count())) {
					problem(`node "${name}" is not on the canvas`);
					continue;
				}
				await node.dblclick();
				const ndv = page.locator('[data-test-id="ndv"]').first();
				try {
					await ndv.waitFor({ state: 'visible', timeout });
				} catch {
					problem(`double-clicking "${name}" did not open its panel`);
					continue;
				}
				await page.waitForTimeout(1200);
				const panelText = await ndv.innerText().catch(() => '');
				const hits = NOT_INSTALLED_TEXTS.filter((t) => panelText.includes(t));
				const shot = path.join(outDir, `${slug(workflowId)}-node-${slug(name)}.png`);
				await page.screenshot({ path: shot });
				result.screenshots.push(shot);
				if (hits.length) problem(`panel of "${name}" says: ${hits.join(' | ')}`);
				else if (
					!(await ndv
						.locator(
							'[data-test-id="parameter-input"], [data-test-id="parameter-input-field"], .parameter-input',
						)
						.count())
				) {
					problem(`panel of "${name}" shows no parameters (screenshot ${shot})`);
				} else
					pass(`panel of "${name}" opens with its parameters (screenshot ${path.basename(shot)})`);
				await page.keyboard.press('Escape');
				await ndv.waitFor({ state: 'hidden', timeout: 5000 }).catch(async () => {
					await page
						.locator('[data-test-id="back-to-canvas"], [data-test-id="ndv-close-button"]')
						.first()
						.click()
						.catch(() => undefined);
				});
			}
		}
		result.ok = result.problems.length === 0;
		return result;
	} finally {
		await context.close().catch(() => undefined);
		fs.rmSync(userDataDir, { recursive: true, force: true });
	}
}

module.exports = { browserCheck, chromiumPath, LAUNCH_FLAGS, NOT_INSTALLED_TEXTS, slug };
