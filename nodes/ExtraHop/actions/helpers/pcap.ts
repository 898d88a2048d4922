/** Small facts about a PCAP file (libpcap format: 24-byte global header, 16-byte record headers). */

const MAGIC = new Map<number, { littleEndian: boolean }>([
	[0xa1b2c3d4, { littleEndian: false }],
	[0xa1b23c4d, { littleEndian: false }],
	[0xd4c3b2a1, { littleEndian: true }],
	[0x4d3cb2a1, { littleEndian: true }],
]);

/** Number of packets in a classic PCAP, or undefined when the bytes are not one (pcapng, zip, truncated). */
export function countPcapPackets(data: Buffer): number | undefined {
	if (data.length < 24) return undefined;
	const format = MAGIC.get(data.readUInt32BE(0));
	if (!format) return undefined;
	let offset = 24;
	let count = 0;
	while (offset + 16 <= data.length) {
		const included = format.littleEndian
			? data.readUInt32LE(offset + 8)
			: data.readUInt32BE(offset + 8);
		offset += 16 + included;
		if (offset > data.length) return undefined;
		count++;
	}
	return offset === data.length ? count : undefined;
}
