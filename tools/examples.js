// @ts-check
'use strict';
/**
 * The example workflows in examples/ and the credentials they reference, pointed at the local
 * simulators. Shared by the end-to-end test (test/e2e/examples.e2e.js) and `npm run demo`.
 *
 * The workflow files are imported unchanged: their credential references (fixed ids and names)
 * are matched by credentials created here with the same ids and names, as a user creates them.
 */
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

/** The workflows, by role. `file` is relative to examples/. */
const WORKFLOWS = Object.freeze({
	detectionToJira: { id: 'exhDetectionToJira1', file: '01-extrahop-detection-to-jira.json' },
	jiraToExtraHop: { id: 'exhJiraToExtraHop01', file: '02-jira-resolved-to-extrahop.json' },
	logMuleToJira: { id: 'exhLogMuleToJira001', file: '03-logmule-result-to-jira.json' },
	detectionToJiraCloud: {
		id: 'exhDetToJiraCloud01',
		file: '01b-extrahop-detection-to-jira-cloud.json',
	},
	jiraCloudToExtraHop: {
		id: 'exhJiraCloudToExh01',
		file: '02b-jira-cloud-resolved-to-extrahop.json',
	},
	detectionToServiceNow: {
		id: 'exhDetToServiceNow1',
		file: '05-extrahop-detection-to-servicenow.json',
	},
	serviceNowToExtraHop: {
		id: 'exhServiceNowToExh1',
		file: '06-servicenow-resolved-to-extrahop.json',
	},
	socFlowToJira: { id: 'exhSocFlowToJira01', file: '04-extrahop-soc-flow-to-jira.json' },
	pushToJira: { id: 'exhPushToJira000001', file: '07-extrahop-push-detection-to-jira.json' },
	aiTriageAgent: { id: 'exhAiTriageAgent001', file: '08-extrahop-ai-triage-agent.json' },
	jiraMirror: { id: 'exhJiraMirror000001', file: '10-jira-two-way-mirror.json' },
	jiraCloudMirror: { id: 'exhJiraCloudMirror1', file: '11-jira-cloud-two-way-mirror.json' },
	serviceNowMirror: { id: 'exhServiceNowMirror1', file: '12-servicenow-two-way-mirror.json' },
});

/** Credential ids and names the example workflows reference (see examples/README.md). */
const CREDENTIALS = Object.freeze({
	extraHop: { id: 'exhExtraHopApiCred1', name: 'ExtraHop account', type: 'extraHopApi' },
	jira: {
		id: 'exhJiraServerCred01',
		name: 'Jira SW Server account',
		type: 'jiraSoftwareServerApi',
	},
	logMule: { id: 'exhLogMuleApiCred01', name: 'LogMule account', type: 'logMuleApi' },
	jiraCloud: {
		id: 'exhJiraCloudCred001',
		name: 'Jira SW Cloud account',
		type: 'jiraSoftwareCloudApi',
	},
	serviceNow: { id: 'exhServiceNowCred01', name: 'ServiceNow account', type: 'serviceNowBasicApi' },
	webhookSecret: {
		id: 'exhWebhookSecret001',
		name: 'ExtraHop webhook secret',
		type: 'extraHopWebhookSecretApi',
	},
	openAi: { id: 'exhOpenAiApiCred01', name: 'OpenAI account', type: 'openAiApi' },
	smtp: { id: 'exhSmtpApprovalCr1', name: 'SMTP account', type: 'smtp' },
	aiTriageSender: { id: 'exhAiTriageSender01', name: 'AI triage sender', type: 'httpHeaderAuth' },
	logMuleSender: {
		id: 'exhLogMuleSender001',
		name: 'LogMule webhook sender',
		type: 'httpHeaderAuth',
	},
});

/** The header the sender to example 03's webhook authenticates with (credential logMuleSender). */
const LOGMULE_SENDER = Object.freeze({
	name: 'X-LogMule-Secret',
	value: 'lm-sender-3f9c1a7e5b2d4c8e9a0b1c2d3e4f5a6b',
});

/** The header the sender to example 08's webhook authenticates with (credential aiTriageSender). */
const AI_TRIAGE_SENDER = Object.freeze({
	name: 'X-Triage-Secret',
	value: 'ai-triage-sender-7c2e9b4f1a6d3e8c5b0a9f2e4d6c8b1a',
});

/**
 * @param {keyof typeof WORKFLOWS} role
 * @param {string} [dir] where the workflow files are (default examples/; e.g. the saved 0.1.0 copies)
 */
function workflowPath(role, dir = EXAMPLES_DIR) {
	return path.join(dir, WORKFLOWS[role].file);
}

/** @param {keyof typeof WORKFLOWS} role */
function hasWorkflow(role) {
	return fs.existsSync(workflowPath(role));
}

/**
 * The example workflow as stored in examples/, or in `dir` (parsed JSON).
 * @param {keyof typeof WORKFLOWS} role
 * @param {string} [dir]
 */
function loadWorkflow(role, dir) {
	return JSON.parse(fs.readFileSync(workflowPath(role, dir), 'utf8'));
}

/**
 * Credentials for import:credentials (plaintext data, encrypted by n8n on import).
 * @param {{ extraHop?: { url: string, apiKey: string }, jira?: { email: string, password: string, domain: string },
 *   logMule?: Record<string, any>, jiraCloud?: { email: string, apiToken: string, domain: string },
 *   serviceNow?: { user: string, password: string, subdomain: string },
 *   webhookSecret?: { headerName: string, secret: string },
 *   openAi?: { apiKey: string, url: string }, smtp?: Record<string, any> }} targets
 */
function simulatorCredentials(targets) {
	const out = [];
	if (targets.extraHop) {
		out.push({
			...CREDENTIALS.extraHop,
			data: {
				url: targets.extraHop.url,
				apiKey: targets.extraHop.apiKey,
				allowUnauthorizedCerts: false,
			},
		});
	}
	if (targets.jira) {
		out.push({
			...CREDENTIALS.jira,
			data: {
				email: targets.jira.email,
				password: targets.jira.password,
				domain: targets.jira.domain,
			},
		});
	}
	if (targets.logMule) out.push({ ...CREDENTIALS.logMule, data: targets.logMule });
	if (targets.jiraCloud) {
		out.push({
			...CREDENTIALS.jiraCloud,
			data: {
				email: targets.jiraCloud.email,
				apiToken: targets.jiraCloud.apiToken,
				domain: targets.jiraCloud.domain,
			},
		});
	}
	if (targets.serviceNow) {
		out.push({
			...CREDENTIALS.serviceNow,
			data: {
				user: targets.serviceNow.user,
				password: targets.serviceNow.password,
				subdomain: targets.serviceNow.subdomain,
			},
		});
	}
	if (targets.webhookSecret)
		out.push({ ...CREDENTIALS.webhookSecret, data: targets.webhookSecret });
	if (targets.openAi) out.push({ ...CREDENTIALS.openAi, data: targets.openAi });
	if (targets.smtp) out.push({ ...CREDENTIALS.smtp, data: targets.smtp });
	// Example 08's webhook refuses any sender without this header: it goes with its model account.
	if (targets.openAi) out.push({ ...CREDENTIALS.aiTriageSender, data: { ...AI_TRIAGE_SENDER } });
	// Example 03's webhook refuses any sender without this header: it goes with the LogMule account.
	if (targets.logMule) out.push({ ...CREDENTIALS.logMuleSender, data: { ...LOGMULE_SENDER } });
	return out;
}

/** Every node type used by the example workflows that comes from this package. */
function packageNodeTypes() {
	const types = new Set();
	for (const role of /** @type {(keyof typeof WORKFLOWS)[]} */ (Object.keys(WORKFLOWS))) {
		if (!hasWorkflow(role)) continue;
		for (const node of loadWorkflow(role).nodes)
			if (node.type.startsWith('n8n-nodes-extrahop.')) types.add(node.type);
	}
	return [...types].sort();
}

module.exports = {
	EXAMPLES_DIR,
	WORKFLOWS,
	CREDENTIALS,
	AI_TRIAGE_SENDER,
	LOGMULE_SENDER,
	workflowPath,
	hasWorkflow,
	loadWorkflow,
	simulatorCredentials,
	packageNodeTypes,
};
