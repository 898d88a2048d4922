#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Proof that the real-n8n infrastructure works, using only n8n's built-in nodes:
 *
 *   Webhook -> Jira "Create Issue" -> Jira "Add Comment" -> Jira "Update" (status + labels)
 *           -> Jira "Get Many" (JQL search), answered back to the webhook caller,
 *
 * all against the Jira simulator with the built-in "Jira SW Server API" credential (imported with
 * plaintext data), in an isolated n8n started by tools/n8n-instance.js with this repository
 * installed as a community package. A second workflow uses a credential with a wrong password and
 * must fail with the simulator's 401. A third workflow, a Jira Trigger activated through the REST API,
 * registers a webhook in the simulator and runs when an analyst resolves the issue there.
 *
 *   node test/e2e/jira-smoke.e2e.js          (exit 0 when every check passed, 1 otherwise)
 *   KEEP_N8N_DATA=1 N8N_E2E_ECHO=1 node test/e2e/jira-smoke.e2e.js   (keep data, stream n8n's log)
 *   BROWSER_CHECK=1 node test/e2e/jira-smoke.e2e.js   (also runs tools/browser-check.js on it)
 *   N8N_ACTIVATE_VIA=rest node test/e2e/jira-smoke.e2e.js   (activate through the REST API, not the CLI)
 */
const path = require('node:path');
const { startN8n, jiraServerCredential } = require('../../tools/n8n-instance');
const { createJiraSimulator, DEFAULT_CREDENTIALS } = require('../../tools/simulators/jira');

const WORKFLOW_ID = 'jiraSmokeWorkflow1';
const BAD_AUTH_WORKFLOW_ID = 'jiraSmokeBadAuth01';
const CREDENTIAL_ID = 'jiraSimCredential01';
const BAD_CREDENTIAL_ID = 'jiraSimBadCredent1';
const TRIGGER_WORKFLOW_ID = 'jiraSmokeTrigger01';
const TRIGGER_WEBHOOK_ID = '5b0f3a52-7c1e-4f7d-8a55-0a0000000003';

/** Jira Trigger (webhook registered in Jira on activation) for resolved/updated SOC issues. */
function triggerWorkflow(/** @type {string} */ credentialId, /** @type {string} */ credentialName) {
	return {
		id: TRIGGER_WORKFLOW_ID,
		name: 'Jira smoke: Jira Trigger',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'e2a1d6f0-0006-4a6b-9d2c-000000000006',
				name: 'Jira Trigger',
				type: 'n8n-nodes-base.jiraTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: TRIGGER_WEBHOOK_ID,
				credentials: { jiraSoftwareServerApi: { id: credentialId, name: credentialName } },
				parameters: {
					jiraVersion: 'server',
					authenticateWebhook: false,
					events: ['jira:issue_updated'],
					additionalFields: { filter: 'labels = extrahop' },
				},
			},
		],
		connections: {},
	};
}

let failures = 0;
/** @param {boolean} ok @param {string} what @param {unknown} [detail] */
function check(ok, what, detail) {
	if (ok) process.stdout.write(`  ok   ${what}\n`);
	else {
		failures++;
		process.stdout.write(
			`  FAIL ${what}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}\n`,
		);
	}
}

/**
 * @param {string} id @param {string} name @param {string} credentialId @param {string} credentialName
 * @param {string} webhookPath @param {string} webhookId
 */
function jiraWorkflow(id, name, credentialId, credentialName, webhookPath, webhookId) {
	const credentials = { jiraSoftwareServerApi: { id: credentialId, name: credentialName } };
	return {
		id,
		name,
		active: true,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'e2a1d6f0-0001-4a6b-9d2c-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: webhookId,
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'e2a1d6f0-0002-4a6b-9d2c-000000000002',
				name: 'Create Issue',
				type: 'n8n-nodes-base.jira',
				typeVersion: 1,
				position: [220, 0],
				credentials,
				parameters: {
					jiraVersion: 'server',
					resource: 'issue',
					operation: 'create',
					project: { __rl: true, mode: 'id', value: '10000' },
					issueType: { __rl: true, mode: 'id', value: '10005' },
					summary:
						'={{ "ExtraHop Detection: " + $json.body.detectionId + ": " + $json.body.title }}',
					additionalFields: {
						// "From list" mode: the ID mode's extractValue regex would cut "escalations_team" at the underscore.
						assignee: { __rl: true, mode: 'list', value: 'escalations_team' },
						description:
							'={{ "ExtraHop has detected the following event on your network: " + $json.body.description }}',
						serverLabels: ['extrahop', '={{ "detection-" + $json.body.detectionId }}'],
						priority: { __rl: true, mode: 'id', value: '2' },
						customFieldsUi: {
							customFieldsValues: [
								{
									fieldId: { __rl: true, mode: 'id', value: 'customfield_10100' },
									fieldValue: '={{ String($json.body.detectionId) }}',
								},
							],
						},
					},
				},
			},
			{
				id: 'e2a1d6f0-0003-4a6b-9d2c-000000000003',
				name: 'Add Comment',
				type: 'n8n-nodes-base.jira',
				typeVersion: 1,
				position: [440, 0],
				credentials,
				parameters: {
					jiraVersion: 'server',
					resource: 'issueComment',
					operation: 'add',
					issueKey: '={{ $json.key }}',
					comment:
						'={{ "Risk score " + $("Webhook").item.json.body.riskScore + ", created by n8n" }}',
					options: {},
				},
			},
			{
				id: 'e2a1d6f0-0004-4a6b-9d2c-000000000004',
				name: 'Start Progress',
				type: 'n8n-nodes-base.jira',
				typeVersion: 1,
				position: [660, 0],
				credentials,
				parameters: {
					jiraVersion: 'server',
					resource: 'issue',
					operation: 'update',
					issueKey: '={{ $("Create Issue").item.json.key }}',
					updateFields: {
						statusId: { __rl: true, mode: 'id', value: '21' },
						serverLabels: [
							'extrahop',
							'={{ "detection-" + $("Webhook").item.json.body.detectionId }}',
							'triaged',
						],
					},
				},
			},
			{
				id: 'e2a1d6f0-0005-4a6b-9d2c-000000000005',
				name: 'Search',
				type: 'n8n-nodes-base.jira',
				typeVersion: 1,
				position: [880, 0],
				credentials,
				parameters: {
					jiraVersion: 'server',
					resource: 'issue',
					operation: 'getAll',
					returnAll: false,
					limit: 10,
					options: {
						jql: '={{ "labels = detection-" + $("Webhook").item.json.body.detectionId + " AND status = \\"In Progress\\" AND resolution = Unresolved" }}',
					},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Create Issue', type: 'main', index: 0 }]] },
			'Create Issue': { main: [[{ node: 'Add Comment', type: 'main', index: 0 }]] },
			'Add Comment': { main: [[{ node: 'Start Progress', type: 'main', index: 0 }]] },
			'Start Progress': { main: [[{ node: 'Search', type: 'main', index: 0 }]] },
		},
	};
}

async function main() {
	const t0 = Date.now();
	const jira = createJiraSimulator();
	await jira.start();
	process.stdout.write(`Jira simulator at ${jira.url}\n`);

	const good = jiraServerCredential({
		id: CREDENTIAL_ID,
		email: DEFAULT_CREDENTIALS.email,
		password: DEFAULT_CREDENTIALS.password,
		domain: jira.url,
	});
	const bad = jiraServerCredential({
		id: BAD_CREDENTIAL_ID,
		name: 'Jira (wrong password)',
		email: DEFAULT_CREDENTIALS.email,
		password: 'not-the-password',
		domain: jira.url,
	});
	const workflow = jiraWorkflow(
		WORKFLOW_ID,
		'Jira smoke: webhook to Jira issue',
		good.id,
		good.name,
		'jira-smoke',
		'5b0f3a52-7c1e-4f7d-8a55-0a0000000001',
	);
	const badWorkflow = jiraWorkflow(
		BAD_AUTH_WORKFLOW_ID,
		'Jira smoke: wrong password',
		bad.id,
		bad.name,
		'jira-smoke-bad-auth',
		'5b0f3a52-7c1e-4f7d-8a55-0a0000000002',
	);

	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		n8n = await startN8n({
			credentials: [good, bad],
			workflows: [workflow, badWorkflow, triggerWorkflow(good.id, good.name)],
			activateVia: process.env.N8N_ACTIVATE_VIA === 'rest' ? 'rest' : 'cli',
		});
		process.stdout.write(
			`n8n ready at ${n8n.baseUrl} in ${n8n.timings.totalMs} ms ${JSON.stringify(n8n.timings)}\n`,
		);

		process.stdout.write('n8n instance:\n');
		const pkg = n8n.installedPackage;
		check(
			Boolean(pkg && pkg.name === 'n8n-nodes-extrahop'),
			'this repository is installed as community package n8n-nodes-extrahop',
			pkg?.packageDir,
		);
		const ours = await n8n.nodeTypes('n8n-nodes-extrahop.');
		check(
			ours.length >= (pkg?.nodes.length ?? 0),
			`n8n loaded the package's node types (${pkg?.nodes.length ?? 0} declared, ${ours.length} loaded${ours.length ? `: ${ours.join(', ')}` : ''})`,
			ours,
		);
		const builtin = await n8n.nodeTypes('n8n-nodes-base.jira');
		check(builtin.includes('n8n-nodes-base.jira'), 'built-in Jira node is loaded');
		const workflows = await n8n.rest('GET', '/rest/workflows');
		const listed = (Array.isArray(workflows) ? workflows : (workflows?.data ?? [])).map(
			(/** @type {any} */ w) => `${w.id}:${w.active}`,
		);
		check(
			listed.includes(`${WORKFLOW_ID}:true`) && listed.includes(`${BAD_AUTH_WORKFLOW_ID}:true`),
			'both workflows imported with fixed ids and active',
			listed,
		);

		process.stdout.write('Webhook -> Jira (good credential):\n');
		const payload = {
			detectionId: 4437,
			title: 'Suspicious CIFS Client File Share Access on AccountingLaptop',
			description: 'This device sent an excessive number of read requests over CIFS.',
			riskScore: 83,
		};
		const res = await fetch(n8n.webhookUrl('jira-smoke'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(payload),
		});
		const answer = await res.json().catch(() => null);
		check(res.status === 200, `webhook answered 200 (got ${res.status})`, answer);

		const issues = jira.issues();
		check(
			issues.length === 1,
			`simulator holds exactly one issue (has ${issues.length})`,
			issues.map((i) => i.key),
		);
		const issue = jira.issue('SOC-1');
		check(Boolean(issue), 'issue SOC-1 exists');
		if (issue) {
			check(
				issue.summary === `ExtraHop Detection: 4437: ${payload.title}`,
				'summary from the webhook body',
				issue.summary,
			);
			check(
				issue.description ===
					`ExtraHop has detected the following event on your network: ${payload.description}`,
				'description',
				issue.description,
			);
			check(
				issue.issueType === 'Incident' && issue.project === 'SOC',
				'project SOC, issue type Incident',
				[issue.project, issue.issueType],
			);
			check(issue.priority === 'High', 'priority High (id 2)', issue.priority);
			check(issue.assignee === 'escalations_team', 'assignee escalations_team', issue.assignee);
			check(
				issue.reporter === DEFAULT_CREDENTIALS.username,
				`reporter is the credential's user (${DEFAULT_CREDENTIALS.username})`,
				issue.reporter,
			);
			check(
				JSON.stringify(issue.labels) === JSON.stringify(['extrahop', 'detection-4437', 'triaged']),
				'labels set on create, extended by update',
				issue.labels,
			);
			check(
				issue.customFields['Detection ID'] === '4437',
				'custom field Detection ID',
				issue.customFields,
			);
			check(
				issue.status === 'In Progress' && issue.resolution === null,
				'status In Progress (transition 21), unresolved',
				[issue.status, issue.resolution],
			);
			check(
				issue.comments.length === 1 &&
					issue.comments[0].body === 'Risk score 83, created by n8n' &&
					issue.comments[0].author === DEFAULT_CREDENTIALS.username,
				'one comment with the risk score, by the credential user',
				issue.comments,
			);
		}
		const found = Array.isArray(answer) ? answer : [];
		check(
			found.length === 1 &&
				found[0].key === 'SOC-1' &&
				found[0].fields?.status?.name === 'In Progress',
			'JQL search (labels, status, resolution) through the Jira node found SOC-1',
			found.map((/** @type {any} */ i) => i.key),
		);

		const calls = jira.server.requestLog('/rest/').map((r) => `${r.method} ${r.path} ${r.status}`);
		const expected = [
			'GET /rest/api/2/issuetype 200',
			'POST /rest/api/2/issue 201',
			'POST /rest/api/2/issue/SOC-1/comment 201',
			'GET /rest/api/2/issuetype 200',
			'POST /rest/api/2/issue/SOC-1/transitions 204',
			'PUT /rest/api/2/issue/SOC-1 204',
			'POST /rest/api/2/search 200',
		];
		check(
			JSON.stringify(calls) === JSON.stringify(expected),
			'the Jira node made exactly the expected REST calls',
			calls,
		);
		const authHeaders = jira.server
			.requestLog('/rest/')
			.map((r) => String(r.headers.authorization ?? ''));
		const expectedAuth = `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.email}:${DEFAULT_CREDENTIALS.password}`).toString('base64')}`;
		check(
			authHeaders.every((h) => h === expectedAuth),
			'every call used Basic auth with the decrypted credential (e-mail + password)',
		);

		const executions = await n8n.waitForExecutions(WORKFLOW_ID, 1);
		check(
			executions.length === 1 &&
				executions[0].status === 'success' &&
				executions[0].mode === 'webhook',
			'n8n REST: one successful webhook execution of the smoke workflow',
			executions.map((e) => [e.id, e.status, e.mode]),
		);
		const execution = await n8n.getExecution(executions[0].id);
		const created = n8n.nodeOutput(execution, 'Create Issue');
		check(
			created?.[0]?.json?.key === 'SOC-1',
			'execution data: "Create Issue" output has key SOC-1',
			created?.[0]?.json,
		);

		process.stdout.write(
			"Editor look-ups through n8n (credential test, the Jira node's loadOptions / listSearch):\n",
		);
		jira.server.clearRequestLog();
		const goodTest = await n8n.testCredential(good);
		check(
			goodTest?.status === 'OK',
			'credential test of the good credential: OK (GET /rest/api/2/myself)',
			goodTest,
		);
		const badTest = await n8n.testCredential(bad);
		check(
			badTest?.status === 'Error',
			`credential test of the wrong password: Error (${badTest?.message})`,
			badTest,
		);
		const jiraCredentials = { jiraSoftwareServerApi: { id: good.id, name: good.name } };
		const lookup = (
			/** @type {'options' | 'listSearch'} */ kind,
			/** @type {string} */ methodName,
			/** @type {Record<string, any>} */ parameters,
		) =>
			n8n?.nodeOptions({
				kind,
				nodeType: 'n8n-nodes-base.jira',
				version: 1,
				methodName,
				parameters: { jiraVersion: 'server', ...parameters },
				credentials: jiraCredentials,
			}) ?? [];
		const createParams = {
			resource: 'issue',
			operation: 'create',
			project: { __rl: true, mode: 'id', value: '10000' },
			issueType: { __rl: true, mode: 'id', value: '10005' },
		};
		const updateParams = { resource: 'issue', operation: 'update', issueKey: 'SOC-1' };
		const names = (/** @type {any} */ list) =>
			Array.isArray(list) ? list.map((o) => `${o.name}=${o.value}`) : list;
		const projects = names(await lookup('listSearch', 'getProjects', createParams));
		check(
			JSON.stringify(projects) === JSON.stringify(['Security Operations=10000']),
			'getProjects',
			projects,
		);
		const issueTypes = names(await lookup('listSearch', 'getIssueTypes', createParams));
		check(
			issueTypes.includes('Incident=10005') && issueTypes.length === 4,
			'getIssueTypes',
			issueTypes,
		);
		const users = names(await lookup('listSearch', 'getUsers', createParams));
		check(
			users.includes('Escalations Team=escalations_team') &&
				!users.some((/** @type {string} */ u) => u.includes('former')),
			'getUsers (active users only)',
			users,
		);
		const priorities = names(await lookup('listSearch', 'getPriorities', createParams));
		check(priorities.length === 5 && priorities.includes('High=2'), 'getPriorities', priorities);
		const customCreate = names(await lookup('listSearch', 'getCustomFields', createParams));
		check(
			JSON.stringify(customCreate) ===
				JSON.stringify(['Detection ID=customfield_10100', 'Risk Score=customfield_10101']),
			'getCustomFields (create: createmeta)',
			customCreate,
		);
		const customUpdate = names(await lookup('listSearch', 'getCustomFields', updateParams));
		check(
			JSON.stringify(customUpdate) ===
				JSON.stringify(['Detection ID=customfield_10100', 'Risk Score=customfield_10101']),
			'getCustomFields (update: editmeta)',
			customUpdate,
		);
		const transitions = names(await lookup('listSearch', 'getTransitions', updateParams));
		check(
			JSON.stringify(transitions) ===
				JSON.stringify(['Done=31', 'Duplicate=51', 'To Do=11', "Won't Do=41"]),
			'getTransitions of SOC-1 (In Progress)',
			transitions,
		);
		const labels = names(await lookup('options', 'getLabels', createParams));
		check(labels.includes('detection-4437=detection-4437'), 'getLabels', labels);
		const components = names(await lookup('options', 'getProjectComponents', createParams));
		check(
			components.length === 3 && components.includes('Network=10200'),
			'getProjectComponents',
			components,
		);
		const groups = names(
			await lookup('options', 'getGroups', { resource: 'issue', operation: 'notify' }),
		);
		check(groups.includes('soc-analysts=soc-analysts'), 'getGroups', groups);
		const lookupCalls = [
			...new Set(
				jira.server
					.requestLog('/rest/')
					.map((r) => `${r.method} ${r.path.replace(/SOC-1|10001/g, '{issue}')} ${r.status}`),
			),
		];
		check(
			lookupCalls.every((c) => / (200|401)$/.test(c)),
			`look-up calls the simulator served: ${lookupCalls.join(', ')}`,
			lookupCalls,
		);

		process.stdout.write('Webhook -> Jira (wrong password):\n');
		jira.server.clearRequestLog();
		const badRes = await fetch(n8n.webhookUrl('jira-smoke-bad-auth'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(payload),
		});
		await badRes.arrayBuffer();
		check(
			badRes.status >= 500,
			`webhook of the failing workflow answered an error (${badRes.status})`,
		);
		const badCalls = jira.server
			.requestLog('/rest/')
			.map((r) => `${r.method} ${r.path} ${r.status}`);
		check(
			badCalls.length >= 1 && badCalls.every((c) => c.endsWith(' 401')),
			'the simulator refused the wrong password with 401',
			badCalls,
		);
		check(jira.issues().length === 1, 'no issue was created with the wrong password');
		const badExecutions = await n8n.waitForExecutions(BAD_AUTH_WORKFLOW_ID, 1);
		check(
			badExecutions.length === 1 && badExecutions[0].status === 'error',
			'n8n REST: one failed execution of the wrong-password workflow',
			badExecutions.map((e) => [e.id, e.status]),
		);
		const summary = await n8n.executionSummary();
		check(
			summary[WORKFLOW_ID]?.success === 1 &&
				summary[BAD_AUTH_WORKFLOW_ID]?.error === 1 &&
				Object.keys(summary).length === 2,
			'execution counts per workflow',
			summary,
		);

		process.stdout.write('Jira Trigger (webhook registered in the simulator on activation):\n');
		jira.server.clearRequestLog();
		await n8n.activateWorkflow(TRIGGER_WORKFLOW_ID);
		const hooks = jira.state.webhooks;
		const hookUrl = `${n8n.baseUrl}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
		check(
			hooks.length === 1 &&
				hooks[0].url === hookUrl &&
				hooks[0].filters['issue-related-events-section'] === 'labels = extrahop',
			`activation registered one webhook for ${hookUrl}`,
			hooks,
		);
		const activationCalls = jira.server
			.requestLog('/rest/')
			.map((r) => `${r.method} ${r.path} ${r.status}`);
		check(
			JSON.stringify(activationCalls) ===
				JSON.stringify([
					'GET /rest/api/2/serverInfo 200',
					'GET /rest/webhooks/1.0/webhook 200',
					'POST /rest/webhooks/1.0/webhook 201',
				]),
			'activation calls: serverInfo, list webhooks, create webhook',
			activationCalls,
		);
		jira.resolveIssue('SOC-1', "Won't Do", {
			as: 'analyst',
			comment: 'False positive: backup job.',
		});
		await jira.flushWebhooks();
		check(
			jira.state.deliveries.length === 1 && jira.state.deliveries[0].status === 200,
			'the simulator delivered one jira:issue_updated event to n8n (200)',
			jira.state.deliveries,
		);
		const triggered = await n8n.waitForExecutions(TRIGGER_WORKFLOW_ID, 1);
		const event = n8n.nodeOutput(await n8n.getExecution(triggered[0].id), 'Jira Trigger')?.[0]
			?.json;
		check(
			triggered.length === 1 &&
				event?.webhookEvent === 'jira:issue_updated' &&
				event?.issue?.key === 'SOC-1' &&
				event?.issue?.fields?.resolution?.name === "Won't Do" &&
				event?.issue_event_type_name === 'issue_resolved',
			'n8n ran the trigger workflow once with the resolution event of SOC-1',
			{
				executions: triggered.length,
				webhookEvent: event?.webhookEvent,
				key: event?.issue?.key,
				resolution: event?.issue?.fields?.resolution?.name,
			},
		);
		await n8n.deactivateWorkflow(TRIGGER_WORKFLOW_ID);
		check(
			jira.state.webhooks.length === 0,
			'deactivation deleted the webhook in the simulator',
			jira.state.webhooks,
		);

		if (process.env.BROWSER_CHECK === '1') {
			process.stdout.write('Browser check:\n');
			const { browserCheck } = require('../../tools/browser-check');
			const outDir =
				process.env.SCREENSHOT_DIR ?? path.join(require('node:os').tmpdir(), 'n8n-e2e-screenshots');
			jira.server.clearRequestLog();
			const result = await browserCheck({
				baseUrl: n8n.baseUrl,
				email: n8n.email,
				password: n8n.password,
				workflowId: WORKFLOW_ID,
				outDir,
				openNodes: 'all',
			});
			check(
				result.ok,
				`editor shows the workflow with every node known; screenshots in ${outDir}`,
				result.problems,
			);
			// Opening the Jira nodes' panels makes the editor load options (users, projects, ...) from Jira.
			const editorCalls = jira.server
				.requestLog('/rest/')
				.map((r) => `${r.method} ${r.path} ${r.status}`);
			check(
				editorCalls.every((c) => / 2\d\d$/.test(c)),
				`the simulator answered every call the editor made (${[...new Set(editorCalls)].join(', ') || 'none'})`,
				editorCalls,
			);
		}
	} catch (error) {
		failures++;
		process.stdout.write(`  FAIL ${error instanceof Error ? error.stack : String(error)}\n`);
		if (n8n) process.stdout.write(`--- n8n log tail ---\n${n8n.logTail(60)}\n`);
	} finally {
		if (n8n) {
			await n8n.stop();
			check(
				!n8n.groupAlive(),
				`n8n stopped in ${n8n.timings.stopMs} ms, no process left in its group`,
			);
		}
		await jira.stop();
	}
	process.stdout.write(
		`${failures === 0 ? 'PASS' : `FAIL (${failures})`} jira-smoke in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
	);
	process.exit(failures === 0 ? 0 : 1);
}

void main();
