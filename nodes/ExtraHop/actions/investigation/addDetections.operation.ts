import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
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
import { READ_BACK_ATTEMPTS, writeUntilItHolds } from '../../common/readBack';
import { executionLock } from '../../../shared/concurrency';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	investigationIdProperty,
	{ ...detectionIdsProperty, required: true },
];

interface Prepared {
	id: number;
	detectionIds: number[];
}

/**
 * The API has no "add": `PATCH event_ids` replaces the list. So: read the investigation, add the
 * new IDs to the ones it holds, write the union back, and read it back. Items of one run take
 * turns; another execution or n8n process writing its own union at the same moment can replace
 * ours, which the read-back shows, so we merge again (up to READ_BACK_ATTEMPTS). A writer that read
 * before our write and writes after our read-back can still drop ours unseen: the API offers no
 * conditional write (documented in docs/nodes/extrahop.md).
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
		return await executionLock(this, 'investigation').run(String(p.id), async () => {
			const added = new Set<number>();
			const missingFrom = (investigation: IDataObject) => {
				const current = investigationDetectionIds(this, investigation, i);
				return p.detectionIds.filter((id) => !current.includes(id));
			};
			const investigation = await getInvestigation(this, p.id, i);
			const holding =
				missingFrom(investigation).length === 0
					? investigation
					: await writeUntilItHolds(investigation, {
							holds: (state) => missingFrom(state).length === 0,
							write: async (current) => {
								const missing = missingFrom(current);
								missing.forEach((id) => added.add(id));
								const event_ids = [...investigationDetectionIds(this, current, i), ...missing];
								await patchInvestigation(this, p.id, { event_ids }, i);
							},
							read: async () => await getInvestigation(this, p.id, i),
						});
			if (holding !== undefined)
				return { ...holding, added_detection_ids: p.detectionIds.filter((id) => added.has(id)) };
			throw new NodeOperationError(
				this.getNode(),
				`Investigation ${p.id} kept changing: detections ${p.detectionIds.join(', ')} could not be added`,
				{
					itemIndex: i,
					description: `Other writers replaced its detection list ${READ_BACK_ATTEMPTS} times in a row. Run this item again; nothing else was changed.`,
				},
			);
		});
	},
};
