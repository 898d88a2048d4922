// @ts-check
'use strict';
/**
 * The incident shape of LogMule's "create incident from result" answer, key for key as the
 * platform's documentation lists it (its Russian original is the reference), including the key
 * whose first letter is the Cyrillic "с" (U+0441): `с_customer_retention_time`.
 */
const crypto = require('node:crypto');

/** Spelled as in LogMule's documentation: the first letter is Cyrillic U+0441, not Latin "c". */
const CYRILLIC_RETENTION_KEY = '\u0441_customer_retention_time';

const STATUSES = [
	'assigned_customer',
	'closed',
	'feedback_required',
	'invalid',
	'new',
	'risk_accepted',
	'verify_close',
	'working_customer',
];
const RISKS = ['none', 'low', 'medium', 'high'];

/** LogMule's timestamps carry microseconds: 2023-12-20T00:00:01.652259Z. */
function timestamp(/** @type {number} */ ms) {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Risk word for a 0–10 risk level. */
function riskFor(/** @type {number} */ level) {
	if (level <= 0) return 'none';
	if (level < 4) return 'low';
	if (level < 7) return 'medium';
	return 'high';
}

/**
 * @typedef {{ id: string, service_asset_id: string, finding_id: string, title: string, risklevel: number,
 *   analysis_output: string, synopsis: string, description: string, logmule_identifier: string | null,
 *   asset_significance: number, external: boolean, created_at: string }} Result
 */

/**
 * A correlation-rule result ("logmule go" result), as the control API creates it.
 * @param {Partial<Result>} spec
 * @param {number} now
 * @returns {Result}
 */
function buildResult(spec, now) {
	const finding = spec.finding_id ?? crypto.randomUUID();
	const asset = spec.service_asset_id ?? crypto.randomUUID();
	const risklevel = typeof spec.risklevel === 'number' ? spec.risklevel : 6;
	return {
		id: spec.id ?? crypto.randomUUID(),
		service_asset_id: asset,
		finding_id: finding,
		title: spec.title ?? `Suspicious activity (finding ${finding.slice(0, 8)})`,
		risklevel,
		analysis_output: spec.analysis_output ?? `On asset ${asset} the correlation rule fired`,
		synopsis: spec.synopsis ?? 'Incidents of this type are raised when the correlation rule fires',
		description:
			spec.description ?? 'The correlation rule matched events that indicate this finding.',
		logmule_identifier: spec.logmule_identifier ?? null,
		asset_significance: typeof spec.asset_significance === 'number' ? spec.asset_significance : 1,
		external: spec.external ?? false,
		created_at: spec.created_at ?? timestamp(now),
	};
}

/**
 * A new incident for a result; its first occurrence is that result.
 * @param {Result} result
 * @param {{ displayId: number, now: number, occurrenceId: string }} ctx
 */
function buildIncident(result, { displayId, now, occurrenceId }) {
	const at = timestamp(now);
	return {
		id: crypto.randomUUID(),
		created_at: at,
		updated_at: at,
		trace_id: crypto.randomUUID(),
		description: result.description,
		risk_impact: 'Left unhandled, the activity may lead to a compromise of the asset.',
		solution: 'Investigate the asset and contain it if the activity is confirmed.',
		mitigation: 'Harden the asset and monitor it for this finding.',
		status: 'new',
		risklevel: result.risklevel,
		service_asset_id: result.service_asset_id,
		finding_id: result.finding_id,
		analysis_output: result.analysis_output,
		synopsis: result.synopsis,
		title: result.title,
		risk: riskFor(result.risklevel),
		acknowledged_at: at,
		alert_type: 'automatic',
		client_note: '',
		internal_note: '',
		external: result.external,
		immediate_action_score: result.risklevel * result.asset_significance,
		throughput_period: 'grace',
		throughput_period_change: at,
		customer_created: false,
		c_visible_since: at,
		c_visible_since_in_days: 0,
		c_reopened_count: 0,
		c_last_customer_status_change: null,
		logmule_identifier: result.logmule_identifier,
		c_remote_exploitable: result.external,
		c_occurrence_count: 1,
		[CYRILLIC_RETENTION_KEY]: 0,
		last_occurrence_id: occurrenceId,
		itsm_last_synced_at: null,
		itsm_sync_status: 'not_synced',
		external_id: null,
		itsm_sync_error: null,
		user_id: null,
		updated_by: null,
		group_id: null,
		acknowledged_by: null,
		created_by_customer: null,
		edited_by: null,
		incident_group_id: null,
		reopened_at: null,
		display_id: displayId,
	};
}

module.exports = { CYRILLIC_RETENTION_KEY, STATUSES, RISKS, timestamp, buildResult, buildIncident };
