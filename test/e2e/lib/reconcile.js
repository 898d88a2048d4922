// @ts-check
'use strict';
/**
 * The reconciliation scenario the ticketing examples' end-to-end scripts share: two detections
 * whose run fails on a ticketing outage, one of them with a ticket a run that crashed after
 * creating it had opened; then ExtraHop's clock moves past the trigger's minimum age ("Detection
 * Still Without Ticket": 10 minutes in the examples). With no human step, the next poll emits both
 * again: the workflow creates the one ticket and links the other.
 */
const { waitFor } = require('./report');

/** The examples' minimum age (the node's default), and a minute of margin. */
const JUMP_MS = 11 * 60_000;

/**
 * @param {{
 *   n8n: import('../../../tools/n8n-instance').N8nInstance,
 *   extrahop: ReturnType<typeof import('../../../tools/simulators/extrahop').createExtraHopSimulator>,
 *   workflowId: string,
 *   outage: { start: () => void, stop: () => void },
 *   lose: () => any[] | Promise<any[]>,
 *   openTicket: (detection: any) => string,
 *   failedRuns?: number,
 *   timeoutMs?: number,
 * }} o `lose` creates (and, for a push flow, pushes) the detections during the outage; `openTicket`
 *   opens the ticket a crashed run left behind for the second one and answers its key or number.
 */
async function reconcileAfterOutage(o) {
	const timeoutMs = o.timeoutMs ?? 100_000;
	const before = new Set(
		(await o.n8n.listExecutions({ workflowId: o.workflowId })).map((e) => String(e.id)),
	);
	o.outage.start();
	const lost = await o.lose();
	const runs = /** @type {{ id: string, status: string }[]} */ (
		await waitFor(
			'the run(s) that hit the outage to end',
			async () => {
				const all = await o.n8n.listExecutions({ workflowId: o.workflowId });
				const mine = all.filter((e) => !before.has(String(e.id)));
				return mine.length >= (o.failedRuns ?? 1) &&
					mine.every((e) => !['new', 'running', 'waiting'].includes(e.status))
					? mine
					: undefined;
			},
			{ timeoutMs, intervalMs: 1000 },
		)
	);
	o.outage.stop();
	const untouched = lost.every((d) => !o.extrahop.getDetection(d.id)?.ticket_id);
	const preexisting = o.openTicket(lost[1]);
	const jumpedAt = Date.now();
	o.extrahop.config.clockOffsetMs += JUMP_MS;
	await waitFor(
		'ticket IDs on both, with no human step',
		() => lost.every((d) => o.extrahop.getDetection(d.id)?.ticket_id),
		{ timeoutMs },
	);
	return {
		lost,
		failedRuns: runs.map((e) => e.status),
		failedRunIds: runs.map((e) => String(e.id)),
		untouched,
		preexisting,
		reconciledInMs: Date.now() - jumpedAt,
		jumpedAt,
	};
}

module.exports = { reconcileAfterOutage, JUMP_MS };
