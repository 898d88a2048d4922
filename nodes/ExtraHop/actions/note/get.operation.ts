import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { detectionIdFromLocator } from '../../common/validation';
import type { Operation } from '../../../shared/operation';
import { readNote } from './shared';

export const get: Operation<number> = {
	description: updateDisplayOptions({ show: { resource: ['note'], operation: ['get'] } }, [
		detectionIdLocator,
	]),
	prepare(this: IExecuteFunctions, i: number) {
		return detectionIdFromLocator(this, i);
	},
	async execute(this: IExecuteFunctions, id: number, i: number) {
		return { detection_id: id, note: await readNote(this, id, i) };
	},
};
