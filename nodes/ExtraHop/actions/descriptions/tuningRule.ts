import type { INodeProperties } from 'n8n-workflow';

export const ruleIdProperty: INodeProperties = {
	displayName: 'Tuning Rule ID',
	name: 'ruleId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 7',
};

export const PARTICIPANT_HINT =
	'"Any"; a device ID such as 1907 (or device:1907); an IP address or CIDR block such as 10.1.4.55 or 10.1.0.0/16; or a device group as group:12.';

export function participantProperty(role: 'offender' | 'victim'): INodeProperties {
	return {
		displayName: role === 'offender' ? 'Offender' : 'Victim',
		name: role,
		type: 'string',
		default: 'Any',
		placeholder: 'e.g. 1907, 10.1.4.55 or Any',
		description: `Which ${role} the rule applies to: ${PARTICIPANT_HINT}`,
	};
}
