// @ts-check
'use strict';
/**
 * The simulated network's traffic, one model behind record search (./records.js), metric queries
 * (./metrics.js) and activity-map topology (./activitymaps.js), so the three agree with each other
 * and with the detections: the offender of an exfiltration detection sends gigabytes to its victim
 * during the detection (records, rising bytes_out, a heavy activity-map edge), a port scan opens
 * hundreds of connections to every known device (fan-out), a DNS tunnel sends long queries.
 *
 * A conversation is one client talking to one server over one protocol stack during a window, at a
 * constant rate: `c2s` bytes per second from the client, `s2c` back, `connections` per second.
 * Baseline conversations run all the time; each detection adds its own during its window.
 */

const DAY = 86_400_000;
const BASELINE_SLOT_MS = 15 * 60_000;

/**
 * @typedef {{ id: number, ip: string, discovery: string } | { id: null, ip: string, discovery: null }} Endpoint
 * @typedef {{ key: string, client: Endpoint, server: Endpoint, stack: string[], port: number, start: number, end: number,
 *   c2s: number, s2c: number, connections: number, kind: string, detectionId?: number, ports?: number[] }} Conversation
 */

/** How each detection type talks on the wire: stack, server port, rates (per second), record kind. */
const BEHAVIOUR = {
	cifs_exfil_anomaly: {
		stack: ['IPv4', 'TCP', 'CIFS'],
		port: 445,
		c2s: 40_000_000,
		s2c: 200_000,
		connections: 0.2,
		kind: 'cifs_write',
	},
	rare_ssh_port: {
		stack: ['IPv4', 'TCP', 'SSH'],
		port: 7234,
		c2s: 60_000,
		s2c: 900_000,
		connections: 0.05,
		kind: 'ssh',
	},
	port_scan: {
		stack: ['IPv4', 'TCP'],
		port: 1,
		c2s: 6_000,
		s2c: 2_000,
		connections: 8,
		kind: 'scan',
	},
	dns_tunnel: {
		stack: ['IPv4', 'UDP', 'DNS'],
		port: 53,
		c2s: 45_000,
		s2c: 30_000,
		connections: 20,
		kind: 'dns_tunnel',
	},
	db_slow_queries: {
		stack: ['IPv4', 'TCP', 'DB'],
		port: 1433,
		c2s: 20_000,
		s2c: 400_000,
		connections: 0.5,
		kind: 'db',
	},
	ransomware_activity: {
		stack: ['IPv4', 'TCP', 'CIFS'],
		port: 445,
		c2s: 25_000_000,
		s2c: 25_000_000,
		connections: 1,
		kind: 'cifs_write',
	},
	weak_cipher_suite: {
		stack: ['IPv4', 'TCP', 'SSL'],
		port: 443,
		c2s: 5_000,
		s2c: 40_000,
		connections: 0.5,
		kind: 'ssl_weak',
	},
	cryptomining_pool: {
		stack: ['IPv4', 'TCP'],
		port: 3333,
		c2s: 3_000,
		s2c: 3_000,
		connections: 0.1,
		kind: 'flow',
	},
};

/** Everyday traffic between the seeded hosts (by device name), all the time. */
const BASELINE = [
	{
		client: 'AccountingLaptop',
		server: 'corpshare.example.com',
		stack: ['IPv4', 'TCP', 'CIFS'],
		port: 445,
		c2s: 2_000,
		s2c: 9_000,
		kind: 'cifs_read',
	},
	{
		client: 'AccountingLaptop',
		server: 'build-runner-07',
		stack: ['IPv4', 'TCP', 'HTTP'],
		port: 80,
		c2s: 800,
		s2c: 6_000,
		kind: 'http',
	},
	{
		client: 'kiosk-lobby',
		server: 'build-runner-07',
		stack: ['IPv4', 'TCP', 'HTTP'],
		port: 80,
		c2s: 300,
		s2c: 2_500,
		kind: 'http',
	},
	{
		client: 'build-runner-07',
		server: 'hr-db-02',
		stack: ['IPv4', 'TCP', 'DB'],
		port: 5432,
		c2s: 1_500,
		s2c: 7_000,
		kind: 'db',
	},
	{
		client: 'VMware A5F9B5',
		server: 'corpshare.example.com',
		stack: ['IPv4', 'TCP', 'SSL'],
		port: 443,
		c2s: 400,
		s2c: 1_200,
		kind: 'ssl',
	},
];

/**
 * @param {{ now: () => number, devices: () => any[], detections: () => any[] }} ctx
 */
function createTraffic({ now, devices, detections }) {
	/** @param {any} device @returns {Endpoint} */
	const endpointOf = (device) => ({
		id: device.id,
		ip: device.ipaddr4 ?? device.ipaddr6,
		discovery: device.discovery_id,
	});
	/** @param {string} ip @returns {Endpoint} */
	function byIp(ip) {
		const device = devices().find((d) => d.ipaddr4 === ip || d.ipaddr6 === ip);
		return device ? endpointOf(device) : { id: null, ip, discovery: null };
	}
	/** @param {any} p a participant */
	function participantEndpoint(p) {
		if (p.object_type === 'device' && p.object_id) {
			const device = devices().find((d) => d.id === p.object_id);
			if (device) return endpointOf(device);
		}
		return typeof p.object_value === 'string' ? byIp(p.object_value) : undefined;
	}

	/** The conversations a detection stands for (the scan: one per known device). @returns {Conversation[]} */
	function detectionConversations(/** @type {any} */ d) {
		const behaviour = BEHAVIOUR[/** @type {keyof typeof BEHAVIOUR} */ (d.type)];
		const participants = Array.isArray(d.participants) ? d.participants : [];
		const offender = participants.find((/** @type {any} */ p) => p.role === 'offender');
		const victim = participants.find((/** @type {any} */ p) => p.role === 'victim');
		const client = offender && participantEndpoint(offender);
		if (!behaviour || !client) return [];
		const start = Number(d.start_time);
		const end = Math.max(Number(d.end_time), start + 1000);
		/** @type {Endpoint[]} */
		const servers = [];
		if (d.type === 'port_scan') {
			for (const device of devices()) if (device.id !== client.id) servers.push(endpointOf(device));
		} else {
			const server = victim && participantEndpoint(victim);
			if (server) servers.push(server);
		}
		return servers.map((server, n) => ({
			key: `d${d.id}.${n}`,
			client,
			server,
			stack: behaviour.stack,
			port: behaviour.port,
			start,
			end,
			c2s: behaviour.c2s,
			s2c: behaviour.s2c,
			connections: behaviour.connections,
			kind: behaviour.kind,
			detectionId: d.id,
			ports:
				d.type === 'port_scan'
					? [21, 22, 23, 25, 80, 135, 139, 443, 445, 3389, 5900, 8080]
					: undefined,
		}));
	}

	/** Every conversation active during [from, until). @returns {Conversation[]} */
	function conversations(/** @type {number} */ from, /** @type {number} */ until) {
		const known = devices();
		/** @type {Conversation[]} */
		const out = [];
		BASELINE.forEach((b, n) => {
			const client = known.find((d) => d.display_name === b.client);
			const server = known.find((d) => d.display_name === b.server);
			if (!client || !server) return;
			out.push({
				key: `b${n}`,
				client: endpointOf(client),
				server: endpointOf(server),
				stack: b.stack,
				port: b.port,
				start: -Infinity,
				end: Infinity,
				c2s: b.c2s,
				s2c: b.s2c,
				connections: 1 / 60,
				kind: b.kind,
			});
		});
		for (const d of detections()) out.push(...detectionConversations(d));
		return out.filter((c) => c.start < until && c.end > from);
	}

	/** Milliseconds of [from, until) a conversation was active. */
	const overlap = (
		/** @type {Conversation} */ c,
		/** @type {number} */ from,
		/** @type {number} */ until,
	) => Math.max(0, Math.min(c.end, until) - Math.max(c.start, from));

	return { conversations, overlap, now, deviceIds: () => devices().map((d) => d.id) };
}

module.exports = { createTraffic, BEHAVIOUR, BASELINE, BASELINE_SLOT_MS, DAY };
