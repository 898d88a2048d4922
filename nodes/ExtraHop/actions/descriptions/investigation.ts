import type { INodeProperties } from 'n8n-workflow';

export const assessmentOptions = [
	{ name: 'Malicious True Positive', value: 'malicious_true_positive' },
	{ name: 'Benign True Positive', value: 'benign_true_positive' },
	{ name: 'False Positive', value: 'false_positive' },
	{ name: 'Undecided', value: 'undecided' },
];
export const investigationStatusOptions = [
	{ name: 'Open', value: 'open' },
	{ name: 'In Progress', value: 'in_progress' },
	{ name: 'Closed', value: 'closed' },
];

export const investigationIdProperty: INodeProperties = {
	displayName: 'Investigation ID',
	name: 'investigationId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 12',
	description: 'The numeric ID of the investigation',
};

export const detectionIdsProperty: INodeProperties = {
	displayName: 'Detection IDs',
	name: 'detectionIds',
	type: 'string',
	default: '',
	placeholder: 'e.g. 4327, 4330',
	description: 'Comma-separated detection IDs, or an expression giving an array of IDs',
};
