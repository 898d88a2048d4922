// @ts-check
'use strict';
/**
 * Open Data Stream HTTP targets and triggers (`/api/v1/odstargets/http`, `/api/v1/triggers`),
 * used by the webhook trigger's optional auto-registration.
 */
const { HttpError } = require('../common/server');

/**
 * @param {import('../common/server').SimServer} server
 * @param {{ authorise: (req: any) => string, odsTargets: () => Map<string, any>, triggers: () => Map<number, any> }} state
 */
function addAdminRoutes(server, state) {
	let nextTargetId = 1;
	let nextTriggerId = 1;
	server.route('GET', '/api/v1/odstargets/http', (req) => {
		state.authorise(req);
		return { body: [...state.odsTargets().values()] };
	});
	server.route('POST', '/api/v1/odstargets/http', (req) => {
		state.authorise(req);
		const body = req.body ?? {};
		if (typeof body.name !== 'string' || body.name === '') throw new HttpError(400, { error_message: 'name is required' });
		if ([...state.odsTargets().values()].some((t) => t.name === body.name)) {
			throw new HttpError(409, { error_message: `An HTTP target named ${body.name} already exists` });
		}
		const target = { id: nextTargetId++, ...body };
		state.odsTargets().set(String(target.id), target);
		return { status: 201, body: target, headers: { Location: `/api/v1/odstargets/http/${target.id}` } };
	});
	server.route('DELETE', '/api/v1/odstargets/http/:id', (req) => {
		state.authorise(req);
		if (!state.odsTargets().delete(req.params.id)) throw new HttpError(404, { error_message: 'Target not found' });
		return { status: 204 };
	});
	server.route('GET', '/api/v1/triggers', (req) => {
		state.authorise(req);
		return { body: [...state.triggers().values()] };
	});
	server.route('POST', '/api/v1/triggers', (req) => {
		state.authorise(req);
		const body = req.body ?? {};
		if (typeof body.name !== 'string' || typeof body.script !== 'string' || !Array.isArray(body.events)) {
			throw new HttpError(400, { error_message: 'name, script and events are required' });
		}
		const trigger = { id: nextTriggerId++, enabled: true, ...body };
		state.triggers().set(trigger.id, trigger);
		return { status: 201, body: trigger, headers: { Location: `/api/v1/triggers/${trigger.id}` } };
	});
	server.route('DELETE', '/api/v1/triggers/:id', (req) => {
		state.authorise(req);
		if (!state.triggers().delete(Number(req.params.id))) throw new HttpError(404, { error_message: 'Trigger not found' });
		return { status: 204 };
	});
}

module.exports = { addAdminRoutes };
