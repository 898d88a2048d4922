// @ts-check
'use strict';
/**
 * The workflow: GET|POST /issue/{key}/transitions, applyTransition (status, resolution and its
 * date, changelog, event) and what an analyst does through the control API: resolveIssue (to
 * Done with a resolution) and transitionIssue (to a status).
 */
const { STATUSES, STATUS_DONE, RESOLUTIONS, TRANSITIONS, jiraError } = require('../data');

/**
 * @typedef {import('../data').SimIssue} SimIssue
 * @typedef {import('../data').ChangeItem} ChangeItem
 * @typedef {import('../data').ChangeGroup} ChangeGroup
 * @typedef {import('../data').SimComment} SimComment
 */

/**
 * @param {import('../render').Renderers & { rest: import('../data').RestRoute, now: () => number,
 *   applyFields: (issue: SimIssue, fields: Record<string, any>, update: Record<string, any[]>, mode: 'create' | 'edit') => { items: ChangeItem[], comments: string[] },
 *   recordChange: (issue: SimIssue, author: string, items: ChangeItem[]) => ChangeGroup | null,
 *   addComment: (issue: SimIssue, author: string, body: string) => SimComment,
 *   emit: (event: string, issue: SimIssue, info: { user: string, changelog?: ChangeGroup | null, comment?: SimComment | null, eventType?: string }) => void }} sim
 */
function addTransitionRoutes({
	rest,
	now,
	applyFields,
	recordChange,
	addComment,
	emit,
	requireIssue,
	byIdOrName,
	statusOf,
	renderResolution,
	availableTransitions,
	renderTransition,
	controlUser,
}) {
	/**
	 * Moves an issue through a transition (status change), optionally overriding the resolution.
	 * @param {SimIssue} issue
	 * @param {typeof TRANSITIONS[number]} transition
	 * @param {string} author
	 * @param {{ resolutionId?: string | null, comment?: string }} [extra]
	 */
	const applyTransition = (issue, transition, author, extra = {}) => {
		const fromStatus = issue.statusId;
		const fromResolution = issue.resolutionId;
		const resolutionId =
			transition.to === STATUS_DONE ? (extra.resolutionId ?? transition.resolution) : null;
		issue.statusId = transition.to;
		issue.resolutionId = resolutionId;
		issue.resolutionDate = resolutionId ? now() : null;
		/** @type {ChangeItem[]} */
		const items = [];
		if (fromResolution !== resolutionId) {
			items.push({
				field: 'resolution',
				fieldtype: 'jira',
				from: fromResolution,
				fromString: renderResolution(fromResolution)?.name ?? null,
				to: resolutionId,
				toString: renderResolution(resolutionId)?.name ?? null,
			});
		}
		if (fromStatus !== transition.to) {
			items.push({
				field: 'status',
				fieldtype: 'jira',
				from: fromStatus,
				fromString: statusOf(fromStatus).name,
				to: transition.to,
				toString: statusOf(transition.to).name,
			});
		}
		const group = recordChange(issue, author, items);
		const comment = extra.comment ? addComment(issue, author, extra.comment) : null;
		const eventType =
			resolutionId && !fromResolution
				? 'issue_resolved'
				: fromStatus === STATUS_DONE && transition.to !== STATUS_DONE
					? 'issue_reopened'
					: 'issue_generic';
		emit('jira:issue_updated', issue, { user: author, changelog: group, comment, eventType });
		if (comment) emit('comment_created', issue, { user: author, comment });
	};

	rest('GET', '/issue/:idOrKey/transitions', (req) => {
		const issue = requireIssue(req.params.idOrKey);
		const wanted = req.query.get('transitionId');
		const list = availableTransitions(issue).filter((t) => !wanted || t.id === wanted);
		return { body: { expand: 'transitions', transitions: list.map(renderTransition) } };
	});
	rest('POST', '/issue/:idOrKey/transitions', (req, user) => {
		const issue = requireIssue(req.params.idOrKey);
		const id = req.body?.transition?.id;
		if (id === undefined || id === null) throw jiraError(400, ["Missing 'transition' identifier"]);
		const transition = availableTransitions(issue).find((t) => t.id === String(id));
		if (!transition) {
			throw jiraError(400, [
				`It seems that you have tried to perform a workflow operation (${TRANSITIONS.find((t) => t.id === String(id))?.name ?? id}) that is not valid for the current state of this issue (${issue.key}). The likely cause is that somebody has changed the issue recently, please look at the issue history for details.`,
			]);
		}
		/** @type {Record<string,string>} */
		const errors = {};
		/** @type {string | undefined} */
		let resolutionId;
		for (const [name, value] of Object.entries(req.body?.fields ?? {})) {
			if (name === 'resolution' && transition.resolution) {
				const r = byIdOrName(RESOLUTIONS, value);
				if (r) resolutionId = r.id;
				else errors.resolution = `Could not find valid 'id' or 'name' in resolution object.`;
			} else if (name !== 'assignee') {
				errors[name] =
					`Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
			}
		}
		const commentOps = req.body?.update?.comment;
		/** @type {string | undefined} */
		let comment;
		if (commentOps !== undefined) {
			const body = Array.isArray(commentOps) ? commentOps[0]?.add?.body : undefined;
			if (typeof body !== 'string' || body.trim() === '')
				errors.comment = 'Comment body can not be empty!';
			else comment = body;
		}
		if (Object.keys(errors).length) throw jiraError(400, [], errors);
		if (req.body?.fields?.assignee !== undefined) {
			const { items } = applyFields(issue, { assignee: req.body.fields.assignee }, {}, 'edit');
			recordChange(issue, user.name, items);
		}
		applyTransition(issue, transition, user.name, { resolutionId, comment });
		return { status: 204 };
	});

	/**
	 * Moves an issue to Done with the given resolution name (what an analyst closing a ticket does).
	 * @param {string} key
	 * @param {string} [resolutionName]
	 * @param {{ as?: string, comment?: string }} [opts]
	 */
	const resolveIssue = (key, resolutionName = 'Done', opts = {}) => {
		const issue = requireIssue(key);
		const resolution = byIdOrName(RESOLUTIONS, { name: resolutionName });
		if (!resolution)
			throw jiraError(400, [
				`Unknown resolution '${resolutionName}'. Valid: ${RESOLUTIONS.map((r) => r.name).join(', ')}`,
			]);
		const transition = /** @type {typeof TRANSITIONS[number]} */ (
			TRANSITIONS.find((t) => t.resolution === resolution.id)
		);
		applyTransition(issue, transition, controlUser(opts.as), {
			resolutionId: resolution.id,
			comment: opts.comment,
		});
		return issue;
	};
	/**
	 * @param {string} key
	 * @param {string} statusName
	 * @param {{ as?: string, comment?: string }} [opts]
	 */
	const transitionIssue = (key, statusName, opts = {}) => {
		const issue = requireIssue(key);
		const status = byIdOrName(STATUSES, { name: statusName });
		if (!status)
			throw jiraError(400, [
				`Unknown status '${statusName}'. Valid: ${STATUSES.map((s) => s.name).join(', ')}`,
			]);
		if (status.id === STATUS_DONE) return resolveIssue(key, 'Done', opts);
		const transition = /** @type {typeof TRANSITIONS[number]} */ (
			TRANSITIONS.find((t) => t.to === status.id)
		);
		applyTransition(issue, transition, controlUser(opts.as), { comment: opts.comment });
		return issue;
	};

	return { resolveIssue, transitionIssue };
}

module.exports = { addTransitionRoutes };
