// @ts-check
'use strict';
/**
 * Webhooks (what n8n's Jira Trigger registers): /rest/webhooks/1.0/webhook and
 * /rest/jira-webhook/1.0/webhooks, and `emit`, which POSTs every change to an issue to each
 * enabled webhook of its event whose JQL filter matches, in Jira's payload.
 */
const { compileJql } = require('../jql');
const { jiraError } = require('../data');

/**
 * @typedef {import('../data').SimUser} SimUser
 * @typedef {import('../data').SimIssue} SimIssue
 * @typedef {import('../data').SimComment} SimComment
 * @typedef {import('../data').ChangeGroup} ChangeGroup
 * @typedef {import('../data').SimWebhook} SimWebhook
 * @typedef {import('../data').SimDelivery} SimDelivery
 */

/**
 * @param {import('../render').Renderers & { server: import('../../common/server').SimServer, state: { webhooks: SimWebhook[], deliveries: SimDelivery[], nextWebhookId: number },
 *   now: () => number, base: () => string, webhookTimeoutMs: number, pendingDeliveries: Set<Promise<void>>,
 *   authenticate: (req: import('../../common/server').SimRequest) => SimUser | null, jqlSchema: any }} sim
 */
function addWebhookRoutes({
	server,
	state,
	now,
	base,
	webhookTimeoutMs,
	pendingDeliveries,
	authenticate,
	jqlSchema,
	projectOf,
	renderUser,
	renderIssue,
	renderComment,
}) {
	/**
	 * @param {string} event
	 * @param {SimIssue} issue
	 * @param {{ user: string, changelog?: ChangeGroup | null, comment?: SimComment | null, eventType?: string }} info
	 */
	const emit = (event, issue, info) => {
		const active = state.webhooks.filter((w) => w.enabled && w.events.includes(event));
		if (!active.length) return;
		const project = projectOf(issue);
		/** @type {Record<string, any>} */
		const payload = {
			timestamp: now(),
			webhookEvent: event,
			user: renderUser(info.user),
			issue: renderIssue(issue),
		};
		if (event.startsWith('jira:issue'))
			payload.issue_event_type_name = info.eventType ?? 'issue_generic';
		if (info.changelog) payload.changelog = { id: info.changelog.id, items: info.changelog.items };
		if (info.comment) payload.comment = renderComment(issue, info.comment);
		for (const hook of active) {
			const jql = hook.filters?.['issue-related-events-section'];
			if (jql) {
				try {
					if (!compileJql(jql, jqlSchema, { currentUser: info.user, now }).filter(issue)) continue;
				} catch {
					continue;
				}
			}
			const url = hook.url
				.replace(/\$\{issue\.key\}/g, issue.key)
				.replace(/\$\{issue\.id\}/g, issue.id)
				.replace(/\$\{project\.key\}/g, project.key)
				.replace(/\$\{project\.id\}/g, project.id)
				.replace(/\$\{comment\.id\}/g, info.comment?.id ?? '');
			/** @type {SimDelivery} */
			const delivery = {
				webhookId: hook.id,
				event,
				url,
				status: null,
				error: null,
				at: now(),
				issueKey: issue.key,
			};
			state.deliveries.push(delivery);
			const promise = fetch(url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'User-Agent': 'Atlassian HttpClient 3.0.4 (Jira simulator)',
					'X-Atlassian-Webhook-Identifier': `${hook.id}-${state.deliveries.length}`,
				},
				body: hook.excludeBody ? undefined : JSON.stringify(payload),
				signal: AbortSignal.timeout(webhookTimeoutMs),
			})
				.then(async (res) => {
					delivery.status = res.status;
					await res.arrayBuffer().catch(() => undefined);
				})
				.catch((error) => {
					delivery.error = error instanceof Error ? error.message : String(error);
				})
				.finally(() => pendingDeliveries.delete(promise));
			pendingDeliveries.add(promise);
		}
	};

	const renderWebhook = (/** @type {SimWebhook} */ w, /** @type {string} */ prefix) => ({
		self: `${base()}/rest${prefix}/${w.id}`,
		id: Number(w.id),
		name: w.name,
		url: w.url,
		events: w.events,
		filters: w.filters,
		excludeBody: w.excludeBody,
		enabled: w.enabled,
		lastUpdated: w.lastUpdated,
		lastUpdatedUser: w.lastUpdatedUser,
		lastUpdatedDisplayName: renderUser(w.lastUpdatedUser)?.displayName ?? w.lastUpdatedUser,
	});

	for (const prefix of ['/webhooks/1.0/webhook', '/jira-webhook/1.0/webhooks']) {
		server.route('GET', `/rest${prefix}`, (req) => {
			authenticate(req);
			return { body: state.webhooks.map((w) => renderWebhook(w, prefix)) };
		});
		server.route('POST', `/rest${prefix}`, (req) => {
			const user = /** @type {SimUser} */ (authenticate(req));
			const b = req.body ?? {};
			if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url))
				throw jiraError(400, ['The URL of the webhook is invalid.']);
			if (!Array.isArray(b.events) || b.events.length === 0)
				throw jiraError(400, ['A webhook needs at least one event.']);
			/** @type {SimWebhook} */
			const hook = {
				id: String(state.nextWebhookId++),
				name: String(b.name ?? 'webhook'),
				url: b.url,
				events: b.events.map(String),
				filters: b.filters ?? {},
				excludeBody: Boolean(b.excludeBody),
				enabled: b.enabled !== false,
				lastUpdated: now(),
				lastUpdatedUser: user.name,
			};
			state.webhooks.push(hook);
			return { status: 201, body: renderWebhook(hook, prefix) };
		});
		server.route('GET', `/rest${prefix}/:id`, (req) => {
			authenticate(req);
			const hook = state.webhooks.find((w) => w.id === req.params.id);
			if (!hook) throw jiraError(404, ['Webhook not found.']);
			return { body: renderWebhook(hook, prefix) };
		});
		server.route('DELETE', `/rest${prefix}/:id`, (req) => {
			authenticate(req);
			const before = state.webhooks.length;
			state.webhooks = state.webhooks.filter((w) => w.id !== req.params.id);
			if (state.webhooks.length === before) throw jiraError(404, ['Webhook not found.']);
			return { status: 204 };
		});
	}

	return { emit, renderWebhook };
}

module.exports = { addWebhookRoutes };
