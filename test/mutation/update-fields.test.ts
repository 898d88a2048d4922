/**
 * Detection > Update and Update by Ticket before any request: the PATCH body built from the
 * Update Fields (trackingFields.ts), what each item's preparation refuses, with which words and
 * item index, and the read-back choice by node version.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
} from 'n8n-workflow';

import {
	buildTrackingBody,
	requireChanges,
	trackingFieldOptions,
} from '../../nodes/ExtraHop/actions/detection/trackingFields';
import { update } from '../../nodes/ExtraHop/actions/detection/update.operation';
import { updateByTicket } from '../../nodes/ExtraHop/actions/detection/updateByTicket.operation';
import { FAKE_NODE } from './fake-http';

function refusal(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('nothing was refused');
}

/** The refusal of a preparation that may be async (an operation's prepare may return a promise). */
async function asyncRefusal(run: () => Promise<unknown>): Promise<NodeOperationError> {
	const outcome = await run().then(
		() => undefined,
		(error: unknown) => error,
	);
	if (outcome === undefined) throw new Error('nothing was refused');
	expect(outcome).toBeInstanceOf(NodeOperationError);
	return outcome as NodeOperationError;
}

const body = (fields: IDataObject, itemIndex = 0) =>
	buildTrackingBody(FAKE_NODE, fields, itemIndex);

describe('trackingFieldOptions', () => {
	it('Update offers the ticket ID, Update by Ticket does not', () => {
		expect(trackingFieldOptions(true).map((f) => f.name)).toEqual([
			'assignee',
			'resolution',
			'status',
			'ticketId',
		]);
		expect(trackingFieldOptions(false).map((f) => f.name)).toEqual([
			'assignee',
			'resolution',
			'status',
		]);
	});
});

describe('buildTrackingBody', () => {
	it('sends only the fields set, trimmed and normalised', () => {
		expect(body({})).toEqual({});
		expect(
			body({
				ticketId: '  SOC-1 ',
				assignee: ' alice ',
				status: 'In Progress',
				resolution: 'no-action-taken',
			}),
		).toEqual({
			ticket_id: 'SOC-1',
			assignee: 'alice',
			status: 'in_progress',
			resolution: 'no_action_taken',
		});
		expect(body({ status: 'closed' })).toEqual({ status: 'closed' });
		expect(body({ ticketId: 42 })).toEqual({ ticket_id: '42' });
	});

	it.each(['none', 'NONE', ' open ', '.none', null])(
		'status and resolution %j clear the field',
		(value) => {
			expect(body({ status: value, resolution: value })).toEqual({
				status: null,
				resolution: null,
			});
		},
	);

	it.each(['acknowledged', 'new', 'closed', 'in_progress'])('status %s', (status) => {
		expect(body({ status })).toEqual({ status });
	});

	it('an empty ticket ID or assignee is refused, saying how to leave it unchanged', () => {
		const ticket = refusal(() => body({ ticketId: '  ' }, 3));
		expect(ticket.message).toBe('Ticket ID is empty');
		expect(ticket.description).toBe(
			"Give the ticket's ID, or remove the Ticket ID field to leave it unchanged.",
		);
		expect(ticket.context.itemIndex).toBe(3);
		const assignee = refusal(() => body({ assignee: '' }, 2));
		expect(assignee.message).toBe('Assignee is empty');
		expect(assignee.description).toBe(
			'Give a username, or remove the Assignee field to leave it unchanged.',
		);
		expect(assignee.context.itemIndex).toBe(2);
	});

	it('an unknown status or resolution is refused with the allowed values', () => {
		const status = refusal(() => body({ status: 'done' }, 1));
		expect(status.message).toBe('Invalid status "done"');
		expect(status.description).toBe('Allowed values: new, in_progress, closed, acknowledged.');
		expect(status.context.itemIndex).toBe(1);
		const resolution = refusal(() => body({ resolution: 'fixed' }, 4));
		expect(resolution.message).toBe('Invalid resolution "fixed"');
		expect(resolution.description).toBe('Allowed values: action_taken, no_action_taken.');
		expect(resolution.context.itemIndex).toBe(4);
	});
});

describe('requireChanges', () => {
	it('refuses an empty body, naming what was to be updated', () => {
		const error = refusal(() => requireChanges(FAKE_NODE, {}, 5, 'detection 9'));
		expect(error.message).toBe('Nothing to update on detection 9');
		expect(error.description).toBe('Add at least one field under "Update Fields".');
		expect(error.context.itemIndex).toBe(5);
		expect(requireChanges(FAKE_NODE, { status: null }, 0, 'x')).toBeUndefined();
	});
});

/** An execute context answering node parameters per item. */
function itemContext(parametersOf: (i: number) => IDataObject, typeVersion = 1) {
	const node: INode = { ...FAKE_NODE, typeVersion };
	return {
		getNode: () => node,
		getNodeParameter: (name: string, i: number, fallback?: unknown) =>
			parametersOf(i)[name] === undefined ? fallback : parametersOf(i)[name],
	} as unknown as IExecuteFunctions;
}

describe('Detection > Update, per item', () => {
	const prepare = async (parameters: IDataObject, typeVersion = 1, i = 0) =>
		await update.prepare.call(
			itemContext(() => parameters, typeVersion),
			i,
		);

	it('version 1 reads the detection back unless told not to; 1.1 and later only when told to', async () => {
		const fields = { detectionId: 5, updateFields: { status: 'new' } };
		expect(await prepare(fields, 1)).toEqual({
			id: 5,
			body: { status: 'new' },
			readBack: true,
			simplify: false,
		});
		expect(await prepare(fields, 1.1)).toEqual({
			id: 5,
			body: { status: 'new' },
			readBack: false,
			simplify: false,
		});
		expect((await prepare({ ...fields, readBack: false }, 1)).readBack).toBe(false);
		expect((await prepare({ ...fields, readBack: true }, 1.2)).readBack).toBe(true);
	});

	it('simplifies only what it reads back', async () => {
		const fields = { detectionId: 5, updateFields: { status: 'new' }, simplify: true };
		expect((await prepare({ ...fields, readBack: true }, 1.1)).simplify).toBe(true);
		expect((await prepare({ ...fields, readBack: false }, 1)).simplify).toBe(false);
	});

	it('refuses nothing to change, naming the detection and the item', async () => {
		const error = await asyncRefusal(
			async () => await prepare({ detectionId: 77, updateFields: {} }, 1, 3),
		);
		expect(error.message).toBe('Nothing to update on detection 77');
		expect(error.context.itemIndex).toBe(3);
	});
});

describe('Detection > Update by Ticket, per item', () => {
	const prepare = (parameters: IDataObject, i = 0) =>
		updateByTicket.prepare.call(
			itemContext(() => parameters),
			i,
		);

	it('the ticket ID trimmed, the fields, simplify', () => {
		expect(
			prepare({ ticketId: ' SOC-5 ', updateFields: { status: 'closed' }, simplify: true }),
		).toEqual({ ticketId: 'SOC-5', body: { status: 'closed' }, simplify: true });
		expect(prepare({ ticketId: 'SOC-5', updateFields: { assignee: 'bo' } })).toEqual({
			ticketId: 'SOC-5',
			body: { assignee: 'bo' },
			simplify: false,
		});
	});

	it('refuses an empty ticket ID', () => {
		const error = refusal(() => prepare({ ticketId: '   ', updateFields: { status: 'new' } }, 2));
		expect(error.message).toBe('Ticket ID is empty');
		expect(error.description).toBe('Give the ticket whose detections should be updated.');
		expect(error.context.itemIndex).toBe(2);
	});

	it('refuses nothing to change, naming the ticket', () => {
		const error = refusal(() => prepare({ ticketId: 'SOC-5', updateFields: {} }, 1));
		expect(error.message).toBe('Nothing to update on the detections of ticket SOC-5');
		expect(error.context.itemIndex).toBe(1);
	});

	it.each(['status', 'resolution'])(
		'cannot clear the %s, and says what to use instead',
		(field) => {
			const error = refusal(() =>
				prepare({ ticketId: 'SOC-5', updateFields: { assignee: 'a', [field]: 'none' } }, 4),
			);
			expect(error.message).toBe(`Update by Ticket cannot clear the ${field}`);
			expect(error.description).toBe(
				`ExtraHop's PATCH /detections/tickets accepts a ${field} value, not none. To clear it, use Detection > Update on each detection.`,
			);
			expect(error.context.itemIndex).toBe(4);
		},
	);
});
