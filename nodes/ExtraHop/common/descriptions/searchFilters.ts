import type { INodeProperties } from 'n8n-workflow';

export const CATEGORY_OPTIONS = [
	['sec', 'Security (All)'],
	['sec.action', 'Actions on Objective'],
	['sec.attack', 'Attack'],
	['sec.botnet', 'Botnet'],
	['sec.caution', 'Caution'],
	['sec.command', 'Command & Control'],
	['sec.cryptomining', 'Cryptomining'],
	['sec.dos', 'Denial of Service'],
	['sec.exfil', 'Exfiltration'],
	['sec.exploit', 'Exploitation'],
	['sec.hardening', 'Hardening'],
	['sec.lateral', 'Lateral Movement'],
	['sec.ransomware', 'Ransomware'],
	['sec.recon', 'Reconnaissance'],
	['perf', 'Performance (All)'],
	['perf.auth', 'Performance: Authentication'],
	['perf.db', 'Performance: Database'],
	['perf.network', 'Performance: Network'],
	['perf.service', 'Performance: Service'],
	['perf.storage', 'Performance: Storage'],
	['perf.virtual', 'Performance: Virtual'],
	['perf.web', 'Performance: Web'],
].map(([value, name]) => ({ name, value }));

/** The filters of POST /detections/search, shared by Get Many and both triggers. */
export const searchFilterOptions: INodeProperties[] = [
	{
		displayName: 'Assignee',
		name: 'assignee',
		type: 'string',
		default: '',
		placeholder: 'e.g. alice, .none',
		description:
			'Comma-separated usernames. ".none" matches unassigned detections, ".me" the API user.',
	},
	{
		displayName: 'Categories',
		name: 'categories',
		type: 'multiOptions',
		options: CATEGORY_OPTIONS,
		default: [],
		description:
			'Match detections in any of these categories (a parent such as Security matches all its subcategories)',
	},
	{
		displayName: 'Detection Type Names or IDs',
		name: 'types',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getDetectionTypes',
			loadOptionsDependsOn: ['authentication'],
		},
		default: [],
		description:
			'Match only these detection types. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Minimum Risk Score',
		name: 'riskScoreMin',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 99 },
		default: 0,
		description:
			'Match detections whose risk score is at least this (0-99). Detections without a score never match a minimum above 0.',
	},
	{
		displayName: 'Recommended for Triage Only',
		name: 'recommended',
		type: 'boolean',
		default: false,
		description:
			'Whether to match only detections ExtraHop recommends for triage (consoles and RevealX 360)',
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'multiOptions',
		options: [
			{ name: 'Action Taken', value: 'action_taken' },
			{ name: 'No Action Taken', value: 'no_action_taken' },
			{ name: 'No Resolution', value: '.none' },
		],
		default: [],
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'multiOptions',
		options: [
			{ name: 'Acknowledged', value: 'acknowledged' },
			{ name: 'Closed', value: 'closed' },
			{ name: 'In Progress', value: 'in_progress' },
			{ name: 'New', value: 'new' },
			{ name: 'Open (No Status)', value: '.none' },
		],
		default: [],
	},
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		default: '',
		placeholder: 'e.g. SOC-12, .none',
		description: 'Comma-separated ticket IDs. ".none" matches detections without a ticket.',
	},
];

export const timeFilterOptions: INodeProperties[] = [
	{
		displayName: 'Modified Since',
		name: 'modifiedSince',
		type: 'dateTime',
		default: '',
		description: 'Match detections created or changed at or after this time',
	},
	{
		displayName: 'Occurred From',
		name: 'occurredFrom',
		type: 'dateTime',
		default: '',
		description:
			'Match detections that occurred after this time, including those still ongoing then',
	},
	{
		displayName: 'Occurred Until',
		name: 'occurredUntil',
		type: 'dateTime',
		default: '',
		description:
			'Match detections that ended before this time (ExtraHop\'s "until": a detection still active then is not matched)',
	},
];
