import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { presentIncident, settleBatchOutcomes } from '../../helpers/incident';
import { parseResultId } from '../../helpers/validation';
import { DEFAULT_TIMEOUT_MS, logMuleApiRequest } from '../../transport';
import type { Operation } from '../../../shared/operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Result ID',
		name: 'resultId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 497f6eca-6276-4993-bfeb-53cbbbba6f08',
		description:
			'ID of the correlation-rule result (a "logmule go" result). LogMule turns it into a new incident, appends it to the open incident for the same asset and finding, or reopens or recreates a closed one.',
	},
	{
		displayName: 'Check Result ID Format',
		name: 'checkResultIdFormat',
		type: 'boolean',
		default: true,
		description:
			"Whether to refuse, before sending anything, a result ID that is not a UUID (LogMule's result IDs are UUIDs). Turn off only if your LogMule uses IDs of another form.",
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only the fields a ticket needs (ID, display ID, title, status, risk, asset, finding, counts, external ID, timestamps, outcome) instead of the full incident',
	},
];

interface Prepared {
	id: string;
	segment: string;
	simplify: boolean;
	timeoutMs: number;
}

/**
 * POST {root}/logmule_go_results/{id}/create_incident (no body). Outputs the incident as LogMule
 * returned it, plus `c_customer_retention_time` (Latin alias of the Cyrillic-spelled key) and
 * `outcome`: `new`, `appended`, `reopened` or `unknown` (see helpers/incident.ts).
 */
export const createIncident: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['correlationResult'], operation: ['createIncident'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		// Version 1 sends any ID and leaves the check to LogMule.
		const checkFormat = this.getNodeParameter('checkResultIdFormat', i, false) as boolean;
		const { id, segment } = parseResultId(
			this.getNode(),
			this.getNodeParameter('resultId', i),
			i,
			checkFormat,
		);
		const requestOptions = this.getNodeParameter('requestOptions', i, {}) as { timeout?: number };
		const timeout = Number(requestOptions.timeout ?? DEFAULT_TIMEOUT_MS);
		return {
			id,
			segment,
			simplify: this.getNodeParameter('simplify', i, false) as boolean,
			timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const response = await logMuleApiRequest.call(this, {
			method: 'POST',
			endpoint: `/logmule_go_results/${p.segment}/create_incident`,
			itemIndex: i,
			resultId: p.id,
			timeoutMs: p.timeoutMs,
		});
		const incident = response.body;
		if (typeof incident !== 'object' || incident === null || Array.isArray(incident)) {
			throw new NodeOperationError(
				this.getNode(),
				`LogMule answered result "${p.id}" without an incident (HTTP ${response.statusCode})`,
				{
					itemIndex: i,
					description:
						'LogMule should answer with the incident as a JSON object. It may still have created or appended the incident: check LogMule before running this item again.',
				},
			);
		}
		return presentIncident(incident as IDataObject, p.simplify);
	},
	finalize(this: IExecuteFunctions, outputs: IDataObject[]) {
		settleBatchOutcomes(outputs);
	},
};
