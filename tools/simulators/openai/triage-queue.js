// @ts-check
'use strict';
/**
 * The L1 queue the scripted triage model (./triage-model.js) is shown with, in the AI agent e2e
 * and the demo: a scanner's port scans (a benign cluster) with the SOC's earlier closes of the
 * same type from the same device, a ransomware outlier and a bystander.
 */

/** @param {ReturnType<typeof import('../extrahop').createExtraHopSimulator>} extrahop */
function seedTriageQueue(extrahop) {
	const device = (
		/** @type {number} */ id,
		/** @type {string} */ ip,
		/** @type {string} */ name,
	) => ({
		object_type: 'device',
		object_id: id,
		object_value: ip,
		hostname: name,
	});
	const ip = (/** @type {string} */ value) => ({
		object_type: 'ipaddr',
		object_id: 0,
		object_value: value,
	});
	const scanner = device(1903, '10.1.4.55', 'VMware A5F9B5');
	/** @param {number} id @param {Record<string, any>} spec */
	const add = (id, spec) => {
		const { offender, victim, ...fields } = spec;
		extrahop.createDetection({
			id,
			...fields,
			participants: [
				{ id: id * 10 + 1, role: 'offender', external: false, ...offender },
				{ id: id * 10 + 2, role: 'victim', external: false, ...victim },
			],
		});
	};
	const closed = { status: 'closed', resolution: 'no_action_taken', ticket_id: null };
	add(2901, {
		type: 'port_scan',
		risk_score: 31,
		offender: scanner,
		victim: ip('10.8.0.12'),
		...closed,
	});
	add(2902, {
		type: 'port_scan',
		risk_score: 33,
		offender: scanner,
		victim: ip('10.20.3.7'),
		...closed,
	});
	add(2903, {
		type: 'port_scan',
		risk_score: 60,
		offender: device(1904, '10.8.0.12', 'hr-db-02'),
		victim: ip('10.1.4.55'),
		status: 'closed',
		resolution: 'action_taken',
	});
	add(3001, { type: 'port_scan', risk_score: 35, offender: scanner, victim: ip('10.8.0.12') });
	add(3002, { type: 'port_scan', risk_score: 38, offender: scanner, victim: ip('172.16.40.9') });
	add(3003, {
		type: 'ransomware_activity',
		risk_score: 95,
		offender: device(1900, '192.168.6.21', 'AccountingLaptop'),
		victim: device(1901, '192.168.6.179', 'corpshare.example.com'),
	});
	add(3004, {
		type: 'weak_cipher_suite',
		risk_score: 20,
		offender: device(1902, '10.20.3.7', 'build-runner-07'),
		victim: ip('10.1.4.55'),
	});
}

module.exports = { seedTriageQueue };
