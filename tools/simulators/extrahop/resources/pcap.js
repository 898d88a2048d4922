// @ts-check
'use strict';
/**
 * Builds real libpcap files (what `POST /packets/search` with `output: pcap` answers): a 24-byte
 * global header (magic 0xa1b2c3d4 little-endian, version 2.4, snaplen 65535, linktype 1 =
 * Ethernet) and per packet a 16-byte record header plus an Ethernet / IPv4 / TCP frame with
 * correct IP and TCP checksums. Wireshark and tcpdump open them.
 */

/** @param {string} ip */
function ipv4Bytes(ip) {
	const parts = ip.split('.').map(Number);
	if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
		return Buffer.from([192, 0, 2, 1]);
	return Buffer.from(parts);
}

/** @param {Buffer} data */
function checksum(data) {
	let sum = 0;
	for (let i = 0; i + 1 < data.length; i += 2) sum += data.readUInt16BE(i);
	if (data.length % 2) sum += data[data.length - 1] << 8;
	while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

function globalHeader() {
	const header = Buffer.alloc(24);
	header.writeUInt32LE(0xa1b2c3d4, 0);
	header.writeUInt16LE(2, 4);
	header.writeUInt16LE(4, 6);
	header.writeInt32LE(0, 8);
	header.writeUInt32LE(0, 12);
	header.writeUInt32LE(65535, 16);
	header.writeUInt32LE(1, 20);
	return header;
}

/**
 * One Ethernet/IPv4/TCP packet as a pcap record.
 * @param {{ timeMs: number, src: string, dst: string, sport: number, dport: number, seq: number, ack: number, flags: number, payload?: Buffer }} p
 */
function tcpRecord(p) {
	const payload = p.payload ?? Buffer.alloc(0);
	const tcp = Buffer.alloc(20);
	tcp.writeUInt16BE(p.sport, 0);
	tcp.writeUInt16BE(p.dport, 2);
	tcp.writeUInt32BE(p.seq >>> 0, 4);
	tcp.writeUInt32BE(p.ack >>> 0, 8);
	tcp[12] = 5 << 4;
	tcp[13] = p.flags;
	tcp.writeUInt16BE(64240, 14);
	const src = ipv4Bytes(p.src);
	const dst = ipv4Bytes(p.dst);
	const pseudo = Buffer.concat([
		src,
		dst,
		Buffer.from([0, 6]),
		Buffer.from([(20 + payload.length) >> 8, (20 + payload.length) & 0xff]),
		tcp,
		payload,
	]);
	tcp.writeUInt16BE(checksum(pseudo), 16);
	const ip = Buffer.alloc(20);
	ip[0] = 0x45;
	ip.writeUInt16BE(20 + 20 + payload.length, 2);
	ip.writeUInt16BE(p.seq & 0xffff, 4);
	ip[6] = 0x40;
	ip[8] = 64;
	ip[9] = 6;
	src.copy(ip, 12);
	dst.copy(ip, 16);
	ip.writeUInt16BE(checksum(ip), 10);
	const ethernet = Buffer.from([
		0x00, 0x50, 0x56, 0x9c, 0x2e, 0x8e, 0x00, 0x50, 0x56, 0x9c, 0x11, 0x22, 0x08, 0x00,
	]);
	const frame = Buffer.concat([ethernet, ip, tcp, payload]);
	const record = Buffer.alloc(16);
	record.writeUInt32LE(Math.floor(p.timeMs / 1000), 0);
	record.writeUInt32LE((p.timeMs % 1000) * 1000, 4);
	record.writeUInt32LE(frame.length, 8);
	record.writeUInt32LE(frame.length, 12);
	return Buffer.concat([record, frame]);
}

/**
 * A short TCP conversation between two hosts: handshake, a request, a response, FIN.
 * @param {{ ip1: string, ip2: string, port?: number, startMs: number }} spec
 */
function conversationRecords({ ip1, ip2, port = 445, startMs }) {
	const client = 49152 + (startMs % 1000);
	const request = Buffer.from('SMB2 NEGOTIATE (simulated)');
	const response = Buffer.from('SMB2 NEGOTIATE RESPONSE (simulated)');
	return [
		tcpRecord({
			timeMs: startMs,
			src: ip1,
			dst: ip2,
			sport: client,
			dport: port,
			seq: 1000,
			ack: 0,
			flags: 0x02,
		}),
		tcpRecord({
			timeMs: startMs + 1,
			src: ip2,
			dst: ip1,
			sport: port,
			dport: client,
			seq: 5000,
			ack: 1001,
			flags: 0x12,
		}),
		tcpRecord({
			timeMs: startMs + 2,
			src: ip1,
			dst: ip2,
			sport: client,
			dport: port,
			seq: 1001,
			ack: 5001,
			flags: 0x10,
		}),
		tcpRecord({
			timeMs: startMs + 3,
			src: ip1,
			dst: ip2,
			sport: client,
			dport: port,
			seq: 1001,
			ack: 5001,
			flags: 0x18,
			payload: request,
		}),
		tcpRecord({
			timeMs: startMs + 5,
			src: ip2,
			dst: ip1,
			sport: port,
			dport: client,
			seq: 5001,
			ack: 1001 + request.length,
			flags: 0x18,
			payload: response,
		}),
		tcpRecord({
			timeMs: startMs + 6,
			src: ip1,
			dst: ip2,
			sport: client,
			dport: port,
			seq: 1001 + request.length,
			ack: 5001 + response.length,
			flags: 0x11,
		}),
	];
}

/** @param {{ ip1: string, ip2: string, port?: number, startMs: number }} spec */
function buildPcap(spec) {
	return Buffer.concat([globalHeader(), ...conversationRecords(spec)]);
}

module.exports = { buildPcap, globalHeader, tcpRecord, conversationRecords };
