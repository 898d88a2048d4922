import {
	NodeOperationError,
	sleep,
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

/** Merge attempts before giving up when other writers keep replacing the list. */
const MAX_ATTEMPTS = 5;

/**
 * The API has no "add": `PATCH event_ids` replaces the list. So: read the investigation, add the
 * new IDs to the ones it holds, write the union back, and read it back. Items of one run take
 * turns; another execution or n8n process writing its own union at the same moment can replace
 * ours, which the read-back shows, so we merge again (up to MAX_ATTEMPTS). A writer that read
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
			let investigation = await getInvestigation(this, p.id, i);
			for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
				const current = investigationDetectionIds(this, investigation, i);
				const missing = p.detectionIds.filter((id) => !current.includes(id));
				if (missing.length === 0)
					return {
						...investigation,
						added_detection_ids: p.detectionIds.filter((id) => added.has(id)),
					};
				if (attempt > 1) await sleep(jitteredBackoff(attempt));
				missing.forEach((id) => added.add(id));
				await patchInvestigation(this, p.id, { event_ids: [...current, ...missing] }, i);
				investigation = await getInvestigation(this, p.id, i);
			}
			throw new NodeOperationError(
				this.getNode(),
				`Investigation ${p.id} kept changing: detections ${p.detectionIds.join(', ')} could not be added`,
				{
					itemIndex: i,
					description: `Other writers replaced its detection list ${MAX_ATTEMPTS} times in a row. Run this item again; nothing else was changed.`,
				},
			);
		});
	},
};

function jitteredBackoff(attempt: number): number {
	return Math.round((50 + Math.random() * 150) * attempt);
}
