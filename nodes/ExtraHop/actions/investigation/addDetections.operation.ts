import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { detectionIdsProperty, investigationIdProperty } from '../descriptions/investigation';
import {
	detectionIdsOf,
	getInvestigation,
	investigationDetectionIds,
	investigationIdOf,
	patchInvestigation,
} from '../helpers/investigations';
import { KeyedLock } from '../../../shared/concurrency';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	investigationIdProperty,
	{ ...detectionIdsProperty, required: true },
];

interface Prepared {
	id: number;
	detectionIds: number[];
}

/** Items adding to the same investigation run one after the other (read, merge, write). */
const locks = new WeakMap<object, KeyedLock>();

/**
 * The API has no "add": `PATCH event_ids` replaces the list. So: read the investigation, add the
 * new IDs to the ones it holds, write the union back.
 */
export const addDetections: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['investigation'], operation: ['addDetections'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const detectionIds = detectionIdsOf(this, this.getNodeParameter('detectionIds', i, ''), i);
		if (detectionIds.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No detection IDs to add', {
				itemIndex: i,
				description: 'Give one or more detection IDs, comma-separated.',
			});
		}
		return { id: investigationIdOf(this, i), detectionIds };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		let lock = locks.get(this);
		if (!lock) {
			lock = new KeyedLock();
			locks.set(this, lock);
		}
		return await lock.run(String(p.id), async () => {
			const current = investigationDetectionIds(this, await getInvestigation(this, p.id, i), i);
			const added = p.detectionIds.filter((id) => !current.includes(id));
			if (added.length > 0)
				await patchInvestigation(this, p.id, { event_ids: [...current, ...added] }, i);
			return { ...(await getInvestigation(this, p.id, i)), added_detection_ids: added };
		});
	},
};
