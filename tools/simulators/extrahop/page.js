// @ts-check
'use strict';
/** The simulator's detections page: cards like ExtraHop's (risk, title, status, ticket, assignee). */
const { escapeHtml } = require('../common/server');

const STATUS_LABEL = {
	new: 'New',
	in_progress: 'In Progress',
	closed: 'Closed',
	acknowledged: 'Acknowledged',
};

/**
 * @param {any[]} detections
 * @param {string} ticketUrlTemplate e.g. http://jira.local/browse/$ticket_id
 */
function renderDetectionsPage(detections, ticketUrlTemplate) {
	const cards = [...detections]
		.sort((a, b) => b.mod_time - a.mod_time)
		.map((d) => {
			const risk = typeof d.risk_score === 'number' ? d.risk_score : '–';
			const riskClass =
				typeof d.risk_score !== 'number'
					? 'none'
					: d.risk_score >= 80
						? 'high'
						: d.risk_score >= 50
							? 'medium'
							: 'low';
			let status =
				d.status === null || d.status === undefined
					? 'Open'
					: (STATUS_LABEL[/** @type {keyof typeof STATUS_LABEL} */ (d.status)] ?? d.status);
			if (d.status === 'closed' && d.resolution === 'action_taken')
				status = 'Closed with Action Taken';
			if (d.status === 'closed' && d.resolution === 'no_action_taken')
				status = 'Closed with No Action Taken';
			const ticket = d.ticket_id
				? ticketUrlTemplate
					? `<a data-ticket href="${escapeHtml(ticketUrlTemplate.replace('$ticket_id', encodeURIComponent(d.ticket_id)))}">${escapeHtml(d.ticket_id)}</a>`
					: `<span data-ticket>${escapeHtml(d.ticket_id)}</span>`
				: '<span class="muted">–</span>';
			const categories = (d.categories ?? [])
				.map((/** @type {string} */ c) => `<span class="tag">${escapeHtml(c)}</span>`)
				.join(' ');
			return `<article class="card" data-id="${escapeHtml(d.id)}">
  <div class="risk ${riskClass}"><b>${escapeHtml(risk)}</b><small>RISK</small></div>
  <div class="body">
    <h2>${escapeHtml(d.title)} <small>#${escapeHtml(d.id)}</small></h2>
    <div>${categories}</div>
    <dl><dt>Status</dt><dd data-status>${escapeHtml(status)}</dd><dt>Ticket ID</dt><dd>${ticket}</dd>
    <dt>Assignee</dt><dd data-assignee>${escapeHtml(d.assignee ?? '–')}</dd>
    <dt>Modified</dt><dd>${escapeHtml(new Date(d.mod_time).toISOString())}</dd></dl>
  </div>
</article>`;
		})
		.join('\n');
	return `<!doctype html><html><head><meta charset="utf-8"><title>ExtraHop simulator – Detections</title>
<script>
// Refresh every few seconds, keeping a linked detection (#/detections/detail/<id>) in view.
setTimeout(() => location.reload(), 3000);
addEventListener('DOMContentLoaded', () => {
  const id = /detections\/detail\/(\d+)/.exec(location.hash)?.[1];
  const card = id && document.querySelector('[data-id="' + id + '"]');
  if (card) { card.classList.add('linked'); card.scrollIntoView({ block: 'center' }); }
});
</script>
<style>
body{font-family:system-ui,sans-serif;background:#f3f4f7;margin:0;padding:24px;color:#1d2433}
h1{font-size:20px;margin:0 0 16px}.card{display:flex;gap:16px;background:#fff;border-radius:8px;padding:14px 18px;margin-bottom:12px;box-shadow:0 1px 3px #0002}
.risk{width:64px;text-align:center;border-radius:6px;padding:8px 0;color:#fff}.risk b{display:block;font-size:24px}.risk small{font-size:10px}
.high{background:#c8283c}.medium{background:#e28a16}.low{background:#3a7bd5}.none{background:#8a93a6}
h2{font-size:16px;margin:0 0 6px}h2 small{color:#8a93a6;font-weight:normal}.tag{font-size:11px;background:#e6e9f0;border-radius:10px;padding:2px 8px}
article.linked{outline:3px solid #f26b21}
dl{display:grid;grid-template-columns:90px 1fr;gap:2px 8px;margin:8px 0 0;font-size:13px}dt{color:#6b7385}dd{margin:0}.muted{color:#aab}
</style></head><body><h1>ExtraHop RevealX (simulator) – Detections</h1>${cards || '<p>No detections yet.</p>'}</body></html>`;
}

module.exports = { renderDetectionsPage };
