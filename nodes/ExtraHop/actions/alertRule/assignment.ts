import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import {
	alertRuleIdProperty,
	alertRuleTargetIdsProperty,
	alertRuleTargetProperty,
} from '../descriptions/alertRule';
import { alertRuleIdOf } from '../helpers/alertRules';
import { extraHopApiRequest } from '../../common/transport';
import { parseObjectIds } from '../../common/validation';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	alertRuleIdProperty,
	alertRuleTargetProperty,
	alertRuleTargetIdsProperty,
];

export interface AlertRuleAssignment {
	id: number;
	target: 'devices' | 'devicegroups';
	ids: number[];
}

/**
 * Alert Rule > Assign / Unassign: one request, `POST /alerts/{id}/devices` or
 * `/alerts/{id}/devicegroups` with `assign` or `unassign`.
 */
export function alertRuleAssignment(
	direction: 'assign' | 'unassign',
): Operation<AlertRuleAssignment> {
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['alertRule'], operation: [direction] } },
			properties,
		),
		prepare(this: IExecuteFunctions, i: number) {
			const node = this.getNode();
			const target = this.getNodeParameter('target', i, 'devices');
			if (target !== 'devices' && target !== 'devicegroups')
				throw new NodeOperationError(node, `Invalid target "${String(target).slice(0, 40)}"`, {
					itemIndex: i,
					description: 'Use devices or devicegroups.',
				});
			const label = target === 'devices' ? 'device' : 'device group';
			const ids = parseObjectIds(node, label, this.getNodeParameter('targetIds', i, ''), i);
			if (ids.length === 0)
				throw new NodeOperationError(node, `No ${label} IDs given`, {
					itemIndex: i,
					description: 'Give one or more IDs, comma-separated.',
				});
			return { id: alertRuleIdOf(this, i), target, ids };
		},
		async execute(this: IExecuteFunctions, p: AlertRuleAssignment, i: number) {
			const rest = {
				body: { [direction]: p.ids },
				idempotent: true,
				itemIndex: i,
				notFoundMessage: `Alert rule ${p.id}, or one of the ${p.target === 'devices' ? 'devices' : 'device groups'}, not found`,
			};
			if (p.target === 'devices')
				await extraHopApiRequest.call(this, {
					method: 'POST',
					endpoint: `/alerts/${p.id}/devices`,
					...rest,
				});
			else
				await extraHopApiRequest.call(this, {
					method: 'POST',
					endpoint: `/alerts/${p.id}/devicegroups`,
					...rest,
				});
			const key = p.target === 'devices' ? 'device_ids' : 'device_group_ids';
			return { alert_rule_id: p.id, [`${direction}ed_${key}`]: p.ids };
		},
	};
}
