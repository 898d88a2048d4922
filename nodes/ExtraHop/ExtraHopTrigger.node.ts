import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { authenticationProperty, extraHopCredentials } from './common/descriptions/authentication';
import { updateModeProperty } from './common/descriptions/detectionEvents';
import { enrichParticipantsOption } from './common/descriptions/enrichParticipants';
import { simplifyProperty } from './common/descriptions/simplify';
import { searchFilterOptions } from './common/descriptions/searchFilters';
import { apiBase, searchDetections } from './common/api';
import { simplifyDetection, withDetectionUrl } from './common/detection';
import { withReadableTimes } from './common/readableTimes';
import { enrichIfAsked } from './common/enrichment';
import type { DetectionEvent, UpdateMode } from './common/detectionEvents';
import { buildSearchFilter } from './common/searchFilter';
import { getDetectionTypes } from './common/methods';
import { extraHopApiTest, extraHopRevealX360ApiTest } from './common/credentialTest';
import {
	DEFAULT_MAX_PER_POLL,
	MAX_MAX_PER_POLL,
	poll,
	type PollSettings,
	type Search,
} from './trigger/cursor';
import { reconcile, reconcileFilter, watchServerTime, type Reemission } from './trigger/reconcile';
import {
	UNTICKETED_EVENT,
	pollEventsProperty,
	reconcileSettingsFrom,
	reconciliationProperty,
} from './trigger/reconcileDescription';

const MINUTE = 60_000;
export { DEFAULT_MAX_PER_POLL, MAX_MAX_PER_POLL } from './trigger/cursor';
export const DEFAULT_LATENESS_MINUTES = 10;

/** Version 1 has Simplify among the options, off by default; from READABLE_FROM_VERSION it is a switch, on. */
const READABLE_FROM_VERSION = 1.1;

const SIMPLIFY = 'Whether to emit only the fields a ticket needs instead of the full detection';

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'First Run Lookback (Minutes)',
			name: 'lookbackMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				"On activation, also emit detections modified this long before it (by ExtraHop's clock). 0 starts from activation.",
		},
		{
			displayName: 'Lateness Tolerance (Minutes)',
			name: 'latenessMinutes',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1440 },
			default: DEFAULT_LATENESS_MINUTES,
			description:
				"Detections can become visible with a modification time slightly in the past (e.g. a console receiving them from a sensor late). Those that appear at most this long after their modification time (by ExtraHop's clock) are still emitted, once.",
		},
		{
			displayName: 'Max Detections per Poll',
			name: 'maxPerPoll',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_MAX_PER_POLL },
			default: DEFAULT_MAX_PER_POLL,
			description:
				'Emit at most this many per poll; the rest follow on the next polls, none skipped. Each detection is about 1 KB of execution data.',
		},
		simplifyProperty(SIMPLIFY, false),
		enrichParticipantsOption,
	],
};

export class ExtraHopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExtraHop Poll Trigger',
		name: 'extraHopTrigger',
		icon: { light: 'file:extrahop.svg', dark: 'file:extrahop.dark.svg' },
		group: ['trigger'],
		// 1.1: readable by default: Simplify on, an ISO copy beside every epoch time.
		version: [1, 1.1],
		subtitle: '={{"Detections: " + $parameter["events"].join(", ")}}',
		// n8n's node creator shows the ExtraHop node and this trigger as one entry, "ExtraHop" (the
		// trigger's name is the node's plus "Trigger"), described by this text.
		description:
			'ExtraHop RevealX detections, devices, investigations and tuning; its Poll Trigger checks every minute for created or updated detections',
		defaults: { name: 'ExtraHop Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: extraHopCredentials(),
		properties: [
			authenticationProperty,
			pollEventsProperty,
			{ ...updateModeProperty, displayOptions: { show: { events: ['updated'] } } },
			reconciliationProperty,
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description: 'Only detections matching every filter set here start the workflow',
				options: searchFilterOptions,
			},
			{
				...simplifyProperty(SIMPLIFY, true),
				displayOptions: { show: { '@version': [{ _cnd: { gte: READABLE_FROM_VERSION } }] } },
			},
			{ ...optionsProperty, displayOptions: { show: { '@version': [1] } } },
			{
				...optionsProperty,
				options: optionsProperty.options?.filter((option) => option.name !== 'simplify'),
				displayOptions: { show: { '@version': [{ _cnd: { gte: READABLE_FROM_VERSION } }] } },
			},
		],
	};

	methods = {
		loadOptions: { getDetectionTypes },
		credentialTest: { extraHopApiTest, extraHopRevealX360ApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const selected = this.getNodeParameter('events', []) as string[];
		if (selected.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No event selected', {
				description:
					'Choose "Detection Created", "Detection Updated", "Detection Still Without Ticket" or several under Events.',
			});
		}
		const reconciling = selected.includes(UNTICKETED_EVENT);
		const events = selected.filter((e) => e !== UNTICKETED_EVENT) as DetectionEvent[];
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const filter = buildSearchFilter(this.getNodeParameter('filters', {}) as IDataObject);
		const readable = this.getNode().typeVersion >= READABLE_FROM_VERSION;
		const simplify = readable
			? (this.getNodeParameter('simplify', true) as boolean)
			: options.simplify === true;
		const base = await apiBase(this);
		const toItem = async (
			detection: IDataObject,
			event: DetectionEvent | typeof UNTICKETED_EVENT,
			reconcileAttempt?: number,
		): Promise<INodeExecutionData> => {
			const marks: IDataObject =
				reconcileAttempt === undefined ? { event } : { event, reconcileAttempt };
			// The detection was parsed for this poll alone: extended in place, not copied (a backlog
			// of thousands would otherwise be held twice).
			const full = await enrichIfAsked(
				this,
				Object.assign(withDetectionUrl(detection, base), marks),
				options,
			);
			if (simplify) return { json: { ...simplifyDetection(full), ...marks } };
			return { json: readable ? withReadableTimes(full) : full };
		};

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": the most recent matching detection; the cursor does not move.
			// Only "Detection Still Without Ticket": the most recently modified detection it could emit.
			const sampleFilter = events.length ? filter : (reconcileFilter(filter) ?? filter);
			const { detections } = await searchDetections(this, {
				...(Object.keys(sampleFilter).length ? { filter: sampleFilter } : {}),
				sort: [
					{ field: 'mod_time', direction: 'desc' },
					{ field: 'id', direction: 'desc' },
				],
				limit: 1,
			});
			if (detections.length === 0) {
				throw new NodeOperationError(
					this.getNode(),
					"No ExtraHop detection matches this trigger's filters",
					{
						description:
							'Fetch Test Event shows the most recently modified matching detection. Widen the filters, or wait for a detection.',
					},
				);
			}
			const d = detections[0];
			if (!events.length) return [[await toItem(d, UNTICKETED_EVENT, 1)]];
			const created = typeof d.create_time === 'number' && d.create_time === d.mod_time;
			return [[await toItem(d, created ? 'created' : 'updated')]];
		}

		const settings: PollSettings = {
			filter,
			events,
			updateMode: (this.getNodeParameter('updateMode', 'activity') as UpdateMode) ?? 'activity',
			maxPerPoll: Math.min(
				MAX_MAX_PER_POLL,
				Math.max(1, Math.floor(Number(options.maxPerPoll ?? DEFAULT_MAX_PER_POLL))),
			),
			latenessMs: Math.max(0, Number(options.latenessMinutes ?? DEFAULT_LATENESS_MINUTES)) * MINUTE,
			lookbackMs: Math.max(0, Number(options.lookbackMinutes ?? 0)) * MINUTE,
		};
		const search: Search = async (body) => {
			const { detections, headers } = await searchDetections(this, body);
			const date = Date.parse(String(headers?.date ?? ''));
			return { detections, serverDate: Number.isNaN(date) ? undefined : date };
		};
		const staticData = this.getWorkflowStaticData('node');
		const watched = watchServerTime(search);
		const outcome = events.length ? await poll(watched.search, staticData.cursor, settings) : null;
		let emitted = outcome?.emitted ?? [];
		let reemitted: Reemission[] = [];
		if (reconciling) {
			const cursor = events.length
				? {
						latenessMs: settings.latenessMs,
						ignoresTrackingChanges: settings.updateMode === 'activity',
					}
				: undefined;
			const reconciled = await reconcile(
				watched.search,
				staticData.reconcile,
				reconcileSettingsFrom(
					this.getNodeParameter('reconciliation', {}) as IDataObject,
					filter,
					settings.lookbackMs,
					cursor,
				),
				emitted,
				{
					serverTime: watched.latest(),
					localNow: Date.now(),
					cursorHasMore: outcome?.more === true,
				},
			);
			staticData.reconcile = reconciled.state as unknown as IDataObject;
			emitted = reconciled.cursorEmitted;
			reemitted = reconciled.emitted;
		} else delete staticData.reconcile; // switched on again later, it starts afresh
		// Committed only now: a poll that failed part-way leaves the previous state untouched.
		if (outcome) staticData.cursor = outcome.state as unknown as IDataObject;
		if (emitted.length === 0 && reemitted.length === 0) return null;
		const items: INodeExecutionData[] = [];
		for (const { detection, event } of emitted) items.push(await toItem(detection, event));
		for (const { detection, attempt } of reemitted)
			items.push(await toItem(detection, UNTICKETED_EVENT, attempt));
		return [items];
	}
}
