// @ts-check
'use strict';
/**
 * The JQL tokenizer and parser of the Jira simulator: a query string becomes a tree of clauses
 * (Node) and an ORDER BY list, with Jira's error messages for what does not parse. jql.js
 * compiles the tree against the caller's fields.
 */

class JqlError extends Error {}

/**
 * @typedef {{ type: 'str' | 'word' | 'op' | 'lparen' | 'rparen' | 'comma', value: string, pos: number }} Token
 */

const KEYWORDS = new Set([
	'and',
	'or',
	'not',
	'in',
	'is',
	'empty',
	'null',
	'order',
	'by',
	'asc',
	'desc',
	'was',
	'changed',
]);

/** @param {string} input @returns {Token[]} */
function tokenize(input) {
	/** @type {Token[]} */
	const tokens = [];
	let i = 0;
	while (i < input.length) {
		const c = input[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === '"' || c === "'") {
			let j = i + 1;
			let value = '';
			while (j < input.length && input[j] !== c) {
				if (input[j] === '\\' && j + 1 < input.length) {
					value += input[j + 1];
					j += 2;
					continue;
				}
				value += input[j];
				j++;
			}
			if (j >= input.length) {
				throw new JqlError(
					`Error in the JQL Query: The quoted string '${value}' has not been completed. (line 1, character ${i + 1})`,
				);
			}
			tokens.push({ type: 'str', value, pos: i });
			i = j + 1;
			continue;
		}
		if (c === '(') {
			tokens.push({ type: 'lparen', value: c, pos: i++ });
			continue;
		}
		if (c === ')') {
			tokens.push({ type: 'rparen', value: c, pos: i++ });
			continue;
		}
		if (c === ',') {
			tokens.push({ type: 'comma', value: c, pos: i++ });
			continue;
		}
		const two = input.slice(i, i + 2);
		if (['!=', '!~', '>=', '<=', '&&', '||'].includes(two)) {
			tokens.push({ type: 'op', value: two, pos: i });
			i += 2;
			continue;
		}
		if (['=', '~', '>', '<', '!'].includes(c)) {
			tokens.push({ type: 'op', value: c, pos: i++ });
			continue;
		}
		let j = i;
		let word = '';
		while (j < input.length && !/[\s=!~<>(),"'&|]/.test(input[j])) {
			word += input[j];
			j++;
		}
		// cf[10100] style custom field references contain brackets, which the loop above keeps.
		tokens.push({ type: 'word', value: word, pos: i });
		i = j;
	}
	return tokens;
}

/**
 * @typedef {{ kind: 'fn', name: string, args: string[] } | { kind: 'lit', value: string, quoted: boolean } | { kind: 'empty' }} ValueNode
 * @typedef {{ type: 'and', parts: Node[] } | { type: 'or', parts: Node[] } | { type: 'not', part: Node } |
 *   { type: 'clause', field: string, op: string, values: ValueNode[], list: boolean }} Node
 * @typedef {{ field: string, direction: 'asc' | 'desc' }} SortSpec
 */

class Parser {
	/** @param {Token[]} tokens @param {string} source */
	constructor(tokens, source) {
		this.tokens = tokens;
		this.source = source;
		this.i = 0;
	}

	peek(offset = 0) {
		return this.tokens[this.i + offset];
	}

	next() {
		return this.tokens[this.i++];
	}

	/** @param {Token | undefined} token @param {string} word */
	isWord(token, word) {
		return Boolean(token && token.type === 'word' && token.value.toLowerCase() === word);
	}

	fail(/** @type {string} */ expected) {
		const token = this.peek();
		const where = token
			? `'${token.value}' (line 1, character ${token.pos + 1})`
			: 'the end of the query';
		throw new JqlError(`Error in the JQL Query: Expecting ${expected} but got ${where}.`);
	}

	/** @returns {{ where: Node | null, orderBy: SortSpec[] }} */
	parseQuery() {
		/** @type {Node | null} */
		let where = null;
		if (this.peek() && !(this.isWord(this.peek(), 'order') && this.isWord(this.peek(1), 'by'))) {
			where = this.parseOr();
		}
		/** @type {SortSpec[]} */
		const orderBy = [];
		if (this.isWord(this.peek(), 'order')) {
			this.next();
			if (!this.isWord(this.peek(), 'by')) this.fail("'by'");
			this.next();
			do {
				if (orderBy.length) this.next(); // the comma
				const field = this.next();
				if (!field || (field.type !== 'word' && field.type !== 'str')) this.fail('a field name');
				/** @type {'asc' | 'desc'} */
				let direction = 'asc';
				if (this.isWord(this.peek(), 'asc') || this.isWord(this.peek(), 'desc')) {
					direction = /** @type {'asc' | 'desc'} */ (this.next().value.toLowerCase());
				}
				orderBy.push({ field: field.value, direction });
			} while (this.peek()?.type === 'comma');
		}
		if (this.peek()) this.fail("either 'AND', 'OR' or 'ORDER BY'");
		return { where, orderBy };
	}

	/** @returns {Node} */
	parseOr() {
		const parts = [this.parseAnd()];
		while (
			this.isWord(this.peek(), 'or') ||
			(this.peek()?.type === 'op' && this.peek()?.value === '||')
		) {
			this.next();
			parts.push(this.parseAnd());
		}
		return parts.length === 1 ? parts[0] : { type: 'or', parts };
	}

	/** @returns {Node} */
	parseAnd() {
		const parts = [this.parseNot()];
		while (
			this.isWord(this.peek(), 'and') ||
			(this.peek()?.type === 'op' && this.peek()?.value === '&&')
		) {
			this.next();
			parts.push(this.parseNot());
		}
		return parts.length === 1 ? parts[0] : { type: 'and', parts };
	}

	/** @returns {Node} */
	parseNot() {
		const token = this.peek();
		if (this.isWord(token, 'not') || (token?.type === 'op' && token.value === '!')) {
			this.next();
			return { type: 'not', part: this.parseNot() };
		}
		if (token?.type === 'lparen') {
			this.next();
			const inner = this.parseOr();
			if (this.peek()?.type !== 'rparen') this.fail("')'");
			this.next();
			return inner;
		}
		return this.parseClause();
	}

	/** @returns {Node} */
	parseClause() {
		const fieldToken = this.next();
		if (
			!fieldToken ||
			(fieldToken.type !== 'word' && fieldToken.type !== 'str') ||
			(fieldToken.type === 'word' && KEYWORDS.has(fieldToken.value.toLowerCase()))
		) {
			this.i--;
			this.fail('a field name');
		}
		const field = fieldToken.value;
		let op = '';
		const opToken = this.peek();
		if (
			opToken?.type === 'op' &&
			['=', '!=', '~', '!~', '>', '>=', '<', '<='].includes(opToken.value)
		) {
			op = opToken.value;
			this.next();
		} else if (this.isWord(opToken, 'in')) {
			op = 'in';
			this.next();
		} else if (this.isWord(opToken, 'not') && this.isWord(this.peek(1), 'in')) {
			op = 'not in';
			this.next();
			this.next();
		} else if (this.isWord(opToken, 'is')) {
			this.next();
			op = 'is';
			if (this.isWord(this.peek(), 'not')) {
				this.next();
				op = 'is not';
			}
		} else if (this.isWord(opToken, 'was') || this.isWord(opToken, 'changed')) {
			throw new JqlError(
				`Error in the JQL Query: The operator '${opToken?.value.toUpperCase()}' is not supported by this Jira simulator.`,
			);
		} else {
			this.fail("operator such as '=', '!=', '~', 'IN' or 'IS'");
		}
		if (op === 'in' || op === 'not in') {
			if (this.peek()?.type !== 'lparen') {
				// `field in currentUser()`-style single function values are allowed too.
				return { type: 'clause', field, op, values: [this.parseValue()], list: true };
			}
			this.next();
			const values = [this.parseValue()];
			while (this.peek()?.type === 'comma') {
				this.next();
				values.push(this.parseValue());
			}
			if (this.peek()?.type !== 'rparen') this.fail("')'");
			this.next();
			return { type: 'clause', field, op, values, list: true };
		}
		if (op === 'is' || op === 'is not') {
			if (!this.isWord(this.peek(), 'empty') && !this.isWord(this.peek(), 'null'))
				this.fail("'EMPTY' or 'NULL'");
			this.next();
			return { type: 'clause', field, op, values: [{ kind: 'empty' }], list: false };
		}
		return { type: 'clause', field, op, values: [this.parseValue()], list: false };
	}

	/** @returns {ValueNode} */
	parseValue() {
		const token = this.next();
		if (!token) {
			this.i--;
			this.fail('a value');
		}
		if (token.type === 'str') return { kind: 'lit', value: token.value, quoted: true };
		if (token.type !== 'word') {
			this.i--;
			this.fail('a value');
		}
		const lower = token.value.toLowerCase();
		if (lower === 'empty' || lower === 'null') return { kind: 'empty' };
		if (this.peek()?.type === 'lparen') {
			this.next();
			/** @type {string[]} */
			const args = [];
			while (this.peek() && this.peek()?.type !== 'rparen') {
				const arg = this.next();
				if (arg.type === 'comma') continue;
				args.push(arg.value);
			}
			if (this.peek()?.type !== 'rparen') this.fail("')'");
			this.next();
			return { kind: 'fn', name: lower, args };
		}
		if (['and', 'or', 'not', 'order', 'in', 'is'].includes(lower)) {
			this.i--;
			this.fail('a value');
		}
		return { kind: 'lit', value: token.value, quoted: false };
	}
}

module.exports = { JqlError, tokenize, Parser };
