import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { createdId } from '../../common/api';
import { listTags } from '../helpers/tags';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. quarantine',
	},
	{
		displayName: 'Reuse Existing',
		name: 'reuseExisting',
		type: 'boolean',
		default: true,
		description:
			'Whether to return the tag that already has this name instead of creating a second one',
	},
];

interface Prepared {
	name: string;
	reuse: boolean;
}

export const create: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['tag'], operation: ['create'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const name = String(this.getNodeParameter('name', i, '') ?? '').trim();
		if (name === '')
			throw new NodeOperationError(this.getNode(), 'The tag needs a name', { itemIndex: i });
		return { name, reuse: this.getNodeParameter('reuseExisting', i, true) as boolean };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		if (p.reuse) {
			const existing = (await listTags(this, i)).find((t) => t.name === p.name);
			if (existing) return { ...existing, created: false };
		}
		const response = (await extraHopApiRequest.call(this, {
			method: 'POST',
			endpoint: '/tags',
			body: { name: p.name },
			itemIndex: i,
		})) as ExtraHopResponse<unknown>;
		const id = createdId(response.headers, response.body);
		if (id === undefined) return { name: p.name, created: true };
		const tag = (await extraHopApiRequest.call(this, {
			method: 'GET',
			endpoint: `/tags/${id}`,
			itemIndex: i,
		})) as ExtraHopResponse<IDataObject>;
		return { ...tag.body, created: true };
	},
};
