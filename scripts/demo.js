#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run demo`: the whole product on one machine, offline, in one command (after `npm ci`).
 *
 *   1. builds the package (`npm run build`);
 *   2. installs the pinned n8n into its cache if missing (scripts/install-n8n.sh, once, minutes);
 *   3. starts the ExtraHop, Jira and LogMule simulators, each with its web page, and for example 08
 *      (AI triage) a scripted OpenAI-compatible model and a mailbox (SMTP, with a web page) where
 *      the agent's approval e-mails arrive; seeds ExtraHop with the triage queue the model expects;
 *   4. starts an isolated n8n with this package installed as a community package, the five
 *      example workflows imported and active, credentials pointing at the simulators, and an
 *      owner account; prints the URLs and the login;
 *   5. keeps the simulators busy: a new ExtraHop detection every ~25 s, now and then new activity
 *      on a ticketed detection, an analyst resolving a Jira issue, and LogMule results (new
 *      findings and repeats) posted to the LogMule workflow's webhook;
 *   6. Ctrl-C stops everything: n8n's whole process group, the simulators, the timers.
 *
 * Ports: n8n 5678, ExtraHop 5680, Jira 5681, LogMule 5682, model 5683, mailbox page 5684 when
 * free, free ones otherwise (DEMO_N8N_PORT, DEMO_EXTRAHOP_PORT, DEMO_JIRA_PORT, DEMO_LOGMULE_PORT,
 * DEMO_MODEL_PORT, DEMO_MAILBOX_PORT override them; the SMTP port is any free one).
 * DEMO_INTERVAL_S (default 25) sets the detection interval; DEMO_SKIP_BUILD=1 skips the build.
 * `npm run demo -- --jira-cloud` runs examples 01b/02b against a Jira Cloud simulator instead of 01/02,
 * `-- --servicenow` examples 05/06 against the ServiceNow simulator (one ticketing system at a time:
 * two flows ticketing the same detections would overwrite each other's ticket IDs).
 * While it runs, `npm run browser-check` checks its editor (it reads test-results/demo-instance.json).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const STATE_FILE = path.join(REPO_ROOT, 'test-results', 'demo-instance.json');
/** The sender secret of example 04's ExtraHop Push Trigger (demo only). */
const SOC_HEADER = 'X-ExtraHop-Secret';
const SOC_SECRET = 'demo-soc-flow-secret-7d1e4b20';
const OWNER = Object.freeze({
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'Analyst',
	password: 'Demo-Pass-1',
});

const log = (/** @type {string} */ line) =>
	process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** The port if it is free on 127.0.0.1, else 0 (any free port). */
function preferPort(/** @type {number} */ port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(0));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(port)));
	});
}

const pick = (/** @type {readonly any[]} */ list) => list[Math.floor(Math.random() * list.length)];

/** Which ticketing pair the demo runs: 01/02 (Jira Server, default), 01b/02b (Jira Cloud) or 05/06 (ServiceNow). */
const VARIANT = process.argv.includes('--servicenow')
	? 'servicenow'
	: process.argv.includes('--jira-cloud')
		? 'jira-cloud'
		: 'jira';

async function main() {
	if (process.env.DEMO_SKIP_BUILD !== '1') {
		log('building the package (npm run build)...');
		const build = spawnSync('npm', ['run', '--silent', 'build'], {
			cwd: REPO_ROOT,
			stdio: 'inherit',
		});
		if (build.status !== 0) throw new Error('npm run build failed');
	}
	const { startN8n, ensureN8n, freePort } = require('../tools/n8n-instance');
	const examples = require('../tools/examples');
	const { createExtraHopSimulator, isCreatedDetection } = require('../tools/simulators/extrahop');
	const { createJiraSimulator } = require('../tools/simulators/jira');
	const { createLogMuleSimulator } = require('../tools/simulators/logmule');
	const { createOpenAiSimulator } = require('../tools/simulators/openai');
	const { triageModel } = require('../tools/simulators/openai/triage-model');
	const { seedTriageQueue } = require('../tools/simulators/openai/triage-queue');
	const { createSmtpSimulator } = require('../tools/simulators/smtp');

	log(
		'making sure the pinned n8n is installed (scripts/install-n8n.sh; the first time takes minutes)...',
	);
	const bin = await ensureN8n();

	/** @type {(() => Promise<void>)[]} */
	const cleanups = [];
	/** @type {NodeJS.Timeout[]} */
	const timers = [];
	let stopping = false;
	const stopAll = async (/** @type {number} */ code) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\n');
		log('stopping: timers, n8n, simulators...');
		timers.forEach((t) => clearInterval(t));
		for (const cleanup of cleanups.reverse())
			await cleanup().catch((e) => log(`cleanup: ${e instanceof Error ? e.message : String(e)}`));
		fs.rmSync(STATE_FILE, { force: true });
		log('stopped. Nothing is left running.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));
	process.on('SIGHUP', () => void stopAll(0));

	const ports = {
		n8n: Number(process.env.DEMO_N8N_PORT ?? ((await preferPort(5678)) || (await freePort()))),
		extrahop: Number(process.env.DEMO_EXTRAHOP_PORT ?? (await preferPort(5680))),
		jira: Number(process.env.DEMO_JIRA_PORT ?? (await preferPort(5681))),
		logmule: Number(process.env.DEMO_LOGMULE_PORT ?? (await preferPort(5682))),
		model: Number(process.env.DEMO_MODEL_PORT ?? (await preferPort(5683))),
		mailbox: Number(process.env.DEMO_MAILBOX_PORT ?? (await preferPort(5684))),
	};

	// "False Positive": the custom resolution example 04 turns into an ExtraHop tuning rule.
	const jira = createJiraSimulator({ customResolutions: ['False Positive'] });
	await jira.start(ports.jira);
	cleanups.push(() => jira.stop());
	// --jira-cloud / --servicenow: the other ticketing system, next to the Jira Server one LogMule's flow uses.
	const jiraCloud = VARIANT === 'jira-cloud' ? createJiraSimulator({ deployment: 'cloud' }) : null;
	if (jiraCloud) {
		await jiraCloud.start();
		cleanups.push(() => jiraCloud.stop());
	}
	const serviceNow =
		VARIANT === 'servicenow'
			? require('../tools/simulators/servicenow').createServiceNowSimulator()
			: null;
	if (serviceNow) {
		await serviceNow.start();
		cleanups.push(() => serviceNow.stop());
	}
	const ticketUrlTemplate = serviceNow
		? `${serviceNow.url}/nav_to.do?uri=incident.do?sysparm_query=number=$ticket_id`
		: `${(jiraCloud ?? jira).url}/browse/$ticket_id`;
	const extrahop = createExtraHopSimulator({ ticketUrlTemplate });
	await extrahop.start(ports.extrahop);
	cleanups.push(() => extrahop.stop());
	const logmule = createLogMuleSimulator();
	await logmule.start(ports.logmule);
	cleanups.push(() => logmule.stop());
	// Example 08: the scripted model plays ExtraHop's L1 triage on this queue (see docs/ai-triage.md).
	seedTriageQueue(extrahop);
	const model = createOpenAiSimulator({ script: triageModel });
	await model.start(ports.model);
	cleanups.push(() => model.stop());
	const mailbox = createSmtpSimulator();
	await mailbox.start();
	cleanups.push(() => mailbox.stop());
	const mailboxUrl = await mailbox.startPage(ports.mailbox);
	log(
		`simulators: ExtraHop ${extrahop.server.url}, Jira ${jira.url}, LogMule ${logmule.server.url}, model ${model.url}, mailbox ${mailboxUrl}`,
	);

	if (jiraCloud)
		log(`Jira Cloud simulator ${jiraCloud.url} (examples 01b and 02b instead of 01 and 02)`);
	if (serviceNow)
		log(
			`ServiceNow simulator ${serviceNow.url} via ${serviceNow.proxyUrl} (examples 05 and 06 instead of 01 and 02)`,
		);
	/** @type {[keyof typeof examples.WORKFLOWS, keyof typeof examples.WORKFLOWS]} */
	const ticketing = serviceNow
		? ['detectionToServiceNow', 'serviceNowToExtraHop']
		: jiraCloud
			? ['detectionToJiraCloud', 'jiraCloudToExtraHop']
			: ['detectionToJira', 'jiraToExtraHop'];

	log('starting n8n with the example workflows (about 20 s)...');
	const n8n = await startN8n({
		n8nBin: bin,
		owner: OWNER,
		handleSignals: false,
		env: { N8N_PORT: String(ports.n8n), ...(serviceNow ? serviceNow.n8nEnv() : {}) },
		credentials: examples.simulatorCredentials({
			extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
			jira: jira.credentials,
			logMule: {
				url: logmule.apiRoot(),
				token: logmule.config.token,
				headerName: 'Authorization',
				headerPrefix: 'Bearer',
				allowUnauthorizedCerts: false,
			},
			...(jiraCloud ? { jiraCloud: jiraCloud.cloudCredentials } : {}),
			...(serviceNow ? { serviceNow: serviceNow.credentials } : {}),
			webhookSecret: { headerName: SOC_HEADER, secret: SOC_SECRET },
			openAi: model.credentials(),
			smtp: mailbox.credentials(),
		}),
		workflows: [
			examples.workflowPath(ticketing[0]),
			examples.workflowPath(ticketing[1]),
			examples.workflowPath('logMuleToJira'),
			examples.workflowPath('socFlowToJira'),
			examples.workflowPath('aiTriageAgent'),
		],
		activateVia: 'rest',
	});
	cleanups.push(async () => {
		await n8n.stop();
		if (n8n.groupAlive()) throw new Error(`n8n process group ${n8n.pgid} is still alive`);
	});
	if (stopping) return;

	const W = examples.WORKFLOWS;
	fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
	fs.writeFileSync(
		STATE_FILE,
		JSON.stringify(
			{
				baseUrl: n8n.baseUrl,
				email: OWNER.email,
				password: OWNER.password,
				workflowIds: [
					W[ticketing[0]].id,
					W[ticketing[1]].id,
					W.logMuleToJira.id,
					W.socFlowToJira.id,
					W.aiTriageAgent.id,
				],
				extrahop: extrahop.server.url,
				jira: jira.url,
				logmule: logmule.server.url,
				model: model.url,
				mailbox: mailboxUrl,
				...(jiraCloud ? { jiraCloud: jiraCloud.url } : {}),
				...(serviceNow ? { servicenow: serviceNow.directUrl } : {}),
				pid: process.pid,
			},
			null,
			2,
		),
	);
	const socTrigger = examples
		.loadWorkflow('socFlowToJira')
		.nodes.find((/** @type {any} */ n) => n.type === 'n8n-nodes-extrahop.extraHopWebhookTrigger');
	const socPushUrl = n8n.webhookUrl(`${socTrigger.webhookId}/extrahop`);
	const triageStart = examples
		.loadWorkflow('aiTriageAgent')
		.nodes.find((/** @type {any} */ n) => n.type === 'n8n-nodes-base.webhook');
	const triageUrl = n8n.webhookUrl(triageStart.parameters.path);
	const sender = examples.AI_TRIAGE_SENDER;
	const line = '-'.repeat(78);
	process.stdout.write(
		[
			'',
			line,
			` n8n editor      ${n8n.baseUrl}/workflow/${W[ticketing[0]].id}`,
			`                 login ${OWNER.email} / ${OWNER.password}`,
			` ExtraHop page   ${extrahop.server.url}/        (API key ${extrahop.config.apiKey})`,
			`   as RevealX 360  API endpoint ${extrahop.server.url}, client ID ${extrahop.config.clientId}, client secret ${extrahop.config.clientSecret}`,
			` Jira page       ${jira.url}/        (user ${jira.credentials.email} / ${jira.credentials.password})`,
			` LogMule page    ${logmule.server.url}/`,
			...(jiraCloud
				? [
						` Jira Cloud page ${jiraCloud.url}/        (examples 01b/02b; API token ${jiraCloud.cloudCredentials.apiToken})`,
					]
				: []),
			...(serviceNow
				? [
						` ServiceNow page ${serviceNow.directUrl}/        (examples 05/06; n8n calls ${serviceNow.url} through ${serviceNow.proxyUrl})`,
					]
				: []),
			` LogMule webhook ${n8n.webhookUrl('logmule-result')}   (POST {"result_id": "..."})`,
			`                 header ${examples.LOGMULE_SENDER.name}: ${examples.LOGMULE_SENDER.value}`,
			` SOC flow (04)   ${socPushUrl}   (POST {"id": <detection>})`,
			`                 sender credential: header ${SOC_HEADER}, secret ${SOC_SECRET}`,
			'                 a push is ticketed in seconds; its Poll Trigger "Detections Still Without Ticket" is the',
			'                 backstop: a detection whose push never arrives is ticketed 10 to 15 minutes',
			'                 after its last change, with no human step.',
			` AI triage (08)  ${triageUrl}   (POST, header ${sender.name}: ${sender.value})`,
			`                 curl -X POST -H '${sender.name}: ${sender.value}' ${triageUrl}`,
			`                 the scripted model (${model.url}/v1, API key ${model.apiKey}) triages the`,
			'                 port scans 3001/3002, ransomware 3003 and 3004; every close, investigation',
			'                 and tuning rule waits for your Approve link in the mailbox:',
			` Mailbox page    ${mailboxUrl}/        (approval e-mails to soc-lead@example.com; open the links here)`,
			'',
			` Watch the ExtraHop page: a detection appears every ~${Math.max(5, Number(process.env.DEMO_INTERVAL_S ?? 25))} s and gets its Jira ticket ID`,
			" within about a minute (the ExtraHop Poll Trigger polls every minute, n8n's shortest interval).",
			' Resolve an issue in Jira (the demo does it now and then) and its detection closes.',
			' Ctrl-C stops everything.',
			line,
			'',
		].join('\n'),
	);

	// ---- activity ----------------------------------------------------------------------------
	const intervalMs = Math.max(5, Number(process.env.DEMO_INTERVAL_S ?? 25)) * 1000;
	const TYPES = [
		'cifs_exfil_anomaly',
		'rare_ssh_port',
		'dns_tunnel',
		'port_scan',
		'ransomware_activity',
		'weak_cipher_suite',
		'cryptomining_pool',
		'db_slow_queries',
	];
	const every = (/** @type {number} */ ms, /** @type {() => void | Promise<void>} */ fn) => {
		timers.push(
			setInterval(() => {
				if (stopping) return;
				Promise.resolve()
					.then(fn)
					.catch((e) => log(`demo step failed: ${e instanceof Error ? e.message : String(e)}`));
			}, ms),
		);
	};

	const newDetection = () => {
		const risk = Math.random() < 0.1 ? null : Math.floor(Math.random() * 100);
		const d = extrahop.createDetection({ type: pick(TYPES), risk_score: risk });
		log(`ExtraHop: new detection ${d.id} "${d.title}" (risk ${risk ?? 'none'})`);
	};
	setTimeout(() => !stopping && newDetection(), 3000).unref();
	every(intervalMs, newDetection);

	every(intervalMs * 3, () => {
		const ticketed = extrahop
			.detections()
			.filter((d) => d.ticket_id && d.status === 'in_progress' && isCreatedDetection(d));
		if (!ticketed.length) return;
		const d = pick(ticketed);
		extrahop.modifyDetection(d.id, { activity: true });
		log(
			`ExtraHop: new activity on detection ${d.id} (ticket ${d.ticket_id}): expect a comment, not a new issue`,
		);
	});

	every(intervalMs * 4, () => {
		if (serviceNow) {
			const open = serviceNow
				.incidents()
				.filter(
					(i) => i.correlation_id?.startsWith('extrahop-') && ['1', '2'].includes(i.stateValue),
				);
			if (open.length < 3) return;
			const code = pick([
				'Solution provided',
				'Solution provided',
				'Duplicate',
				'Resolved by caller',
			]);
			serviceNow.resolveIncident(open[0].number, code, {
				as: 'soc.analyst',
				notes: 'Resolved by the demo analyst.',
			});
			log(
				`ServiceNow: analyst resolved ${open[0].number} ("${code}"): expect its detection to close within a minute`,
			);
			return;
		}
		const tracker = jiraCloud ?? jira;
		const open = tracker.search(
			'labels = extrahop AND resolution = Unresolved ORDER BY created ASC',
		);
		if (open.length < 3) return;
		const issue = open[0];
		const resolution = pick(['Done', 'Done', "Won't Do", 'Duplicate']);
		tracker.resolveIssue(issue.key, resolution, {
			as: 'analyst',
			comment: 'Resolved by the demo analyst.',
		});
		log(
			`Jira${jiraCloud ? ' Cloud' : ''}: analyst resolved ${issue.key} as "${resolution}": expect its detection to close`,
		);
	});

	// Example 04: ExtraHop pushes the seeded detections one by one (investigation, issue with the
	// participants and the PCAP); now and then an analyst resolves one as a false positive.
	const socQueue = extrahop
		.detections()
		.filter((d) => !isCreatedDetection(d))
		.map((d) => d.id);
	every(intervalMs * 2, async () => {
		const id = socQueue.shift();
		if (id === undefined) return;
		const d = extrahop.getDetection(id);
		const res = await fetch(socPushUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', [SOC_HEADER]: SOC_SECRET },
			body: JSON.stringify({ id, title: d?.title, description: d?.description }),
		});
		log(
			`ExtraHop: pushed detection ${id} to the SOC flow (n8n answered ${res.status}): expect an investigation and an issue with its PCAP attached`,
		);
	});
	every(intervalMs * 5, () => {
		const open = jira.search(
			'labels = extrahop-soc AND resolution = Unresolved ORDER BY created ASC',
		);
		if (open.length < 2) return;
		jira.resolveIssue(open[0].key, 'False Positive', {
			as: 'analyst',
			comment: 'Benign: scheduled backup job.',
		});
		log(
			`Jira: analyst resolved ${open[0].key} as "False Positive": expect an ExtraHop tuning rule (now ${extrahop.soc().tuning.rules().length})`,
		);
	});

	/** @type {{ asset: string, finding: string, title: string }[]} */
	const findings = [];
	const LOGMULE_FINDINGS = [
		'Brute force against VPN gateway',
		'Outdated TLS library',
		'Suspicious PowerShell download cradle',
		'Service account used interactively',
	];
	const LOGMULE_ASSETS = ['vpn-gw-01', 'web-03', 'fin-ws-114', 'dc-02', 'hr-db-02'];
	every(Math.round(intervalMs * 1.6), async () => {
		// Half the time the same asset and finding again: LogMule appends, the workflow comments.
		const repeat = findings.length > 0 && Math.random() < 0.5;
		const crypto = require('node:crypto');
		const f = repeat
			? pick(findings)
			: {
					asset: crypto.randomUUID(),
					finding: crypto.randomUUID(),
					title: `${pick(LOGMULE_FINDINGS)} on ${pick(LOGMULE_ASSETS)}`,
				};
		if (!repeat) findings.push(f);
		const result = logmule.createResult({
			service_asset_id: f.asset,
			finding_id: f.finding,
			title: f.title,
			risklevel: 1 + Math.floor(Math.random() * 9),
		});
		const res = await fetch(n8n.webhookUrl('logmule-result'), {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				[examples.LOGMULE_SENDER.name]: examples.LOGMULE_SENDER.value,
			},
			body: JSON.stringify({ result_id: result.id }),
		});
		const body = /** @type {any} */ (await res.json().catch(() => ({})));
		const incident = logmule
			.incidents()
			.find((i) => i.service_asset_id === f.asset && i.finding_id === f.finding);
		log(
			`LogMule: result "${f.title}" -> incident #${incident?.display_id} (${incident?.c_occurrence_count} occurrence(s)); n8n answered ${res.status}${body?.key ? `, new issue ${body.key}` : body?.body ? ', comment added' : ''}`,
		);
	});

	// Tickets appearing: report what the workflow did since the last look.
	/** @type {Map<number, string | null>} */
	const known = new Map();
	every(5000, () => {
		for (const d of extrahop.detections()) {
			if (d.id < 2000) continue;
			const state = `${d.ticket_id ?? ''}|${d.status ?? ''}|${d.resolution ?? ''}`;
			const before = known.get(d.id);
			if (before === undefined) {
				known.set(d.id, state);
				continue;
			}
			if (before !== state) {
				known.set(d.id, state);
				log(
					`ExtraHop: detection ${d.id} now ticket ${d.ticket_id ?? '-'}, status ${d.status ?? 'open'}${d.resolution ? ` (${d.resolution})` : ''}, assignee ${d.assignee ?? '-'}`,
				);
			}
		}
	});
}

main().catch((error) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
