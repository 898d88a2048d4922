import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { parseObjectIds } from '../../common/validation';

/** The "Device IDs" parameter (descriptions/deviceIds.ts) of one item, checked; never empty. */
export function deviceIdsOf(context: IExecuteFunctions, i: number): number[] {
	const ids = parseObjectIds(
		context.getNode(),
		'device',
		context.getNodeParameter('deviceIds', i, ''),
		i,
	);
	if (ids.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No device IDs given', {
			itemIndex: i,
			description: 'Give one or more device IDs, comma-separated.',
		});
	}
	return ids;
}
