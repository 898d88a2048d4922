import type { INodeProperties } from 'n8n-workflow';

/** The "Enrich Participants" option (common/enrichment.ts), the same in the four places that show it. */
export const enrichParticipantsOption: INodeProperties = {
	displayName: 'Enrich Participants',
	name: 'enrichParticipants',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each participant's device (name, IP addresses, MAC address, role and a link to it in ExtraHop). One request per distinct device, cached for the execution, at most 100 devices per execution.",
};
