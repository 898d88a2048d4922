// @ts-check
'use strict';
/**
 * Custom devices, after ExtraHop's spec (agent-skills extrahop-rest-api/references/devices.md,
 * "Custom Device"): GET|POST /customdevices (include_criteria), GET|DELETE /customdevices/{id}.
 * POST requires name and disabled; extrahop_id defaults to one made from the name (no spaces) and
 * must be unique. The CustomDeviceCriterion fields are not in the spec: criteria are kept as sent
 * and must each carry `ipaddr` (unverified against an appliance).
 */
const { HttpError } = require('../../common/server');

/** @param {any} server @param {{ authorise: (req: any) => string, now: () => number }} ctx */
function addCustomDeviceRoutes(server, { authorise, now }) {
	/** @type {Map<number, any>} */
	let customDevices = new Map();
	let nextId = 1;

	function reset() {
		customDevices = new Map();
		nextId = 1;
	}

	function get(/** @type {unknown} */ id) {
		const device = customDevices.get(Number(id));
		if (!device) throw new HttpError(404, { error_message: `Custom device ${id} not found` });
		return device;
	}

	const present = (/** @type {any} */ device, /** @type {boolean} */ withCriteria) => {
		const { criteria, ...rest } = structuredClone(device);
		return withCriteria ? { ...rest, criteria } : rest;
	};

	server.route('GET', '/api/v1/customdevices', (/** @type {any} */ req) => {
		authorise(req);
		const withCriteria = req.queryValues?.include_criteria === true;
		return { body: [...customDevices.values()].map((d) => present(d, withCriteria)) };
	});
	server.route('POST', '/api/v1/customdevices', (/** @type {any} */ req) => {
		const user = authorise(req);
		const body = req.body;
		if (body.name.trim() === '') throw new HttpError(400, { error_message: 'name is required' });
		const extrahopId = body.extrahop_id ?? body.name.replace(/\s+/g, '_');
		if (/\s/.test(extrahopId))
			throw new HttpError(400, { error_message: 'extrahop_id cannot contain spaces' });
		if ([...customDevices.values()].some((d) => d.extrahop_id === extrahopId))
			throw new HttpError(409, { error_message: `extrahop_id ${extrahopId} already exists` });
		for (const criterion of body.criteria ?? [])
			if (typeof criterion.ipaddr !== 'string' || criterion.ipaddr === '')
				throw new HttpError(400, { error_message: 'Each criterion needs ipaddr' });
		const device = {
			id: nextId++,
			author: body.author ?? user,
			description: body.description ?? '',
			disabled: body.disabled,
			extrahop_id: extrahopId,
			name: body.name,
			criteria: body.criteria ?? [],
			mod_time: now(),
		};
		customDevices.set(device.id, device);
		return { status: 201, headers: { Location: `/api/v1/customdevices/${device.id}` } };
	});
	server.route('GET', '/api/v1/customdevices/:id', (/** @type {any} */ req) => {
		authorise(req);
		return { body: present(get(req.params.id), req.queryValues?.include_criteria === true) };
	});
	server.route('DELETE', '/api/v1/customdevices/:id', (/** @type {any} */ req) => {
		authorise(req);
		customDevices.delete(get(req.params.id).id);
		return { status: 204 };
	});

	reset();
	return { reset, customDevices: () => [...customDevices.values()] };
}

module.exports = { addCustomDeviceRoutes };
