// @ts-check
'use strict';
/**
 * Server information, the logged-in user (myself) and users: Jira Server finds a user by name,
 * Jira Cloud by account ID and refuses names (GDPR strict mode).
 */
const { jiraTime, jiraError, paginate } = require('../data');

/**
 * @typedef {import('../data').SimUser} SimUser
 */

/**
 * @param {import('../render').Renderers & { server: import('../../common/server').SimServer, rest: import('../data').RestRoute,
 *   v3: (method: string, pattern: string, handler: (req: import('../../common/server').SimRequest, user: SimUser) => import('../../common/server').SimResponse) => void,
 *   cloud: boolean, users: SimUser[], now: () => number, base: () => string,
 *   authenticate: (req: import('../../common/server').SimRequest, opts?: { optional?: boolean }) => SimUser | null }} sim
 */
function addUserRoutes({
	server,
	rest,
	v3,
	cloud,
	users,
	now,
	base,
	authenticate,
	findByAccountId,
	renderUser,
}) {
	server.route('GET', '/rest/api/2/serverInfo', (req) => {
		authenticate(req, { optional: true });
		if (cloud) {
			return {
				body: {
					baseUrl: base(),
					version: '1001.0.0-SNAPSHOT',
					versionNumbers: [1001, 0, 0],
					deploymentType: 'Cloud',
					buildNumber: 100282,
					buildDate: '2026-11-01T00:00:00.000+0000',
					serverTime: jiraTime(now()),
					scmInfo: 'simulator',
					serverTitle: 'Jira (Cloud simulator)',
				},
			};
		}
		return {
			body: {
				baseUrl: base(),
				version: '9.12.2',
				versionNumbers: [9, 12, 2],
				deploymentType: 'Server',
				buildNumber: 9120002,
				buildDate: '2024-01-10T00:00:00.000+0000',
				serverTime: jiraTime(now()),
				scmInfo: 'simulator',
				serverTitle: 'Jira (simulator)',
			},
		};
	});
	rest('GET', '/myself', (_req, user) => ({
		body: {
			...renderUser(user.name),
			locale: 'en_US',
			groups: { size: 1, items: [{ name: 'jira-software-users' }] },
			applicationRoles: { size: 1, items: [] },
			expand: 'groups,applicationRoles',
		},
	}));
	if (cloud) {
		// Jira Cloud's user list (what n8n's user dropdown calls in Cloud mode): all users, offset pages.
		rest('GET', '/users/search', (req) => {
			const { startAt, maxResults } = paginate(
				req.query.get('startAt'),
				req.query.get('maxResults'),
				50,
				1000,
			);
			return { body: users.slice(startAt, startAt + maxResults).map((u) => renderUser(u.name)) };
		});
	}
	/** Jira Cloud refuses user names in user look-ups (GDPR strict mode). */
	const refuseUsernameInCloud = (/** @type {import('../../common/server').SimRequest} */ req) => {
		if (cloud && (req.query.get('username') !== null || req.query.get('key') !== null)) {
			throw jiraError(400, [
				"The query parameter 'username' is not supported in GDPR strict mode.",
			]);
		}
	};
	rest('GET', '/user/search', (req) => {
		refuseUsernameInCloud(req);
		if (cloud) {
			const needle = (req.query.get('query') ?? '').toLowerCase();
			const accountId = req.query.get('accountId');
			if (!needle && !accountId)
				throw jiraError(400, ["The query parameter 'query' or 'accountId' is required."]);
			return {
				body: users
					.filter((u) =>
						accountId
							? u.accountId === accountId
							: [u.emailAddress, u.displayName].some((x) => x.toLowerCase().includes(needle)),
					)
					.map((u) => renderUser(u.name)),
			};
		}
		const q = req.query.get('username');
		if (q === null) throw jiraError(400, ['The username query parameter was not provided']);
		const { startAt, maxResults } = paginate(
			req.query.get('startAt'),
			req.query.get('maxResults'),
			50,
			1000,
		);
		const needle = q.trim().toLowerCase();
		const includeInactive = req.query.get('includeInactive') === 'true';
		// Jira Server treats "." and "'" (what n8n sends) as "match everyone".
		const all = ['', '.', "'", '*'].includes(needle);
		const found = users.filter(
			(u) =>
				(includeInactive || u.active !== false) &&
				(all ||
					[u.name, u.emailAddress, u.displayName].some((s) => s.toLowerCase().includes(needle))),
		);
		return { body: found.slice(startAt, startAt + maxResults).map((u) => renderUser(u.name)) };
	});
	rest('GET', '/user/assignable/search', (req) => {
		const needle = (req.query.get('username') ?? '').toLowerCase();
		return {
			body: users
				.filter(
					(u) =>
						u.active !== false &&
						(!needle ||
							[u.name, u.emailAddress, u.displayName].some((s) =>
								s.toLowerCase().includes(needle),
							)),
				)
				.map((u) => renderUser(u.name)),
		};
	});
	rest('GET', '/user', (req) => {
		refuseUsernameInCloud(req);
		const name = req.query.get('username') ?? req.query.get('key') ?? req.query.get('accountId');
		const user = renderUser(name);
		if (!user) throw jiraError(404, [`The user named '${name}' does not exist`]);
		return {
			body: {
				...user,
				groups: { size: 1, items: [{ name: 'jira-software-users' }] },
				expand: 'groups,applicationRoles',
			},
		};
	});
	rest('POST', '/user', () => {
		throw jiraError(403, [
			'You do not have the permission to create users (simulator: users are fixed).',
		]);
	});
	rest('DELETE', '/user', () => {
		throw jiraError(403, [
			'You do not have the permission to delete users (simulator: users are fixed).',
		]);
	});
	rest('GET', '/groups/picker', (req) => {
		const needle = (req.query.get('query') ?? '').toLowerCase();
		const groups = ['jira-administrators', 'jira-software-users', 'soc-analysts'].filter((g) =>
			g.includes(needle),
		);
		return {
			body: {
				header: `Showing ${groups.length} of ${groups.length} matching groups`,
				total: groups.length,
				groups: groups.map((name) => ({ name, html: name, labels: [] })),
			},
		};
	});
	if (cloud) {
		v3('GET', '/user', (req) => {
			refuseUsernameInCloud(req);
			const u = findByAccountId(req.query.get('accountId'));
			if (!u)
				throw jiraError(404, [
					`Specified user does not exist or you do not have required permissions`,
				]);
			return {
				body: {
					...renderUser(u.name),
					groups: { size: 1, items: [{ name: 'jira-software-users' }] },
					expand: 'groups,applicationRoles',
				},
			};
		});
		v3('GET', '/myself', (_req, user) => ({ body: renderUser(user.name) }));
	}
}

module.exports = { addUserRoutes };
