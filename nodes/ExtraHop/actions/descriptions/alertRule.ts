import type { INodeProperties } from 'n8n-workflow';

export const alertRuleIdProperty: INodeProperties = {
	displayName: 'Alert Rule ID',
	name: 'alertRuleId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 12',
	description: 'The numeric ID of the alert rule (Get Many lists them)',
};

const seconds = (values: number[]) =>
	values.map((value) => ({
		name: value < 60 ? `${value} Seconds` : `${value / 60} Minutes`,
		value,
	}));

/** The threshold alert's settings (spec `alerts-triggers.md`, POST /alerts), for Create and Update. */
export const alertRuleFields: INodeProperties[] = [
	{
		displayName: 'Apply to All Sources',
		name: 'applyAll',
		type: 'boolean',
		default: false,
		description: 'Whether the alert applies to every data source instead of assigned ones only',
	},
	{
		displayName: 'CC Emails',
		name: 'cc',
		type: 'string',
		default: '',
		placeholder: 'e.g. soc@example.com, oncall@example.com',
		description: 'Comma-separated addresses to notify, outside any email group',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Disabled',
		name: 'disabled',
		type: 'boolean',
		default: false,
		description: 'Whether the alert is inactive',
	},
	{
		displayName: 'Interval Length',
		name: 'intervalLength',
		type: 'options',
		default: 300,
		options: seconds([30, 60, 120, 300, 600, 900, 1200, 1800]),
		description: 'The length of the alert interval',
	},
	{
		displayName: 'Metric Name',
		name: 'fieldName',
		type: 'string',
		default: '',
		placeholder: 'e.g. write_bytes',
		description: 'The monitored metric (field_name)',
	},
	{
		displayName: 'Notify SNMP',
		name: 'notifySnmp',
		type: 'boolean',
		default: false,
		description: 'Whether to send an SNMP trap when the alert fires',
	},
	{
		displayName: 'Operand',
		name: 'operand',
		type: 'string',
		default: '',
		placeholder: 'e.g. 500000000',
		description: 'The value the metric is compared with',
	},
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'options',
		default: '>',
		options: ['==', '>', '<', '>=', '<='].map((op) => ({ name: op, value: op })),
		description: 'How the metric is compared with the operand',
	},
	{
		displayName: 'Refire Interval',
		name: 'refireInterval',
		type: 'options',
		default: 3600,
		options: seconds([300, 600, 900, 1800, 3600, 7200, 14400]),
		description: 'How long the alert stays quiet after firing',
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'options',
		default: 3,
		options: [0, 1, 2, 3, 4, 5, 6, 7].map((value) => ({
			name: `${value}${value <= 2 ? ' (Immediate Attention)' : ''}`,
			value,
		})),
		description: 'Severity shown in the alert history, emails and SNMP traps (0 is the highest)',
	},
	{
		displayName: 'Statistic Name',
		name: 'statName',
		type: 'string',
		default: '',
		placeholder: 'e.g. extrahop.device.cifs_server',
		description: 'The metric category (stat_name)',
	},
	{
		displayName: 'Units',
		name: 'units',
		type: 'options',
		default: 'period',
		options: ['none', 'period', '1 sec', '1 min', '1 hr'].map((unit) => ({
			name: unit,
			value: unit,
		})),
		description: 'The interval in which the alert condition is evaluated',
	},
];

export const alertRuleTargetProperty: INodeProperties = {
	displayName: 'Assign To',
	name: 'target',
	type: 'options',
	default: 'devices',
	options: [
		{ name: 'Devices', value: 'devices' },
		{ name: 'Device Groups', value: 'devicegroups' },
	],
	description: 'What the alert rule watches',
};

export const alertRuleTargetIdsProperty: INodeProperties = {
	displayName: 'IDs',
	name: 'targetIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1907, 1912',
	description: 'Comma-separated device or device group IDs, or an expression giving an array',
};
