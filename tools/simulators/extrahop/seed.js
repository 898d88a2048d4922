// @ts-check
'use strict';
/**
 * Seed data for the ExtraHop simulator: detection types (`/detections/formats`) and a handful
 * of real-shaped detections, written for this project after the shapes ExtraHop's REST API
 * returns (self-managed and RevealX 360 variants, including the awkward ones: null risk score,
 * a participant without object_value, the "open" status one 360 sample shows, a 360-sized id).
 */

const DETECTION_TYPES = [
	{
		type: 'rare_ssh_port',
		display_name: 'Rare SSH Port',
		categories: ['sec.command', 'sec.attack'],
		mitre_categories: ['TA0011'],
		status: 'active',
	},
	{
		type: 'cifs_exfil_anomaly',
		display_name: 'Suspicious CIFS Client File Share Access',
		categories: ['sec.exfil', 'sec.lateral'],
		mitre_categories: ['TA0008', 'TA0010'],
		status: 'active',
	},
	{
		type: 'dns_tunnel',
		display_name: 'DNS Tunnel',
		categories: ['sec.command', 'sec.exfil'],
		mitre_categories: ['TA0011'],
		status: 'active',
	},
	{
		type: 'port_scan',
		display_name: 'Port Scan',
		categories: ['sec.recon', 'sec.attack'],
		mitre_categories: ['TA0007'],
		status: 'active',
	},
	{
		type: 'ransomware_activity',
		display_name: 'Ransomware Activity',
		categories: ['sec.ransomware', 'sec.attack'],
		mitre_categories: ['TA0040'],
		status: 'active',
	},
	{
		type: 'weak_cipher_suite',
		display_name: 'Weak Cipher Suite',
		categories: ['sec.hardening'],
		mitre_categories: [],
		status: 'active',
	},
	{
		type: 'db_slow_queries',
		display_name: 'Database Slow Queries',
		categories: ['perf.db'],
		mitre_categories: [],
		status: 'active',
	},
	{
		type: 'cryptomining_pool',
		display_name: 'Cryptocurrency Mining Pool Connection',
		categories: ['sec.cryptomining', 'sec.caution'],
		mitre_categories: ['TA0040'],
		status: 'active',
	},
];

const MITRE = {
	TA0007: { id: 'TA0007', name: 'Discovery', url: 'https://attack.mitre.org/tactics/TA0007' },
	TA0008: {
		id: 'TA0008',
		name: 'Lateral Movement',
		url: 'https://attack.mitre.org/tactics/TA0008',
	},
	TA0010: { id: 'TA0010', name: 'Exfiltration', url: 'https://attack.mitre.org/tactics/TA0010' },
	TA0011: {
		id: 'TA0011',
		name: 'Command and Control',
		url: 'https://attack.mitre.org/tactics/TA0011',
	},
	TA0040: { id: 'TA0040', name: 'Impact', url: 'https://attack.mitre.org/tactics/TA0040' },
};

const TECHNIQUES = {
	rare_ssh_port: [
		{
			id: 'T1571',
			name: 'Non-Standard Port',
			url: 'https://attack.mitre.org/techniques/T1571',
			legacy_ids: ['T1065'],
		},
	],
	cifs_exfil_anomaly: [
		{
			id: 'T1039',
			name: 'Data from Network Shared Drive',
			url: 'https://attack.mitre.org/techniques/T1039',
			legacy_ids: ['T1039'],
		},
	],
	dns_tunnel: [
		{
			id: 'T1071.004',
			name: 'Application Layer Protocol: DNS',
			url: 'https://attack.mitre.org/techniques/T1071/004',
			legacy_ids: [],
		},
	],
	port_scan: [
		{
			id: 'T1046',
			name: 'Network Service Discovery',
			url: 'https://attack.mitre.org/techniques/T1046',
			legacy_ids: [],
		},
	],
	ransomware_activity: [
		{
			id: 'T1486',
			name: 'Data Encrypted for Impact',
			url: 'https://attack.mitre.org/techniques/T1486',
			legacy_ids: [],
		},
	],
};

const HOSTS = [
	{ name: 'AccountingLaptop', ip: '192.168.6.21' },
	{ name: 'corpshare.example.com', ip: '192.168.6.179' },
	{ name: 'build-runner-07', ip: '10.20.3.7' },
	{ name: 'VMware A5F9B5', ip: '10.1.4.55' },
	{ name: 'hr-db-02', ip: '10.8.0.12' },
	{ name: 'kiosk-lobby', ip: '172.16.40.9' },
];

/**
 * Builds one detection of a given type. `n` makes devices and text vary deterministically.
 * @param {{ id: number, type: string, n: number, time: number, riskScore?: number | null }} spec
 * @returns {Record<string, any>}
 */
function buildDetection({ id, type, n, time, riskScore }) {
	const format = DETECTION_TYPES.find((t) => t.type === type) ?? DETECTION_TYPES[0];
	const offender = HOSTS[n % HOSTS.length];
	const victim = HOSTS[(n + 1) % HOSTS.length];
	const start = time - 3_600_000;
	const deviceId = `6c078a2ea98c42378048f72636c371c8.0050${String(n).padStart(8, '0')}`;
	return {
		id,
		start_time: start,
		end_time: start + 90_000,
		update_time: time,
		mod_time: time,
		create_time: time,
		title: format.display_name,
		description:
			`[${offender.name}](#/metrics/devices/${deviceId}/overview?from=${Math.floor(start / 1000)}&interval_type=DT&until=${Math.floor(time / 1000)}) ` +
			`showed ${format.display_name.toLowerCase()} behaviour involving [${victim.name}](#/metrics/devices/${deviceId}/overview?from=${Math.floor(start / 1000)}&until=${Math.floor(time / 1000)}) (${victim.ip}).`,
		type: format.type,
		categories: [...format.categories],
		risk_score: riskScore === undefined ? 30 + ((n * 17) % 70) : riskScore,
		properties:
			type === 'rare_ssh_port' ? { ports: ['SSH:7234', 'SSH:22'] } : { observations: 1 + (n % 5) },
		participants: [
			{
				id: id * 10 + 1,
				object_type: 'device',
				object_id: 1900 + n,
				object_value: offender.ip,
				role: 'offender',
				external: false,
				hostname: offender.name,
			},
			{
				id: id * 10 + 2,
				object_type: 'ipaddr',
				object_id: 0,
				object_value: victim.ip,
				role: 'victim',
				external: n % 3 === 0,
			},
		],
		mitre_tactics: format.mitre_categories
			.map((c) => MITRE[/** @type {keyof typeof MITRE} */ (c)])
			.filter(Boolean),
		mitre_techniques: TECHNIQUES[/** @type {keyof typeof TECHNIQUES} */ (type)] ?? [],
		status: null,
		resolution: null,
		assignee: null,
		ticket_id: null,
		appliance_id: 0,
		is_user_created: false,
		recommended: n % 2 === 0,
		recommended_factors: n % 2 === 0 ? ['high_risk'] : [],
	};
}

/** The starting set: varied on purpose. */
function seedDetections(/** @type {number} */ now) {
	const base = now - 6 * 3_600_000;
	const detections = [
		buildDetection({ id: 1001, type: 'cifs_exfil_anomaly', n: 0, time: base }),
		buildDetection({ id: 1002, type: 'rare_ssh_port', n: 3, time: base + 60_000 }),
		buildDetection({ id: 1003, type: 'port_scan', n: 2, time: base + 120_000, riskScore: null }),
		buildDetection({ id: 1004, type: 'db_slow_queries', n: 4, time: base + 180_000 }),
		buildDetection({
			id: 25769803828,
			type: 'dns_tunnel',
			n: 5,
			time: base + 240_000,
			riskScore: 91,
		}),
	];
	detections[0].risk_score = 83;
	detections[0].status = 'closed';
	detections[0].ticket_id = 'EX-4437';
	detections[0].assignee = 'hopuser';
	detections[0].resolution = 'action_taken';
	// A participant without object_value, as some firmware sends.
	delete detections[2].participants[1].object_value;
	// One RevealX 360 sample carries this undocumented status value.
	detections[3].status = 'open';
	// Older firmware: no create_time, no url.
	detections[1].create_time = null;
	return detections;
}

module.exports = { DETECTION_TYPES, HOSTS, buildDetection, seedDetections };
