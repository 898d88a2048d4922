import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import {
	detectionContextOptions,
	includeActivityLogOption,
} from '../../common/descriptions/detectionContext';
import { enrichParticipantsOption } from '../../common/descriptions/enrichParticipants';
import { getDetection } from '../../common/api';
import { simplifyDetection } from '../../common/detection';
import { addDetectionContext, type ContextOptions } from '../../common/detectionContext';
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
		options: [...detectionContextOptions, includeActivityLogOption, enrichParticipantsOption],
	},
];

interface Prepared {
	id: number;
	simplify: boolean;
	includeActivityLog: boolean;
	enrich: boolean;
	context: ContextOptions;
}

export const get: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['detection'], operation: ['get'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const options = this.getNodeParameter('options', i, {}) as ContextOptions & {
			includeActivityLog?: boolean;
			enrichParticipants?: boolean;
		};
		return {
			id: detectionIdFromLocator(this, i),
			simplify: simplifyOf(this, i),
			includeActivityLog: options.includeActivityLog === true,
			enrich: options.enrichParticipants === true,
			context: { addTypeContext: options.addTypeContext, addLinks: options.addLinks },
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		let detection = await getDetection(this, p.id, i, p.includeActivityLog);
		if (p.enrich) detection = await enrichParticipants(this, detection, i);
		detection = await addDetectionContext(this, detection, p.context, i);
		return p.simplify ? simplifyDetection(detection) : detection;
	},
};
