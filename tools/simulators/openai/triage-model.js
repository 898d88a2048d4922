// @ts-check
'use strict';
/**
 * A scripted model that plays ExtraHop's L1 triage workflow (ExtraHop/agent-skills,
 * extrahop-triage/reference/triage-workflow.md) with the tools of
 * examples/08-extrahop-ai-triage-agent.json. It is stateless: every answer is computed from the
 * conversation n8n sends (the tool calls made so far and their results), as a model's would be.
 *
 *   1. pull the queue (one bulk search, 24 hours);
 *   2. group: detections of one type from one offender form a cluster; the highest-risk detection
 *      outside it is the escalation candidate;
 *   3. climb the enrichment cost ladder: detection types once, the cluster type's prior
 *      dispositions (a scoped bulk search), then per-detection detail and the device only for the
 *      escalation candidate;
 *   4. verdicts: a cluster whose prior closes are all "no action taken" from the same offender is
 *      a False Positive (High) -> close each detection (no action taken) and recommend a tuning
 *      rule; a candidate with risk >= 80 is a Malicious True Positive (High) -> investigation;
 *   5. each state-changing call goes through n8n's human review; after each approved call, a note
 *      on the detection says what was concluded and why. A rejected call stops the run.
 */

/** Tool names: n8n names a tool after its node (spaces and symbols -> _). */
const TOOLS = Object.freeze({
	search: 'Search_open_detections',
	types: 'Get_detection_types',
	history: 'Search_prior_dispositions',
	detection: 'Get_detection',
	device: 'Get_device',
	close: 'Close_detection',
	investigate: 'Create_investigation',
	tune: 'Create_tuning_rule',
	note: 'Add_detection_note',
});

/** @param {unknown} content */
function text(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return '';
}

/** @param {string} value */
function parse(value) {
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}

/**
 * The tool calls made so far, in order, with their results.
 * @param {any[]} messages
 * @returns {{ name: string, args: any, result: any }[]}
 */
function history(messages) {
	/** @type {Map<string, any>} */
	const results = new Map();
	for (const m of messages)
		if (m.role === 'tool') results.set(m.tool_call_id, parse(text(m.content)));
	const calls = [];
	for (const m of messages) {
		if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
		for (const call of m.tool_calls) {
			const args = parse(call.function?.arguments ?? '{}');
			calls.push({
				name: call.function?.name,
				args: args?.toolParameters ?? args,
				result: results.get(call.id),
			});
		}
	}
	return calls;
}

/** @param {any} result */
const list = (result) => (Array.isArray(result) ? result : result ? [result] : []);
/** @param {any} d */
const offender = (d) =>
	(d.participants ?? []).find((/** @type {any} */ p) => p.role === 'offender');
/** @param {any} p */
const who = (p) => (p ? `${p.hostname ?? `device ${p.object_id}`} (${p.object_value ?? ''})` : '?');

/**
 * The triage: what to call, in order, as far as the results so far allow.
 * @param {{ name: string, args: any, result: any }[]} done
 */
function plan(done) {
	/** @type {{ name: string, args: Record<string, any> }[]} */
	const steps = [{ name: TOOLS.search, args: { lookbackHours: 24 } }];
	if (done.length < 1) return steps;
	const open = list(done[0].result).filter((d) => d && typeof d.id === 'number');
	/** @type {Map<string, any[]>} */
	const clusters = new Map();
	for (const d of open) {
		const key = `${d.type}|${offender(d)?.object_id}`;
		clusters.set(key, [...(clusters.get(key) ?? []), d]);
	}
	const cluster = ([...clusters.values()].sort((a, b) => b.length - a.length)[0] ?? []).sort(
		(a, b) => a.id - b.id,
	);
	if (cluster.length < 2) return steps;
	const type = cluster[0].type;
	const source = offender(cluster[0]);
	const candidate = open
		.filter((d) => !cluster.includes(d))
		.sort((a, b) => (b.risk_score ?? 0) - (a.risk_score ?? 0))[0];
	steps.push({ name: TOOLS.types, args: {} });
	steps.push({ name: TOOLS.history, args: { detectionType: type } });
	if (candidate) {
		steps.push({ name: TOOLS.detection, args: { detectionId: candidate.id } });
		steps.push({ name: TOOLS.device, args: { deviceId: offender(candidate)?.object_id } });
	}
	if (done.length < steps.length) return steps;

	const prior = list(done[2].result)
		.filter((d) => d?.type === type && offender(d)?.object_id === source?.object_id)
		.sort((a, b) => a.id - b.id);
	const benign =
		prior.length >= 2 &&
		prior.every((d) => d.status === 'closed' && d.resolution === 'no_action_taken');
	const priorIds = prior.map((d) => d.id).join(', ');
	if (benign) {
		for (const d of cluster) {
			steps.push({ name: TOOLS.close, args: { detectionId: d.id } });
			steps.push({
				name: TOOLS.note,
				args: {
					detectionId: d.id,
					text:
						`AI triage: False Positive (confidence High, ai_disposition false_positive). ` +
						`${type} from ${who(source)}: the SOC closed the same type from the same device ` +
						`${prior.length} times with no action taken (${priorIds}). ` +
						`Closed with no action taken after human approval.`,
				},
			});
		}
	}
	const detail = candidate ? list(done[3].result)[0] : undefined;
	const device = candidate ? list(done[4].result)[0] : undefined;
	if (detail && (detail.risk_score ?? 0) >= 80) {
		const name = `${detail.title ?? detail.type} from ${who(offender(detail))}`;
		const techniques = (detail.mitre_techniques ?? [])
			.map((/** @type {any} */ t) => t.id ?? t)
			.join(', ');
		const why =
			`risk score ${detail.risk_score}, MITRE ${techniques || 'n/a'}, offender role ` +
			`${device?.role ?? 'unknown'}`;
		steps.push({
			name: TOOLS.investigate,
			args: {
				name,
				detectionIds: String(detail.id),
				notes: `Opened by AI triage (L1): Malicious True Positive, confidence High (${why}).`,
			},
		});
		steps.push({
			name: TOOLS.note,
			args: {
				detectionId: detail.id,
				text:
					`AI triage: Malicious True Positive (confidence High, ai_disposition ` +
					`malicious_true_positive): ${why}. Investigation "${name}" opened after human approval.`,
			},
		});
	}
	if (benign) {
		steps.push({
			name: TOOLS.tune,
			args: {
				detectionType: type,
				offender: String(source?.object_id),
				reason: `AI triage: recurring benign ${type} from ${who(source)} (closed before: ${priorIds})`,
			},
		});
		steps.push({
			name: TOOLS.note,
			args: {
				detectionId: cluster[0].id,
				text:
					`AI triage: tuning rule created after human approval: hide ${type} from ` +
					`${who(source)}, any victim, for 90 days (supporting closes: ${priorIds}).`,
			},
		});
	}
	return steps;
}

/**
 * The script for tools/simulators/openai: one answer from the conversation so far.
 * @param {{ messages: any[], tools: any[] }} request
 */
function triageModel({ messages, tools }) {
	const done = history(messages);
	// n8n reports a declined review as the tool's result, [{ output: 'User rejected the tool call
	// to ...' }]; read it in whatever shape the result arrives.
	const rejected = done.find((d) => /rejected the tool call/i.test(JSON.stringify(d.result)));
	if (rejected) {
		return {
			content:
				`Stopped: the reviewer rejected ${rejected.name} ${JSON.stringify(rejected.args)}. ` +
				'Nothing else was changed; tell me how to proceed.',
		};
	}
	const steps = plan(done);
	const next = steps[done.length];
	if (!next) {
		/** @type {string[]} */
		const changes = [TOOLS.close, TOOLS.investigate, TOOLS.tune];
		const acted = done.filter((d) => changes.includes(d.name));
		return {
			content:
				`L1 triage done: ${acted.length} approved action(s): ` +
				acted.map((d) => `${d.name} ${JSON.stringify(d.args)}`).join('; '),
		};
	}
	const tool = tools.find((t) => t.function?.name === next.name);
	const gated = Boolean(tool?.function?.parameters?.properties?.toolParameters);
	return {
		toolCalls: [
			{
				name: next.name,
				arguments: gated ? { toolParameters: next.args, hitlParameters: {} } : next.args,
			},
		],
	};
}

module.exports = { triageModel, TOOLS, history, plan };
