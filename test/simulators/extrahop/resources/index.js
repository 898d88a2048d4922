// @ts-check
'use strict';
/**
 * The SOC resources of the ExtraHop simulator (devices, tags, watchlist, investigations, related
 * detections, tuning rules, packet search), each in its own file after the vendor's spec. The
 * simulator registers them with `addSocResources` and calls `reset` / `ensureDevices`.
 */
const { addDeviceRoutes } = require('./devices');
const { addInvestigationRoutes } = require('./investigations');
const { addPacketRoutes } = require('./packets');
const { addTuningRoutes } = require('./tuning');

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, now: () => number, detection: (id: number) => any, detections: () => any[] }} ctx
 */
function addSocResources(server, ctx) {
	const devices = addDeviceRoutes(server, ctx);
	const investigations = addInvestigationRoutes(server, ctx);
	const tuning = addTuningRoutes(server, { ...ctx, device: devices.device });
	const knownIp = (/** @type {string} */ ip) => devices.devices().some((d) => d.ipaddr4 === ip || d.ipaddr6 === ip);
	const packets = addPacketRoutes(server, { ...ctx, knownIp });

	server.route('GET', '/_sim/devices', () => ({ body: devices.devices() }));
	server.route('GET', '/_sim/tuning-rules', () => ({ body: tuning.rules() }));
	server.route('GET', '/_sim/investigations', () => ({ body: investigations.investigations() }));
	server.route('PATCH', '/_sim/packets', (req) => {
		packets.setMode(req.body ?? {});
		return { status: 204 };
	});

	return {
		reset() {
			devices.reset();
			investigations.reset();
			tuning.reset();
			packets.reset();
		},
		ensureDevices: devices.ensureDevices,
		devices,
		investigations,
		tuning,
		packets,
	};
}

module.exports = { addSocResources };
