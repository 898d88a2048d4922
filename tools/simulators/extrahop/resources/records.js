// @ts-check
'use strict';
/**
 * Record search, after ExtraHop's spec (agent-skills extrahop-rest-api/references/records.md,
 * "Record Log"): POST /records/search (context_ttl, eql, filter, from (required), limit (max 10000,
 * default 100), offset, sort, aggregations, types, until), POST /records/cursor {cursor}
 * (?context_ttl) and GET /records/formats.
 *
 * The records come from the traffic model (./traffic.js): every conversation of the detections
 * and of the everyday baseline leaves transaction records (~http, ~cifs, ~dns_request, ~ssh_open,
 * ~ssl_open, ~db) and ~flow records with the participants' addresses, ports and devices (by
 * discovery ID) at the detection's times. What the markdown leaves out is modelled as ExtraHop's
 * MCP tools document it (extrahop-triage/reference/tools.md): a filter is {field, operator,
 * operand} or {operator: "and"|"or"|"not", rules: [...]}, operands are strings (anything else is
 * 422, as measured on 26.3), `.ipaddr` / `.port` / `.any` span every address, port, or field.
 *
 * Readings (simulator config):
 * - recordPaging: 'cursor' (default; a recordstore that refuses `offset` with 422 and pages with
 *   context_ttl + POST /records/cursor), 'offset' (no cursor ever; offset honoured), 'both'.
 * - recordValueShape: 'plain' (default; "clientAddr": "10.1.1.1", "client": "<discovery id>") or
 *   'typed' ({"value": ...} objects).
 * - recordTilde: 'regex' (default; `~` matches a regular expression) or 'substring'.
 * - recordMaxWindowDays: 7 (default; a longer from..until is 400) or null.
 */
const { HttpError } = require('../../common/server');
const { BASELINE_SLOT_MS } = require('./traffic');

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const OPERATORS = [
	'=',
	'!=',
	'>',
	'<',
	'>=',
	'<=',
	'~',
	'!~',
	'startswith',
	'exists',
	'not_exists',
];
const ADDR_FIELDS = ['clientAddr', 'serverAddr', 'senderAddr', 'receiverAddr'];
const PORT_FIELDS = ['clientPort', 'serverPort', 'senderPort', 'receiverPort'];
const FORMATS = [
	['~flow', 'Flow'],
	['~http', 'HTTP'],
	['~cifs', 'CIFS'],
	['~dns_request', 'DNS Request'],
	['~ssh_open', 'SSH Open'],
	['~ssl_open', 'SSL Open'],
	['~db', 'Database'],
];

/** A stable small number from a string, to vary ports and sizes deterministically. */
const hash = (/** @type {string} */ text) =>
	[...text].reduce((n, c) => (n * 31 + c.charCodeAt(0)) >>> 0, 7);

/**
 * @param {import('../../common/server').SimServer} server
 * @param {{ now: () => number, config: () => Record<string, any>, traffic: ReturnType<typeof import('./traffic').createTraffic> }} ctx
 */
function addRecordRoutes(server, { now, config, traffic }) {
	/** @type {Map<string, { list: any[], pos: number, pageSize: number, expires: number }>} */
	let cursors = new Map();
	let nextCursor = 1;
	function reset() {
		cursors = new Map();
		nextCursor = 1;
	}

	/** Epoch ms from an integer or a string, absolute or relative ("-30m", 0 = now). */
	function timeOf(/** @type {string} */ key, /** @type {unknown} */ raw, fallback = now()) {
		if (raw === undefined) return fallback;
		const match = /^(-?\d+)(ms|s|m|h|d|w)?$/.exec(String(raw).trim());
		if (!match)
			throw new HttpError(400, { error_message: `${key} is not a valid time: ${String(raw)}` });
		const value =
			Number(match[1]) * UNIT_MS[/** @type {keyof typeof UNIT_MS} */ (match[2] ?? 'ms')];
		return value <= 0 ? now() + value : value;
	}

	const typed = () => config().recordValueShape === 'typed';
	const addr = (/** @type {string} */ ip) => (typed() ? { type: 'ipaddr', value: ip } : ip);
	const device = (/** @type {string | null} */ id) =>
		id === null ? null : typed() ? { type: 'device', value: id } : id;

	/** One record of a conversation at time t (its transaction kind, or a ~flow record). */
	function record(
		/** @type {any} */ c,
		/** @type {number} */ t,
		/** @type {number} */ n,
		flow = false,
	) {
		const port = c.ports ? c.ports[n % c.ports.length] : c.port;
		const clientPort = 49152 + (hash(`${c.key}.${n}`) % 16000);
		const span = c.kind === 'cifs_write' ? 8000 : 400;
		/** @type {Record<string, any>} */
		const source = { timestamp: t, first: t - span, last: t, flowId: `${c.key}-${n}` };
		const l4 = c.stack.includes('UDP') ? 'UDP' : 'TCP';
		if (flow) {
			Object.assign(source, {
				senderAddr: addr(c.client.ip),
				receiverAddr: addr(c.server.ip),
				senderPort: clientPort,
				receiverPort: port,
				sender: device(c.client.discovery),
				receiver: device(c.server.discovery),
				proto: l4,
				l7proto: c.stack.length > 2 ? c.stack[c.stack.length - 1] : null,
				senderBytes: Math.round((c.c2s * span) / 1000),
				receiverBytes: Math.round((c.s2c * span) / 1000),
				tcpFlags: c.kind === 'scan' ? 'SYN RST' : 'SYN ACK FIN',
			});
			return { _id: `${c.key}-f${n}-${t}`, _type: '~flow', _source: source };
		}
		Object.assign(source, {
			clientAddr: addr(c.client.ip),
			serverAddr: addr(c.server.ip),
			clientPort,
			serverPort: port,
			client: device(c.client.discovery),
			server: device(c.server.discovery),
		});
		const size = 200 + (hash(`${c.key}${n}`) % 5000);
		const kinds = {
			http: [
				'~http',
				{
					method: 'GET',
					uri: `/builds/${4100 + n}/status`,
					host: 'build-runner-07',
					statusCode: n % 7 === 3 ? 404 : 200,
					reqBytes: 320,
					rspBytes: size,
					processingTime: 12 + (n % 40),
					userAgent: 'curl/8.4.0',
				},
			],
			cifs_read: [
				'~cifs',
				{
					method: 'SMB2_READ',
					resource: `\\\\corpshare\\finance\\Q3-ledger-${n % 12}.xlsx`,
					user: 'EXAMPLE\\jdoe',
					reqBytes: 120,
					rspBytes: size * 40,
				},
			],
			cifs_write: [
				'~cifs',
				{
					method: 'SMB2_WRITE',
					resource: `\\\\corpshare\\finance\\archive-${n}.7z`,
					user: 'EXAMPLE\\svc-backup',
					reqBytes: Math.round(c.c2s * 8),
					rspBytes: 96,
				},
			],
			ssh: [
				'~ssh_open',
				{
					clientSoftware: 'OpenSSH_for_Windows_8.1',
					serverSoftware: 'OpenSSH_9.3',
					version: 'SSH-2.0',
				},
			],
			dns_tunnel: [
				'~dns_request',
				{
					qname: `${(hash(`q${n}`) * 2654435761).toString(36)}a7f3e9c1b2d4.t.exfil-cdn.net`,
					qtype: 'TXT',
					reqBytes: 96 + (n % 60),
				},
			],
			db: [
				'~db',
				{
					method: 'SELECT',
					table: 'payroll',
					processingTime: c.detectionId ? 4200 + n * 310 : 35,
					rspBytes: size,
				},
			],
			ssl: [
				'~ssl_open',
				{
					version: 'TLSv1.3',
					cipherSuite: 'TLS_AES_256_GCM_SHA384',
					host: 'corpshare.example.com',
				},
			],
			ssl_weak: [
				'~ssl_open',
				{
					version: 'TLSv1.0',
					cipherSuite: 'TLS_RSA_WITH_RC4_128_SHA',
					host: 'legacy-portal.example.com',
				},
			],
		};
		const entry = kinds[/** @type {keyof typeof kinds} */ (c.kind)];
		if (!entry) return record(c, t, n, true);
		Object.assign(source, entry[1]);
		return { _id: `${c.key}-r${n}-${t}`, _type: entry[0], _source: source };
	}

	/** Every record of the traffic model between from and until. */
	function recordsBetween(/** @type {number} */ from, /** @type {number} */ until) {
		const out = [];
		for (const c of traffic.conversations(from, until)) {
			if (c.detectionId !== undefined) {
				const count = c.ports ? c.ports.length : c.kind === 'dns_tunnel' ? 15 : 8;
				for (let n = 0; n < count; n++) {
					const t = Math.round(c.start + ((n + 0.5) * (c.end - c.start)) / count);
					if (t >= from && t < until) {
						out.push(record(c, t, n, c.kind === 'scan' || c.kind === 'flow'));
						if (n === 0 && c.kind !== 'scan' && c.kind !== 'flow') out.push(record(c, t, n, true));
					}
				}
				continue;
			}
			const offset = (hash(c.key) % 600) * 1000;
			const first = Math.ceil((from - offset) / BASELINE_SLOT_MS) * BASELINE_SLOT_MS + offset;
			for (let t = first, n = 0; t < until; t += BASELINE_SLOT_MS, n++) {
				out.push(record(c, t, Math.floor(t / BASELINE_SLOT_MS)));
				out.push(record(c, t, Math.floor(t / BASELINE_SLOT_MS), true));
			}
		}
		return out;
	}

	/** The values a field holds in a record (`.ipaddr`, `.port`, `.any` span many), unwrapped. */
	function valuesOf(/** @type {any} */ source, /** @type {string} */ field) {
		const unwrap = (/** @type {any} */ v) => (v && typeof v === 'object' ? v.value : v);
		const keys =
			field === '.ipaddr'
				? ADDR_FIELDS
				: field === '.port'
					? PORT_FIELDS
					: field === '.any'
						? Object.keys(source)
						: [field];
		return keys
			.map((k) => unwrap(source[k]))
			.filter((v) => v !== undefined && v !== null && v !== '');
	}

	function inCidr(/** @type {string} */ ip, /** @type {string} */ cidr) {
		const [base, bits] = cidr.split('/');
		const toInt = (/** @type {string} */ a) =>
			a.split('.').reduce((n, p) => (n << 8) + Number(p), 0) >>> 0;
		if (!/^[\d.]+$/.test(ip) || !/^[\d.]+$/.test(base)) return false;
		const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
		return (toInt(ip) & mask) === (toInt(base) & mask);
	}

	/** @returns {boolean} */
	function matches(/** @type {any} */ source, /** @type {any} */ rule) {
		if (!rule || typeof rule !== 'object' || Array.isArray(rule))
			throw new HttpError(400, { error_message: 'A filter must be an object' });
		if (rule.rules !== undefined) {
			if (
				!['and', 'or', 'not'].includes(rule.operator) ||
				!Array.isArray(rule.rules) ||
				rule.rules.length === 0
			)
				throw new HttpError(400, {
					error_message: 'A filter group needs operator "and", "or" or "not" and a rules array',
				});
			if (Object.keys(rule).some((k) => k !== 'operator' && k !== 'rules'))
				throw new HttpError(400, { error_message: 'A filter group holds operator and rules only' });
			const results = rule.rules.map((/** @type {any} */ r) => matches(source, r));
			if (rule.operator === 'or') return results.some(Boolean);
			const all = results.every(Boolean);
			return rule.operator === 'not' ? !all : all;
		}
		for (const key of Object.keys(rule))
			if (!['field', 'operator', 'operand'].includes(key))
				throw new HttpError(400, { error_message: `Unknown filter key: ${key}` });
		if (typeof rule.field !== 'string' || rule.field === '')
			throw new HttpError(400, { error_message: 'A filter rule needs a field' });
		if (!OPERATORS.includes(rule.operator))
			throw new HttpError(400, { error_message: `Unknown filter operator: ${rule.operator}` });
		const needsOperand = !['exists', 'not_exists'].includes(rule.operator);
		if (needsOperand && typeof rule.operand !== 'string')
			throw new HttpError(422, {
				error_message:
					'The operand value must be a string, even if the text specifies another data type',
			});
		const values = valuesOf(source, rule.field);
		const operand = String(rule.operand ?? '');
		const number = (/** @type {unknown} */ v) => Number(v);
		const ipField = rule.field === '.ipaddr' || ADDR_FIELDS.includes(rule.field);
		const equal = (/** @type {unknown} */ v) =>
			ipField && operand.includes('/')
				? inCidr(String(v), operand)
				: String(v).toLowerCase() === operand.toLowerCase();
		const tilde = (/** @type {unknown} */ v) => {
			if (config().recordTilde === 'substring')
				return String(v).toLowerCase().includes(operand.toLowerCase());
			try {
				return new RegExp(operand, 'i').test(String(v));
			} catch {
				throw new HttpError(400, { error_message: `Invalid regular expression: ${operand}` });
			}
		};
		switch (rule.operator) {
			case 'exists':
				return values.length > 0;
			case 'not_exists':
				return values.length === 0;
			case '=':
				return values.some(equal);
			case '!=':
				return !values.some(equal);
			case '~':
				return values.some(tilde);
			case '!~':
				return !values.some(tilde);
			case 'startswith':
				return values.some((v) => String(v).toLowerCase().startsWith(operand.toLowerCase()));
			case '>':
				return values.some((v) => number(v) > number(operand));
			case '<':
				return values.some((v) => number(v) < number(operand));
			case '>=':
				return values.some((v) => number(v) >= number(operand));
			default:
				return values.some((v) => number(v) <= number(operand));
		}
	}

	/** @param {any[]} list @param {any[] | undefined} sort */
	function sorted(list, sort) {
		const order =
			Array.isArray(sort) && sort.length ? sort : [{ field: 'timestamp', direction: 'desc' }];
		const value = (/** @type {any} */ r, /** @type {string} */ f) =>
			valuesOf(r._source, f)[0] ?? '';
		return [...list].sort((a, b) => {
			for (const s of order) {
				const av = value(a, s.field);
				const bv = value(b, s.field);
				if (av !== bv) return (av < bv ? -1 : 1) * (s.direction === 'asc' ? 1 : -1);
			}
			return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
		});
	}

	server.route('POST', '/api/v1/records/search', (req) => {
		const body = req.body ?? {};
		const paging = config().recordPaging ?? 'cursor';
		if (body.eql !== undefined || body.aggregations !== undefined)
			throw new HttpError(400, { error_message: 'EQL and aggregations are not simulated' });
		if (body.offset !== undefined && paging === 'cursor')
			throw new HttpError(422, {
				error_message: 'The configured recordstore does not support the offset parameter',
			});
		const from = timeOf('from', body.from);
		const until = timeOf('until', body.until);
		if (from >= until)
			throw new HttpError(400, { error_message: 'from must be earlier than until' });
		const maxDays = config().recordMaxWindowDays === undefined ? 7 : config().recordMaxWindowDays;
		if (maxDays !== null && until - from > maxDays * UNIT_MS.d)
			throw new HttpError(400, {
				error_message: `The time range of a record query cannot exceed ${maxDays} days`,
			});
		const limit = body.limit ?? 100;
		if (limit < 1) throw new HttpError(400, { error_message: 'limit must be at least 1' });
		const types = Array.isArray(body.types) ? body.types : undefined;
		const matching = recordsBetween(from, until).filter(
			(r) =>
				(!types || types.includes(r._type)) &&
				(body.filter === undefined || matches(r._source, body.filter)),
		);
		const list = sorted(matching, body.sort);
		const offset = body.offset ?? 0;
		const page = list.slice(offset, offset + limit);
		/** @type {Record<string, any>} */
		const answer = { from, until, total: list.length, records: page };
		if (body.context_ttl !== undefined && paging !== 'offset') {
			const cursor = `c${nextCursor++}-${now()}`;
			cursors.set(cursor, {
				list,
				pos: offset + page.length,
				pageSize: limit,
				expires: now() + body.context_ttl,
			});
			answer.cursor = cursor;
		}
		return { body: answer };
	});

	server.route('POST', '/api/v1/records/cursor', (req) => {
		const state = cursors.get(req.body.cursor);
		if (!state || state.expires < now())
			throw new HttpError(400, { error_message: 'The cursor is invalid or has expired' });
		const ttl = /** @type {Record<string, unknown>} */ (/** @type {any} */ (req).queryValues ?? {})
			.context_ttl;
		if (typeof ttl === 'number') state.expires = now() + ttl;
		const page = state.list.slice(state.pos, state.pos + state.pageSize);
		state.pos += page.length;
		return { body: { cursor: req.body.cursor, total: state.list.length, records: page } };
	});

	server.route('GET', '/api/v1/records/formats', () => ({
		body: FORMATS.map(([name, display]) => ({ name, display_name: display, author: 'ExtraHop' })),
	}));

	return { reset, recordsBetween };
}

module.exports = { addRecordRoutes };
