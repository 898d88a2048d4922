// @ts-check
'use strict';
/**
 * Alert rules, after ExtraHop's spec (agent-skills extrahop-rest-api/references/alerts-triggers.md,
 * "Alert"): GET|POST /alerts, GET|PATCH|DELETE /alerts/{id} (PATCH requires apply_all, name and
 * type, as POST does, and replaces the fields it carries), POST /alerts/{id}/devices and
 * /alerts/{id}/devicegroups with an assignment. Field names and enums are checked by the
 * contract (../contract/alerts.js) before a handler runs. The Alert object is answered with the
 * fields written plus id and mod_time (the spec does not list its fields; unverified).
 */
const { HttpError } = require('../../common/server');

/**
 * @param {any} server
 * @param {{ authorise: (req: any) => string, now: () => number, device: (id: number) => any, deviceGroup: (id: number) => any }} ctx
 */
function addAlertRoutes(server, { authorise, now, device, deviceGroup }) {
	/** @type {Map<number, any>} */
	let alerts = new Map();
	/** @type {Map<number, { devices: Set<number>, devicegroups: Set<number> }>} */
	let assigned = new Map();
	let nextId = 1;

	function reset() {
		const time = now() - 86_400_000;
		alerts = new Map([
			[
				1,
				{
					id: 1,
					name: 'SMB/CIFS write bytes spike',
					type: 'threshold',
					apply_all: false,
					disabled: false,
					description: 'Exfiltration over file shares',
					field_name: 'write_bytes',
					stat_name: 'extrahop.device.cifs_server',
					operator: '>',
					operand: '500000000',
					interval_length: 300,
					refire_interval: 3600,
					severity: 2,
					units: 'period',
					mod_time: time,
				},
			],
		]);
		assigned = new Map([[1, { devices: new Set([1901]), devicegroups: new Set() }]]);
		nextId = 2;
	}

	function getAlert(/** @type {unknown} */ id) {
		const alert = alerts.get(Number(id));
		if (!alert) throw new HttpError(404, { error_message: `Alert ${id} not found` });
		return alert;
	}

	function checkName(/** @type {string} */ name, /** @type {number | undefined} */ self) {
		if (name.trim() === '') throw new HttpError(400, { error_message: 'name must not be empty' });
		for (const other of alerts.values())
			if (other.name === name && other.id !== self)
				throw new HttpError(409, { error_message: `An alert named "${name}" already exists` });
	}

	server.route('GET', '/api/v1/alerts', (/** @type {any} */ req) => {
		authorise(req);
		return { body: [...alerts.values()].map((a) => structuredClone(a)) };
	});
	server.route('POST', '/api/v1/alerts', (/** @type {any} */ req) => {
		const user = authorise(req);
		checkName(req.body.name, undefined);
		const alert = { author: user, disabled: false, ...req.body, id: nextId++, mod_time: now() };
		alerts.set(alert.id, alert);
		assigned.set(alert.id, { devices: new Set(), devicegroups: new Set() });
		return { status: 201, headers: { Location: `/api/v1/alerts/${alert.id}` } };
	});
	server.route('GET', '/api/v1/alerts/:id', (/** @type {any} */ req) => {
		authorise(req);
		return { body: structuredClone(getAlert(req.params.id)) };
	});
	server.route('PATCH', '/api/v1/alerts/:id', (/** @type {any} */ req) => {
		authorise(req);
		const alert = getAlert(req.params.id);
		checkName(req.body.name, alert.id);
		Object.assign(alert, req.body, { mod_time: Math.max(now(), alert.mod_time + 1) });
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/alerts/:id', (/** @type {any} */ req) => {
		authorise(req);
		const alert = getAlert(req.params.id);
		alerts.delete(alert.id);
		assigned.delete(alert.id);
		return { status: 204 };
	});
	for (const [kind, exists, label] of /** @type {const} */ ([
		['devices', device, 'Device'],
		['devicegroups', deviceGroup, 'Device group'],
	])) {
		server.route('POST', `/api/v1/alerts/:id/${kind}`, (/** @type {any} */ req) => {
			authorise(req);
			const alert = getAlert(req.params.id);
			const { assign = [], unassign = [] } = req.body ?? {};
			for (const id of [...assign, ...unassign])
				if (!exists(id)) throw new HttpError(404, { error_message: `${label} ${id} not found` });
			const set = /** @type {any} */ (assigned.get(alert.id))[kind];
			assign.forEach((/** @type {number} */ id) => set.add(id));
			unassign.forEach((/** @type {number} */ id) => set.delete(id));
			return { status: 204 };
		});
	}

	reset();
	return {
		reset,
		alerts: () => [...alerts.values()],
		assignments: (/** @type {number} */ id) => {
			const a = assigned.get(id);
			return a && { devices: [...a.devices].sort(), devicegroups: [...a.devicegroups].sort() };
		},
	};
}

module.exports = { addAlertRoutes };
