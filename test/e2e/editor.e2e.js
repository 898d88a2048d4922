#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The editor as a user meets it, in a real n8n 2.8.4 driven by headless Chromium (Debian's, through
 * playwright-core). Part of `npm run test:e2e` / `npm test`; `npm run build` first.
 *
 *   1. Credentials: each of the package's five credential types is created in the *Create
 *      credential* dialog and tested with bad values (wrong base path, wrong key or secret, a URL
 *      without scheme against a plain-HTTP port) and then good ones; the dialog must show the
 *      package's own message (never OpenSSL's "wrong version number" nor n8n's generic
 *      "Authorization failed") or success. Then the Credentials page must list them all and
 *      `GET /rest/credentials?includeData=true` must answer 200 (a number in a password field made
 *      it answer 500 and the page load forever).
 *   2. Canvas and panels: the three example workflows and a workflow holding each package node. Each
 *      example has a sticky note; no node shows issues; package-node subtitles read as actions
 *      ("Update a detection", not "update: detection"); every node's panel opens with no parameter
 *      issue and no field rendered as one box per character.
 *   3. Node types as the editor loads them: the detection locator defaults to *From list*; no option
 *      label longer than 40 characters (n8n cuts them in dropdowns); the triggers' names say poll
 *      and push.
 *   4. Output: *Execute step* on the ExtraHop node (Simplify) and the LogMule node, read from the
 *      output table: `title` before the times, an ISO column beside each epoch one; `outcome` first.
 *   5. The push trigger: its notice is short, Events come before the authentication, a notice says
 *      what *Listen for test event* needs; a test push the node ignores ends the listening with
 *      the reason.
 *   6. Docs links: every link the editor shows for the package (node *Docs*, credential *Open
 *      docs*), and every documentation URL in the node and credential types, is a page of this
 *      repository without #fragment, and the page exists.
 * Screenshots of every package node's panel and every credential dialog go to
 * test-results/screenshots/editor/; with UPDATE_DOCS_SCREENSHOTS=1 they are also copied into
 * docs/images/ (the docs pages show them).
 *
 *   npm run build && node test/e2e/editor.e2e.js
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const {
	startEditorSetup,
	PANELS_ID,
	PANEL_NODES,
	WEBHOOK_ID,
	SENDER_SECRET,
} = require('./lib/editor-setup');
const { Report, sleep } = require('./lib/report');

const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots', 'editor');
const UPDATE_DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === '1';
const REPO_DOCS_PREFIX = 'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/';
const PACKAGE = 'n8n-nodes-extrahop.';
/** n8n's select shows about this many characters before cutting a label with "...". */
const MAX_OPTION_LABEL = 40;

const report = new Report();
const check = report.check.bind(report);
/** @type {Set<string>} every package docs link the editor showed */
const seenDocsLinks = new Set();

/** @param {string} name @param {string} file relative to docs/images */
function keepShot(name, file) {
	const from = path.join(SHOTS, name);
	if (!UPDATE_DOCS || !fs.existsSync(from)) return;
	const to = path.join(REPO_ROOT, 'docs', 'images', file);
	fs.mkdirSync(path.dirname(to), { recursive: true });
	fs.copyFileSync(from, to);
}

/**
 * @typedef {import('playwright-core').Page} Page
 * @typedef {{ label: string, fields: Record<string, string>, expect: 'ok' | RegExp, forbid?: RegExp }} Attempt
 */

/**
 * Creates a credential in the dialog, as a user does, trying each attempt in turn (Save tests it).
 * @param {Page} page
 * @param {string} base
 * @param {{ type: string, slug: string, attempts: Attempt[] }} spec
 */
async function credentialDialog(page, base, spec) {
	await page.goto(`${base}/home/credentials`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="add-resource-credential"]').click();
	await page.locator('[data-test-id="new-credential-type-select"]').click();
	await page.keyboard.type(spec.type);
	await page
		.locator('[data-test-id="new-credential-type-select-option"]', {
			hasText: new RegExp(`^${spec.type}$`),
		})
		.first()
		.click();
	await page.locator('[data-test-id="new-credential-type-button"]').click();
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.waitFor();
	const docs = await modal
		.locator('a', { hasText: 'Open docs' })
		.getAttribute('href')
		.catch(() => null);
	if (docs) seenDocsLinks.add(docs);
	check(Boolean(docs), `${spec.type}: the dialog links its docs page (${docs})`);
	for (const attempt of spec.attempts) {
		for (const [name, value] of Object.entries(attempt.fields)) {
			const input = modal.locator(`[data-test-id="parameter-input-${name}"] input`).first();
			await input.fill(value);
		}
		// Save stores the credential and tests it (POST /rest/credentials/test); read the dialog once that answered.
		const tested = page.waitForResponse(
			(r) => r.url().includes('/rest/credentials/test') && r.request().method() === 'POST',
			{ timeout: 30000 },
		);
		await modal.locator('[data-test-id="credential-save-button"]').click();
		const container = modal.locator('[data-test-id="node-credentials-config-container"]');
		const ok = modal.locator('[data-test-id="credentials-config-container-test-success"]');
		const failed = modal.getByText('Couldn’t connect with these settings');
		await tested.catch(() => undefined);
		await Promise.race([ok.waitFor({ timeout: 15000 }), failed.waitFor({ timeout: 15000 })]).catch(
			() => undefined,
		);
		await sleep(700);
		let message = '';
		if (await failed.isVisible().catch(() => false)) {
			const more = modal.getByText('More details');
			if (await more.isVisible().catch(() => false)) await more.click();
			await sleep(300);
			message =
				(await container.innerText())
					.split('\n')
					.map((l) => l.trim())
					.filter(
						(l) =>
							l &&
							!/^(Retry|Need help|Couldn’t connect|More details|Less details|Connection tested successfully)/.test(
								l,
							),
					)[0] ?? '';
		}
		const succeeded = await ok.isVisible().catch(() => false);
		if (attempt.expect === 'ok') {
			check(succeeded && !message, `${spec.type}, ${attempt.label}: the test succeeds`, message);
		} else {
			const good =
				!succeeded && attempt.expect.test(message) && !(attempt.forbid ?? /^$/).test(message);
			check(
				good,
				`${spec.type}, ${attempt.label}: the test fails with "${message.slice(0, 160)}"`,
				{ message, expected: String(attempt.expect) },
			);
		}
	}
	const shot = `credential-${spec.slug}.png`;
	await modal.screenshot({ path: path.join(SHOTS, shot) });
	keepShot(shot, `credentials/${spec.slug}.png`);
	await modal
		.locator(
			'[data-test-id="credential-edit-dialog"] .el-dialog__headerbtn, button[aria-label="Close this dialog"], .el-dialog__close',
		)
		.first()
		.click()
		.catch(() => page.keyboard.press('Escape'));
	await modal
		.waitFor({ state: 'hidden', timeout: 5000 })
		.catch(() => page.keyboard.press('Escape'));
}

/**
 * The values of the panel's inputs: many one-character values mean a field rendered as one box
 * per character (a string stored where a list belongs).
 * @param {import('playwright-core').Locator} ndv
 */
async function splitCharacterFields(ndv) {
	return await ndv
		.locator('[data-test-id="node-parameters"]')
		.first()
		.evaluate((root) => {
			const values = [];
			for (const el of root.querySelectorAll('input, textarea, .cm-content')) {
				const value =
					'value' in el && typeof el.value === 'string' ? el.value : (el.textContent ?? '');
				values.push(value.trim());
			}
			const single = values.filter((v) => v.length === 1);
			return single.length >= 3 ? single : [];
		});
}

/**
 * @param {Page} page
 * @param {string} base
 * @param {string} workflowId
 * @param {{ isExample: boolean, shots?: Record<string, string> }} opts
 */
async function checkWorkflow(page, base, workflowId, opts) {
	await page.goto(`${base}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	const nodesLocator = page.locator('[data-test-id="canvas-node"]');
	await nodesLocator.first().waitFor({ timeout: 30000 });
	await sleep(1500);
	await page.keyboard.press('Shift+1').catch(() => undefined);
	await sleep(500);
	const nodes = await nodesLocator.evaluateAll((els) =>
		els.map((el) => ({
			name: el.getAttribute('data-node-name') ?? '',
			type: el.getAttribute('data-node-type') ?? '',
			text: String(/** @type {any} */ (el).innerText ?? '')
				.replace(/\s+/g, ' ')
				.trim(),
		})),
	);
	await page.screenshot({ path: path.join(SHOTS, `${workflowId}-canvas.png`) });
	if (opts.isExample) {
		// Sticky notes are canvas elements of their own (vue-flow nodes without a canvas-node inside).
		const stickies = await page.locator('.vue-flow__node').evaluateAll((els) =>
			els
				.filter((el) => !el.querySelector('[data-test-id="canvas-node"]'))
				.map((el) =>
					String(/** @type {any} */ (el).innerText ?? '')
						.replace(/\s+/g, ' ')
						.trim(),
				),
		);
		check(stickies.length >= 1, `${workflowId}: ${stickies.length} sticky note(s) on the canvas`);
		const texts = stickies.join(' ');
		check(
			/adapt/i.test(texts) && texts.length > 120,
			`${workflowId}: the sticky notes say what the workflow does and what to adapt`,
			texts.slice(0, 200),
		);
	}
	const issues = await page
		.locator('[data-test-id="canvas-node"]:has([data-test-id="node-issues"])')
		.evaluateAll((els) => els.map((el) => el.getAttribute('data-node-name')));
	check(issues.length === 0, `${workflowId}: no node shows issues on the canvas`, issues);
	for (const n of nodes.filter((x) => x.type.startsWith(PACKAGE))) {
		// The subtitle n8n renders under the name: raw "operation: resource" values read like code.
		const subtitle = n.text
			.replace(n.name, '')
			.replace(/Execute workflow$/, '')
			.trim();
		check(
			subtitle !== '' && !/^[a-z][A-Za-z]*: [a-z]/.test(subtitle),
			`${workflowId}: "${n.name}" reads "${subtitle}" (not raw "operation: resource" values)`,
		);
	}
	for (const n of nodes.filter((x) => x.type !== 'n8n-nodes-base.stickyNote')) {
		const node = page
			.locator(`[data-test-id="canvas-node"][data-node-name="${n.name.replace(/"/g, '\\"')}"]`)
			.first();
		await node.dblclick();
		const ndv = page.locator('[data-test-id="ndv"]').first();
		if (
			!(await ndv
				.waitFor({ timeout: 15000 })
				.then(() => true)
				.catch(() => false))
		) {
			check(false, `${workflowId}: "${n.name}" opens its panel`);
			continue;
		}
		await sleep(900);
		const paramIssues = await ndv.locator('[data-test-id="parameter-issues"]').count();
		let issueText = '';
		if (paramIssues) {
			await ndv
				.locator('[data-test-id="parameter-issues"]')
				.first()
				.hover()
				.catch(() => undefined);
			await sleep(500);
			issueText = (
				await page
					.locator('.el-popper:visible, [role="tooltip"]:visible')
					.allInnerTexts()
					.catch(() => [])
			)
				.join(' ')
				.replace(/\s+/g, ' ')
				.slice(0, 300);
		}
		check(
			paramIssues === 0,
			`${workflowId}: panel of "${n.name}" shows no parameter issue`,
			issueText,
		);
		const split = await splitCharacterFields(ndv);
		check(
			split.length === 0,
			`${workflowId}: panel of "${n.name}" shows no field split into single characters`,
			split,
		);
		if (n.type.startsWith(PACKAGE)) {
			for (const href of await ndv
				.locator('a[href]')
				.evaluateAll((as) => as.map((a) => String(/** @type {any} */ (a).href)))) {
				if (href.includes('n8n-nodes-extrahop')) seenDocsLinks.add(href);
			}
		}
		const shotName = opts.shots?.[n.name];
		if (shotName) {
			await page.screenshot({ path: path.join(SHOTS, `node-${shotName}.png`) });
			keepShot(`node-${shotName}.png`, `nodes/${shotName}.png`);
		}
		await page.keyboard.press('Escape');
		await ndv.waitFor({ state: 'hidden', timeout: 5000 }).catch(async () => {
			await page
				.locator('[data-test-id="ndv-close-button"]')
				.first()
				.click()
				.catch(() => undefined);
		});
	}
	return nodes;
}

/**
 * Opens a node of the Panels workflow, runs *Execute step*, and returns the output table's columns.
 * @param {Page} page
 * @param {string} name
 * @param {string} shot
 */
async function executeStepColumns(page, name, shot) {
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).first();
	await node.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.waitFor();
	await sleep(700);
	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	const output = ndv
		.locator('[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]')
		.first();
	await output
		.locator('table th')
		.first()
		.waitFor({ timeout: 30000 })
		.catch(() => undefined);
	await sleep(800);
	const table = output.locator('[data-test-id="radio-button-table"]');
	if (await table.count())
		await table
			.first()
			.click()
			.catch(() => undefined);
	await sleep(500);
	const columns = (await output.locator('table th').allInnerTexts())
		.map((t) => t.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
	await page.screenshot({ path: path.join(SHOTS, `node-${shot}.png`) });
	keepShot(`node-${shot}.png`, `nodes/${shot}.png`);
	const text = await output.innerText().catch(() => '');
	await page.keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
	return { columns, text };
}

/** @param {string} href */
function docsPageOf(href) {
	const clean = href.replace(/\?.*$/, '');
	if (!clean.startsWith(REPO_DOCS_PREFIX))
		return { ok: false, why: 'not a page of this repository' };
	if (clean.includes('#') || href.split('?')[0].includes('#'))
		return { ok: false, why: 'has a #fragment (n8n appends ?utm_source=… after it)' };
	const file = clean.slice(REPO_DOCS_PREFIX.length);
	return fs.existsSync(path.join(REPO_ROOT, file))
		? { ok: true, file }
		: { ok: false, why: `${file} does not exist` };
}

async function main() {
	fs.mkdirSync(SHOTS, { recursive: true });
	const { chromium } = require('playwright-core');
	const { chromiumPath, LAUNCH_FLAGS } = require('../../tools/browser-check');
	let executablePath;
	try {
		executablePath = chromiumPath();
	} catch (error) {
		// Reported as what it is (npm test installs it first; this is a machine where that failed).
		check(
			false,
			'Chromium is installed (the editor test needs a browser)',
			error instanceof Error ? error.message : String(error),
		);
		process.stdout.write(
			`editor: ${report.passed} passed, ${report.failed} failed (${report.elapsed()})\n`,
		);
		process.exit(1);
	}
	report.section('Start');
	const s = await startEditorSetup();
	const { n8n, extrahop, logmule } = s;
	const base = n8n.baseUrl;
	process.stdout.write(
		`  n8n ${base}; ExtraHop ${extrahop.server.url}; LogMule ${logmule.apiRoot()}\n`,
	);
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-e2e-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: LAUNCH_FLAGS,
		viewport: { width: 1600, height: 1000 },
		timeout: 60000,
	});
	const baseHost = new URL(base).host;
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		return url.protocol === 'data:' || url.protocol === 'blob:' || url.host === baseHost
			? route.continue()
			: route.abort('blockedbyclient');
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(20000);
	try {
		await page.goto(`${base}/signin`, { waitUntil: 'domcontentloaded' });
		await page.locator('input[name="emailOrLdapLoginId"]').fill(n8n.email);
		await page.locator('input[name="password"]').fill(n8n.password);
		await page.locator('input[name="password"]').press('Enter');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));

		// ---- 1. credentials ---------------------------------------------------------------------
		report.section('Credentials: create and test each type in the dialog');
		const eh = extrahop.server.url;
		const hostPort = eh.replace(/^http:\/\//, '');
		const lm = logmule.apiRoot();
		const generic = /Authorization failed|EPROTO|wrong version number|Connection successful/i;
		const credentialSpecs = [
			{
				type: 'ExtraHop API',
				slug: 'extrahop-api',
				attempts: [
					{
						label: 'URL without scheme against a plain-HTTP port',
						fields: { url: hostPort, apiKey: extrahop.config.apiKey },
						expect: /does not answer HTTPS on this port.*"https:\/\/" was assumed/,
						forbid: generic,
					},
					{
						label: 'wrong API key',
						fields: { url: eh, apiKey: 'not-the-key-0000' },
						expect: /^ExtraHop rejected the API key \(HTTP 401\)\. Check the key/,
						forbid: generic,
					},
					{
						label: 'wrong base path',
						fields: { url: `${eh}/extrahop/`, apiKey: extrahop.config.apiKey },
						expect: /^No ExtraHop REST API at .*\/extrahop\/api\/v1 \(HTTP 404\)/,
						forbid: generic,
					},
					{
						label: 'good values',
						fields: { url: eh, apiKey: extrahop.config.apiKey },
						expect: 'ok',
					},
				],
			},
			{
				type: 'ExtraHop RevealX 360 API',
				slug: 'extrahop-revealx-360-api',
				attempts: [
					{
						label: 'wrong client secret',
						fields: {
							url: eh,
							clientId: extrahop.config.clientId,
							clientSecret: 'wrong-secret-0000',
						},
						expect: /RevealX 360 refused the client ID or secret/,
					},
					{
						label: 'wrong base path',
						fields: {
							url: `${eh}/tenant`,
							clientId: extrahop.config.clientId,
							clientSecret: extrahop.config.clientSecret,
						},
						expect:
							/\/tenant\/oauth2\/token answered HTTP 404 with .*, not a RevealX 360 token\. Check the API endpoint/,
					},
					{
						label: 'good values',
						fields: {
							url: eh,
							clientId: extrahop.config.clientId,
							clientSecret: extrahop.config.clientSecret,
						},
						expect: 'ok',
					},
				],
			},
			{
				type: 'LogMule API',
				slug: 'logmule-api',
				attempts: [
					{
						label: 'wrong base path',
						fields: { url: lm.replace('/cruddy/v2', '/cruddy/v1'), token: logmule.config.token },
						expect: /^No LogMule API at .*\/cruddy\/v1 \(HTTP 404/,
						forbid: generic,
					},
					{
						label: 'wrong token',
						fields: { url: lm, token: 'not-the-token-0000' },
						expect: /^LogMule rejected the token \(HTTP 401\)/,
						forbid: generic,
					},
					{ label: 'good values', fields: { url: lm, token: logmule.config.token }, expect: 'ok' },
				],
			},
			{
				type: 'ExtraHop Webhook Secret API',
				slug: 'extrahop-webhook-secret-api',
				attempts: [
					{
						label: 'a short secret',
						fields: { secret: 'short' },
						expect: /at least 16 random characters/,
					},
					{ label: 'good values', fields: { secret: SENDER_SECRET }, expect: 'ok' },
				],
			},
			{
				type: 'ExtraHop Webhook Basic Auth API',
				slug: 'extrahop-webhook-basic-auth-api',
				attempts: [
					{
						label: 'a user with ":"',
						fields: { user: 'ods:user', password: SENDER_SECRET },
						expect: /must not contain ":"/,
					},
					{ label: 'good values', fields: { user: 'ods', password: SENDER_SECRET }, expect: 'ok' },
				],
			},
		];
		for (const spec of credentialSpecs) {
			try {
				await credentialDialog(page, base, /** @type {any} */ (spec));
			} catch (error) {
				await page
					.screenshot({ path: path.join(SHOTS, `credential-${spec.slug}-error.png`) })
					.catch(() => undefined);
				check(
					false,
					`${spec.type}: the dialog could be driven`,
					error instanceof Error ? error.message.split('\n')[0] : String(error),
				);
				await page.keyboard.press('Escape').catch(() => undefined);
			}
		}

		report.section('Credentials page and credential list API');
		const expectedCount = 4 + credentialSpecs.length;
		let listStatus = 0;
		let listBody = '';
		{
			const res = await fetch(`${base}/rest/credentials?includeScopes=true&includeData=true`, {
				headers: { Cookie: /** @type {string} */ (n8n.cookie ?? (await n8n.login(), n8n.cookie)) },
			});
			listStatus = res.status;
			listBody = await res.text();
		}
		check(
			listStatus === 200,
			`GET /rest/credentials?includeData=true answers ${listStatus}`,
			listBody.slice(0, 300),
		);
		await page.goto(`${base}/home/credentials`, { waitUntil: 'domcontentloaded' });
		const listed = await page
			.waitForFunction(
				(n) =>
					/** @type {any} */ (globalThis).document.querySelectorAll(
						'[data-test-id="resources-list-item"]',
					).length >= n,
				expectedCount,
				{ timeout: 20000 },
			)
			.then(async () => await page.locator('[data-test-id="resources-list-item"]').count())
			.catch(async () => await page.locator('[data-test-id="resources-list-item"]').count());
		await page.screenshot({ path: path.join(SHOTS, 'credentials-page.png') });
		check(
			listed >= expectedCount,
			`the Credentials page lists ${listed} credentials (expected ${expectedCount})`,
		);
		const credentialTypes = /** @type {any[]} */ (
			await page.evaluate(async () => await (await fetch('/types/credentials.json')).json())
		);
		const ours = credentialTypes.filter((c) =>
			credentialSpecs.some((spec) => spec.type === c.displayName),
		);
		check(
			ours.length === credentialSpecs.length,
			`n8n knows the ${credentialSpecs.length} credential types of the package`,
			ours.map((c) => c.name),
		);

		// ---- 2. canvas and panels ---------------------------------------------------------------
		report.section('Example workflows: sticky notes, subtitles, panels');
		for (const role of /** @type {(keyof typeof examples.WORKFLOWS)[]} */ (
			Object.keys(examples.WORKFLOWS)
		)) {
			await checkWorkflow(page, base, examples.WORKFLOWS[role].id, { isExample: true });
		}
		report.section('Package nodes: panels, screenshots');
		await checkWorkflow(page, base, PANELS_ID, {
			isExample: false,
			shots: {
				[PANEL_NODES.trigger]: 'extrahop-trigger',
				[PANEL_NODES.webhook]: 'extrahop-webhook-trigger',
			},
		});

		// ---- 3. node types ------------------------------------------------------------------------
		report.section('Node types as the editor loads them');
		const nodeTypes = /** @type {any[]} */ (
			await page.evaluate(async () => await (await fetch('/types/nodes.json')).json())
		).filter((t) => t.name.startsWith(PACKAGE));
		const byName = Object.fromEntries(nodeTypes.map((t) => [t.name.slice(PACKAGE.length), t]));
		const locator = byName.extraHop?.properties.find(
			(/** @type {any} */ p) => p.name === 'detectionId',
		);
		check(
			locator?.default?.mode === 'list',
			`the detection locator defaults to "${locator?.default?.mode}" (From list)`,
		);
		/** @type {string[]} */
		const long = [];
		const walk = (/** @type {any[]} */ props, /** @type {string} */ node) => {
			for (const p of props ?? []) {
				for (const o of p.options ?? []) {
					if (typeof o.name === 'string' && o.name.length > MAX_OPTION_LABEL)
						long.push(`${node} > ${p.displayName} > "${o.name}"`);
					if (o.values) walk(o.values, node);
					if (o.type && o.options) walk([o], node);
				}
				if (p.values) walk(p.values, node);
			}
		};
		for (const t of nodeTypes) walk(t.properties, t.displayName);
		check(
			long.length === 0,
			`no option label is longer than ${MAX_OPTION_LABEL} characters (n8n cuts them)`,
			long,
		);
		const poll = byName.extraHopTrigger;
		const push = byName.extraHopWebhookTrigger;
		check(
			/poll/i.test(poll?.displayName) && /minute/i.test(poll?.description),
			`the polling trigger is listed as "${poll?.displayName}": ${poll?.description}`,
		);
		check(
			/push/i.test(push?.displayName) && /seconds/i.test(push?.description),
			`the webhook trigger is listed as "${push?.displayName}": ${push?.description}`,
		);
		for (const t of nodeTypes)
			for (const r of [
				...(t.codex?.resources?.primaryDocumentation ?? []),
				...(t.codex?.resources?.credentialDocumentation ?? []),
			])
				seenDocsLinks.add(r.url);
		for (const c of ours) seenDocsLinks.add(c.documentationUrl);

		// ---- 4. output ---------------------------------------------------------------------------
		report.section('Output: Execute step, table view');
		await page.goto(`${base}/workflow/${PANELS_ID}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await sleep(1200);
		const get = await executeStepColumns(page, PANEL_NODES.extraHop, 'extrahop');
		const col = (/** @type {string} */ name) => get.columns.indexOf(name);
		check(
			col('title') >= 0 &&
				col('start_time') > col('title') &&
				col('start_time_iso') === col('start_time') + 1 &&
				col('end_time_iso') === col('end_time') + 1 &&
				col('mod_time_iso') === col('mod_time') + 1,
			'ExtraHop Simplify: title before the times, an ISO time beside each epoch one',
			get.columns,
		);
		const lmOut = await executeStepColumns(page, PANEL_NODES.logMule, 'logmule');
		check(
			lmOut.columns[0] === 'outcome',
			`LogMule: outcome is the first column (columns: ${lmOut.columns.slice(0, 4).join(', ')}, …)`,
			lmOut.columns.slice(0, 8),
		);

		// ---- 5. push trigger -----------------------------------------------------------------------
		report.section('Push trigger: panel and a test push it ignores');
		await page.goto(`${base}/workflow/${PANELS_ID}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await sleep(1200);
		await page
			.locator(`[data-test-id="canvas-node"][data-node-name="${PANEL_NODES.webhook}"]`)
			.dblclick();
		const ndv = page.locator('[data-test-id="ndv"]').first();
		await ndv.waitFor();
		await sleep(900);
		const params = ndv.locator('[data-test-id="node-parameters"]').first();
		const panelText = await params.innerText();
		const notices = await params.locator('.n8n-notice, [class*="notice"]').allInnerTexts();
		const longest = Math.max(0, ...notices.map((t) => t.trim().length));
		check(
			notices.length > 0 && longest <= 320,
			`the panel's notices are short (longest ${longest} characters)`,
			notices,
		);
		const at = (/** @type {string} */ label) => panelText.indexOf(label);
		check(
			at('Events') >= 0 &&
				at('Events') < at('Sender Authentication') &&
				at('Sender Authentication') < at('Credential') &&
				at('Events') < at('ExtraHop API'),
			'Events come before the authentication choices, which sit next to their credentials',
			{
				events: at('Events'),
				sender: at('Sender Authentication'),
				credential: at('Credential'),
				api: at('ExtraHop API'),
			},
		);
		check(
			/Listen for test event" becomes available once a sender credential is selected/.test(
				panelText,
			),
			'a notice says what "Listen for test event" needs',
		);
		await ndv.locator('[data-test-id="node-execute-button"]').first().click();
		await sleep(1500);
		const push1 = await fetch(`${base}/webhook-test/${WEBHOOK_ID}/extrahop`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-ExtraHop-Secret': SENDER_SECRET },
			body: JSON.stringify({ id: s.detection.id }),
		});
		await push1.text();
		const reason = await ndv
			.getByText(/received and ignored: it does not match the trigger's filters/)
			.first()
			.waitFor({ timeout: 20000 })
			.then(() => true)
			.catch(() => false);
		await page.screenshot({ path: path.join(SHOTS, 'push-trigger-ignored-test-push.png') });
		check(
			reason,
			`a test push the filters reject (risk ${s.detection.risk_score} < 90) stops the listening and says why (HTTP ${push1.status})`,
		);
		await page.keyboard.press('Escape');

		// ---- 6. docs links -----------------------------------------------------------------------
		report.section('Docs links');
		check(
			seenDocsLinks.size >= 9,
			`${seenDocsLinks.size} distinct docs links seen for the package`,
		);
		for (const href of [...seenDocsLinks].sort()) {
			const result = docsPageOf(href);
			check(result.ok, `${href.replace(/\?.*$/, '')} -> ${result.ok ? result.file : result.why}`);
		}
	} finally {
		await context.close().catch(() => undefined);
		fs.rmSync(userDataDir, { recursive: true, force: true });
		await s.stop();
	}
	process.stdout.write(
		`editor: ${report.passed} passed, ${report.failed} failed (${report.elapsed()})\n`,
	);
	process.exit(report.failed ? 1 : 0);
}

main().catch((error) => {
	process.stdout.write(
		`  FAIL editor test crashed: ${error instanceof Error ? error.stack : String(error)}\n`,
	);
	process.exit(1);
});
