// @ts-check
'use strict';
/**
 * A small validator for the JSON-schema subset the contract modules use (see README.md here):
 * type (object, array, string, integer, number, boolean), properties, required, enum, items,
 * additionalProperties (false, or a schema for the values), nullable, anyOf, minimum, maximum.
 * No dependency: the subset is what the vendor's reference states, nothing more.
 *
 * `validate` returns the first problem as `{ field, message }` (the field as a path such as
 * `filter.status[0]`), or null when the value conforms.
 */

/**
 * @typedef {{ type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean',
 *   properties?: Record<string, Schema>, required?: string[], enum?: unknown[], items?: Schema,
 *   additionalProperties?: boolean | Schema, nullable?: boolean, anyOf?: Schema[], minimum?: number,
 *   maximum?: number, description?: string }} Schema
 * @typedef {{ field: string, message: string }} Problem
 */

const join = (/** @type {string} */ base, /** @type {string} */ key) =>
	base ? `${base}.${key}` : key;
const shown = (/** @type {unknown} */ v) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/** @param {unknown} value */
function typeOf(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

/**
 * @param {Schema} schema
 * @param {unknown} value
 * @param {string} [field] where `value` sits, for the message
 * @returns {Problem | null}
 */
function validate(schema, value, field = '') {
	const name = field || 'the request body';
	if (value === null) {
		if (schema.nullable) return null;
		return { field: field || '(body)', message: `${name} must not be null` };
	}
	if (schema.anyOf) {
		/** @type {Problem | null} */
		let first = null;
		for (const option of schema.anyOf) {
			const problem = validate(option, value, field);
			if (!problem) return null;
			first ??= problem;
		}
		return first;
	}
	const actual = typeOf(value);
	if (schema.type) {
		const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
		if (!ok)
			return {
				field: field || '(body)',
				message: `${name} must be ${article(schema.type)}, not ${article(actual)}`,
			};
	}
	if (schema.enum && !schema.enum.includes(value)) {
		return {
			field: field || '(body)',
			message: `${name} must be one of ${schema.enum.map(shown).join(', ')}; got ${shown(value)}`,
		};
	}
	if (typeof value === 'number') {
		if (schema.minimum !== undefined && value < schema.minimum)
			return { field, message: `${name} must be at least ${schema.minimum}` };
		if (schema.maximum !== undefined && value > schema.maximum)
			return { field, message: `${name} must be at most ${schema.maximum}` };
	}
	if (actual === 'array' && schema.items) {
		const list = /** @type {unknown[]} */ (value);
		for (let i = 0; i < list.length; i++) {
			const problem = validate(schema.items, list[i], `${field}[${i}]`);
			if (problem) return problem;
		}
	}
	if (
		actual === 'object' &&
		(schema.properties || schema.required || schema.additionalProperties !== undefined)
	) {
		const object = /** @type {Record<string, unknown>} */ (value);
		for (const key of schema.required ?? []) {
			if (!(key in object) || object[key] === undefined)
				return { field: join(field, key), message: `${join(field, key)} is required` };
		}
		for (const [key, v] of Object.entries(object)) {
			const property = schema.properties?.[key];
			if (property) {
				const problem = validate(property, v, join(field, key));
				if (problem) return problem;
			} else if (schema.additionalProperties === false) {
				return {
					field: join(field, key),
					message: `${join(field, key)} is not a field of this request`,
				};
			} else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
				const problem = validate(schema.additionalProperties, v, join(field, key));
				if (problem) return problem;
			}
		}
	}
	return null;
}

function article(/** @type {string} */ type) {
	return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/**
 * A query or path parameter arrives as text: converts it to the schema's type, or explains why not.
 * A boolean given without a value (`?include_activity_log`) means true, as the spec allows.
 * @param {Schema} schema
 * @param {string} raw
 * @param {string} field
 * @returns {{ value: unknown } | Problem}
 */
function coerceParameter(schema, raw, field) {
	switch (schema.type) {
		case 'integer':
			if (!/^-?\d+$/.test(raw))
				return { field, message: `${field} must be an integer; got ${shown(raw)}` };
			return checked(schema, Number(raw), field);
		case 'number':
			if (raw.trim() === '' || !Number.isFinite(Number(raw)))
				return { field, message: `${field} must be a number; got ${shown(raw)}` };
			return checked(schema, Number(raw), field);
		case 'boolean':
			if (raw === '' || raw === 'true') return { value: true };
			if (raw === 'false') return { value: false };
			return { field, message: `${field} must be true or false; got ${shown(raw)}` };
		default:
			return checked(schema, raw, field);
	}
}

/**
 * @param {Schema} schema
 * @param {unknown} value
 * @param {string} field
 * @returns {{ value: unknown } | Problem}
 */
function checked(schema, value, field) {
	const problem = validate(schema, value, field);
	return problem ?? { value };
}

module.exports = { validate, coerceParameter };
