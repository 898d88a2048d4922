import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { createAndReadBack } from '../../common/api';
import { participantProperty } from '../descriptions/tuningRule';
import { getTuningRule, parseRuleParticipant } from '../helpers/tuningRules';
import { toEpochMs, toList } from '../../common/validation';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Detection Type Names or IDs',
		name: 'detectionTypes',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getDetectionTypes' },
		required: true,
		default: [],
		description:
			'The detection types to hide. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	participantProperty('offender'),
	participantProperty('victim'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				placeholder: 'e.g. False positive, Jira SOC-42',
			},
			{
				displayName: 'Expires',
				name: 'expires',
				type: 'dateTime',
				default: '',
				description: 'When the rule stops hiding detections. Empty: never.',
			},
		],
	},
];

export const create: Operation<IDataObject> = {
	description: updateDisplayOptions(
		{ show: { resource: ['tuningRule'], operation: ['create'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const types = toList(this.getNodeParameter('detectionTypes', i, []));
		if (types.length === 0) {
			throw new NodeOperationError(node, 'Choose at least one detection type to hide', {
				itemIndex: i,
			});
		}
		for (const type of types) {
			if (!/^[A-Za-z0-9_.-]+$/.test(type))
				throw new NodeOperationError(node, `Invalid detection type "${type.slice(0, 60)}"`, {
					itemIndex: i,
					description: 'Detection types are identifiers such as port_scan.',
				});
		}
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		let expiration = 0;
		if (extra.expires) {
			expiration = toEpochMs(node, 'Expires', extra.expires, i);
			if (expiration <= Date.now())
				throw new NodeOperationError(node, 'The expiry date is in the past', {
					itemIndex: i,
					description: 'Leave Expires empty for a rule that never expires.',
				});
		}
		const body: IDataObject = {
			detection_types: [...new Set(types)],
			offender: parseRuleParticipant(
				node,
				'offender',
				this.getNodeParameter('offender', i, 'Any'),
				i,
			),
			victim: parseRuleParticipant(node, 'victim', this.getNodeParameter('victim', i, 'Any'), i),
			expiration,
		};
		if (typeof extra.description === 'string' && extra.description.trim() !== '')
			body.description = extra.description.trim();
		return body;
	},
	async execute(this: IExecuteFunctions, body: IDataObject, i: number) {
		// Items asking for the same rule in one run share one request: ExtraHop would store every
		// copy, each hiding the same detections.
		let created = rulesOfRun.get(this);
		if (!created) {
			created = new Map();
			rulesOfRun.set(this, created);
		}
		const key = JSON.stringify(body);
		const first = created.get(key);
		if (first) {
			if (!first.duplicated) {
				first.duplicated = true;
				this.addExecutionHints?.({
					message: `Several items asked for the same tuning rule (first item ${first.itemIndex + 1}); it was created once and every such item outputs it.`,
					location: 'outputPane',
				});
			}
			return { ...(await first.rule) };
		}
		const rule = createRule(this, body, i);
		created.set(key, { rule, itemIndex: i, duplicated: false });
		return await rule;
	},
};

/** The rules created in one run of the node (per execution context), by request body. */
const rulesOfRun = new WeakMap<
	IExecuteFunctions,
	Map<string, { rule: Promise<IDataObject>; itemIndex: number; duplicated: boolean }>
>();

async function createRule(
	context: IExecuteFunctions,
	body: IDataObject,
	i: number,
): Promise<IDataObject> {
	const types = body.detection_types as string[];
	return await createAndReadBack(
		context,
		{
			method: 'POST',
			endpoint: '/detections/rules/hiding',
			body,
			read: async (id) => await getTuningRule(context, id, i),
			isCreated: (c) =>
				(c.description ?? undefined) === body.description &&
				Array.isArray(c.detection_types) &&
				c.detection_types.length === types.length &&
				types.every((t) => (c.detection_types as string[]).includes(t)),
		},
		i,
	);
}
