import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { getDetection } from '../../common/api';
import { deviceIps } from '../../common/devices';
import { participantDevice, type Participant } from '../../common/enrichment';
import { detectionIdFromLocator, isIpOrCidr, toList } from '../../common/validation';
import type { Operation } from '../../../shared/operation';
import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import {
	DAY_MS,
	MINUTE_MS,
	checkWindow,
	parseQueryTime,
	timeRangeProperties,
} from '../helpers/timeRange';
import {
	OPERATOR_CHOICES,
	anyAddress,
	jsonFilter,
	simpleFilter,
	type RecordCondition,
} from './filter';
import { searchRecords } from './paging';
import { simplifyRecord } from './simplify';

/** ExtraHop searches records over at most seven days at once. */
export const MAX_RECORD_WINDOW_MS = 7 * DAY_MS;

const RECORD_TYPES: Array<[string, string]> = [
	['CIFS / SMB', '~cifs'],
	['Database', '~db'],
	['DHCP Request', '~dhcp_request'],
	['DHCP Response', '~dhcp_response'],
	['DNS Request', '~dns_request'],
	['DNS Response', '~dns_response'],
	['Flow', '~flow'],
	['FTP', '~ftp'],
	['HTTP', '~http'],
	['Kerberos Request', '~kerberos_request'],
	['Kerberos Response', '~kerberos_response'],
	['LDAP Request', '~ldap_request'],
	['LDAP Response', '~ldap_response'],
	['RDP Open', '~rdp_open'],
	['SMTP', '~smtp'],
	['SSH Open', '~ssh_open'],
	['SSL Close', '~ssl_close'],
	['SSL Open', '~ssl_open'],
];

const bySource = (source: string) => ({ show: { source: [source] } });
const simple = { show: { source: ['filter'], filterMode: ['simple'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Records Of',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'A Filter and Time Range', value: 'filter' },
			{
				name: 'A Detection',
				value: 'detection',
				description:
					"Its participants' IP addresses, from shortly before it started until shortly after it ended",
			},
		],
		default: 'filter',
	},
	{ ...detectionIdLocator, displayOptions: bySource('detection') },
	...timeRangeProperties('-1h', '; at most 7 days before Until').map((p) => ({
		...p,
		displayOptions: bySource('filter'),
	})),
	{
		displayName: 'Record Types',
		name: 'types',
		type: 'multiOptions',
		options: RECORD_TYPES.map(([name, value]) => ({ name, value })),
		default: [],
		description: 'Only records of these types; none means any type. More types in the options.',
	},
	{
		displayName: 'Filter Mode',
		name: 'filterMode',
		type: 'options',
		options: [
			{ name: 'Build', value: 'simple', description: 'IP address, port, text and conditions' },
			{
				name: 'JSON',
				value: 'json',
				description: "ExtraHop's filter object, with and/or/not groups",
			},
		],
		default: 'simple',
		displayOptions: bySource('filter'),
	},
	{
		displayName: 'IP Address',
		name: 'ipAddress',
		type: 'string',
		default: '',
		placeholder: 'e.g. 10.1.4.55 or 10.1.0.0/16',
		description: 'Records with this address as client, server, sender or receiver (.ipaddr)',
		displayOptions: simple,
	},
	{
		displayName: 'Port',
		name: 'port',
		type: 'string',
		default: '',
		placeholder: 'e.g. 445',
		description: 'Records with this port on either side (.port)',
		displayOptions: simple,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		placeholder: 'e.g. exfil-cdn.net',
		description: 'Records with a field matching this text, as a regular expression (.any ~)',
		displayOptions: simple,
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		displayOptions: simple,
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. statusCode, qname, method',
						description: 'A record field, or .ipaddr, .port or .any',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: OPERATOR_CHOICES.map(({ name, value }) => ({ name, value })),
						default: 'equals',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Compared as text (numbers too); not needed for exists / not_exists',
					},
				],
			},
		],
	},
	{
		displayName: 'Match',
		name: 'match',
		type: 'options',
		options: [
			{ name: 'All Conditions', value: 'and' },
			{ name: 'Any Condition', value: 'or' },
		],
		default: 'and',
		displayOptions: simple,
	},
	{
		displayName: 'Filter (JSON)',
		name: 'filterJson',
		type: 'json',
		default:
			'{\n  "operator": "and",\n  "rules": [\n    { "field": ".ipaddr", "operator": "=", "operand": "10.1.2.3" },\n    { "field": "statusCode", "operator": ">=", "operand": "400" }\n  ]\n}',
		description:
			'A rule {"field", "operator", "operand"} or a group {"operator": "and" | "or" | "not", "rules": [...]}. Numbers and true/false are sent as text, as ExtraHop requires.',
		displayOptions: { show: { source: ['filter'], filterMode: ['json'] } },
	},
	...returnAllOrLimit,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return each record flat: its fields at the top level, addresses and devices as plain values, times also in ISO 8601',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Minutes Around the Detection',
				name: 'paddingMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description: 'For a detection: how far before its start and after its end to search',
			},
			{
				displayName: 'Other Record Types',
				name: 'otherTypes',
				type: 'string',
				default: '',
				placeholder: 'e.g. ~ssl_alert, my_custom_record',
				description:
					'More record types, comma-separated, as ExtraHop names them (built-in ones start with ~)',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'string',
				default: '',
				placeholder: 'e.g. timestamp',
				description: "A record field to sort by (ExtraHop's order when empty)",
			},
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Descending', value: 'desc' },
					{ name: 'Ascending', value: 'asc' },
				],
				default: 'desc',
			},
		],
	},
];

interface Prepared {
	body: IDataObject;
	detectionId?: number;
	paddingMs: number;
	limit: number;
	simplify: boolean;
}

/** The IP addresses of a detection's participants (a device participant's from its device). */
async function participantIps(context: IExecuteFunctions, detection: IDataObject, i: number) {
	const ips = new Set<string>();
	for (const p of (Array.isArray(detection.participants)
		? detection.participants
		: []) as Participant[]) {
		const value = typeof p.object_value === 'string' ? p.object_value.trim() : '';
		if (isIpOrCidr(value) && !value.includes('/')) {
			ips.add(value);
			continue;
		}
		const { device } = await participantDevice(context, p, i);
		for (const ip of device ? deviceIps(device) : []) ips.add(ip);
	}
	return [...ips];
}

export const search: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['record'], operation: ['search'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const types = [
			...(this.getNodeParameter('types', i, []) as string[]),
			...toList(options.otherTypes),
		];
		const body: IDataObject = {};
		if (types.length) body.types = [...new Set(types)];
		const sortBy = String(options.sortBy ?? '').trim();
		if (sortBy !== '')
			body.sort = [{ field: sortBy, direction: options.sortDirection === 'asc' ? 'asc' : 'desc' }];
		const prepared: Prepared = {
			body,
			paddingMs: Math.max(0, Number(options.paddingMinutes ?? 5)) * MINUTE_MS,
			limit: resultLimitOf(this, i),
			simplify: this.getNodeParameter('simplify', i, false) as boolean,
		};
		if (this.getNodeParameter('source', i, 'filter') === 'detection') {
			prepared.detectionId = detectionIdFromLocator(this, i);
			return prepared;
		}
		const from = parseQueryTime(node, 'From', this.getNodeParameter('from', i, ''), i);
		const until = parseQueryTime(node, 'Until', this.getNodeParameter('until', i, '0'), i);
		checkWindow(node, from, until, i, { ms: MAX_RECORD_WINDOW_MS, label: '7 days' });
		body.from = from.api;
		body.until = until.api;
		const filter =
			this.getNodeParameter('filterMode', i, 'simple') === 'json'
				? jsonFilter(node, this.getNodeParameter('filterJson', i, ''), i)
				: simpleFilter(
						node,
						{
							ipAddress: this.getNodeParameter('ipAddress', i, '') as string,
							port: this.getNodeParameter('port', i, '') as string,
							text: this.getNodeParameter('text', i, '') as string,
							conditions: (
								this.getNodeParameter('conditions', i, {}) as { condition?: RecordCondition[] }
							).condition,
							match: this.getNodeParameter('match', i, 'and') === 'or' ? 'or' : 'and',
						},
						i,
					);
		if (filter) body.filter = filter;
		return prepared;
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const body = { ...p.body };
		if (p.detectionId !== undefined) {
			const detection = await getDetection(this, p.detectionId, i);
			const ips = await participantIps(this, detection, i);
			if (ips.length === 0) {
				throw new NodeOperationError(
					this.getNode(),
					`Detection ${p.detectionId} has no participant with an IP address to search records for`,
					{
						itemIndex: i,
						description: 'Use "A Filter and Time Range" with the addresses you want.',
					},
				);
			}
			const until = Number(detection.end_time ?? detection.start_time) + p.paddingMs;
			// A detection that ran for weeks: its last seven days, the most ExtraHop searches at once.
			body.from = Math.max(
				Number(detection.start_time) - p.paddingMs,
				until - MAX_RECORD_WINDOW_MS,
			);
			body.until = until;
			body.filter = anyAddress(ips);
		}
		const records = await searchRecords(this, body, p.limit, i);
		return p.simplify ? records.map(simplifyRecord) : records;
	},
};
