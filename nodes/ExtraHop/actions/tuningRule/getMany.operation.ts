import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllOrLimit } from '../descriptions/returnAll';
import { resultLimitOf } from '../helpers/limit';
import { toList } from '../../common/validation';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Detection Type',
				name: 'detectionType',
				type: 'string',
				default: '',
				placeholder: 'e.g. port_scan',
				description: 'Only rules that hide this detection type',
			},
			{
				displayName: 'Enabled Only',
				name: 'enabledOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to leave out disabled rules',
			},
		],
	},
];

interface Prepared {
	limit: number;
	type?: string;
	enabledOnly: boolean;
}

/** GET /detections/rules/hiding answers every rule: filters and the limit apply here. */
export const getMany: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['tuningRule'], operation: ['getAll'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const type =
			typeof filters.detectionType === 'string' && filters.detectionType.trim() !== ''
				? filters.detectionType.trim()
				: undefined;
		return {
			limit: resultLimitOf(this, i),
			type,
			enabledOnly: filters.enabledOnly === true,
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const response = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: '/detections/rules/hiding',
			itemIndex: i,
		})) as ExtraHopResponse<unknown>;
		if (!Array.isArray(response.body)) {
			throw new NodeOperationError(
				this.getNode(),
				'ExtraHop answered the tuning rule list with something other than a list',
				{ itemIndex: i },
			);
		}
		return (response.body as IDataObject[])
			.filter((rule) => !p.enabledOnly || rule.enabled !== false)
			.filter(
				(rule) => !p.type || toList(rule.detection_types ?? rule.detection_type).includes(p.type),
			)
			.slice(0, p.limit);
	},
};
