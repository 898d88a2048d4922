// @ts-check
'use strict';
/**
 * Packet search, after ExtraHop's spec (agent-skills extrahop-rest-api/references/records.md,
 * "Packet Search"): POST /packets/search with always_return_body, bpf, decrypt_files, from
 * (string, required), include_secrets, ip1, ip2, limit_bytes, limit_search_duration, output
 * (pcap|keylog_txt|pcapng|zip|extract), port1, port2, until. 200 with the file; 204 without a body
 * when nothing matches and always_return_body is false.
 *
 * The file is a real PCAP (./pcap.js) of a short TCP conversation between ip1 and ip2, which must
 * be addresses of known devices. Tests can make the capture large (`bytes`) or endless
 * (`endless`: streamed until the client hangs up) to exercise a client's size cap.
 */
const net = require('node:net');
const { Readable } = require('node:stream');
const { HttpError } = require('../../common/server');
const { buildPcap, conversationRecords, globalHeader } = require('./pcap');

const KEYS = [
	'always_return_body',
	'bpf',
	'decrypt_files',
	'from',
	'include_secrets',
	'ip1',
	'ip2',
	'limit_bytes',
	'limit_search_duration',
	'output',
	'port1',
	'port2',
	'until',
];
const OUTPUTS = ['pcap', 'keylog_txt', 'pcapng', 'zip', 'extract'];
const TIME = /^-?\d+(ms|s|m|h|d|w)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i;
const UNIT_BYTES = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, now: () => number, knownIp: (ip: string) => boolean }} ctx
 */
function addPacketRoutes(server, { authorise, now, knownIp }) {
	/** @type {{ bytes: number, endless: boolean }} */
	let mode = { bytes: 0, endless: false };
	/** @type {{ bytesSent: number, closedEarly: boolean, finished: boolean }[]} */
	let downloads = [];

	function reset() {
		mode = { bytes: 0, endless: false };
		downloads = [];
	}

	/** @param {string} key @param {string} raw */
	function timeOf(key, raw) {
		if (!TIME.test(raw))
			throw new HttpError(400, {
				error_message: `${key} must be milliseconds since the epoch or a relative time such as -10m`,
			});
		const match = /^(-?\d+)(ms|s|m|h|d|w)?$/.exec(raw);
		const value =
			Number(match?.[1]) * UNIT_MS[/** @type {keyof typeof UNIT_MS} */ (match?.[2] ?? 'ms')];
		return value <= 0 ? now() + value : value;
	}

	server.route('POST', '/api/v1/packets/search', (req) => {
		authorise(req);
		const body = req.body;
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, { error_message: 'Body must be an object' });
		for (const key of Object.keys(body))
			if (!KEYS.includes(key))
				throw new HttpError(400, { error_message: `Unknown packet search field: ${key}` });
		if (typeof body.from !== 'string' || body.from === '')
			throw new HttpError(400, { error_message: 'from is required (a string)' });
		for (const key of [
			'until',
			'bpf',
			'ip1',
			'ip2',
			'port1',
			'port2',
			'limit_bytes',
			'limit_search_duration',
		]) {
			if (key in body && typeof body[key] !== 'string')
				throw new HttpError(400, { error_message: `${key} must be a string` });
		}
		for (const key of ['always_return_body', 'decrypt_files', 'include_secrets']) {
			if (key in body && typeof body[key] !== 'boolean')
				throw new HttpError(400, { error_message: `${key} must be a boolean` });
		}
		const output = body.output ?? 'pcap';
		if (!OUTPUTS.includes(output))
			throw new HttpError(400, { error_message: `Invalid output: ${output}` });
		if (output !== 'pcap')
			throw new HttpError(400, {
				error_message: `This simulator only produces output "pcap" (asked for "${output}")`,
			});
		const from = timeOf('from', body.from);
		const until = body.until === undefined ? now() : timeOf('until', body.until);
		if (from >= until) throw new HttpError(400, { error_message: 'from must be before until' });
		for (const key of ['ip1', 'ip2'])
			if (key in body && net.isIP(body[key]) === 0)
				throw new HttpError(400, { error_message: `${key} must be an IP address` });
		for (const key of ['port1', 'port2'])
			if (key in body && !/^\d+$/.test(body[key]))
				throw new HttpError(400, { error_message: `${key} must be a port number` });
		let limit = 100 * 1024 ** 2;
		if (body.limit_bytes !== undefined) {
			const size = SIZE.exec(body.limit_bytes.trim());
			if (!size)
				throw new HttpError(400, { error_message: `Invalid limit_bytes: ${body.limit_bytes}` });
			limit =
				Number(size[1]) *
				UNIT_BYTES[/** @type {keyof typeof UNIT_BYTES} */ ((size[2] ?? 'B').toUpperCase())];
		}
		if (
			body.limit_search_duration !== undefined &&
			!/^\d+(ms|s|m|h)?$/.test(body.limit_search_duration)
		) {
			throw new HttpError(400, {
				error_message: `Invalid limit_search_duration: ${body.limit_search_duration}`,
			});
		}
		const ips = [body.ip1, body.ip2].filter(Boolean);
		const matched = ips.length > 0 && ips.every((ip) => knownIp(ip));
		const headers = { 'Content-Disposition': 'attachment; filename="packets.pcap"' };
		if (!matched) {
			if (body.always_return_body)
				return { body: globalHeader(), contentType: 'application/vnd.tcpdump.pcap', headers };
			return { status: 204 };
		}
		const spec = {
			ip1: body.ip1 ?? body.ip2,
			ip2: body.ip2 ?? '192.0.2.53',
			port: body.port2 ? Number(body.port2) : body.port1 ? Number(body.port1) : 445,
			startMs: from + 1000,
		};
		if (!mode.endless && mode.bytes <= 0)
			return { body: buildPcap(spec), contentType: 'application/vnd.tcpdump.pcap', headers };
		// A large capture, streamed; ExtraHop stops near limit_bytes ("approximate"), unless endless.
		const stats = { bytesSent: 0, closedEarly: false, finished: false };
		downloads.push(stats);
		const target = mode.endless ? Infinity : Math.min(mode.bytes, limit + 64 * 1024);
		let sentHeader = false;
		let t = spec.startMs;
		const stream = new Readable({
			read() {
				if (!sentHeader) {
					sentHeader = true;
					stats.bytesSent += 24;
					this.push(globalHeader());
					return;
				}
				if (stats.bytesSent >= target) {
					stats.finished = true;
					this.push(null);
					return;
				}
				const chunk = Buffer.concat(
					Array.from({ length: 40 }, () =>
						Buffer.concat(conversationRecords({ ...spec, startMs: (t += 10) })),
					),
				);
				stats.bytesSent += chunk.length;
				this.push(chunk);
			},
			destroy(error, callback) {
				if (!stats.finished) stats.closedEarly = true;
				callback(error);
			},
		});
		return { body: stream, contentType: 'application/vnd.tcpdump.pcap', headers };
	});

	return {
		reset,
		/** @param {Partial<typeof mode>} next */
		setMode: (next) => {
			mode = { ...mode, ...next };
		},
		downloads: () => downloads,
	};
}

module.exports = { addPacketRoutes };
