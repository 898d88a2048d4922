import type { INodePropertyOptions } from 'n8n-workflow';

/** Device roles: the values of `custom_type` in the spec's `PATCH /devices/{id}` (devices.md). */
export const DEVICE_ROLES = [
	'attack_simulator',
	'db_server',
	'dhcp_server',
	'dns_server',
	'domain_controller',
	'file_server',
	'firewall',
	'gateway',
	'http_server',
	'ip_camera',
	'load_balancer',
	'medical_device',
	'mobile_device',
	'nat_gateway',
	'other',
	'pc',
	'printer',
	'scanner',
	'voip_phone',
	'vpn_gateway',
	'web_proxy',
	'wifi_ap',
] as const;

export const deviceRoleOptions: INodePropertyOptions[] = DEVICE_ROLES.map((value) => ({
	name: value
		.split('_')
		.map((w) =>
			w.length <= 3 && w !== 'other' ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1),
		)
		.join(' '),
	value,
}));
