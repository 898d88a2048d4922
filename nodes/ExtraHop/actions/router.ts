import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeItems } from '../../shared/router';
import * as detection from './detection';
import * as detectionType from './detectionType';
import * as note from './note';
import * as device from './device';
import * as investigation from './investigation';
import * as packet from './packet';
import * as tag from './tag';
import * as tuningRule from './tuningRule';
import * as watchlist from './watchlist';

const resources = {
	detection: detection.operations,
	note: note.operations,
	detectionType: detectionType.operations,
	device: device.operations,
	investigation: investigation.operations,
	tuningRule: tuningRule.operations,
	watchlist: watchlist.operations,
	tag: tag.operations,
	packet: packet.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems.call(this, resources);
}
