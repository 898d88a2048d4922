import {
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';

import { DETECTION_RESOLUTIONS, DETECTION_STATUSES, normaliseEnum } from '../../common/validation';

/** Status, assignee, resolution (and ticket ID for Update): the detection-tracking fields. */
export function trackingFieldOptions(withTicketId: boolean): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Assignee',
			name: 'assignee',
			type: 'string',
			default: '',
			placeholder: 'e.g. alice',
			description:
				'Username the detection is assigned to; it may be an account of the ticketing system',
		},
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			options: [
				{ name: 'Action Taken', value: 'action_taken' },
				{ name: 'No Action Taken', value: 'no_action_taken' },
				{ name: 'None (Clear Resolution)', value: 'none' },
			],
			default: 'action_taken',
			description:
				'Why the detection was closed; "Closed with Action Taken" in ExtraHop is status Closed plus this',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Acknowledged', value: 'acknowledged' },
				{ name: 'Closed', value: 'closed' },
				{ name: 'In Progress', value: 'in_progress' },
				{ name: 'New', value: 'new' },
				{ name: 'Open (Clear Status)', value: 'none' },
			],
			default: 'in_progress',
		},
	];
	if (withTicketId) {
		fields.push({
			displayName: 'Ticket ID',
			name: 'ticketId',
			type: 'string',
			default: '',
			placeholder: 'e.g. SOC-1234',
			description:
				'ID of the ticket in your ticketing system; ExtraHop links it using the URL template set under Detection Tracking',
		});
	}
	return fields;
}

/**
 * The PATCH body: only the fields the user set, with values checked. A field left out is never
 * sent as null (that would silently reopen closed detections).
 */
export function buildTrackingBody(
	node: INode,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	if (fields.ticketId !== undefined) {
		const ticket = String(fields.ticketId).trim();
		if (ticket === '') {
			throw new NodeOperationError(node, 'Ticket ID is empty', {
				itemIndex,
				description: "Give the ticket's ID, or remove the Ticket ID field to leave it unchanged.",
			});
		}
		body.ticket_id = ticket;
	}
	if (fields.assignee !== undefined) {
		const assignee = String(fields.assignee).trim();
		if (assignee === '') {
			throw new NodeOperationError(node, 'Assignee is empty', {
				itemIndex,
				description: 'Give a username, or remove the Assignee field to leave it unchanged.',
			});
		}
		body.assignee = assignee;
	}
	if (fields.status !== undefined) {
		body.status = isNone(fields.status)
			? null
			: normaliseEnum(node, 'status', fields.status, DETECTION_STATUSES, itemIndex);
	}
	if (fields.resolution !== undefined) {
		body.resolution = isNone(fields.resolution)
			? null
			: normaliseEnum(node, 'resolution', fields.resolution, DETECTION_RESOLUTIONS, itemIndex);
	}
	return body;
}

function isNone(value: unknown): boolean {
	return value === null || ['none', 'open', '.none'].includes(String(value).trim().toLowerCase());
}

export function requireChanges(node: INode, body: IDataObject, itemIndex: number, what: string) {
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(node, `Nothing to update on ${what}`, {
			itemIndex,
			description: 'Add at least one field under "Update Fields".',
		});
	}
}
