// @ts-check
'use strict';
/**
 * Encoded queries (sysparm_query): `^`, `^OR`, `^NQ`, =, !=, <, <=, >, >=, IN, NOT IN, LIKE,
 * NOT LIKE, STARTSWITH, ENDSWITH, ISEMPTY, ISNOTEMPTY, ANYTHING, ORDERBY/ORDERBYDESC, dot-walking
 * one reference, and the date values javascript:gs.minutesAgoStart(n) and its kin,
 * gs.dateGenerate('yyyy-mm-dd','hh:mm:ss') and 'yyyy-mm-dd hh:mm:ss'.
 */
const { DATE_FIELDS, INTEGER_FIELDS, REF_TABLE, parseSnTime } = require('./data');

/**
 * @param {{ now: () => number, TABLE_REFS: Record<string, Record<string, string>>,
 *   walk: (table: string, row: Record<string, any>, dotted: string) => string | undefined }} sim
 */
function createQueryCompiler({ now, TABLE_REFS, walk }) {
	const OPERATORS = [
		'ISNOTEMPTY',
		'ISEMPTY',
		'ANYTHING',
		'NOT IN',
		'IN',
		'NOT LIKE',
		'LIKE',
		'STARTSWITH',
		'ENDSWITH',
		'!=',
		'>=',
		'<=',
		'=',
		'>',
		'<',
	];
	/** @param {string} value */
	const dateValue = (value) => {
		const v = value.trim();
		let m =
			/^javascript:gs\.(minutesAgoStart|minutesAgo|daysAgoStart|daysAgo|hoursAgoStart|hoursAgo)\((-?\d+)\)$/.exec(
				v,
			);
		if (m) {
			const n = Number(m[2]);
			const unit = m[1].startsWith('minutes')
				? 60_000
				: m[1].startsWith('hours')
					? 3_600_000
					: 86_400_000;
			let t = now() - n * unit;
			if (m[1].endsWith('Start')) t = Math.floor(t / unit) * unit;
			return t;
		}
		m =
			/^javascript:gs\.dateGenerate\('(\d{4}-\d{2}-\d{2})','(\d{2}:\d{2}:\d{2}|start|end)'\)$/.exec(
				v,
			);
		if (m)
			return Date.parse(
				`${m[1]}T${m[2] === 'start' ? '00:00:00' : m[2] === 'end' ? '23:59:59' : m[2]}Z`,
			);
		return parseSnTime(v);
	};

	/**
	 * Compiles an encoded query into a row filter and a sort, or reports an unknown field.
	 * @param {string} table @param {string} query @param {string[]} columns
	 * @returns {{ filter: (row: Record<string, any>) => boolean, sort: ((a: any, b: any) => number) | null, unknown: string | null }}
	 */
	const compileQuery = (table, query, columns) => {
		/** @type {{ field: string, desc: boolean }[]} */
		const order = [];
		let unknown = /** @type {string | null} */ (null);
		const known = (/** @type {string} */ field) => {
			const base = field.split('.')[0];
			const ok =
				columns.includes(base) &&
				(!field.includes('.') ||
					Boolean((table === 'incident' ? REF_TABLE : (TABLE_REFS[table] ?? {}))[base]));
			if (!ok && !unknown) unknown = field;
			return ok;
		};
		/** @param {string} term @returns {(row: Record<string, any>) => boolean} */
		const compileTerm = (term) => {
			const m = /^([a-z_][a-z0-9_.]*)(.*)$/.exec(term);
			const op = m ? OPERATORS.find((o) => m[2].startsWith(o)) : undefined;
			if (!m || !op) {
				if (!unknown) unknown = term;
				return () => false;
			}
			const field = m[1];
			const value = m[2].slice(op.length);
			if (!known(field)) return () => false;
			const base = field.split('.')[0];
			const get = (/** @type {Record<string, any>} */ row) =>
				field.includes('.') ? (walk(table, row, field) ?? '') : String(row[field] ?? '');
			const cmp = (/** @type {string} */ actual, /** @type {string} */ wanted) => {
				if (DATE_FIELDS.has(base) && table === 'incident')
					return (actual ? parseSnTime(actual) : NaN) - dateValue(wanted);
				if (INTEGER_FIELDS.has(base) && table === 'incident')
					return Number(actual) - Number(wanted);
				return actual < wanted ? -1 : actual > wanted ? 1 : 0;
			};
			switch (op) {
				case 'ISEMPTY':
					return (row) => get(row) === '';
				case 'ISNOTEMPTY':
					return (row) => get(row) !== '';
				case 'ANYTHING':
					return () => true;
				case 'IN':
					return (row) => value.split(',').includes(get(row));
				case 'NOT IN':
					return (row) => !value.split(',').includes(get(row));
				case 'LIKE':
					return (row) => get(row).toLowerCase().includes(value.toLowerCase());
				case 'NOT LIKE':
					return (row) => !get(row).toLowerCase().includes(value.toLowerCase());
				case 'STARTSWITH':
					return (row) => get(row).toLowerCase().startsWith(value.toLowerCase());
				case 'ENDSWITH':
					return (row) => get(row).toLowerCase().endsWith(value.toLowerCase());
				case '=':
					return (row) => get(row) === value;
				case '!=':
					return (row) => get(row) !== value;
				default:
					return (row) => {
						const actual = get(row);
						if (actual === '') return false;
						const c = cmp(actual, value);
						if (Number.isNaN(c)) return false;
						return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
					};
			}
		};
		const queries = query.split('^NQ').map((q) => {
			/** @type {((row: Record<string, any>) => boolean)[][]} */
			const groups = [];
			for (const part of q.split('^')) {
				if (!part || part === 'EQ') continue;
				const ord = /^ORDERBY(DESC)?(.+)$/.exec(part);
				if (ord) {
					if (known(ord[2])) order.push({ field: ord[2], desc: Boolean(ord[1]) });
					continue;
				}
				if (part.startsWith('OR') && groups.length)
					groups[groups.length - 1].push(compileTerm(part.slice(2)));
				else groups.push([compileTerm(part)]);
			}
			return (/** @type {Record<string, any>} */ row) =>
				groups.every((alternatives) => alternatives.some((f) => f(row)));
		});
		const sort = order.length
			? (/** @type {any} */ a, /** @type {any} */ b) => {
					for (const { field, desc } of order) {
						const x = String(a[field] ?? '');
						const y = String(b[field] ?? '');
						const c = INTEGER_FIELDS.has(field)
							? Number(x) - Number(y)
							: x < y
								? -1
								: x > y
									? 1
									: 0;
						if (c) return desc ? -c : c;
					}
					return 0;
				}
			: null;
		return { filter: (row) => queries.some((f) => f(row)), sort, unknown };
	};

	return { compileQuery };
}

module.exports = { createQueryCompiler };
