// @ts-check
'use strict';
/**
 * Device groups, after ExtraHop's spec (agent-skills extrahop-rest-api/references/devices.md,
 * "Device Group"): GET /devicegroups (since, name as a regular expression, type),
 * GET /devicegroups/{id}, GET /devicegroups/{id}/devices (limit, offset) and
 * POST /devicegroups/{id}/devices with an assignment ({assign, unassign}: static groups only).
 * The spec does not list the DeviceGroup object's fields: id, name, description, dynamic,
 * built_in, include_custom_devices, mod_time (the fields ExtraHop's UI and the REST guide show;
 * unverified against an appliance). A dynamic group's members follow its filter (here: a role).
 */
const { HttpError } = require('../../common/server');

/**
 * @param {any} server
 * @param {{ authorise: (req: any) => string, now: () => number, devices: () => any[], device: (id: number) => any }} ctx
 */
function addDeviceGroupRoutes(server, { authorise, now, devices, device }) {
	/** @type {Map<number, any>} */
	let groups = new Map();
	/** @type {Map<number, Set<number>>} static members */
	let members = new Map();

	function reset() {
		const time = now() - 86_400_000;
		const seed = [
			{
				id: 7,
				name: 'Finance workstations',
				description: 'Static: the finance team',
				dynamic: false,
				built_in: false,
			},
			{
				id: 8,
				name: 'Crown jewels',
				description: 'Static: servers holding customer data',
				dynamic: false,
				built_in: false,
			},
			{
				id: 9,
				name: 'Database servers',
				description: 'Dynamic: role is db_server',
				dynamic: true,
				built_in: true,
				role: 'db_server',
			},
		];
		groups = new Map(
			seed.map((g) => [g.id, { include_custom_devices: true, mod_time: time, ...g }]),
		);
		members = new Map([
			[7, new Set([1900])],
			[8, new Set([1901, 1904])],
		]);
	}

	function getGroup(/** @type {unknown} */ id) {
		const group = groups.get(Number(id));
		if (!group) throw new HttpError(404, { error_message: `Device group ${id} not found` });
		return group;
	}

	const present = (/** @type {any} */ group) => {
		const { role: _role, ...shown } = group;
		return shown;
	};

	function memberIds(/** @type {any} */ group) {
		if (group.dynamic)
			return devices()
				.filter((d) => d.role === group.role)
				.map((d) => d.id);
		return [...(members.get(group.id) ?? [])].sort((a, b) => a - b);
	}

	server.route('GET', '/api/v1/devicegroups', (/** @type {any} */ req) => {
		authorise(req);
		const q = req.queryValues ?? {};
		let pattern;
		try {
			pattern = q.name === undefined ? undefined : new RegExp(q.name);
		} catch {
			throw new HttpError(400, { error_message: `Invalid regular expression: ${q.name}` });
		}
		const type = q.type ?? (q.all ? 'all' : 'user_created');
		const list = [...groups.values()].filter(
			(g) =>
				(type === 'all' || (type === 'built_in') === g.built_in) &&
				(q.since === undefined || g.mod_time > q.since) &&
				(!pattern || pattern.test(g.name)),
		);
		return { body: list.map(present) };
	});
	server.route('GET', '/api/v1/devicegroups/:id', (/** @type {any} */ req) => {
		authorise(req);
		return { body: present(getGroup(req.params.id)) };
	});
	server.route('GET', '/api/v1/devicegroups/:id/devices', (/** @type {any} */ req) => {
		authorise(req);
		const q = req.queryValues ?? {};
		const offset = q.offset ?? 0;
		const ids = memberIds(getGroup(req.params.id));
		const page = ids.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
		return { body: page.map((id) => structuredClone(device(id))) };
	});
	server.route('POST', '/api/v1/devicegroups/:id/devices', (/** @type {any} */ req) => {
		authorise(req);
		const group = getGroup(req.params.id);
		if (group.dynamic)
			throw new HttpError(400, {
				error_message: `Device group ${group.id} is dynamic: its members follow its filter`,
			});
		const { assign = [], unassign = [] } = req.body ?? {};
		for (const id of [...assign, ...unassign])
			if (!device(id)) throw new HttpError(404, { error_message: `Device ${id} not found` });
		const set = members.get(group.id) ?? new Set();
		assign.forEach((/** @type {number} */ id) => set.add(id));
		unassign.forEach((/** @type {number} */ id) => set.delete(id));
		members.set(group.id, set);
		group.mod_time = now();
		return { status: 204 };
	});

	reset();
	return {
		reset,
		groups: () => [...groups.values()].map(present),
		memberIds: (/** @type {number} */ id) => memberIds(getGroup(id)),
	};
}

module.exports = { addDeviceGroupRoutes };
