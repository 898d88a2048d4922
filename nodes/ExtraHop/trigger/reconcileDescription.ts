import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { eventsPropertyOf } from '../common/descriptions/detectionEvents';
import type { ReconcileSettings } from './reconcile';

export const UNTICKETED_EVENT = 'unticketed';
export const DEFAULT_MIN_AGE_MINUTES = 10;
export const DEFAULT_CHECK_EVERY_MINUTES = 5;
export const DEFAULT_MAX_WAIT_HOURS = 24;
export const DEFAULT_GIVE_UP_DAYS = 7;
export const DEFAULT_MAX_PER_CHECK = 1000;
const MINUTE = 60_000;

const unticketedOption: INodePropertyOptions = {
	name: 'Detection Still Without Ticket',
	value: UNTICKETED_EVENT,
	description:
		'An open matching detection that still has no ticket ID some minutes after its last change (or after the trigger emitted it): emitted again, with backoff, until it has one. Recovers crashed executions, lost pushes and ticketing outages.',
};

const POLLED = 'polled every minute';
const polledEventsProperty = eventsPropertyOf(POLLED);

/** The poll trigger's events: those of both triggers, and reconciliation. */
export const pollEventsProperty: INodeProperties = {
	...polledEventsProperty,
	options: [
		...(polledEventsProperty.options as INodePropertyOptions[]),
		{ ...unticketedOption, action: `On detection still without ticket (${POLLED})` },
	].sort((a, b) => a.name.localeCompare(b.name)),
};

export const reconciliationProperty: INodeProperties = {
	displayName: 'Reconciliation',
	name: 'reconciliation',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	displayOptions: { show: { events: [UNTICKETED_EVENT] } },
	description: 'When "Detection Still Without Ticket" emits a detection again',
	options: [
		{
			displayName: 'Check Every (Minutes)',
			name: 'checkEveryMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_CHECK_EVERY_MINUTES,
			description:
				'How often the trigger looks for detections still without a ticket (at the first poll after this long)',
		},
		{
			displayName: 'Give Up After (Days)',
			name: 'giveUpDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 365 },
			default: DEFAULT_GIVE_UP_DAYS,
			description: 'Detections whose last change is older than this are not emitted again',
		},
		{
			displayName: 'Longest Wait Between Re-Emissions (Hours)',
			name: 'maxWaitHours',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_WAIT_HOURS,
			description:
				'A detection emitted again that still gets no ticket waits the minimum age, then twice as long each time, up to this. Lower it if the workflow tickets every detection it gets: after a ticketing outage, tickets then follow within this long.',
		},
		{
			displayName: 'Max Detections per Check',
			name: 'maxPerCheck',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20000 },
			default: DEFAULT_MAX_PER_CHECK,
			description: 'Emit at most this many again per check; the rest follow at the next poll',
		},
		{
			displayName: 'Minimum Age (Minutes)',
			name: 'minAgeMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MIN_AGE_MINUTES,
			description:
				"Emit a detection again only when its last change and the trigger's last emission of it are at least this old (and at least the Lateness Tolerance). Keep it longer than the workflow's longest execution: a detection whose execution still runs is then never emitted twice.",
		},
	],
};

const positive = (value: unknown, fallback: number) => {
	const n = Number(value ?? fallback);
	return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** The check's settings from the node's Reconciliation collection. */
export function reconcileSettingsFrom(
	reconciliation: IDataObject,
	filter: IDataObject,
	lookbackMs: number,
	cursor: ReconcileSettings['cursor'],
): ReconcileSettings {
	return {
		filter,
		minAgeMs: positive(reconciliation.minAgeMinutes, DEFAULT_MIN_AGE_MINUTES) * MINUTE,
		intervalMs: positive(reconciliation.checkEveryMinutes, DEFAULT_CHECK_EVERY_MINUTES) * MINUTE,
		maxBackoffMs: positive(reconciliation.maxWaitHours, DEFAULT_MAX_WAIT_HOURS) * 60 * MINUTE,
		giveUpMs: positive(reconciliation.giveUpDays, DEFAULT_GIVE_UP_DAYS) * 24 * 60 * MINUTE,
		maxPerCheck: Math.min(
			20000,
			Math.floor(positive(reconciliation.maxPerCheck, DEFAULT_MAX_PER_CHECK)),
		),
		lookbackMs,
		cursor,
	};
}
