// @ts-check
'use strict';
/** The simulator's incident board: one row per incident, newest first, and the results below. */
const { escapeHtml } = require('../common/server');

const STATUS_LABEL = {
	assigned_customer: 'Assigned',
	closed: 'Closed',
	feedback_required: 'Information requested',
	invalid: 'Invalid',
	new: 'New',
	risk_accepted: 'Risk accepted',
	verify_close: 'Awaiting verification',
	working_customer: 'In progress',
};

/**
 * @param {{ incidents: any[], results: any[], apiRoot: string, authExample: string, policy: string }} view
 */
function renderIncidentsPage({ incidents, results, apiRoot, authExample, policy }) {
	const rows = [...incidents]
		.sort((a, b) => b.display_id - a.display_id)
		.map(
			(i) => `<tr data-id="${escapeHtml(i.id)}" class="${i.status === 'closed' ? 'closed' : ''}">
  <td data-display-id>#${escapeHtml(i.display_id)}</td>
  <td><b>${escapeHtml(i.title)}</b><br><small>${escapeHtml(i.id)}</small></td>
  <td data-status><span class="status ${escapeHtml(i.status)}">${escapeHtml(STATUS_LABEL[/** @type {keyof typeof STATUS_LABEL} */ (i.status)] ?? i.status)}</span></td>
  <td><span class="risk ${escapeHtml(i.risk)}">${escapeHtml(i.risk)}</span> ${escapeHtml(i.risklevel)}</td>
  <td data-occurrences>${escapeHtml(i.c_occurrence_count)}</td>
  <td data-reopened>${escapeHtml(i.c_reopened_count)}</td>
  <td data-external-id>${i.external_id ? escapeHtml(i.external_id) : '<span class="muted">–</span>'}</td>
  <td><small>${escapeHtml(i.updated_at)}</small></td>
</tr>`,
		)
		.join('\n');
	const resultRows = results
		.map(
			(r) =>
				`<tr><td><code>${escapeHtml(r.id)}</code></td><td><small>${escapeHtml(r.service_asset_id)}</small></td><td><small>${escapeHtml(r.finding_id)}</small></td><td>${escapeHtml(r.title)}</td></tr>`,
		)
		.join('\n');
	return `<!doctype html><html><head><meta charset="utf-8"><title>LogMule simulator – Incidents</title>
<meta http-equiv="refresh" content="3">
<style>
body{font-family:system-ui,sans-serif;background:#f4f6f9;margin:0;padding:24px;color:#1d2433}
h1{font-size:20px;margin:0 0 6px}h2{font-size:15px;margin:24px 0 8px}p{margin:0 0 14px;color:#4a5468;font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 3px #0002;border-radius:6px;overflow:hidden;font-size:13px}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e6e9f0;vertical-align:top}th{background:#24313f;color:#fff;font-weight:600}
tr.closed{color:#8a93a6}small{color:#6b7385}.muted{color:#aab}code{font-size:12px}
.status{border-radius:10px;padding:2px 8px;background:#e6e9f0}.status.new{background:#dbeafe}.status.closed{background:#eee}
.risk{border-radius:4px;padding:1px 6px;color:#fff}.risk.high{background:#c8283c}.risk.medium{background:#e28a16}.risk.low{background:#3a7bd5}.risk.none{background:#8a93a6}
</style></head><body>
<h1>LogMule (simulator) – Incidents</h1>
<p>API root <code>${escapeHtml(apiRoot)}</code> · auth <code>${escapeHtml(authExample)}</code> · closed incidents are <b>${escapeHtml(policy === 'create' ? 'recreated' : 'reopened')}</b></p>
<table><thead><tr><th>ID</th><th>Title</th><th>Status</th><th>Risk</th><th>Occurrences</th><th>Reopened</th><th>External ID</th><th>Updated</th></tr></thead>
<tbody>${rows || '<tr><td colspan="8" class="muted">No incidents yet.</td></tr>'}</tbody></table>
<h2>Correlation results</h2>
<table><thead><tr><th>Result ID</th><th>Asset</th><th>Finding</th><th>Title</th></tr></thead>
<tbody>${resultRows || '<tr><td colspan="4" class="muted">No results yet: POST /_sim/results.</td></tr>'}</tbody></table>
</body></html>`;
}

module.exports = { renderIncidentsPage };
