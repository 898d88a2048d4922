import type { INodeProperties } from 'n8n-workflow';

/** The events both ExtraHop triggers start on, and what counts as an update (common/detectionEvents.ts). */
export const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: [
		{
			name: 'Detection Created',
			value: 'created',
			description: 'A detection the trigger has not seen before',
		},
		{
			name: 'Detection Updated',
			value: 'updated',
			description: 'A change to a detection already seen',
		},
	],
	default: ['created', 'updated'],
	required: true,
};

/**
 * Events as a trigger offers them: the node creator lists each as an action ("On detection
 * created"), here followed by how the trigger learns of it, so that the poll and push triggers'
 * entries can be told apart.
 */
export function eventsPropertyOf(how: string): INodeProperties {
	return {
		...eventsProperty,
		options: (eventsProperty.options as Array<{ name: string; value: string }>).map((option) => ({
			...option,
			action: `On ${option.name.toLowerCase()} (${how})`,
		})),
	};
}

export const updateModeProperty: INodeProperties = {
	displayName: 'What Counts as an Update',
	name: 'updateMode',
	type: 'options',
	options: [
		{
			name: 'New Activity or Content Changes',
			value: 'activity',
			description:
				'Ignores changes that only touch ticket ID, status, assignee or resolution, such as a workflow writing its ticket back. Prevents loops.',
		},
		{
			name: 'Any Change',
			value: 'anyChange',
			description:
				'Every modification, including ticket ID, status, assignee and resolution changes',
		},
	],
	default: 'activity',
	description: 'Which modifications of a known detection start the workflow',
};
