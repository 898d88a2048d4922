import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { enrichParticipantsOption } from '../../common/descriptions/enrichParticipants';
import { getDetection } from '../../common/api';
import { simplifyDetection } from '../../common/detection';
import { enrichParticipants } from '../../common/enrichment';
import { detectionIdFromLocator } from '../../common/validation';
import type { Operation } from '../../../shared/operation';
import { simplifyOf, simplifyProperties } from '../descriptions/simplify';

const properties: INodeProperties[] = [
	detectionIdLocator,
	...simplifyProperties(
		'Whether to return only the fields a ticket needs instead of the full detection',
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Activity Log',
				name: 'includeActivityLog',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the activity log (ExtraHop then leaves out participants and properties)',
			},
			enrichParticipantsOption,
		],
	},
];

interface Prepared {
	id: number;
	simplify: boolean;
	includeActivityLog: boolean;
	enrich: boolean;
}

export const get: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['detection'], operation: ['get'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const options = this.getNodeParameter('options', i, {}) as {
			includeActivityLog?: boolean;
			enrichParticipants?: boolean;
		};
		return {
			id: detectionIdFromLocator(this, i),
			simplify: simplifyOf(this, i),
			includeActivityLog: options.includeActivityLog === true,
			enrich: options.enrichParticipants === true,
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		let detection = await getDetection(this, p.id, i, p.includeActivityLog);
		if (p.enrich) detection = await enrichParticipants(this, detection, i);
		return p.simplify ? simplifyDetection(detection) : detection;
	},
};
