import type { IDataObject } from 'n8n-workflow';

/**
 * LogMule's documentation spells one key with a Cyrillic first letter: `с_customer_retention_time`
 * (U+0441), and a server may send it that way. Expressions typed with Latin letters cannot reach it.
 */
export const CYRILLIC_RETENTION_KEY = '\u0441_customer_retention_time';
export const LATIN_RETENTION_KEY = 'c_customer_retention_time';

/** Cyrillic letters that look like Latin ones, as they slip into keys typed on a Russian layout. */
const HOMOGLYPHS: Record<string, string> = {
	а: 'a',
	в: 'b',
	е: 'e',
	к: 'k',
	м: 'm',
	н: 'h',
	о: 'o',
	р: 'p',
	с: 'c',
	т: 't',
	у: 'y',
	х: 'x',
	А: 'A',
	В: 'B',
	Е: 'E',
	К: 'K',
	М: 'M',
	Н: 'H',
	О: 'O',
	Р: 'P',
	С: 'C',
	Т: 'T',
	У: 'Y',
	Х: 'X',
};

/**
 * The Latin spelling of a Latin key with a Cyrillic look-alike or two slipped in
 * (`с_customer_retention_time`), else undefined. Keys that are Cyrillic words stay as they are.
 */
export function latinKey(key: string): string | undefined {
	if (/^[\x20-\x7e]*$/.test(key)) return undefined;
	let out = '';
	let replaced = 0;
	for (const char of key) {
		const latin = HOMOGLYPHS[char];
		if (latin !== undefined) replaced++;
		else if (!/^[\x20-\x7e]$/.test(char)) return undefined;
		out += latin ?? char;
	}
	const latinLetters = (key.match(/[A-Za-z]/g) ?? []).length;
	return replaced <= 2 && latinLetters >= 3 ? out : undefined;
}

/**
 * The incident as LogMule returned it, plus a Latin-letter alias for every key spelled with
 * Cyrillic look-alikes (`c_customer_retention_time` for `с_customer_retention_time`). The
 * original keys stay; an alias never overwrites a key the server sent itself.
 */
export function withLatinAliases(incident: IDataObject): IDataObject {
	const out: IDataObject = { ...incident };
	for (const key of Object.keys(incident)) {
		const alias = latinKey(key);
		if (alias !== undefined && !(alias in out)) out[alias] = incident[key];
	}
	return out;
}

export type Outcome = 'new' | 'appended' | 'reopened' | 'unknown';

/** How close `reopened_at` must be to `updated_at` for the call to count as the reopen. */
export const REOPEN_TOLERANCE_MS = 1000;

function integer(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function time(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * What the call did, read from the incident it returned (LogMule says nothing else):
 * 1. `reopened`: the incident has been reopened (`c_reopened_count` ≥ 1 when present, and
 *    `reopened_at` later than `created_at`) and the reopen is its latest change (`reopened_at`
 *    within 1 s of `updated_at`): this call reopened a closed incident and added the result to it.
 * 2. `new`: otherwise, `c_occurrence_count` is 1 (or 0): the result is the incident's only
 *    occurrence, so this call created it. A new incident created in place of a closed one (the
 *    platform's "create new" setting) is `new` too: it is another incident, with its own ID.
 * 3. `appended`: otherwise, `c_occurrence_count` ≥ 2: the incident existed and was open.
 * 4. `unknown`: `c_occurrence_count` is missing or not a number.
 * Limits: LogMule is assumed to count the first result as occurrence 1 (two results make two
 * occurrences, as its documentation says). Reopened vs appended rests on timestamps: a result
 * appended less than a second after a reopen, by another execution, also reads `reopened` (within
 * one execution the node corrects this, see `settleBatchOutcomes`), and a server that stamps
 * `reopened_at` more than a second away from `updated_at` makes a reopen read `appended`.
 * New vs not new rests only on the occurrence counter, which LogMule keeps itself.
 */
export function incidentOutcome(incident: IDataObject): Outcome {
	const occurrences = integer(incident.c_occurrence_count);
	const reopenedCount = integer(incident.c_reopened_count);
	const reopenedAt = time(incident.reopened_at);
	const updatedAt = time(incident.updated_at);
	const createdAt = time(incident.created_at);
	const reopenedNow =
		reopenedAt !== undefined &&
		updatedAt !== undefined &&
		(reopenedCount === undefined || reopenedCount >= 1) &&
		(createdAt === undefined || reopenedAt > createdAt) &&
		Math.abs(updatedAt - reopenedAt) <= REOPEN_TOLERANCE_MS;
	if (reopenedNow) return 'reopened';
	if (occurrences === undefined) return 'unknown';
	return occurrences <= 1 ? 'new' : 'appended';
}

/**
 * Within one execution several results can land on one incident. Only the earliest of them
 * (lowest occurrence count) can have reopened it; the others were appended after the reopen.
 */
export function settleBatchOutcomes(incidents: IDataObject[]): void {
	const firstReopen = new Map<string, IDataObject>();
	for (const incident of incidents) {
		if (incident.outcome !== 'reopened' || incident.id === undefined || incident.id === null)
			continue;
		const key = String(incident.id);
		const current = firstReopen.get(key);
		if (!current) {
			firstReopen.set(key, incident);
			continue;
		}
		const count = integer(incident.c_occurrence_count) ?? Infinity;
		const currentCount = integer(current.c_occurrence_count) ?? Infinity;
		if (count < currentCount) {
			current.outcome = 'appended';
			firstReopen.set(key, incident);
		} else {
			incident.outcome = 'appended';
		}
	}
}

export const SIMPLE_FIELDS = [
	'id',
	'display_id',
	'title',
	'status',
	'risk',
	'risklevel',
	'service_asset_id',
	'finding_id',
	'c_occurrence_count',
	'c_reopened_count',
	'external_id',
	'created_at',
	'updated_at',
	'reopened_at',
] as const;

/** The fields a ticket needs, plus `outcome`; missing ones are null. */
export function simplifyIncident(incident: IDataObject): IDataObject {
	// `outcome` first: it is what a workflow branches on, and n8n's table view shows the first columns.
	const simple: IDataObject = { outcome: incident.outcome ?? incidentOutcome(incident) };
	for (const key of SIMPLE_FIELDS) simple[key] = incident[key] ?? null;
	return simple;
}

/** What the node outputs for one incident: aliases and `outcome` added, or the simplified form. */
export function presentIncident(incident: IDataObject, simplify: boolean): IDataObject {
	// `outcome` first, then the incident as LogMule sent it (about 45 fields).
	const full: IDataObject = { outcome: incidentOutcome(incident), ...withLatinAliases(incident) };
	full.outcome = incidentOutcome(incident);
	return simplify ? simplifyIncident(full) : full;
}
