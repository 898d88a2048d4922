// @ts-check
'use strict';
/**
 * A small JQL (Jira Query Language) implementation for the Jira simulator: enough of the language
 * that ticketing workflows use, with Jira's error messages for what it does not know.
 *
 * Supported:
 *   clauses   field = v, !=, ~, !~, >, >=, <, <=, IN (a, b), NOT IN (...), IS [NOT] EMPTY|NULL
 *   logic     AND / OR / NOT (also && || !), parentheses; AND binds tighter than OR
 *   values    "double" or 'single' quoted strings, bare words (SOC-1, High, -2d), EMPTY, NULL,
 *             functions currentUser(), now(), startOfDay(), endOfDay(), membersOf() (empty)
 *   ordering  ORDER BY field [ASC|DESC], ...
 * Field semantics (what each field compares against) come from the caller's `fields` table, so
 * this file knows nothing about issues. The tokenizer and parser are in jql-parser.js.
 */
const { JqlError, tokenize, Parser } = require('./jql-parser');

/**
 * @typedef {import('./jql-parser').ValueNode} ValueNode
 * @typedef {import('./jql-parser').Node} Node
 * @typedef {import('./jql-parser').SortSpec} SortSpec
 */

/**
 * What the caller tells the compiler about a field.
 * @typedef {{
 *   kind: 'text' | 'single' | 'multi' | 'date' | 'number',
 *   get: (issue: any) => any,
 *   matches?: (actual: any, literal: string) => boolean,
 *   validate?: (literal: string) => string | null,
 *   normalize?: (literal: string) => string | null,
 *   sortKey?: (issue: any) => any,
 * }} FieldDef
 * @typedef {{ currentUser: string, now: () => number }} EvalContext
 */

/**
 * Parses and compiles a JQL string.
 * @param {string} jql
 * @param {{ resolveField: (name: string) => FieldDef | undefined }} schema
 * @param {EvalContext} context
 * @returns {{ filter: (issue: any) => boolean, sort: (a: any, b: any) => number, orderBy: SortSpec[] }}
 */
function compileJql(jql, schema, context) {
	const { where, orderBy } = new Parser(tokenize(jql ?? ''), jql).parseQuery();

	/** @param {string} name */
	const fieldDef = (name) => {
		const def = schema.resolveField(name);
		if (!def) {
			throw new JqlError(
				`Field '${name}' does not exist or you do not have permission to view it.`,
			);
		}
		return def;
	};

	/**
	 * Turns a value node into the literal strings (or null for EMPTY) it stands for.
	 * @param {ValueNode} node
	 * @param {string} field
	 * @returns {(string | null)[]}
	 */
	const literals = (node, field) => {
		if (node.kind === 'empty') return [null];
		if (node.kind === 'lit') return [node.value];
		switch (node.name) {
			case 'currentuser':
				return [context.currentUser];
			case 'now':
				return [String(context.now())];
			case 'startofday': {
				const d = new Date(context.now());
				d.setUTCHours(0, 0, 0, 0);
				return [String(d.getTime() + relativeMs(node.args[0] ?? '0d'))];
			}
			case 'endofday': {
				const d = new Date(context.now());
				d.setUTCHours(23, 59, 59, 999);
				return [String(d.getTime() + relativeMs(node.args[0] ?? '0d'))];
			}
			case 'membersof':
				return [];
			default:
				throw new JqlError(
					`Error in the JQL Query: Unable to find JQL function '${node.name}()' for field '${field}'.`,
				);
		}
	};

	/**
	 * @param {Node} node
	 * @returns {(issue: any) => boolean}
	 */
	const compile = (node) => {
		if (node.type === 'and' || node.type === 'or') {
			const parts = node.parts.map(compile);
			return node.type === 'and'
				? (issue) => parts.every((p) => p(issue))
				: (issue) => parts.some((p) => p(issue));
		}
		if (node.type === 'not') {
			const part = compile(node.part);
			return (issue) => !part(issue);
		}
		const def = fieldDef(node.field);
		const rawValues = node.values.flatMap((v) => literals(v, node.field));
		for (const value of rawValues) {
			if (value !== null && def.validate) {
				const problem = def.validate(value);
				if (problem) throw new JqlError(problem);
			}
		}
		const values = rawValues.map((v) => (v !== null && def.normalize ? def.normalize(v) : v));
		const op = node.op;
		const textOps = ['~', '!~'];
		if (textOps.includes(op) && def.kind !== 'text') {
			throw new JqlError(`The operator '${op}' is not supported by the '${node.field}' field.`);
		}
		if (def.kind === 'text' && ['=', '!=', 'in', 'not in'].includes(op)) {
			// Jira only searches free-text fields with ~ and !~.
			throw new JqlError(
				`The operator '${op === 'in' || op === 'not in' ? op.toUpperCase() : op}' is not supported by the '${node.field}' field.`,
			);
		}
		const isEmpty = (/** @type {any} */ actual) =>
			actual === null ||
			actual === undefined ||
			actual === '' ||
			(Array.isArray(actual) && actual.length === 0);
		const matchOne = (/** @type {any} */ actual, /** @type {string | null} */ literal) => {
			if (literal === null) return isEmpty(actual);
			if (isEmpty(actual)) return false;
			if (def.kind === 'multi') {
				return actual.some((/** @type {any} */ item) =>
					def.matches ? def.matches(item, literal) : equalsLoose(item, literal),
				);
			}
			if (def.kind === 'date') return actual === toEpochMs(literal, context);
			return def.matches ? def.matches(actual, literal) : equalsLoose(actual, literal);
		};
		switch (op) {
			case '=':
			case 'is':
			case 'in':
				return (issue) => values.some((v) => matchOne(def.get(issue), v));
			case '!=':
			case 'is not':
			case 'not in':
				// Like Jira: `assignee != bob` does not match unassigned issues.
				return (issue) => {
					const actual = def.get(issue);
					if (values.some((v) => v === null)) {
						return values.every((v) => !matchOne(actual, v));
					}
					if (isEmpty(actual)) return false;
					return values.every((v) => !matchOne(actual, v));
				};
			case '~':
			case '!~': {
				const needle = values[0];
				if (needle === null || needle === undefined) {
					throw new JqlError(
						`The operator '${op}' is not supported by EMPTY for the field '${node.field}'.`,
					);
				}
				const test = (/** @type {any} */ issue) => textContains(def.get(issue), needle);
				return op === '~' ? test : (issue) => !test(issue);
			}
			case '>':
			case '>=':
			case '<':
			case '<=': {
				if (def.kind !== 'date' && def.kind !== 'number') {
					throw new JqlError(`The operator '${op}' is not supported by the '${node.field}' field.`);
				}
				const bound =
					def.kind === 'date' ? toEpochMs(String(values[0]), context) : Number(values[0]);
				if (Number.isNaN(bound)) {
					throw new JqlError(
						`Date value '${values[0]}' for field '${node.field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
					);
				}
				return (issue) => {
					const actual = def.get(issue);
					if (actual === null || actual === undefined) return false;
					const n = Number(actual);
					if (op === '>') return n > bound;
					if (op === '>=') return n >= bound;
					if (op === '<') return n < bound;
					return n <= bound;
				};
			}
			default:
				throw new JqlError(`Error in the JQL Query: unsupported operator '${op}'.`);
		}
	};

	const filter = where ? compile(where) : () => true;
	const sortDefs = orderBy.map((spec) => ({ spec, def: fieldDef(spec.field) }));
	/** @param {any} a @param {any} b */
	const sort = (a, b) => {
		for (const { spec, def } of sortDefs) {
			const ka = def.sortKey ? def.sortKey(a) : def.get(a);
			const kb = def.sortKey ? def.sortKey(b) : def.get(b);
			const cmp = compareKeys(ka, kb);
			if (cmp !== 0) return spec.direction === 'desc' ? -cmp : cmp;
		}
		return 0;
	};
	return { filter, sort, orderBy };
}

/** @param {any} a @param {any} b */
function compareKeys(a, b) {
	if (a === b) return 0;
	if (a === null || a === undefined) return 1;
	if (b === null || b === undefined) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(Array.isArray(a) ? a.join(',') : a).localeCompare(
		String(Array.isArray(b) ? b.join(',') : b),
	);
}

/** @param {any} actual @param {string} literal */
function equalsLoose(actual, literal) {
	return String(actual).toLowerCase() === literal.toLowerCase();
}

/**
 * Jira's `~` is a word search: every word of the query must occur in the field. Words are matched
 * as prefixes of the field's words only when they end in `*`; otherwise a word matches a whole
 * field word, with Jira's light stemming approximated by also accepting a trailing "s".
 * @param {any} haystack
 * @param {string} needle
 */
function textContains(haystack, needle) {
	if (haystack === null || haystack === undefined) return false;
	const text = (Array.isArray(haystack) ? haystack.join('\n') : String(haystack)).toLowerCase();
	const phrase = needle.trim();
	if (phrase.startsWith('"') && phrase.endsWith('"') && phrase.length > 1) {
		return text.includes(phrase.slice(1, -1).toLowerCase());
	}
	const fieldWords = new Set(text.split(/[^\p{L}\p{N}_]+/u).filter(Boolean));
	const queryWords = phrase
		.toLowerCase()
		.split(/[^\p{L}\p{N}_*?]+/u)
		.filter(Boolean);
	if (queryWords.length === 0) return false;
	return queryWords.every((word) => {
		if (word.includes('*') || word.includes('?')) {
			const re = new RegExp(
				`^${word
					.replace(/[.+^${}()|[\]\\]/g, '\\$&')
					.replace(/\*/g, '.*')
					.replace(/\?/g, '.')}$`,
				'u',
			);
			return [...fieldWords].some((w) => re.test(w));
		}
		return (
			fieldWords.has(word) ||
			fieldWords.has(`${word}s`) ||
			(word.endsWith('s') && fieldWords.has(word.slice(0, -1)))
		);
	});
}

/** @param {string} value e.g. -2d, 4w 2d, -30m */
function relativeMs(value) {
	const re = /([+-]?)\s*(\d+)\s*([wdhm])/gi;
	let total = 0;
	let sign = 1;
	let matched = false;
	const trimmed = value.trim();
	if (trimmed.startsWith('-')) sign = -1;
	let m;
	while ((m = re.exec(trimmed))) {
		matched = true;
		const n = Number(m[2]);
		const unit = m[3].toLowerCase();
		const ms = unit === 'w' ? 604800000 : unit === 'd' ? 86400000 : unit === 'h' ? 3600000 : 60000;
		total += n * ms;
	}
	return matched ? sign * total : NaN;
}

/**
 * Converts a JQL date literal (absolute, relative or epoch ms from a function) to epoch ms.
 * Absolute dates are read as UTC: the simulator's server time zone.
 * @param {string} literal
 * @param {EvalContext} context
 */
function toEpochMs(literal, context) {
	const value = literal.trim();
	if (/^\d{12,}$/.test(value)) return Number(value);
	const abs = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(value);
	if (abs) {
		return Date.UTC(
			Number(abs[1]),
			Number(abs[2]) - 1,
			Number(abs[3]),
			Number(abs[4] ?? 0),
			Number(abs[5] ?? 0),
		);
	}
	const rel = relativeMs(value);
	if (!Number.isNaN(rel) && /^[+-]?\s*\d+\s*[wdhm]/i.test(value)) return context.now() + rel;
	return NaN;
}

module.exports = { compileJql, JqlError, textContains, toEpochMs, tokenize };
