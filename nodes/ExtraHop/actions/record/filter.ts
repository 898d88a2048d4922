/**
 * The filter of a record search. ExtraHop's reference types it only as "object"; its MCP tools
 * (agent-skills extrahop-triage/reference/tools.md) and the vendor's measurements on firmware 26.3
 * (extrahop-pqc-tls-readiness/reference/metrics.md) give the shape: a rule `{field, operator,
 * operand}` or a group `{operator: "and" | "or" | "not", rules: [...]}`; `.ipaddr`, `.port` and
 * `.any` span every address, port or field of a record; operands are strings, numbers and booleans
 * included (anything else is refused with 422).
 */
import { NodeOperationError, jsonParse, type IDataObject, type INode } from 'n8n-workflow';

import { isIpOrCidr } from '../../common/validation';

export const RECORD_OPERATORS = [
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
] as const;
/**
 * The operators as the node's Operator list offers them: by name, because n8n reads a parameter
 * value that starts with "=" as an expression (a stored "=" would arrive as an empty text).
 */
export const OPERATOR_CHOICES: Array<{ name: string; value: string; operator: string }> = [
	{ name: 'Equals', value: 'equals', operator: '=' },
	{ name: 'Does Not Equal', value: 'notEquals', operator: '!=' },
	{ name: 'Greater Than', value: 'greaterThan', operator: '>' },
	{ name: 'Less Than', value: 'lessThan', operator: '<' },
	{ name: 'Greater Than or Equal', value: 'greaterOrEqual', operator: '>=' },
	{ name: 'Less Than or Equal', value: 'lessOrEqual', operator: '<=' },
	{ name: 'Matches (Regular Expression)', value: 'matches', operator: '~' },
	{ name: 'Does Not Match', value: 'notMatches', operator: '!~' },
	{ name: 'Starts With', value: 'startsWith', operator: 'startswith' },
	{ name: 'Exists', value: 'exists', operator: 'exists' },
	{ name: 'Does Not Exist', value: 'notExists', operator: 'not_exists' },
];
const GROUP_OPERATORS = ['and', 'or', 'not'];
const WITHOUT_OPERAND = new Set(['exists', 'not_exists']);
const MAX_DEPTH = 8;

export interface RecordCondition {
	field?: string;
	operator?: string;
	value?: unknown;
}

/** The simple mode's inputs, as the node's parameters hold them. */
export interface SimpleFilter {
	ipAddress?: string;
	port?: string | number;
	text?: string;
	conditions?: RecordCondition[];
	match: 'and' | 'or';
}

type Fail = (message: string, description?: string) => NodeOperationError;

function failer(node: INode, itemIndex: number): Fail {
	return (message, description) =>
		new NodeOperationError(node, message, { itemIndex, description });
}

/** An operand as the API wants it: a string; numbers and booleans are written out. */
function operandText(fail: Fail, where: string, value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'boolean') return String(value);
	throw fail(
		`The operand of ${where} must be text, a number or true/false`,
		'ExtraHop compares every operand as text ("400", "true").',
	);
}

function rule(fail: Fail, where: string, field: unknown, operator: unknown, operand: unknown) {
	const name = typeof field === 'string' ? field.trim() : '';
	if (name === '')
		throw fail(
			`${where} has no field`,
			'Name a record field such as statusCode, .ipaddr, .port or .any.',
		);
	const op = String(operator ?? '=').trim();
	if (!(RECORD_OPERATORS as readonly string[]).includes(op))
		throw fail(
			`${where} has an unknown operator "${op.slice(0, 20)}"`,
			`Operators: ${RECORD_OPERATORS.join(' ')}`,
		);
	if (WITHOUT_OPERAND.has(op)) return { field: name, operator: op };
	if (operand === undefined || operand === null || operand === '')
		throw fail(`${where} (${name} ${op}) needs a value`);
	return { field: name, operator: op, operand: operandText(fail, `${where} (${name})`, operand) };
}

/** Checks a JSON filter and returns it as sent (operands as strings). */
function checkJson(fail: Fail, value: unknown, path: string, depth: number): IDataObject {
	if (depth > MAX_DEPTH) throw fail(`The filter is nested more than ${MAX_DEPTH} levels deep`);
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw fail(
			`${path} must be an object: a rule {field, operator, operand} or a group {operator, rules}`,
		);
	const object = value as IDataObject;
	if (object.rules !== undefined) {
		const extra = Object.keys(object).filter((k) => k !== 'operator' && k !== 'rules');
		if (extra.length)
			throw fail(`${path} is a group and holds only operator and rules, not ${extra.join(', ')}`);
		if (!GROUP_OPERATORS.includes(String(object.operator)))
			throw fail(`${path} needs operator "and", "or" or "not"`);
		if (!Array.isArray(object.rules) || object.rules.length === 0)
			throw fail(`${path}.rules must be a non-empty list`);
		return {
			operator: object.operator,
			rules: object.rules.map((r, n) => checkJson(fail, r, `${path}.rules[${n}]`, depth + 1)),
		};
	}
	const extra = Object.keys(object).filter((k) => !['field', 'operator', 'operand'].includes(k));
	if (extra.length) throw fail(`${path} holds unknown keys: ${extra.join(', ')}`);
	return rule(fail, path, object.field, object.operator, object.operand);
}

/** The JSON Filter mode: text or an object, checked before anything is sent. */
export function jsonFilter(node: INode, raw: unknown, itemIndex: number): IDataObject | undefined {
	const fail = failer(node, itemIndex);
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '' || raw.trim() === '{}') return undefined;
		try {
			value = jsonParse(raw);
		} catch {
			throw fail(
				'The filter is not valid JSON',
				'Example: {"operator": "and", "rules": [{"field": ".ipaddr", "operator": "=", "operand": "10.1.2.3"}]}',
			);
		}
	}
	if (
		value &&
		typeof value === 'object' &&
		!Array.isArray(value) &&
		Object.keys(value).length === 0
	)
		return undefined;
	return checkJson(fail, value, 'filter', 0);
}

/** The simple mode: IP address, port, text and conditions, all or any of them. */
export function simpleFilter(
	node: INode,
	input: SimpleFilter,
	itemIndex: number,
): IDataObject | undefined {
	const fail = failer(node, itemIndex);
	const rules: IDataObject[] = [];
	const ip = String(input.ipAddress ?? '').trim();
	if (ip !== '') {
		if (!isIpOrCidr(ip))
			throw fail(
				`Invalid IP address "${ip.slice(0, 60)}"`,
				'Use an IPv4 or IPv6 address, or a CIDR block.',
			);
		rules.push({ field: '.ipaddr', operator: '=', operand: ip });
	}
	const port = String(input.port ?? '').trim();
	if (port !== '') {
		if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)
			throw fail(`Invalid port "${port.slice(0, 20)}": a port is a number from 1 to 65535`);
		rules.push({ field: '.port', operator: '=', operand: String(Number(port)) });
	}
	const text = String(input.text ?? '').trim();
	if (text !== '') rules.push({ field: '.any', operator: '~', operand: text });
	(input.conditions ?? []).forEach((c, n) => {
		const choice = OPERATOR_CHOICES.find(
			(o) => o.value === c.operator || o.operator === c.operator,
		);
		rules.push(rule(fail, `Condition ${n + 1}`, c.field, choice?.operator ?? c.operator, c.value));
	});
	if (rules.length === 0) return undefined;
	if (rules.length === 1) return rules[0];
	return { operator: input.match === 'or' ? 'or' : 'and', rules };
}

/** A filter on any of these IP addresses (a detection's participants), and optionally another. */
export function anyAddress(ips: string[], and?: IDataObject): IDataObject {
	const byIp: IDataObject[] = ips.map((ip) => ({ field: '.ipaddr', operator: '=', operand: ip }));
	const either = byIp.length === 1 ? byIp[0] : { operator: 'or', rules: byIp };
	return and ? { operator: 'and', rules: [either, and] } : either;
}
