/**
 * What both ExtraHop triggers agree on: which events exist, what counts as an update, and how a
 * detection is matched against the search filters when ExtraHop did not filter it (pushes).
 */
import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

export type DetectionEvent = 'created' | 'updated';

/** `anyChange`: every new mod_time. `activity`: ignore changes to the tracking fields alone. */
export type UpdateMode = 'anyChange' | 'activity';

/** Fields ticket tracking writes. A change to these alone is a workflow's own write-back. */
export const TRACKING_FIELDS = ['ticket_id', 'ticket_url', 'status', 'resolution', 'assignee'];
/** Bookkeeping fields that change on every modification and say nothing about content. */
const VOLATILE_FIELDS = [
	'mod_time',
	'activity_log',
	'url',
	'event',
	'recommended',
	'recommended_factors',
];

/** Drops the query strings of Markdown links: ExtraHop rewrites them on every update. */
export function stableDescription(description: unknown): string {
	return String(description ?? '').replace(/\]\(([^)?\s]*)\?[^)\s]*\)/g, '](' + '$1' + ')');
}

function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(value as object).sort())
			out[key] = canonical((value as Record<string, unknown>)[key]);
		return out;
	}
	return value;
}

/** A short hash of a JSON value that does not depend on key order. */
export function stableHash(value: unknown): string {
	return createHash('sha256')
		.update(JSON.stringify(canonical(value)))
		.digest('base64')
		.slice(0, 12);
}

/**
 * A short hash of what a detection says, leaving out tracking fields and bookkeeping. Two
 * versions with the same fingerprint differ only in ticket ID / status / assignee / resolution.
 */
export function contentFingerprint(detection: IDataObject): string {
	const content: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(detection)) {
		if (TRACKING_FIELDS.includes(key) || VOLATILE_FIELDS.includes(key)) continue;
		content[key] = key === 'description' ? stableDescription(value) : value;
	}
	return stableHash(content);
}

function matchesList(wanted: unknown, value: unknown): boolean {
	if (!Array.isArray(wanted) || wanted.length === 0) return true;
	return wanted.some((w) =>
		w === '.none' ? value === null || value === undefined || value === '' : w === value,
	);
}

/**
 * The server-side search filter applied to one detection, for detections that arrive without a
 * search (pushed by ExtraHop). `.me` cannot be known without a search and never matches here.
 */
export function matchesFilter(detection: IDataObject, filter: IDataObject): boolean {
	const categories = Array.isArray(filter.categories) ? (filter.categories as string[]) : [];
	if (categories.length) {
		const own = Array.isArray(detection.categories) ? (detection.categories as string[]) : [];
		if (!own.some((c) => categories.some((f) => c === f || c.startsWith(`${f}.`)))) return false;
	}
	if (typeof filter.risk_score_min === 'number' && filter.risk_score_min > 0) {
		if (typeof detection.risk_score !== 'number' || detection.risk_score < filter.risk_score_min)
			return false;
	}
	if (!matchesList(filter.status, detection.status)) return false;
	if (!matchesList(filter.resolution, detection.resolution)) return false;
	if (!matchesList(filter.assignee, detection.assignee)) return false;
	if (!matchesList(filter.ticket_id, detection.ticket_id)) return false;
	if (
		Array.isArray(filter.types) &&
		filter.types.length &&
		!(filter.types as unknown[]).includes(detection.type)
	)
		return false;
	if (filter.recommended === true && detection.recommended !== true) return false;
	return true;
}
