import type { INodeProperties } from 'n8n-workflow';

import { eventsPropertyOf, updateModeProperty } from '../common/descriptions/detectionEvents';
import { enrichParticipantsOption } from '../common/descriptions/enrichParticipants';
import { simplifyProperty } from '../common/descriptions/simplify';
import { CATEGORY_OPTIONS, searchFilterOptions } from '../common/descriptions/searchFilters';

export const WEBHOOK_PATH = 'extrahop';

/**
 * From this version a new push trigger works with a sender credential alone: it emits each push as
 * received until an ExtraHop API credential is chosen, and its output is readable by default
 * (Simplify on, an ISO copy beside every epoch time). Saved nodes of version 1 keep their output.
 */
export const READABLE_FROM_VERSION = 1.1;
const FROM_1_1 = { '@version': [{ _cnd: { gte: READABLE_FROM_VERSION } }] };
const VERSION_1 = { '@version': [1] };

/** Where the setup steps live (a page of this repository; no #fragment: n8n appends its own query). */
export const WEBHOOK_DOCS_URL =
	'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/nodes/extrahop-webhook-trigger.md';

const setupNotice: INodeProperties = {
	displayName: `ExtraHop must be told where to push: turn on "Register on ExtraHop Automatically" below (API key), or add "Serve Setup Page" in the options and open the GET URL under Webhook URLs above for ready-filled setup steps. <a href="${WEBHOOK_DOCS_URL}" target="_blank">Setup guide</a>`,
	name: 'setupNotice',
	type: 'notice',
	default: '',
};

/** Why "Listen for test event" stays unavailable: n8n disables it while a required credential is missing. */
const testEventNotice: INodeProperties = {
	displayName:
		'"Listen for test event" becomes available once a sender credential is selected above (for a test, any secret of 16 or more characters). A test push the node refuses or ignores ends the test with the reason.',
	name: 'testEventNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { senderAuthentication: ['headerSecret', 'basicAuth'] } },
};

/** What a push without an ExtraHop API credential emits. */
const payloadNotice: INodeProperties = {
	displayName:
		'Each push is emitted as ExtraHop sent it, with the detection ID and event. For the full detection, or to register this node on ExtraHop automatically, choose an ExtraHop API credential above.',
	name: 'payloadNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { authentication: ['none'] } },
};

/**
 * Where n8n's editor shows the credential selectors: here, after both choices that control them
 * (without it, n8n puts them before the last of those choices).
 */
const credentialsSlot: INodeProperties = {
	displayName: 'Credentials',
	name: 'credentials',
	type: 'credentials',
	default: '',
};

export const authenticationProperty: INodeProperties = {
	displayName: 'ExtraHop API',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'API Key (RevealX Enterprise)',
			value: 'apiKey',
			description: 'Read the full detection from a self-managed sensor or console',
		},
		{
			name: 'Client Credentials (RevealX 360)',
			value: 'revealX360',
			description: 'Read the full detection from RevealX 360',
		},
		{
			name: 'None (Use the Payload as Received)',
			value: 'none',
			description:
				'Emit what ExtraHop sent, with the detection ID extracted; filters see only the fields the payload carries',
		},
	],
	default: 'apiKey',
	description:
		'With an ExtraHop API credential, each push is completed with GET /detections/{ID}, so the output is the full detection, as the ExtraHop Poll Trigger emits it. Without one, the push is emitted as received.',
};

export const senderAuthenticationProperty: INodeProperties = {
	displayName: 'Sender Authentication',
	name: 'senderAuthentication',
	type: 'options',
	options: [
		{
			name: 'Shared Secret Header',
			value: 'headerSecret',
			description: "ExtraHop's Open Data Stream target sends the secret in its additional header",
		},
		{
			name: 'Basic Auth',
			value: 'basicAuth',
			description: 'The Open Data Stream target uses Basic authentication',
		},
		{
			name: 'None (Insecure)',
			value: 'none',
			description: 'Accept pushes from anyone who can reach the URL',
		},
	],
	default: 'headerSecret',
	description:
		'How the node recognises ExtraHop. A missing secret is answered with 401, a wrong one with 403, and no workflow starts.',
};

const noSenderAuthWarning: INodeProperties = {
	displayName:
		'Without sender authentication, anyone who can reach this URL can start the workflow with any detection ID (and, with an ExtraHop credential, make n8n read that detection). Use a shared secret or Basic authentication unless n8n is reachable only by ExtraHop.',
	name: 'noSenderAuthWarning',
	type: 'notice',
	default: '',
	displayOptions: { show: { senderAuthentication: ['none'] } },
};

const payloadFilters: INodeProperties = {
	displayName: 'Filters',
	name: 'payloadFilters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description:
		'Only pushes matching every filter set here start the workflow. Without an ExtraHop credential they are matched against the payload: a filter on a field the payload lacks does not match.',
	displayOptions: { show: { authentication: ['none'] } },
	options: [
		{
			displayName: 'Categories',
			name: 'categories',
			type: 'multiOptions',
			options: CATEGORY_OPTIONS,
			default: [],
			description:
				'Match payloads with any of these categories ("categories", a notification rule\'s "categories_ids", or a ticket script\'s "fields.labels")',
		},
		{
			displayName: 'Detection Types',
			name: 'types',
			type: 'string',
			default: '',
			placeholder: 'e.g. rare_ssh_port, Rare SSH Port',
			description:
				'Comma-separated values of the payload\'s "type": the type name when a trigger script sends it, the display name in notification rule payloads',
		},
		{
			displayName: 'Minimum Risk Score',
			name: 'riskScoreMin',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 99 },
			default: 0,
			description:
				'Match payloads whose risk score ("risk_score", "riskScore", or the priority a ticket script sends in "fields.priority") is at least this',
		},
	],
};

/** Version 1.1's switch; version 1 has Simplify among the options, off by default. */
const simplifySwitch = simplifyProperty(
	'Whether to emit only the fields a ticket needs, with readable times, instead of the full detection',
	true,
);

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Address for ExtraHop',
			name: 'n8nAddress',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.internal.example.com:5678',
			description:
				"Where ExtraHop reaches n8n (e.g. https://n8n.internal:5678), when that differs from n8n's public webhook URL. The webhook path stays the same.",
		},
		{
			displayName: 'ExtraHop Skips Certificate Verification',
			name: 'skipCertVerification',
			type: 'boolean',
			default: false,
			description:
				'Whether the ODS target should accept a self-signed n8n certificate (automatic registration, and the setup shown)',
		},
		{
			displayName: 'Name on ExtraHop',
			name: 'registrationName',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n-detections',
			description:
				'Name of the ODS target and the trigger. Empty: "n8n-" followed by the start of this node\'s webhook ID, unique per node.',
		},
		{
			displayName: 'Serve Setup Page',
			name: 'setupPage',
			type: 'boolean',
			default: true,
			description:
				'Whether a GET on the webhook URL answers the ExtraHop setup for this node (address, path, header name, script; never the secret), to anyone who can reach n8n. Off unless added here (node version 1.1 and later).',
		},
		simplifyProperty(
			'Whether to emit only the fields a ticket needs instead of the full detection (with an ExtraHop credential)',
			false,
		),
		{
			...enrichParticipantsOption,
			description: `${enrichParticipantsOption.description} Needs an ExtraHop credential.`,
		},
	],
};

/**
 * Order: what starts the workflow (Events) first; then the authentication choices, followed by the
 * credential selectors they control and what they mean for a test; then filters and options.
 */
export const properties: INodeProperties[] = [
	setupNotice,
	eventsPropertyOf('pushed by ExtraHop'),
	{ ...updateModeProperty, displayOptions: { show: { events: ['updated'] } } },
	senderAuthenticationProperty,
	noSenderAuthWarning,
	{ ...authenticationProperty, displayOptions: { show: VERSION_1 } },
	{
		...authenticationProperty,
		// The choice a new node starts with first.
		options: [
			...(authenticationProperty.options ?? []).filter((o) => 'value' in o && o.value === 'none'),
			...(authenticationProperty.options ?? []).filter((o) => 'value' in o && o.value !== 'none'),
		],
		default: 'none',
		displayOptions: { show: FROM_1_1 },
	},
	credentialsSlot,
	testEventNotice,
	payloadNotice,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Only detections matching every filter set here start the workflow; others are answered and ignored',
		displayOptions: { show: { authentication: ['apiKey', 'revealX360'] } },
		options: searchFilterOptions,
	},
	payloadFilters,
	{
		displayName: 'Register on ExtraHop Automatically',
		name: 'autoRegister',
		type: 'boolean',
		default: false,
		displayOptions: { show: { authentication: ['apiKey'] } },
		description:
			'Whether to create the Open Data Stream HTTP target and the DETECTION_UPDATE trigger on ExtraHop when the workflow is activated, and remove them when it is deactivated. Needs an API key whose user may edit ODS targets and triggers. To apply a changed secret, deactivate and activate the workflow.',
	},
	{
		...simplifySwitch,
		displayOptions: { show: { ...FROM_1_1, authentication: ['apiKey', 'revealX360'] } },
	},
	{ ...optionsProperty, displayOptions: { show: VERSION_1 } },
	{
		...optionsProperty,
		options: optionsProperty.options?.filter((option) => option.name !== 'simplify'),
		displayOptions: { show: FROM_1_1 },
	},
];
