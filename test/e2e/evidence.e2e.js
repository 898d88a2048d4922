#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End to end, in a real n8n (the pinned 2.8.4, this package installed from `npm pack`): the
 * evidence operations run in workflows, each a Webhook answering with the ExtraHop node's output,
 * against the strict ExtraHop simulator (ExtraHop's contract):
 *
 *   1. Detection > Get with Add Detection Type Context and Add Links (Simplify on);
 *   2. Record > Search of a detection (its participants, minutes around it);
 *   3. Metric > Query (bytes out of the exfiltration's offender rising during the detection);
 *   4. Device > Get Peers and Device > Get Protocols (activity maps);
 *   5. ExtraHop's contract: no request the vendor's API would refuse, no failed execution.
 *
 *   npm run build && node test/e2e/evidence.e2e.js
 */
const { startN8n } = require('../../tools/n8n-instance');
const examples = require('../../tools/examples');
const { Report } = require('./lib/report');
const { createExtraHopSimulator } = require('../../tools/simulators/extrahop');

const report = new Report();
const check = report.check.bind(report);
const NODE = 'n8n-nodes-extrahop.extraHop';
const CREDENTIAL = {
	extraHopApi: { id: examples.CREDENTIALS.extraHop.id, name: examples.CREDENTIALS.extraHop.name },
};

/**
 * A workflow: a Webhook at /<name> whose answer is every item the ExtraHop node put out.
 * @param {string} name @param {number} n @param {Record<string, unknown>} parameters
 */
function workflow(name, n, parameters) {
	const id = `exhEvidenceFlow${String(n).padStart(4, '0')}`;
	const webhookId = `7c0e5a10-0000-4e2a-9a1b-00000000000${n}`;
	return {
		id,
		name: `Evidence: ${name}`,
		active: true,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${webhookId.slice(0, -1)}a`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: {
					httpMethod: 'POST',
					path: name,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: `${webhookId.slice(0, -1)}b`,
				name: 'ExtraHop',
				type: NODE,
				typeVersion: 1.1,
				position: [240, 0],
				credentials: CREDENTIAL,
				parameters,
			},
		],
		connections: { Webhook: { main: [[{ node: 'ExtraHop', type: 'main', index: 0 }]] } },
	};
}

const byId = (/** @type {string} */ expression) => ({ __rl: true, mode: 'id', value: expression });

const WORKFLOWS = [
	workflow('evidence-detection', 1, {
		resource: 'detection',
		operation: 'get',
		detectionId: byId('={{ $json.body.id }}'),
		simplify: true,
		options: { addTypeContext: true, addLinks: true },
	}),
	workflow('evidence-records', 2, {
		resource: 'record',
		operation: 'search',
		source: 'detection',
		detectionId: byId('={{ $json.body.id }}'),
		types: ['~cifs'],
		returnAll: true,
		simplify: true,
	}),
	workflow('evidence-metrics', 3, {
		resource: 'metric',
		operation: 'query',
		objectIds: '={{ $json.body.device }}',
		metricCategory: 'net',
		metricNames: 'bytes_out',
		cycle: '30sec',
		from: '={{ $json.body.from }}',
		until: '={{ $json.body.until }}',
		returnAll: true,
		simplify: true,
	}),
	workflow('evidence-peers', 4, {
		resource: 'device',
		operation: 'getPeers',
		deviceId: byId('={{ $json.body.device }}'),
		from: '={{ $json.body.from }}',
		until: '={{ $json.body.until }}',
		returnAll: true,
		simplify: true,
	}),
	workflow('evidence-protocols', 5, {
		resource: 'device',
		operation: 'getProtocols',
		deviceId: byId('={{ $json.body.device }}'),
		from: '={{ $json.body.from }}',
		until: '={{ $json.body.until }}',
		returnAll: true,
	}),
];

async function main() {
	const extrahop = createExtraHopSimulator();
	await extrahop.start();
	process.stdout.write(`simulator: ExtraHop ${extrahop.server.url}\n`);
	/** @type {import('../../tools/n8n-instance').N8nInstance | undefined} */
	let n8n;
	try {
		report.section('Start');
		n8n = await startN8n({
			credentials: examples.simulatorCredentials({
				extraHop: { url: extrahop.server.url, apiKey: extrahop.config.apiKey },
			}),
			workflows: WORKFLOWS,
			activateVia: 'rest',
		});
		const instance = n8n;
		/** @param {string} path @param {Record<string, unknown>} body @returns {Promise<any[]>} */
		const call = async (path, body) => {
			const res = await fetch(instance.webhookUrl(path), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 500)}`);
			const json = JSON.parse(text);
			return Array.isArray(json) ? json : [json];
		};
		const d = /** @type {Record<string, any>} */ (extrahop.getDetection(1001));
		const laptop = extrahop.soc().devices.device(1900);
		const window = { from: String(d.start_time - 600_000), until: String(d.end_time + 600_000) };

		report.section('Detection > Get with type context and links');
		const [detection] = await call('evidence-detection', { id: 1001 });
		check(
			detection?.type_context?.display_name === 'Suspicious CIFS Client File Share Access' &&
				detection.type_context.mitre_techniques?.[0]?.id === 'T1039' &&
				detection.type_context.mitre_techniques[0].url ===
					'https://attack.mitre.org/techniques/T1039',
			"the detection carries its type's display name and MITRE ATT&CK technique with its link",
			detection?.type_context,
		);
		check(
			detection?.links?.participants?.[0]?.device ===
				`${extrahop.server.url}/extrahop/#/metrics/devices/${laptop.discovery_id}/overview` &&
				String(detection.links.participants[0].activity_map).includes(
					`/extrahop/#/activitymaps?discovery_id=${laptop.discovery_id}&`,
				),
			"the offender's device page and activity map are linked",
			detection?.links,
		);

		report.section('Record > Search of a detection');
		const records = await call('evidence-records', { id: 1001 });
		const writes = records.filter((r) => r.method === 'SMB2_WRITE');
		check(
			writes.length === 8 &&
				writes.every(
					(r) =>
						r.clientAddr === '192.168.6.21' &&
						r.serverAddr === '192.168.6.179' &&
						Date.parse(r.time) >= d.start_time &&
						Date.parse(r.time) <= d.end_time,
				),
			`the CIFS writes of the exfiltration, one item per record, between its participants during it (${writes.length})`,
			records.slice(0, 3),
		);

		report.section('Metric > Query');
		const buckets = await call('evidence-metrics', { device: '1900', ...window });
		const during = buckets.filter(
			(b) => Date.parse(b.time) >= d.start_time && Date.parse(b.until) <= d.end_time,
		);
		const before = buckets.filter((b) => Date.parse(b.until) <= d.start_time - 60_000);
		check(
			during.length > 0 &&
				before.length > 0 &&
				Math.min(...during.map((b) => b.bytes_out)) >
					100 * Math.max(...before.map((b) => b.bytes_out)),
			`bytes out of the offender rise during the detection (${buckets.length} buckets)`,
			buckets.map((b) => [b.time, b.bytes_out]),
		);

		report.section('Device > Get Peers / Get Protocols');
		const peers = await call('evidence-peers', { device: '1900', ...window });
		check(
			peers[0]?.peer_name === 'corpshare.example.com' &&
				peers[0].direction === 'outbound' &&
				JSON.stringify(peers[0].protocols) === JSON.stringify(['CIFS']) &&
				peers[0].weight > 1e9,
			'the heaviest peer is the share the laptop sent gigabytes to over CIFS',
			peers[0],
		);
		const protocols = await call('evidence-protocols', { device: '1900', ...window });
		check(
			protocols[0]?.protocol === 'CIFS' &&
				protocols[0].role === 'client' &&
				protocols[0].peer_count === 1,
			"the laptop's heaviest protocol is CIFS, as a client",
			protocols,
		);

		report.section('ExtraHop contract and executions');
		const violations = extrahop.violations();
		check(
			violations.length === 0,
			"no request n8n sent was one ExtraHop's API would refuse",
			violations,
		);
		const failed = await instance.listExecutions({ status: ['error', 'crashed'] });
		check(
			failed.length === 0,
			'no failed execution',
			failed.map((/** @type {any} */ e) => e.id),
		);
	} catch (error) {
		check(false, `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
	} finally {
		if (n8n) await n8n.stop();
		await extrahop.stop();
	}
	process.stdout.write(
		`${report.failed === 0 ? 'PASS' : `FAIL (${report.failed})`} evidence in ${report.elapsed()}: ${report.passed} passed, ${report.failed} failed\n`,
	);
	process.exit(report.failed === 0 ? 0 : 1);
}

void main();
