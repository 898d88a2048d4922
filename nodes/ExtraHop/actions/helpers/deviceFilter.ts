/**
 * The device search filter: one rule per field the user filled in, joined with "and" or "or".
 * Field names and operators follow ExtraHop's device search (`POST /devices/search`, filter
 * `{field, operator, operand}` / `{operator, rules}`).
 */
import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { isIpOrCidr } from '../../common/validation';

export const DEVICE_FILTER_FIELDS = [
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
] as const;

/** Fields matched as a regular expression ("contains"); the rest must be equal. */
const REGEX_FIELDS = new Set(['name', 'vendor', 'software']);

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

export function buildDeviceFilter(
	node: INode,
	filters: IDataObject,
	match: 'and' | 'or',
	itemIndex: number,
): IDataObject | undefined {
	const rules: IDataObject[] = [];
	for (const field of DEVICE_FILTER_FIELDS) {
		const raw = filters[field];
		if (raw === undefined || raw === null || String(raw).trim() === '') continue;
		const operand = String(raw).trim();
		if (field === 'ipaddr' && !isIpOrCidr(operand)) {
			throw new NodeOperationError(node, `Invalid IP address "${operand.slice(0, 60)}"`, {
				itemIndex,
				description: 'Use an IPv4 or IPv6 address, or a CIDR block such as 10.1.0.0/16.',
			});
		}
		if (field === 'macaddr' && !MAC.test(operand)) {
			throw new NodeOperationError(node, `Invalid MAC address "${operand.slice(0, 60)}"`, {
				itemIndex,
				description: 'Use six hexadecimal pairs such as 00:50:56:9c:2e:8e.',
			});
		}
		if (field === 'vlan' && !/^\d+$/.test(operand)) {
			throw new NodeOperationError(
				node,
				`Invalid VLAN "${operand.slice(0, 20)}": a VLAN is a whole number`,
				{ itemIndex },
			);
		}
		if (REGEX_FIELDS.has(field)) {
			try {
				new RegExp(operand);
			} catch {
				throw new NodeOperationError(
					node,
					`Invalid ${field} pattern "${operand.slice(0, 60)}": not a regular expression`,
					{
						itemIndex,
						description:
							'The value is matched as a regular expression; escape special characters such as ( or [.',
					},
				);
			}
		}
		rules.push({
			field,
			operator: REGEX_FIELDS.has(field) ? '~' : '=',
			operand: field === 'macaddr' ? operand.toLowerCase().replace(/-/g, ':') : operand,
		});
	}
	if (rules.length === 0) return undefined;
	if (rules.length === 1) return rules[0];
	return { operator: match, rules };
}
