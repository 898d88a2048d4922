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
 *   4b. New nodes (the versions a user adds today) doing each read with default parameters:
 *      few columns, ID and title first, every epoch time beside its ISO copy.
 *   4c. Run time: credentials whose URL lacks a scheme or points at a closed port fail
 *      *Execute step* with the words of the credential test (ExtraHop API, RevealX 360, LogMule).
 *   5b. A push trigger added fresh from the node creator ("ExtraHop Push" > "On detection
 *      created"), tested with real pushes: a wrong and a missing secret end the listening with
 *      the refusal (no stack trace to the sender), the right one shows the detection.
 *   5c. Names: node creator, canvas and README agree. Examples at fit view (1280x720): the
 *      *Execute workflow* button covers no node (section 2).
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
	READS_ID,
	READ_NODES,
	CONNECTIONS_ID,
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
		const under = await nodesUnderButtons(page, workflowId);
		check(
			under.buttons > 0 && under.covered.length === 0,
			`${workflowId}: at fit view (1280x720) no node is covered by the Execute workflow button (${under.covered.join(', ') || 'none'})`,
			under,
		);
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
 * Opens a node's panel and runs *Execute step*; answers the panel and its output pane.
 * @param {Page} page
 * @param {string} name
 */
async function openAndExecute(page, name) {
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).first();
	await node.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.waitFor();
	await sleep(700);
	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	const output = ndv
		.locator('[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]')
		.first();
	return { ndv, output };
}

/**
 * Opens a node of the Panels workflow, runs *Execute step*, and returns the output table's columns.
 * @param {Page} page
 * @param {string} name
 * @param {string} shot
 */
async function executeStepColumns(page, name, shot) {
	const { ndv, output } = await openAndExecute(page, name);
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
	const rows = await tableRows(output);
	await page.screenshot({ path: path.join(SHOTS, `node-${shot}.png`) });
	keepShot(`node-${shot}.png`, `nodes/${shot}.png`);
	const text = await output.innerText().catch(() => '');
	await page.keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
	return { columns, rows, text };
}

/**
 * The rows the output table shows, each as column name -> cell text (cells matched to the
 * headers from the right, should the table put a column without a name first).
 * @param {import('playwright-core').Locator} output
 * @returns {Promise<Array<Record<string, string>>>}
 */
async function tableRows(output) {
	const table = output.locator('table').first();
	if (!(await table.count())) return [];
	return await table
		.evaluate((el) => {
			const clean = (/** @type {any} */ c) =>
				String(c.innerText ?? '')
					.replace(/\s+/g, ' ')
					.trim();
			const headers = [...el.querySelectorAll('thead th')].map(clean);
			return [...el.querySelectorAll('tbody tr')].map((tr) => {
				const cells = [...tr.querySelectorAll('td')].map(clean);
				const shift = cells.length - headers.length;
				/** @type {Record<string, string>} */
				const row = {};
				headers.forEach((h, i) => {
					if (h !== '' && cells[i + shift] !== undefined) row[h] = cells[i + shift];
				});
				return row;
			});
		})
		.catch(() => []);
}

/**
 * Opens a node, runs *Execute step*, and returns the output panel's text once it matches `until`
 * (an error or a table), or after 30 s.
 * @param {Page} page
 * @param {string} name
 * @param {RegExp} until
 */
async function executeStepText(page, name, until) {
	const { ndv, output } = await openAndExecute(page, name);
	let text = '';
	for (let waited = 0; waited < 30000; waited += 500) {
		await sleep(500);
		text = (await output.innerText().catch(() => '')).replace(/\s+/g, ' ');
		if (until.test(text)) break;
	}
	await page.screenshot({
		path: path.join(SHOTS, `run-${name.replace(/[^A-Za-z0-9]+/g, '-')}.png`),
	});
	await page.keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
	return text;
}

/**
 * The nodes n8n's floating *Execute workflow* button (bottom centre) covers after "fit view".
 * @param {Page} page
 * @param {string} name for the screenshot
 */
async function nodesUnderButtons(page, name) {
	// A laptop's window (the review's): the smaller the canvas, the closer fit view brings the nodes to its edge.
	const before = page.viewportSize();
	await page.setViewportSize({ width: 1280, height: 720 });
	await sleep(600);
	await page.keyboard.press('Shift+1').catch(() => undefined);
	await sleep(800);
	const found = await page.evaluate(() => {
		const doc = /** @type {any} */ (globalThis).document;
		const buttons = [...doc.querySelectorAll('[data-test-id="execute-workflow-button"]')]
			.map((el) => el.getBoundingClientRect())
			.filter((r) => r.width > 0 && r.height > 0);
		const covered = [];
		for (const el of doc.querySelectorAll('[data-test-id="canvas-node"]')) {
			const n = el.getBoundingClientRect();
			if (
				buttons.some(
					(b) => b.left < n.right && n.left < b.right && b.top < n.bottom && n.top < b.bottom,
				)
			)
				covered.push(el.getAttribute('data-node-name'));
		}
		return { buttons: buttons.length, covered };
	});
	await page.screenshot({ path: path.join(SHOTS, `${name}-fit-view-1280x720.png`) });
	if (before) await page.setViewportSize(before);
	await sleep(400);
	await page.keyboard.press('Shift+1').catch(() => undefined);
	await sleep(500);
	return found;
}

/**
 * Adds an ExtraHop Push Trigger to a new workflow as a newcomer does: node creator, "ExtraHop",
 * "ExtraHop Push", "On detection created (pushed by ExtraHop)". Leaves its panel open.
 * @param {Page} page
 * @param {string} base
 */
async function freshPushTrigger(page, base) {
	await page.goto(`${base}/workflow/new`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-add-button"]').first().click();
	const creator = page.locator('[data-test-id="node-creator"]');
	await creator.waitFor();
	await sleep(500);
	await creator
		.locator('[data-test-id="node-creator-search-bar"]')
		.first()
		.click()
		.catch(() => undefined);
	await page.keyboard.type('ExtraHop');
	await sleep(1200);
	const itemLocator = creator.locator('[data-test-id="item-iterator-item"]');
	const texts = (await itemLocator.allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, '\n').trim());
	const items = texts.map((t) => t.split('\n')[0]).filter(Boolean);
	await page.screenshot({ path: path.join(SHOTS, 'node-creator-extrahop.png') });
	await itemLocator
		.filter({ hasText: /^ExtraHop Push/ })
		.first()
		.click();
	await sleep(800);
	await creator
		.locator('[data-test-id="item-iterator-item"]', {
			hasText: 'On detection created (pushed by ExtraHop)',
		})
		.first()
		.click();
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.waitFor({ timeout: 20000 });
	await sleep(1200);
	const issues = await ndv.locator('[data-test-id="parameter-issues"]').count();
	const credential = (
		await ndv
			.locator('[data-test-id="node-credentials-select"] input')
			.evaluateAll((els) => els.map((el) => String(/** @type {any} */ (el).value)))
			.catch(() => [])
	).join(', ');
	await page.screenshot({ path: path.join(SHOTS, 'push-trigger-fresh.png') });
	const added =
		(await page.locator('[data-test-id="canvas-node"]').first().getAttribute('data-node-name')) ??
		'';
	// The node's webhook ID: from the editor's own run request when it starts listening.
	return { items, texts, added, issues, credential, webhookId: '' };
}

/**
 * Starts "Listen for test event" on the open panel, sends one push, and returns the sender's
 * answer and what the panel then shows.
 * @param {Page} page
 * @param {string} _webhookId unused when the run request names it
 * @param {string | undefined} secret
 * @param {Record<string, any>} detection
 */
async function testPush(page, _webhookId, secret, detection) {
	const ndv = page.locator('[data-test-id="ndv"]').first();
	const run = page.waitForRequest(
		(r) => /\/rest\/workflows\/[^/]+\/run/.test(r.url()) && r.method() === 'POST',
		{ timeout: 20000 },
	);
	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	/** @type {any} */
	const body = await run.then((r) => r.postDataJSON()).catch(() => ({}));
	const nodes = body?.workflowData?.nodes ?? [];
	const trigger = nodes.find((/** @type {any} */ n) => /extraHopWebhookTrigger$/.test(n.type));
	let webhookId = trigger?.webhookId ?? _webhookId;
	if (!webhookId) {
		// The workflow as saved (the editor saves a new workflow before its first run).
		const id = /\/workflow\/([^/?#]+)/.exec(page.url())?.[1] ?? '';
		/** @type {any} */
		const saved = await page
			.evaluate(async (wid) => await (await fetch(`/rest/workflows/${wid}`)).json(), id)
			.catch(() => ({}));
		webhookId =
			(saved?.data?.nodes ?? []).find((/** @type {any} */ n) =>
				/extraHopWebhookTrigger$/.test(n.type),
			)?.webhookId ?? '';
	}
	await sleep(1500);
	const base = new URL(page.url()).origin;
	const res = await fetch(`${base}/webhook-test/${webhookId}/extrahop`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...(secret === undefined ? {} : { 'X-ExtraHop-Secret': secret }),
		},
		// What ExtraHop's trigger script sends (docs/nodes/extrahop-webhook-trigger.md).
		body: JSON.stringify({
			id: detection.id,
			title: detection.title,
			mod_time: detection.mod_time,
		}),
	});
	const answer = await res.text();
	// The outcome this answer must lead to. Not any outcome: the output pane can still show the
	// previous test's refusal ("1 item" included) for a moment after the new push was answered.
	const outcome =
		res.status === 200
			? (/** @type {string} */ text) =>
					text.includes(String(detection.id)) && !/Test push refused/.test(text)
			: (/** @type {string} */ text) =>
					new RegExp(`Test push refused \\(HTTP ${res.status}\\)`).test(text);
	let shown = '';
	for (let waited = 0; waited < 20000; waited += 500) {
		await sleep(500);
		shown = (await ndv.innerText().catch(() => '')).replace(/\s+/g, ' ');
		if (outcome(shown)) break;
	}
	await page.screenshot({
		path: path.join(SHOTS, `push-trigger-test-${secret === undefined ? 'no' : res.status}.png`),
	});
	return { status: res.status, body: answer, shown, webhookId };
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
		// n8n's own words for a closed port, and OpenSSL's for https against plain HTTP.
		const genericConnection =
			/perhaps it is offline|The service refused the connection|EPROTO|wrong version number|ECONNREFUSED/i;
		const closedUrl = s.failing.find((f) => f.node === 'ExtraHop API: closed port')?.credential.data
			.url;
		const noScheme = /does not answer HTTPS on this port.*"https:\/\/" was assumed/;
		const refused =
			/^127\.0\.0\.1:\d+ refused the connection\. Nothing answers on that host and port/;
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
						label: 'closed port',
						fields: { url: closedUrl, apiKey: extrahop.config.apiKey },
						expect: refused,
						forbid: genericConnection,
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
						label: 'URL without scheme against a plain-HTTP port',
						fields: {
							url: hostPort,
							clientId: extrahop.config.clientId,
							clientSecret: extrahop.config.clientSecret,
						},
						expect: noScheme,
						forbid: genericConnection,
					},
					{
						label: 'closed port',
						fields: {
							url: closedUrl,
							clientId: extrahop.config.clientId,
							clientSecret: extrahop.config.clientSecret,
						},
						expect: refused,
						forbid: genericConnection,
					},
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
						label: 'URL without scheme against a plain-HTTP port',
						fields: { url: lm.replace(/^http:\/\//, ''), token: logmule.config.token },
						expect: noScheme,
						forbid: genericConnection,
					},
					{
						label: 'closed port',
						fields: {
							url: `${closedUrl}${lm.replace(/^http:\/\/[^/]+/, '')}`,
							token: logmule.config.token,
						},
						expect: refused,
						forbid: genericConnection,
					},
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

		report.section('Output of new nodes: read operations with the parameters they start with');
		await page.goto(`${base}/workflow/${READS_ID}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await sleep(1200);
		const isEpochMs = (/** @type {string | undefined} */ cell) => /^\d{11,14}$/.test(cell ?? '');
		/**
		 * The time columns holding an epoch time (in a row the table shows; every time column when
		 * no row could be read) that are not followed by their ISO copy. A time that is null (an
		 * investigation without detections has no start_time) has no copy to show.
		 */
		const epochWithoutIso = (
			/** @type {string[]} */ columns,
			/** @type {Array<Record<string, string>>} */ rows,
		) =>
			columns.filter(
				(c, i) =>
					/(^|_)time$|^expiration$/.test(c) &&
					(rows.length === 0 || rows.some((r) => isEpochMs(r[c]))) &&
					columns[i + 1] !== `${c}_iso`,
			);
		/** ISO copies whose epoch time no row shows: the rows were misread (so the check above proves nothing). */
		const isoWithoutEpoch = (
			/** @type {string[]} */ columns,
			/** @type {Array<Record<string, string>>} */ rows,
		) =>
			columns.filter((c) => c.endsWith('_iso') && !rows.some((r) => isEpochMs(r[c.slice(0, -4)])));
		const reads = [
			{ node: READ_NODES.getMany, first: ['id', 'title'], max: 20 },
			{ node: READ_NODES.devices, first: ['id'], max: 12 },
			{ node: READ_NODES.investigations, first: ['id'], max: 20 },
			// Its *Fetch Test Event*.
			{ node: READ_NODES.poll, first: ['id', 'title'], max: 24 },
		];
		for (const read of reads) {
			const out = await executeStepColumns(
				page,
				read.node,
				`read-${read.node.toLowerCase().replace(/\W+/g, '-')}`,
			);
			const times = out.columns.filter((c) => /_iso$/.test(c));
			check(
				out.columns.length > 0 &&
					out.columns.length <= read.max &&
					read.first.every((c, i) => out.columns[i] === c) &&
					epochWithoutIso(out.columns, out.rows).length === 0 &&
					isoWithoutEpoch(out.columns, out.rows).length === 0 &&
					(read.node === READ_NODES.devices || times.length > 0),
				`${read.node} (new node): ${out.columns.length} columns, ${out.columns.slice(0, 4).join(', ')}, …; every epoch time beside its ISO copy`,
				{
					columns: out.columns,
					rows: out.rows.length,
					epochWithoutIso: epochWithoutIso(out.columns, out.rows),
					isoWithoutEpoch: isoWithoutEpoch(out.columns, out.rows),
				},
			);
		}

		report.section('Run time: connection failures explained as in the credential test');
		await page.goto(`${base}/workflow/${CONNECTIONS_ID}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await sleep(1200);
		for (const f of s.failing) {
			const expected = /no scheme/.test(f.node)
				? /does not answer HTTPS on this port/
				: /127\.0\.0\.1:\d+ refused the connection/;
			const text = await executeStepText(
				page,
				f.node,
				/does not answer HTTPS|refused the connection|failed during|Problem in node|error/i,
			);
			check(
				expected.test(text) &&
					!/failed during (GET|POST)|\(EPROTO\)|perhaps it is offline|The service refused/.test(
						text,
					),
				`${f.node}: Execute step says "${(expected.exec(text)?.[0] ?? text).slice(0, 120)}"`,
				text.slice(0, 400),
			);
		}

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

		report.section('Push trigger added fresh from the node creator, tested with real pushes');
		const creator = await freshPushTrigger(page, base);
		check(
			creator.items.includes('ExtraHop') && creator.items.includes('ExtraHop Push'),
			`the node creator lists "ExtraHop" and "ExtraHop Push" for "ExtraHop" (${creator.items.join(' | ')})`,
		);
		check(
			creator.added === 'ExtraHop Push Trigger',
			`"On detection created (pushed by ExtraHop)" adds "${creator.added}" to the canvas`,
		);
		check(
			creator.issues === 0,
			`the new push trigger's panel shows no issue (a sender credential was chosen for it, ${creator.credential})`,
		);
		const trials = [
			{ label: 'a wrong secret', secret: 'not-the-sender-secret-0000', status: [401, 403] },
			{ label: 'no secret', secret: undefined, status: [401] },
			{ label: 'the right secret', secret: SENDER_SECRET, status: [200] },
		];
		for (const trial of trials) {
			const outcome = await testPush(page, creator.webhookId, trial.secret, s.detection);
			if (trial.status[0] === 200) {
				check(
					outcome.status === 200 &&
						outcome.shown.includes(String(s.detection.id)) &&
						!/Test push refused/.test(outcome.shown),
					`a test push with ${trial.label}: HTTP ${outcome.status}, the editor shows the detection`,
					{ body: outcome.body.slice(0, 300), shown: outcome.shown.slice(0, 300) },
				);
			} else {
				check(
					trial.status.includes(outcome.status) &&
						!/\bat \S+ \(|stack/i.test(outcome.body) &&
						new RegExp(`Test push refused \\(HTTP ${outcome.status}\\)`).test(outcome.shown),
					`a test push with ${trial.label}: HTTP ${outcome.status}, no stack trace, the editor stops listening and says "${/Test push refused[^.]*/.exec(outcome.shown)?.[0] ?? ''}"`,
					{ body: outcome.body.slice(0, 300), shown: outcome.shown.slice(0, 300) },
				);
			}
		}
		await page.keyboard.press('Escape');

		report.section('Names: node creator, canvas and README agree');
		const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
		for (const t of [poll, push]) {
			check(
				t?.defaults?.name === t?.displayName && readme.includes(t?.displayName),
				`"${t?.displayName}": its canvas name is "${t?.defaults?.name}", and the README uses it`,
			);
		}
		for (const item of creator.items.filter((i) => /ExtraHop/.test(i)))
			check(readme.includes(`*${item}*`), `the README names the node creator's "${item}" entry`);
		const entry = creator.texts.find((t) => t.split('\n')[0] === 'ExtraHop') ?? '';
		check(
			entry !== '' && !/^Poll\b/m.test(entry),
			`the node creator's "ExtraHop" entry is not described by the poll trigger's text ("${entry.replace(/\n/g, ' / ')}")`,
		);

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
