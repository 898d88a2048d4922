// @ts-check
'use strict';
/**
 * Devices, tags and the watchlist, after ExtraHop's spec (agent-skills
 * extrahop-rest-api/references/devices.md):
 *   POST /devices/search   body: active_from, active_until, filter, limit, offset, result_fields
 *   GET  /devices/{id}
 *   GET|POST /tags, GET|PATCH|DELETE /tags/{id}, GET|POST /tags/{id}/devices, POST|DELETE /tags/{id}/devices/{child-id}
 *   GET|POST /watchlist/devices, POST|DELETE /watchlist/device/{id}
 * An assignment body is {assign: [ids], unassign: [ids]}. A filter is {field, operator, operand}
 * or {operator: "and"|"or", rules: [...]}, the shape ExtraHop's REST API guide and code examples
 * use (the spec only says "filter (object)"). Device objects carry the fields ExtraHop's Device
 * object has (names, ipaddr4/6, macaddr, vendor, role, discovery_id, on_watchlist, ...).
 */
const net = require('node:net');
const { HttpError } = require('../../common/server');
const { HOSTS } = require('../seed');

const SEARCH_KEYS = ['active_from', 'active_until', 'filter', 'limit', 'offset', 'result_fields'];
const FILTER_FIELDS = [
	'name',
	'ipaddr',
	'macaddr',
	'vendor',
	'role',
	'tag',
	'discovery_id',
	'software',
	'vlan',
	'activity',
	'type',
	'node',
	'discover_time',
];
const OPERATORS = [
	'=',
	'!=',
	'~',
	'!~',
	'>',
	'<',
	'<=',
	'>=',
	'exists',
	'not_exists',
	'startswith',
];
const ROLES = {
	AccountingLaptop: 'pc',
	'corpshare.example.com': 'file_server',
	'build-runner-07': 'http_server',
	'VMware A5F9B5': 'other',
	'hr-db-02': 'db_server',
	'kiosk-lobby': 'pc',
};
const NAME_FIELDS = [
	'display_name',
	'custom_name',
	'default_name',
	'dns_name',
	'dhcp_name',
	'netbios_name',
	'cdp_name',
];

const hex = (/** @type {number} */ n) => (n & 0xff).toString(16).padStart(2, '0');

/**
 * A device as ExtraHop describes one.
 * @param {{ id: number, name: string, ip: string, time: number }} spec
 */
function buildDevice({ id, name, ip, time }) {
	const mac = `00:50:56:${hex(id >> 16)}:${hex(id >> 8)}:${hex(id)}`;
	const discovery = `${mac.replace(/:/g, '')}0000`;
	const fqdn = name.includes('.');
	return {
		id,
		extrahop_id: discovery,
		discovery_id: discovery,
		display_name: name,
		default_name: `VMware ${mac.slice(9).replace(/:/g, '').toUpperCase()}`,
		custom_name: null,
		dns_name: fqdn ? name : null,
		dhcp_name: fqdn ? null : name,
		netbios_name: fqdn ? null : name.toUpperCase().slice(0, 15),
		cdp_name: '',
		description: null,
		ipaddr4: ip,
		ipaddr6: null,
		macaddr: mac,
		vendor: 'VMware',
		device_class: 'node',
		role: ROLES[/** @type {keyof typeof ROLES} */ (name)] ?? 'other',
		auto_role: ROLES[/** @type {keyof typeof ROLES} */ (name)] ?? 'other',
		custom_type: '',
		analysis: 'advanced',
		analysis_level: 1,
		is_l3: true,
		vlanid: 0,
		parent_id: id + 100000,
		node_id: null,
		model: 'vmware_vm',
		model_override: null,
		custom_make: null,
		custom_model: null,
		custom_criticality: null,
		critical: false,
		on_watchlist: false,
		cloud_account: null,
		cloud_instance_id: null,
		cloud_instance_name: null,
		cloud_instance_type: null,
		cloud_instance_description: null,
		vpc_id: null,
		subnet_id: null,
		discover_time: time - 30 * 86_400_000,
		last_seen_time: time,
		mod_time: time,
		user_mod_time: time,
	};
}

/** @param {string} ip @param {string} operand */
function ipMatches(ip, operand) {
	if (!ip) return false;
	if (!operand.includes('/')) return ip === operand;
	const [base, bits] = operand.split('/');
	if (net.isIPv4(base) && net.isIPv4(ip)) {
		const toInt = (/** @type {string} */ a) =>
			a.split('.').reduce((n, p) => (n << 8) + Number(p), 0) >>> 0;
		const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
		return (toInt(ip) & mask) === (toInt(base) & mask);
	}
	return false;
}

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, now: () => number }} ctx
 */
function addDeviceRoutes(server, { authorise, now }) {
	/** @type {Map<number, any>} */
	let devices = new Map();
	/** @type {Map<number, { id: number, name: string, mod_time: number }>} */
	let tags = new Map();
	/** @type {Map<number, Set<number>>} tag id -> device ids */
	let tagged = new Map();
	let nextTagId = 1;

	function reset() {
		devices = new Map();
		tags = new Map();
		tagged = new Map();
		nextTagId = 1;
		HOSTS.forEach((host, n) =>
			addDevice({ id: 1900 + n, name: host.name, ip: host.ip, time: now() }),
		);
	}

	/** @param {{ id: number, name: string, ip: string, time: number }} spec */
	function addDevice(spec) {
		const device = buildDevice(spec);
		devices.set(device.id, device);
		return device;
	}

	/** Every device participant of a detection exists as a device (ExtraHop only names devices it knows). */
	function ensureDevices(/** @type {any} */ detection) {
		for (const p of detection.participants ?? []) {
			if (p.object_type !== 'device' || devices.has(p.object_id)) continue;
			addDevice({
				id: p.object_id,
				name: p.hostname ?? `device-${p.object_id}`,
				ip: p.object_value ?? `10.250.${(p.object_id >> 8) & 255}.${p.object_id & 255}`,
				time: detection.mod_time ?? now(),
			});
		}
	}

	function getDevice(/** @type {string | number} */ raw) {
		if (!/^\d+$/.test(String(raw)))
			throw new HttpError(400, { error_message: `Invalid device id: ${raw}` });
		const device = devices.get(Number(raw));
		if (!device) throw new HttpError(404, { error_message: `Device ${raw} not found` });
		return device;
	}

	const tagNames = (/** @type {number} */ deviceId) =>
		[...tagged.entries()].filter(([, set]) => set.has(deviceId)).map(([id]) => tags.get(id)?.name);

	/** @param {any} device @param {any} rule @returns {boolean} */
	function matches(device, rule) {
		if (!rule || typeof rule !== 'object' || Array.isArray(rule))
			throw new HttpError(400, { error_message: 'A filter must be an object' });
		if (rule.rules !== undefined) {
			if (!['and', 'or'].includes(rule.operator) || !Array.isArray(rule.rules)) {
				throw new HttpError(400, {
					error_message: 'A filter group needs operator "and" or "or" and a rules array',
				});
			}
			return rule.operator === 'and'
				? rule.rules.every((/** @type {any} */ r) => matches(device, r))
				: rule.rules.some((/** @type {any} */ r) => matches(device, r));
		}
		if (!FILTER_FIELDS.includes(rule.field))
			throw new HttpError(400, { error_message: `Unknown filter field: ${rule.field}` });
		if (!OPERATORS.includes(rule.operator))
			throw new HttpError(400, { error_message: `Unknown filter operator: ${rule.operator}` });
		for (const key of Object.keys(rule))
			if (!['field', 'operator', 'operand'].includes(key))
				throw new HttpError(400, { error_message: `Unknown filter key: ${key}` });
		const needsOperand = !['exists', 'not_exists'].includes(rule.operator);
		if (needsOperand && (rule.operand === undefined || rule.operand === null))
			throw new HttpError(400, { error_message: `Filter on ${rule.field} needs an operand` });
		/** @type {Record<string, unknown[]>} */
		const byField = {
			name: NAME_FIELDS.map((k) => device[k]),
			ipaddr: [device.ipaddr4, device.ipaddr6],
			macaddr: [device.macaddr],
			vendor: [device.vendor],
			role: [device.role],
			tag: tagNames(device.id),
			discovery_id: [device.discovery_id],
			software: [],
			vlan: [device.vlanid],
			activity: [],
			type: [device.device_class],
			node: [device.node_id],
			discover_time: [device.discover_time],
		};
		const values = (byField[rule.field] ?? []).filter(
			(v) => v !== null && v !== undefined && v !== '',
		);
		const operand = String(rule.operand ?? '');
		switch (rule.operator) {
			case 'exists':
				return values.length > 0;
			case 'not_exists':
				return values.length === 0;
			case '=':
				return rule.field === 'ipaddr'
					? values.some((v) => ipMatches(String(v), operand))
					: values.some((v) => String(v).toLowerCase() === operand.toLowerCase());
			case '!=':
				return !values.some((v) => String(v).toLowerCase() === operand.toLowerCase());
			case '~': {
				let re;
				try {
					re = new RegExp(operand, 'i');
				} catch {
					throw new HttpError(400, { error_message: `Invalid regular expression: ${operand}` });
				}
				return values.some((v) => re.test(String(v)));
			}
			case '!~':
				return !values.some((v) => new RegExp(operand, 'i').test(String(v)));
			case 'startswith':
				return values.some((v) => String(v).toLowerCase().startsWith(operand.toLowerCase()));
			default:
				return values.some((v) =>
					rule.operator === '>'
						? Number(v) > Number(operand)
						: rule.operator === '<'
							? Number(v) < Number(operand)
							: rule.operator === '>='
								? Number(v) >= Number(operand)
								: Number(v) <= Number(operand),
				);
		}
	}

	/** @param {any} body */
	function assignment(body) {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, { error_message: 'Body must be an assignment object' });
		for (const key of Object.keys(body))
			if (!['assign', 'unassign'].includes(key))
				throw new HttpError(400, { error_message: `Unknown assignment field: ${key}` });
		if (body.assign === undefined && body.unassign === undefined)
			throw new HttpError(400, { error_message: 'assign or unassign is required' });
		for (const key of ['assign', 'unassign']) {
			if (body[key] === undefined) continue;
			if (
				!Array.isArray(body[key]) ||
				!body[key].every((/** @type {unknown} */ id) => Number.isInteger(id))
			) {
				throw new HttpError(400, { error_message: `${key} must be an array of integer IDs` });
			}
			for (const id of body[key]) getDevice(id);
		}
		return {
			assign: /** @type {number[]} */ (body.assign ?? []),
			unassign: /** @type {number[]} */ (body.unassign ?? []),
		};
	}

	function getTag(/** @type {string} */ raw) {
		if (!/^\d+$/.test(raw)) throw new HttpError(400, { error_message: `Invalid tag id: ${raw}` });
		const tag = tags.get(Number(raw));
		if (!tag) throw new HttpError(404, { error_message: `Tag ${raw} not found` });
		return tag;
	}

	const touch = (/** @type {any} */ device) => {
		device.mod_time = now();
		device.user_mod_time = device.mod_time;
	};

	server.route('POST', '/api/v1/devices/search', (req) => {
		authorise(req);
		const body = req.body ?? {};
		if (typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, { error_message: 'Body must be an object' });
		for (const key of Object.keys(body))
			if (!SEARCH_KEYS.includes(key))
				throw new HttpError(400, { error_message: `Unknown search field: ${key}` });
		const limit = body.limit ?? 1000;
		const offset = body.offset ?? 0;
		if (!Number.isInteger(limit) || limit < 0)
			throw new HttpError(400, { error_message: 'limit must be a non-negative integer' });
		if (!Number.isInteger(offset) || offset < 0)
			throw new HttpError(400, { error_message: 'offset must be a non-negative integer' });
		for (const key of ['active_from', 'active_until']) {
			if (body[key] !== undefined && typeof body[key] !== 'number' && typeof body[key] !== 'string')
				throw new HttpError(400, { error_message: `${key} must be a time` });
		}
		const from = typeof body.active_from === 'number' ? body.active_from : -Infinity;
		const until =
			typeof body.active_until === 'number' && body.active_until > 0 ? body.active_until : Infinity;
		const list = [...devices.values()]
			.filter((d) => d.last_seen_time >= from && d.discover_time <= until)
			.filter((d) => body.filter === undefined || matches(d, body.filter))
			.sort((a, b) => a.id - b.id)
			.slice(offset, offset + limit)
			.map((d) => structuredClone(d));
		if (Array.isArray(body.result_fields)) {
			return {
				body: list.map((d) =>
					Object.fromEntries(
						Object.entries(d).filter(([k]) => k === 'id' || body.result_fields.includes(k)),
					),
				),
			};
		}
		return { body: list };
	});
	server.route('GET', '/api/v1/devices/:id', (req) => {
		authorise(req);
		return { body: structuredClone(getDevice(req.params.id)) };
	});
	server.route('GET', '/api/v1/devices/:id/tags', (req) => {
		authorise(req);
		const device = getDevice(req.params.id);
		return {
			body: [...tagged.entries()]
				.filter(([, set]) => set.has(device.id))
				.map(([id]) => tags.get(id)),
		};
	});

	// ---- watchlist ----
	server.route('GET', '/api/v1/watchlist/devices', (req) => {
		authorise(req);
		return {
			body: [...devices.values()].filter((d) => d.on_watchlist).map((d) => structuredClone(d)),
		};
	});
	server.route('POST', '/api/v1/watchlist/devices', (req) => {
		authorise(req);
		const change = assignment(req.body);
		for (const id of change.assign)
			Object.assign(devices.get(id), { on_watchlist: true }) && touch(devices.get(id));
		for (const id of change.unassign)
			Object.assign(devices.get(id), { on_watchlist: false }) && touch(devices.get(id));
		return { status: 204 };
	});
	server.route('POST', '/api/v1/watchlist/device/:id', (req) => {
		authorise(req);
		const device = getDevice(req.params.id);
		device.on_watchlist = true;
		touch(device);
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/watchlist/device/:id', (req) => {
		authorise(req);
		const device = getDevice(req.params.id);
		device.on_watchlist = false;
		touch(device);
		return { status: 204 };
	});

	// ---- tags ----
	server.route('GET', '/api/v1/tags', (req) => {
		authorise(req);
		return { body: [...tags.values()].map((t) => ({ ...t })) };
	});
	server.route('POST', '/api/v1/tags', (req) => {
		authorise(req);
		const body = req.body;
		if (!body || typeof body !== 'object')
			throw new HttpError(400, { error_message: 'Body must be an object' });
		for (const key of Object.keys(body))
			if (key !== 'name') throw new HttpError(400, { error_message: `Unknown tag field: ${key}` });
		if (typeof body.name !== 'string' || body.name.trim() === '')
			throw new HttpError(400, { error_message: 'name is required' });
		const tag = { id: nextTagId++, name: body.name, mod_time: now() };
		tags.set(tag.id, tag);
		return { status: 201, headers: { Location: `/api/v1/tags/${tag.id}` } };
	});
	server.route('GET', '/api/v1/tags/:id', (req) => {
		authorise(req);
		return { body: { ...getTag(req.params.id) } };
	});
	server.route('PATCH', '/api/v1/tags/:id', (req) => {
		authorise(req);
		const tag = getTag(req.params.id);
		if (!req.body || typeof req.body.name !== 'string' || req.body.name === '')
			throw new HttpError(400, { error_message: 'name is required' });
		tag.name = req.body.name;
		tag.mod_time = now();
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/tags/:id', (req) => {
		authorise(req);
		const tag = getTag(req.params.id);
		tags.delete(tag.id);
		tagged.delete(tag.id);
		return { status: 204 };
	});
	server.route('GET', '/api/v1/tags/:id/devices', (req) => {
		authorise(req);
		const tag = getTag(req.params.id);
		return { body: [...(tagged.get(tag.id) ?? [])].map((id) => structuredClone(devices.get(id))) };
	});
	server.route('POST', '/api/v1/tags/:id/devices', (req) => {
		authorise(req);
		const tag = getTag(req.params.id);
		const change = assignment(req.body);
		const set = tagged.get(tag.id) ?? new Set();
		for (const id of change.assign) set.add(id);
		for (const id of change.unassign) set.delete(id);
		tagged.set(tag.id, set);
		return { status: 204 };
	});
	server.route('POST', '/api/v1/tags/:id/devices/:child-id', (req) => {
		authorise(req);
		const tag = getTag(req.params.id);
		const device = getDevice(req.params['child-id']);
		tagged.set(tag.id, (tagged.get(tag.id) ?? new Set()).add(device.id));
		return { status: 204 };
	});
	server.route('DELETE', '/api/v1/tags/:id/devices/:child-id', (req) => {
		authorise(req);
		const tag = getTag(req.params.id);
		const device = getDevice(req.params['child-id']);
		tagged.get(tag.id)?.delete(device.id);
		return { status: 204 };
	});

	return {
		reset,
		ensureDevices,
		addDevice,
		devices: () => [...devices.values()],
		device: (/** @type {number} */ id) => devices.get(id),
		tags: () => [...tags.values()],
		taggedDevices: (/** @type {number} */ tagId) => [...(tagged.get(tagId) ?? [])],
	};
}

module.exports = { addDeviceRoutes, buildDevice };
