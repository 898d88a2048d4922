import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { alertRuleFields, alertRuleIdProperty } from '../descriptions/alertRule';
import {
	ALERT_WRITABLE,
	alertRuleBody,
	alertRuleIdOf,
	alertRuleNameOf,
	getAlertRule,
} from '../helpers/alertRules';
import { extraHopApiRequest } from '../../common/transport';
import { READ_BACK_ATTEMPTS, writeUntilItHolds } from '../../common/readBack';
import { executionLock } from '../../../shared/concurrency';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	alertRuleIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			...alertRuleFields,
		],
	},
];

interface Prepared {
	id: number;
	changes: IDataObject;
}

/**
 * Alert Rule > Update. The spec requires apply_all, name and type on PATCH too, so the rule is
 * read first and its writable fields are sent back with the changes on top: a read-modify-write.
 * Items of one run take turns; another execution or n8n process doing the same at the same moment
 * can send back the old value of a field we just changed, which the read-back shows, so we write
 * our changes again on top of what the rule now holds (up to READ_BACK_ATTEMPTS). A writer that read
 * before our write and writes after our read-back can still undo ours unseen: the API offers no
 * conditional write (documented in docs/nodes/extrahop.md).
 */
export const update: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['alertRule'], operation: ['update'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const { name, ...fields } = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const changes = alertRuleBody(node, fields, i);
		if (name !== undefined) changes.name = alertRuleNameOf(node, name, i);
		if (Object.keys(changes).length === 0)
			throw new NodeOperationError(node, 'Nothing to update', {
				itemIndex: i,
				description: 'Add at least one field under Update Fields.',
			});
		return { id: alertRuleIdOf(this, i), changes };
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		return await executionLock(this, 'alertRule').run(String(p.id), async () => {
			const rule = await writeUntilItHolds(await getAlertRule(this, p.id, i), {
				holds: (state, before) => !undone(state, before, p.changes),
				write: async (current) =>
					await extraHopApiRequest.call(this, {
						method: 'PATCH',
						endpoint: `/alerts/${p.id}`,
						body: patchBody(current, p.changes),
						itemIndex: i,
						notFoundMessage: `Alert rule ${p.id} not found`,
					}),
				read: async () => await getAlertRule(this, p.id, i),
			});
			if (rule !== undefined) return rule;
			throw new NodeOperationError(
				this.getNode(),
				`Alert rule ${p.id} kept changing: the update could not be applied`,
				{
					itemIndex: i,
					description: `Other writers sent back older values ${READ_BACK_ATTEMPTS} times in a row. Run this item again.`,
				},
			);
		});
	},
};

function patchBody(current: IDataObject, changes: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const key of ALERT_WRITABLE)
		if (current[key] !== undefined && current[key] !== null) body[key] = current[key];
	Object.assign(body, changes);
	body.type ??= 'threshold';
	body.apply_all ??= false;
	return body;
}

/**
 * Whether a changed field reads back as it was before our write: another writer sent the old value
 * back. A value that reads back otherwise (as the appliance stores it, or a newer writer's) stands.
 */
function undone(rule: IDataObject, before: IDataObject, changes: IDataObject): boolean {
	return Object.entries(changes).some(
		([key, value]) => !sameValue(rule[key], value) && sameValue(rule[key], before[key]),
	);
}

/** Field values are numbers, strings, booleans or lists of strings. */
function sameValue(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
