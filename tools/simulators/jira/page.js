// @ts-check
'use strict';
/** The simulator's issue board: every issue (newest first) or one issue with its comments. */
const { escapeHtml } = require('../common/server');
const { jiraTime } = require('./data');

/**
 * @typedef {import('./data').SimIssue} SimIssue
 * @typedef {import('./data').SimProject} SimProject
 */

/**
 * @param {import('./render').Renderers & { state: { issues: SimIssue[] }, projects: SimProject[] }} sim
 * @param {SimIssue} [focus]
 */
function renderPage(
	{ state, projects, statusOf, renderResolution, renderPriority, renderUser },
	focus,
) {
	const statusClass = (/** @type {string} */ id) => statusOf(id).category.key;
	const rows = [...state.issues]
		.reverse()
		.filter((i) => !focus || i === focus)
		.map(
			(i) => `<tr>
  <td class="nw"><a href="/browse/${escapeHtml(i.key)}">${escapeHtml(i.key)}</a></td>
  <td>${escapeHtml(i.summary)}</td>
  <td class="nw"><span class="st ${statusClass(i.statusId)}">${escapeHtml(statusOf(i.statusId).name)}</span></td>
  <td>${escapeHtml(renderResolution(i.resolutionId)?.name ?? 'Unresolved')}</td>
  <td>${escapeHtml(renderPriority(i.priorityId)?.name ?? '')}</td>
  <td>${i.labels.map((l) => `<span class="lb">${escapeHtml(l)}</span>`).join(' ')}</td>
  <td>${escapeHtml(renderUser(i.assignee)?.displayName ?? 'Unassigned')}</td>
  <td class="n">${i.comments.length}</td>
  <td class="nw">${escapeHtml(new Date(i.updated).toISOString().slice(0, 19).replace('T', ' '))}</td>
</tr>`,
		)
		.join('\n');
	const detail = focus
		? `<h2>${escapeHtml(focus.key)}: ${escapeHtml(focus.summary)}</h2>
<pre>${escapeHtml(focus.description ?? '')}</pre>
<h3>Comments</h3>
${focus.comments.map((c) => `<div class="cm"><b>${escapeHtml(renderUser(c.author)?.displayName ?? c.author)}</b> <small>${escapeHtml(jiraTime(c.created))}</small><pre>${escapeHtml(c.body)}</pre></div>`).join('\n') || '<p>No comments.</p>'}
<p><a href="/">All issues</a></p>`
		: '';
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="3">
<title>Jira simulator</title>
<style>
 body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #172b4d; }
 h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; }
 table { border-collapse: collapse; width: 100%; font-size: .9rem; }
 th, td { border-bottom: 1px solid #dfe1e6; padding: .4rem .5rem; text-align: left; vertical-align: top; }
 th { background: #f4f5f7; }
 .st { padding: .1rem .4rem; border-radius: 3px; font-size: .75rem; font-weight: 600; text-transform: uppercase; }
 .st.new { background: #dfe1e6; } .st.indeterminate { background: #deebff; color: #0747a6; } .st.done { background: #e3fcef; color: #006644; }
 .lb { background: #f4f5f7; border: 1px solid #dfe1e6; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; white-space: nowrap; display: inline-block; margin: 0 .2rem .2rem 0; }
 .nw { white-space: nowrap; }
 .n { text-align: right; } .cm { border-left: 3px solid #dfe1e6; padding-left: .6rem; margin: .5rem 0; }
 pre { white-space: pre-wrap; background: #f4f5f7; padding: .5rem; }
 small, .muted { color: #6b778c; }
</style></head><body>
<h1>Jira simulator <span class="muted">(${escapeHtml(projects.map((p) => p.key).join(', '))}; ${state.issues.length} issue${state.issues.length === 1 ? '' : 's'})</span></h1>
<table>
<thead><tr><th>Key</th><th>Summary</th><th>Status</th><th>Resolution</th><th>Priority</th><th>Labels</th><th>Assignee</th><th>Comments</th><th>Updated (UTC)</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="9" class="muted">No issues yet.</td></tr>'}
</tbody></table>
${detail}
</body></html>`;
}

module.exports = { renderPage };
