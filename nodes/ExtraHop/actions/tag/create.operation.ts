import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { createAndReadBack, requiredName } from '../../common/api';
import { listTags } from '../helpers/tags';
import { executionLock } from '../../../shared/concurrency';
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
		const name = requiredName(this.getNode(), this.getNodeParameter('name', i, ''), 'tag', i);
		return { name, reuse: this.getNodeParameter('reuseExisting', i, true) as boolean };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		if (!p.reuse) return await createTag(this, p.name, i);
		// Items of this run with the same name one after the other: the second finds the first's tag.
		return await executionLock(this, 'tag').run(p.name, async () => {
			const existing = oldestNamed(await listTags(this, i), p.name);
			if (existing) return { ...existing, created: false };
			const created = await createTag(this, p.name, i);
			// Another execution (or n8n process) may have created the same name meanwhile. Every side
			// keeps the oldest tag (lowest ID: ExtraHop numbers objects in creation order) and the
			// newer one is deleted by the side that made it.
			const kept = oldestNamed(await listTags(this, i), p.name);
			if (!kept || kept.id === created.id) return created;
			if (typeof created.id === 'number') await deleteTag(this, created.id, i);
			return { ...kept, created: false };
		});
	},
};

function oldestNamed(tags: IDataObject[], name: string): IDataObject | undefined {
	return tags
		.filter((t) => t.name === name && typeof t.id === 'number')
		.sort((a, b) => (a.id as number) - (b.id as number))[0];
}

async function createTag(
	context: IExecuteFunctions,
	name: string,
	i: number,
): Promise<IDataObject> {
	const read = async (id: number) => {
		const tag = (await extraHopApiRequest.call(context, {
			method: 'GET',
			endpoint: `/tags/${id}`,
			itemIndex: i,
		})) as ExtraHopResponse<IDataObject>;
		return tag.body;
	};
	const tag = await createAndReadBack(
		context,
		{ method: 'POST', endpoint: '/tags', body: { name }, read, isCreated: (t) => t.name === name },
		i,
	);
	return { ...tag, created: true };
}

async function deleteTag(context: IExecuteFunctions, id: number, i: number) {
	await extraHopApiRequest.call(context, {
		method: 'DELETE',
		endpoint: `/tags/${id}`,
		itemIndex: i,
	});
}
