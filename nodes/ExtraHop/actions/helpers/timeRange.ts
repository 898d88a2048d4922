/**
 * The From / Until of record, metric and activity-map queries: a date, epoch milliseconds, or a
 * time relative to now as ExtraHop writes it ("-30m", "-2h", "-7d"; "0" or "now" for now). ExtraHop
 * takes negative milliseconds everywhere these queries take a time, so relative times are sent as
 * negative milliseconds (never as suffixed text, which not every one of them is documented to take).
 */
import { NodeOperationError, type INode, type INodeProperties } from 'n8n-workflow';

import { toEpochMs } from '../../common/validation';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = {
	ms: 1,
	s: 1000,
	m: MINUTE_MS,
	h: 3_600_000,
	d: DAY_MS,
	w: 7 * DAY_MS,
};
const RELATIVE = /^-\s*(\d+)\s*(ms|s|m|h|d|w)?$/;

/** A time as the API takes it (`api`: epoch ms, or negative ms before now, 0 = now). */
export interface QueryTime {
	api: number;
	relative: boolean;
}

export function parseQueryTime(
	node: INode,
	field: string,
	raw: unknown,
	itemIndex: number,
): QueryTime {
	const text =
		typeof raw === 'number'
			? String(raw)
			: String((raw as { toISO?: () => string })?.toISO?.() ?? raw ?? '').trim();
	if (text === '' || text === '0' || text.toLowerCase() === 'now')
		return { api: 0, relative: true };
	const relative = RELATIVE.exec(text);
	if (relative) {
		return { api: -Number(relative[1]) * UNIT_MS[relative[2] ?? 'ms'], relative: true };
	}
	if (/^-/.test(text)) {
		throw new NodeOperationError(node, `Invalid time for ${field}: "${text.slice(0, 40)}"`, {
			itemIndex,
			description:
				'A relative time is a minus sign, a number and a unit: ms, s, m (minutes), h, d or w, e.g. -30m or -7d.',
		});
	}
	return { api: toEpochMs(node, field, text, itemIndex), relative: false };
}

/** Epoch milliseconds of a query time, relative ones counted from `now`. */
export const absoluteTime = (time: QueryTime, now: number): number =>
	time.relative ? now + time.api : time.api;

/**
 * Checks that From is before Until and, when `maxMs` is given, that the window is no longer;
 * answers the window in epoch milliseconds.
 */
export function checkWindow(
	node: INode,
	from: QueryTime,
	until: QueryTime,
	itemIndex: number,
	maxMs?: { ms: number; label: string },
): { from: number; until: number } {
	const now = Date.now();
	const window = { from: absoluteTime(from, now), until: absoluteTime(until, now) };
	if (window.from >= window.until) {
		throw new NodeOperationError(node, 'From must be earlier than Until', {
			itemIndex,
			description: `From is ${new Date(window.from).toISOString()}, Until ${new Date(window.until).toISOString()}.`,
		});
	}
	if (maxMs && window.until - window.from > maxMs.ms) {
		throw new NodeOperationError(
			node,
			`The time range is longer than ${maxMs.label}, the most ExtraHop searches at once`,
			{
				itemIndex,
				description: 'Shorten the range (From and Until), or split it over several items.',
			},
		);
	}
	return window;
}

/** The From and Until parameters of record, metric and activity-map queries. */
export function timeRangeProperties(fromDefault = '-1h', fromNote = ''): INodeProperties[] {
	return [
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			default: fromDefault,
			required: true,
			placeholder: 'e.g. -30m, -2d or 2026-01-31T12:00:00Z',
			description: `Start: a date, epoch milliseconds, or a time relative to now${fromNote}`,
		},
		{
			displayName: 'Until',
			name: 'until',
			type: 'string',
			default: '0',
			description: 'End: a date, epoch milliseconds, a relative time such as -5m, or 0 for now',
		},
	];
}
