import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { getDetection } from '../../common/api';
import { countPcapPackets } from '../helpers/pcap';
import { detectionIdFromLocator, isIpOrCidr, toEpochMs } from '../../common/validation';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { WithBinary, type Operation } from '../../../shared/operation';

const MB = 1024 * 1024;
export const DEFAULT_MAX_FILE_MB = 25;
/** A relative time as ExtraHop takes it ("-10m", "-2h", "0") or epoch milliseconds. */
const RELATIVE_TIME = /^-?\d+(ms|s|m|h|d|w)?$/;

const MIME: Record<string, string> = {
	pcap: 'application/vnd.tcpdump.pcap',
	pcapng: 'application/x-pcapng',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Packets Of',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'A Detection',
				value: 'detection',
				description:
					"Its participants' IP addresses, from shortly before it started until shortly after it ended",
			},
			{ name: 'Addresses and Time Range', value: 'manual' },
		],
		default: 'detection',
	},
	{ ...detectionIdLocator, displayOptions: { show: { source: ['detection'] } } },
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '-30m',
		required: true,
		displayOptions: { show: { source: ['manual'] } },
		placeholder: 'e.g. -30m or 2026-01-31T12:00:00Z',
		description:
			'Start of the search: a date, epoch milliseconds, or a time relative to now such as -30m',
	},
	{
		displayName: 'Until',
		name: 'until',
		type: 'string',
		default: '0',
		displayOptions: { show: { source: ['manual'] } },
		description:
			'End of the search: a date, epoch milliseconds, a relative time such as -5m, or 0 for now',
	},
	{
		displayName: 'IP Address 1',
		name: 'ip1',
		type: 'string',
		default: '',
		displayOptions: { show: { source: ['manual'] } },
		description: 'Packets sent to or received by this IP address',
	},
	{
		displayName: 'Port 1',
		name: 'port1',
		type: 'string',
		default: '',
		displayOptions: { show: { source: ['manual'] } },
	},
	{
		displayName: 'IP Address 2',
		name: 'ip2',
		type: 'string',
		default: '',
		displayOptions: { show: { source: ['manual'] } },
		description: 'Packets sent to or received by this IP address',
	},
	{
		displayName: 'Port 2',
		name: 'port2',
		type: 'string',
		default: '',
		displayOptions: { show: { source: ['manual'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'BPF Filter',
				name: 'bpf',
				type: 'string',
				default: '',
				placeholder: 'e.g. tcp port 445',
				description: 'Berkeley Packet Filter expression applied by ExtraHop',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. detection-4327.pcap',
			},
			{
				displayName: 'Format',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'PCAP', value: 'pcap' },
					{ name: 'PCAPNG', value: 'pcapng' },
				],
				default: 'pcap',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileMb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1024 },
				default: DEFAULT_MAX_FILE_MB,
				description:
					"The node stops reading and fails past this size, so a large capture cannot fill n8n's memory. ExtraHop is asked to stop there too.",
			},
			{
				displayName: 'Max Search Duration',
				name: 'limitSearchDuration',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2m',
				description: "How long ExtraHop may search (ExtraHop's default: 5m)",
			},
			{
				displayName: 'Minutes Around the Detection',
				name: 'paddingMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description: 'For a detection: how far before its start and after its end to search',
			},
		],
	},
];

interface Prepared {
	detectionId?: number;
	body: IDataObject;
	paddingMs: number;
	maxBytes: number;
	binaryPropertyName: string;
	fileName?: string;
}

function timeValue(context: IExecuteFunctions, field: string, raw: unknown, i: number): string {
	const text = String(raw ?? '').trim();
	if (RELATIVE_TIME.test(text)) return text;
	return String(toEpochMs(context.getNode(), field, text, i));
}

function checkIp(
	context: IExecuteFunctions,
	field: string,
	raw: unknown,
	i: number,
): string | undefined {
	const text = String(raw ?? '').trim();
	if (text === '') return undefined;
	if (!isIpOrCidr(text) || text.includes('/')) {
		throw new NodeOperationError(context.getNode(), `Invalid ${field} "${text.slice(0, 60)}"`, {
			itemIndex: i,
			description: 'Use an IPv4 or IPv6 address.',
		});
	}
	return text;
}

function checkPort(
	context: IExecuteFunctions,
	field: string,
	raw: unknown,
	i: number,
): string | undefined {
	const text = String(raw ?? '').trim();
	if (text === '') return undefined;
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid ${field} "${text.slice(0, 20)}": a port is a number from 1 to 65535`,
			{ itemIndex: i },
		);
	}
	return text;
}

/** Reads a streamed body into memory up to `maxBytes`; past it, stops reading and fails. */
async function readCapped(
	stream: unknown,
	maxBytes: number,
	onTooLarge: () => Error,
): Promise<Buffer> {
	if (Buffer.isBuffer(stream)) {
		if (stream.length > maxBytes) throw onTooLarge();
		return stream;
	}
	const readable = stream as AsyncIterable<Buffer> & { destroy?: (error?: Error) => void };
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of readable) {
			size += chunk.length;
			if (size > maxBytes) throw onTooLarge();
			chunks.push(Buffer.from(chunk));
		}
	} finally {
		readable.destroy?.();
	}
	return Buffer.concat(chunks, size);
}

export const search: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['packet'], operation: ['search'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const source = this.getNodeParameter('source', i, 'detection') as string;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const output = options.output === 'pcapng' ? 'pcapng' : 'pcap';
		const maxMb = Number(options.maxFileMb ?? DEFAULT_MAX_FILE_MB);
		if (!Number.isFinite(maxMb) || maxMb <= 0)
			throw new NodeOperationError(node, 'Max File Size must be a positive number of MB', {
				itemIndex: i,
			});
		const maxBytes = Math.floor(maxMb * MB);
		const body: IDataObject = { output, always_return_body: false, limit_bytes: String(maxBytes) };
		if (typeof options.bpf === 'string' && options.bpf.trim() !== '') body.bpf = options.bpf.trim();
		if (
			typeof options.limitSearchDuration === 'string' &&
			options.limitSearchDuration.trim() !== ''
		) {
			const duration = options.limitSearchDuration.trim();
			if (!RELATIVE_TIME.test(duration) || duration.startsWith('-')) {
				throw new NodeOperationError(node, `Invalid search duration "${duration.slice(0, 20)}"`, {
					itemIndex: i,
					description: 'Use a duration such as 90s, 2m or 120000 (milliseconds).',
				});
			}
			body.limit_search_duration = duration;
		}
		const binaryPropertyName = String(
			this.getNodeParameter('binaryPropertyName', i, 'data') ?? '',
		).trim();
		if (binaryPropertyName === '')
			throw new NodeOperationError(node, 'The output binary field needs a name', { itemIndex: i });
		const fileName =
			typeof options.fileName === 'string' && options.fileName.trim() !== ''
				? options.fileName.trim()
				: undefined;
		const paddingMs = Math.max(0, Number(options.paddingMinutes ?? 5)) * 60_000;
		if (source === 'detection') {
			return {
				detectionId: detectionIdFromLocator(this, i),
				body,
				paddingMs,
				maxBytes,
				binaryPropertyName,
				fileName,
			};
		}
		body.from = timeValue(this, 'From', this.getNodeParameter('from', i, ''), i);
		const until = String(this.getNodeParameter('until', i, '') ?? '').trim();
		if (until !== '') body.until = timeValue(this, 'Until', until, i);
		const fields: Array<[string, string | undefined]> = [
			['ip1', checkIp(this, 'IP Address 1', this.getNodeParameter('ip1', i, ''), i)],
			['port1', checkPort(this, 'Port 1', this.getNodeParameter('port1', i, ''), i)],
			['ip2', checkIp(this, 'IP Address 2', this.getNodeParameter('ip2', i, ''), i)],
			['port2', checkPort(this, 'Port 2', this.getNodeParameter('port2', i, ''), i)],
		];
		for (const [key, value] of fields) if (value !== undefined) body[key] = value;
		if (!body.ip1 && !body.ip2 && !body.bpf) {
			throw new NodeOperationError(node, 'Say which packets: an IP address or a BPF filter', {
				itemIndex: i,
				description: 'Without one, ExtraHop would return every packet in the time range.',
			});
		}
		return { body, paddingMs, maxBytes, binaryPropertyName, fileName };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const body = { ...p.body };
		if (p.detectionId !== undefined) {
			const detection = await getDetection(this, p.detectionId, i);
			const ips = [
				...new Set(
					((Array.isArray(detection.participants) ? detection.participants : []) as IDataObject[])
						.map((x) => x.object_value)
						.filter((v): v is string => typeof v === 'string' && isIpOrCidr(v) && !v.includes('/')),
				),
			];
			if (ips.length === 0) {
				throw new NodeOperationError(
					this.getNode(),
					`Detection ${p.detectionId} has no participant with an IP address to search packets for`,
					{
						itemIndex: i,
						description: 'Use "Addresses and Time Range" with the addresses you want.',
					},
				);
			}
			[body.ip1, body.ip2] = ips;
			if (body.ip2 === undefined) delete body.ip2;
			body.from = String(Number(detection.start_time) - p.paddingMs);
			body.until = String(Number(detection.end_time ?? detection.start_time) + p.paddingMs);
		}
		const output = String(body.output);
		const response = (await extraHopApiRequest.call(this, {
			method: 'POST',
			endpoint: '/packets/search',
			body,
			idempotent: true,
			itemIndex: i,
			timeoutMs: 10 * 60_000,
			stream: { accept: `${MIME[output]}, application/octet-stream` },
		})) as ExtraHopResponse<unknown>;
		const summary: IDataObject = { ...body, detection_id: p.detectionId ?? null };
		delete summary.always_return_body;
		if (response.statusCode === 204) {
			(response.body as { destroy?: () => void })?.destroy?.();
			return { ...summary, found: false, bytes: 0 };
		}
		const data = await readCapped(
			response.body,
			p.maxBytes,
			() =>
				new NodeOperationError(
					this.getNode(),
					`The packet capture is larger than the ${Math.round(p.maxBytes / MB)} MB Max File Size; the download was stopped`,
					{
						itemIndex: i,
						description:
							'Narrow the search (shorter time range, a BPF filter, ports), or raise "Max File Size (MB)" in the options.',
					},
				),
		);
		const fileName =
			p.fileName ??
			`${p.detectionId !== undefined ? `detection-${p.detectionId}` : 'packets'}.${output}`;
		const binary = await this.helpers.prepareBinaryData(data, fileName, MIME[output]);
		const packets = output === 'pcap' ? countPcapPackets(data) : undefined;
		return new WithBinary(
			{
				...summary,
				found: true,
				bytes: data.length,
				packet_count: packets ?? null,
				file_name: fileName,
			},
			{ [p.binaryPropertyName]: binary },
		);
	},
};
