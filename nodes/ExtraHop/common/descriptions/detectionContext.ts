import type { INodeProperties } from 'n8n-workflow';

/** Detection Get / Get Many options served by common/detectionContext.ts and the activity log. */
export const detectionContextOptions: INodeProperties[] = [
	{
		displayName: 'Add Detection Type Context',
		name: 'addTypeContext',
		type: 'boolean',
		default: false,
		description:
			"Whether to add type_context: the type's display name, categories and MITRE ATT&CK tactics and techniques (IDs, names, links). One request per execution (the detection types are read once and shared).",
	},
	{
		displayName: 'Add Links',
		name: 'addLinks',
		type: 'boolean',
		default: false,
		description:
			"Whether to add links: the detection's page, and each participant's device page and activity map in ExtraHop. Looks the devices up (one request per distinct device, cached for the execution, as Enrich Participants).",
	},
];

export const includeActivityLogOption: INodeProperties = {
	displayName: 'Include Activity Log',
	name: 'includeActivityLog',
	type: 'boolean',
	default: false,
	description:
		'Whether to add the activity log (ExtraHop then leaves out participants and properties)',
};
