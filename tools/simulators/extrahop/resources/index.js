// @ts-check
'use strict';
/**
 * The SOC resources of the ExtraHop simulator (devices, tags, watchlist, investigations, related
 * detections, tuning rules, packet search), each in its own file after the vendor's spec. The
 * simulator registers them with `addSocResources` and calls `reset` / `ensureDevices`.
 */
const { addDeviceRoutes } = require('./devices');
const { addDeviceGroupRoutes } = require('./deviceGroups');
const { addAlertRoutes } = require('./alerts');
const { addCustomDeviceRoutes } = require('./customDevices');
const { addInvestigationRoutes } = require('./investigations');
const { addPacketRoutes } = require('./packets');
const { addTuningRoutes } = require('./tuning');
const { createTraffic } = require('./traffic');
const { addRecordRoutes } = require('./records');
const { addMetricRoutes } = require('./metrics');
const { addActivityMapRoutes } = require('./activitymaps');

/**
 * A router for the resource files: `/api/v1` routes are implemented through the contract
 * (`api`, ../dispatch.js: the request is checked against ./contract before the handler runs);
 * control routes (`/_sim`) go to the server directly.
 * @param {import('../../common/server').SimServer} server
 * @param {(method: string, template: string, handler: any) => void} api
 * @returns {any}
 */
function viaContract(server, api) {
	return {
		route(/** @type {string} */ method, /** @type {string} */ pattern, /** @type {any} */ handler) {
			if (pattern.startsWith('/api/v1/'))
				api(method, pattern.replace(/:([\w-]+)/g, '{$1}'), handler);
			else server.route(method, pattern, handler);
		},
	};
}

/**
 * @param {import('../../common/server').SimServer} simServer
 * @param {(method: string, template: string, handler: any) => void} api
 * @param {{ authorise: (req: any) => string, now: () => number, detection: (id: number) => any, detections: () => any[], config: () => Record<string, any> }} ctx
 */
function addSocResources(simServer, api, ctx) {
	const server = viaContract(simServer, api);
	const devices = addDeviceRoutes(server, ctx);
	const deviceGroups = addDeviceGroupRoutes(server, {
		...ctx,
		devices: devices.devices,
		device: devices.device,
	});
	const alerts = addAlertRoutes(server, {
		...ctx,
		device: devices.device,
		deviceGroup: (/** @type {number} */ id) =>
			deviceGroups.groups().find((/** @type {any} */ g) => g.id === id),
	});
	const customDevices = addCustomDeviceRoutes(server, ctx);
	const investigations = addInvestigationRoutes(server, ctx);
	const tuning = addTuningRoutes(server, { ...ctx, device: devices.device });
	const knownIp = (/** @type {string} */ ip) =>
		devices.devices().some((d) => d.ipaddr4 === ip || d.ipaddr6 === ip);
	const packets = addPacketRoutes(server, { ...ctx, knownIp });
	// Records, metrics and activity maps: one traffic model, so they agree with the detections.
	const traffic = createTraffic({ ...ctx, devices: devices.devices });
	const records = addRecordRoutes(server, { ...ctx, traffic });
	const metrics = addMetricRoutes(server, { ...ctx, traffic });
	addActivityMapRoutes(server, { ...ctx, traffic });

	server.route('GET', '/_sim/devices', () => ({ body: devices.devices() }));
	server.route('GET', '/_sim/tuning-rules', () => ({ body: tuning.rules() }));
	server.route('GET', '/_sim/investigations', () => ({ body: investigations.investigations() }));
	server.route('PATCH', '/_sim/packets', (/** @type {any} */ req) => {
		packets.setMode(req.body ?? {});
		return { status: 204 };
	});

	return {
		reset() {
			devices.reset();
			deviceGroups.reset();
			alerts.reset();
			customDevices.reset();
			investigations.reset();
			tuning.reset();
			packets.reset();
			records.reset();
			metrics.reset();
		},
		ensureDevices: devices.ensureDevices,
		devices,
		deviceGroups,
		alerts,
		customDevices,
		investigations,
		tuning,
		packets,
		records,
	};
}

module.exports = { addSocResources };
