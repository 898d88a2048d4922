import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeItems } from '../../shared/router';
import * as detection from './detection';
import * as detectionType from './detectionType';
import * as note from './note';

const resources = {
	detection: detection.operations,
	note: note.operations,
	detectionType: detectionType.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems.call(this, resources);
}
