/**
 * The device search filter: one rule per field the user filled in, joined with "and" or "or".
 * Field names and operators follow ExtraHop's device search (`POST /devices/search`, filter
 * `{field, operator, operand}` / `{operator, rules}`).
 */
import { NodeOperationError, type IDataObject, type INode, type INodePropertyOptions } from 'n8n-workflow';

/** Device roles: the values of `custom_type` in the spec's `PATCH /devices/{id}` (devices.md). */
export const DEVICE_ROLES = [
	'attack_simulator', 'db_server', 'dhcp_server', 'dns_server', 'domain_controller', 'file_server', 'firewall', 'gateway',
	'http_server', 'ip_camera', 'load_balancer', 'medical_device', 'mobile_device', 'nat_gateway', 'other', 'pc', 'printer',
	'scanner', 'voip_phone', 'vpn_gateway', 'web_proxy', 'wifi_ap',
] as const;

export const deviceRoleOptions: INodePropertyOptions[] = DEVICE_ROLES.map((value) => ({
	name: value.split('_').map((w) => (w.length <= 3 && w !== 'other' ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1))).join(' '),
	value,
}));

export const DEVICE_FILTER_FIELDS = ['name', 'ipaddr', 'macaddr', 'vendor', 'role', 'tag', 'discovery_id', 'software', 'vlan', 'activity'] as const;

/** Fields matched as a regular expression ("contains"); the rest must be equal. */
const REGEX_FIELDS = new Set(['name', 'vendor', 'software']);

/** 4 or 6 for a valid IPv4 / IPv6 address, else 0 (node:net is not allowed in community nodes). */
export function ipVersion(text: string): 0 | 4 | 6 {
	if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text)) return 4;
	if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return 0;
	let address = text;
	let groupsNeeded = 8;
	const lastColon = address.lastIndexOf(':');
	if (address.slice(lastColon + 1).includes('.')) {
		// An embedded IPv4 tail (::ffff:10.1.2.3) counts as two groups.
		if (ipVersion(address.slice(lastColon + 1)) !== 4) return 0;
		address = address.slice(0, lastColon + 1) + '0';
		groupsNeeded = 7;
	}
	const halves = address.split('::');
	if (halves.length > 2) return 0;
	const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
	if (groups.some((g) => g.some((part) => !/^[0-9a-f]{1,4}$/i.test(part)))) return 0;
	const count = groups.reduce((n, g) => n + g.length, 0);
	if (halves.length === 2 ? count >= groupsNeeded : count !== groupsNeeded) return 0;
	return 6;
}

export function isIpOrCidr(text: string): boolean {
	const [address, prefix, extra] = text.split('/');
	const version = ipVersion(address);
	if (extra !== undefined || version === 0) return false;
	if (prefix === undefined) return true;
	if (!/^\d+$/.test(prefix)) return false;
	return Number(prefix) <= (version === 4 ? 32 : 128);
}

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

export function buildDeviceFilter(node: INode, filters: IDataObject, match: 'and' | 'or', itemIndex: number): IDataObject | undefined {
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
			throw new NodeOperationError(node, `Invalid VLAN "${operand.slice(0, 20)}": a VLAN is a whole number`, { itemIndex });
		}
		if (REGEX_FIELDS.has(field)) {
			try {
				new RegExp(operand);
			} catch {
				throw new NodeOperationError(node, `Invalid ${field} pattern "${operand.slice(0, 60)}": not a regular expression`, {
					itemIndex,
					description: 'The value is matched as a regular expression; escape special characters such as ( or [.',
				});
			}
		}
		rules.push({ field, operator: REGEX_FIELDS.has(field) ? '~' : '=', operand: field === 'macaddr' ? operand.toLowerCase().replace(/-/g, ':') : operand });
	}
	if (rules.length === 0) return undefined;
	if (rules.length === 1) return rules[0];
	return { operator: match, rules };
}
