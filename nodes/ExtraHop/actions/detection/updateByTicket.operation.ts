import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { apiBase, searchDetections } from '../../common/api';
import { simplifyDetection, withDetectionUrl } from '../../common/detection';
import { extraHopApiRequest } from '../../common/transport';
import type { Operation } from '../../../shared/operation';
import { buildTrackingBody, requireChanges, trackingFieldOptions } from './trackingFields';

const properties: INodeProperties[] = [
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SOC-1234',
		description: 'Every detection linked to this ticket is updated',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: trackingFieldOptions(false),
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return only the fields a ticket needs instead of the full detections',
	},
];

interface Prepared {
	ticketId: string;
	body: IDataObject;
	simplify: boolean;
}

export const updateByTicket: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['detection'], operation: ['updateByTicket'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const ticketId = String(this.getNodeParameter('ticketId', i, '')).trim();
		if (ticketId === '') {
			throw new NodeOperationError(this.getNode(), 'Ticket ID is empty', {
				itemIndex: i,
				description: 'Give the ticket whose detections should be updated.',
			});
		}
		const body = buildTrackingBody(
			this.getNode(),
			this.getNodeParameter('updateFields', i, {}) as IDataObject,
			i,
		);
		requireChanges(this.getNode(), body, i, `the detections of ticket ${ticketId}`);
		// PATCH /detections/tickets takes values only (detections.md: status and resolution are enums,
		// not nullable there, unlike PATCH /detections/{id}).
		for (const field of ['status', 'resolution'] as const) {
			if (body[field] === null) {
				throw new NodeOperationError(this.getNode(), `Update by Ticket cannot clear the ${field}`, {
					itemIndex: i,
					description: `ExtraHop's PATCH /detections/tickets accepts a ${field} value, not none. To clear it, use Detection > Update on each detection.`,
				});
			}
		}
		return { ticketId, body, simplify: this.getNodeParameter('simplify', i, false) as boolean };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		await extraHopApiRequest.call(this, {
			method: 'PATCH',
			endpoint: '/detections/tickets',
			tracking: true,
			body: { ticket_id: p.ticketId, ...p.body },
			idempotent: true,
			itemIndex: i,
		});
		// 204 again: answer with the linked detections as they now stand.
		const base = await apiBase(this, i);
		const { detections } = await searchDetections(
			this,
			{
				filter: { ticket_id: [p.ticketId] },
				sort: [{ field: 'id', direction: 'asc' }],
				limit: 1000,
			},
			i,
		);
		return detections.map((d) =>
			p.simplify ? simplifyDetection(withDetectionUrl(d, base)) : withDetectionUrl(d, base),
		);
	},
};
