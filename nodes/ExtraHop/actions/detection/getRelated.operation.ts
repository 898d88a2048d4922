import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { apiBase, getDetection } from '../../common/api';
import { withDetectionUrl } from '../../common/detection';
import { detectionIdFromLocator, toEpochMs } from '../../common/validation';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const DAY = 86_400_000;

const properties: INodeProperties[] = [
	detectionIdLocator,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description:
					'Related detections that occurred after this time. Default: one day before the detection started.',
			},
			{
				displayName: 'Until',
				name: 'until',
				type: 'dateTime',
				default: '',
				description:
					'Related detections that ended before this time. Default: one day after the detection ended.',
			},
		],
	},
];

interface Prepared {
	id: number;
	from?: number;
	until?: number;
}

/** GET /detections/{id}/related; `from` and `until` are required by the API, so a window around the detection is the default. */
export const getRelated: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['detection'], operation: ['getRelated'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const p: Prepared = { id: detectionIdFromLocator(this, i) };
		if (options.from) p.from = toEpochMs(node, 'From', options.from, i);
		if (options.until) p.until = toEpochMs(node, 'Until', options.until, i);
		if (p.from !== undefined && p.until !== undefined && p.from >= p.until) {
			throw new NodeOperationError(node, '"From" must be before "Until"', { itemIndex: i });
		}
		return p;
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		let { from, until } = p;
		if (from === undefined || until === undefined) {
			const detection = await getDetection(this, p.id, i);
			from ??= Number(detection.start_time ?? Date.now()) - DAY;
			until ??= Number(detection.end_time ?? Date.now()) + DAY;
		}
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: `/detections/${p.id}/related`,
			qs: { from, until },
			itemIndex: i,
			notFoundMessage: `Detection ${p.id} not found`,
		})) as ExtraHopResponse<unknown>;
		if (!Array.isArray(response.body)) {
			throw new NodeOperationError(
				this.getNode(),
				`ExtraHop answered the related detections of ${p.id} with something other than a list`,
				{ itemIndex: i },
			);
		}
		const base = await apiBase(this, i);
		return (response.body as IDataObject[]).map((d) => ({
			...withDetectionUrl(d, base),
			related_to: p.id,
		}));
	},
};
