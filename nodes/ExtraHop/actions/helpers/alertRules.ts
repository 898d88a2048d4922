/**
 * Alert rules (ExtraHop spec `alerts-triggers.md`, "Alert"): `GET|POST /alerts`,
 * `GET|PATCH|DELETE /alerts/{id}` (PATCH requires apply_all, name and type, as POST does) and
 * `POST /alerts/{id}/devices` / `/alerts/{id}/devicegroups` with an assignment.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
} from 'n8n-workflow';

import type { ExtraHopContext } from '../../common/auth';
import { requiredName } from '../../common/api';
import { extraHopApiRequest, type ExtraHopResponse } from '../../common/transport';
import { parseObjectId, toList } from '../../common/validation';

/** The fields the spec lets POST and PATCH /alerts write. */
export const ALERT_WRITABLE = [
	'apply_all',
	'author',
	'categories',
	'cc',
	'description',
	'disabled',
	'field_name',
	'field_name2',
	'field_op',
	'interval_length',
	'name',
	'notify_snmp',
	'object_type',
	'operand',
	'operator',
	'param',
	'param2',
	'protocols',
	'refire_interval',
	'severity',
	'stat_name',
	'type',
	'units',
];

const CHOICES: Record<string, { field: string; values: Array<string | number> }> = {
	operator: { field: 'operator', values: ['==', '>', '<', '>=', '<='] },
	intervalLength: { field: 'interval_length', values: [30, 60, 120, 300, 600, 900, 1200, 1800] },
	refireInterval: { field: 'refire_interval', values: [300, 600, 900, 1800, 3600, 7200, 14400] },
	severity: { field: 'severity', values: [0, 1, 2, 3, 4, 5, 6, 7] },
	units: { field: 'units', values: ['none', 'period', '1 sec', '1 min', '1 hr'] },
};
const TEXTS: Record<string, string> = {
	description: 'description',
	fieldName: 'field_name',
	statName: 'stat_name',
	operand: 'operand',
};
const FLAGS: Record<string, string> = {
	applyAll: 'apply_all',
	disabled: 'disabled',
	notifySnmp: 'notify_snmp',
};

export function alertRuleIdOf(context: IExecuteFunctions, i: number): number {
	return parseObjectId(
		context.getNode(),
		'alert rule',
		context.getNodeParameter('alertRuleId', i),
		i,
		'Use the numeric ID of the alert rule (Alert Rule > Get Many lists them).',
	);
}

export function alertRuleNameOf(node: INode, raw: unknown, i: number): string {
	return requiredName(node, raw, 'alert rule', i);
}

/** The API fields of the UI's alert settings (descriptions/alertRule.ts), checked. */
export function alertRuleBody(node: INode, fields: IDataObject, i: number): IDataObject {
	const body: IDataObject = {};
	for (const [key, raw] of Object.entries(fields)) {
		if (key in FLAGS) {
			if (typeof raw !== 'boolean')
				throw new NodeOperationError(node, `${key} must be true or false`, { itemIndex: i });
			body[FLAGS[key]] = raw;
		} else if (key in TEXTS) {
			body[TEXTS[key]] = String(raw ?? '');
		} else if (key in CHOICES) {
			const { field, values } = CHOICES[key];
			const value = typeof values[0] === 'number' && raw !== '' ? Number(raw) : raw;
			if (!values.includes(value as string | number))
				throw new NodeOperationError(node, `Invalid ${field} "${String(raw).slice(0, 40)}"`, {
					itemIndex: i,
					description: `Use one of: ${values.join(', ')}.`,
				});
			body[field] = value;
		} else if (key === 'cc') {
			const emails = toList(raw);
			const bad = emails.find((e) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e));
			if (bad !== undefined)
				throw new NodeOperationError(node, `Invalid email address "${bad.slice(0, 60)}"`, {
					itemIndex: i,
				});
			body.cc = emails;
		}
	}
	return body;
}

export async function getAlertRule(
	context: ExtraHopContext,
	id: number,
	itemIndex: number,
): Promise<IDataObject> {
	const response = (await extraHopApiRequest.call(context, {
		method: 'GET',
		endpoint: `/alerts/${id}`,
		itemIndex,
		notFoundMessage: `Alert rule ${id} not found`,
	})) as ExtraHopResponse<IDataObject>;
	return response.body;
}
