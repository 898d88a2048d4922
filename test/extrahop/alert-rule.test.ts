import { apiRequests, extraHopNode, startExtraHop, type ExtraHopSetup } from '../helpers/extrahop';

let h: ExtraHopSetup;
beforeEach(async () => {
	h = await startExtraHop();
});
afterEach(async () => {
	await h.sim.stop();
});

const rule = (operation: string, parameters: Record<string, unknown> = {}, options = {}) =>
	extraHopNode({ resource: 'alertRule', operation, ...parameters }, options);

const lastBody = () =>
	JSON.parse(
		apiRequests(h.sim)
			.filter((r) => r.body)
			.at(-1)!.body,
	);

describe('Alert Rule', () => {
	it('creates a threshold rule with the spec fields and returns it read back', async () => {
		const [out] = await h.engine.runNode(
			rule('create', {
				name: 'DNS query spike',
				additionalFields: {
					fieldName: 'req',
					statName: 'extrahop.device.dns_client',
					operator: '>=',
					operand: '10000',
					intervalLength: 60,
					refireInterval: 1800,
					severity: 1,
					units: 'period',
					cc: 'soc@example.com, oncall@example.com',
					description: 'Tunnelling',
				},
			}),
		);
		expect(lastBody()).toEqual({
			name: 'DNS query spike',
			type: 'threshold',
			apply_all: false,
			field_name: 'req',
			stat_name: 'extrahop.device.dns_client',
			operator: '>=',
			operand: '10000',
			interval_length: 60,
			refire_interval: 1800,
			severity: 1,
			units: 'period',
			cc: ['soc@example.com', 'oncall@example.com'],
			description: 'Tunnelling',
		});
		expect(out.json).toMatchObject({ id: 2, name: 'DNS query spike', severity: 1 });
	});

	it('lists with Return All or Limit, updates (sending the required fields back) and deletes', async () => {
		await h.engine.runNode(rule('create', { name: 'Second' }));
		const all = await h.engine.runNode(rule('getAll', { returnAll: true }));
		expect(all.map((o) => o.json.name)).toEqual(['SMB/CIFS write bytes spike', 'Second']);
		expect(await h.engine.runNode(rule('getAll', { limit: 1 }))).toHaveLength(1);

		const [updated] = await h.engine.runNode(
			rule('update', { alertRuleId: '1', updateFields: { severity: 0, disabled: true } }),
		);
		expect(lastBody()).toMatchObject({
			name: 'SMB/CIFS write bytes spike',
			type: 'threshold',
			apply_all: false,
			field_name: 'write_bytes',
			severity: 0,
			disabled: true,
		});
		expect(lastBody()).not.toHaveProperty('id');
		expect(updated.json).toMatchObject({
			id: 1,
			severity: 0,
			disabled: true,
			operand: '500000000',
		});

		const [deleted] = await h.engine.runNode(rule('delete', { alertRuleId: '2' }));
		expect(deleted.json).toEqual({ id: 2, deleted: true });
		expect(
			h.sim
				.soc()
				.alerts.alerts()
				.map((a: { id: number }) => a.id),
		).toEqual([1]);
	});

	it('assigns and unassigns devices and device groups with one request per item', async () => {
		const out = await h.engine.runNode(
			rule('assign', {
				alertRuleId: '1',
				target: '={{ $json.target }}',
				targetIds: '={{ $json.ids }}',
			}),
			[
				{ target: 'devices', ids: '1904, 1900' },
				{ target: 'devicegroups', ids: [8] },
			],
		);
		expect(out.map((o) => o.json)).toEqual([
			{ alert_rule_id: 1, assigned_device_ids: [1904, 1900] },
			{ alert_rule_id: 1, assigned_device_group_ids: [8] },
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		await h.engine.runNode(
			rule('unassign', { alertRuleId: '1', target: 'devices', targetIds: '1901' }),
		);
		expect(lastBody()).toEqual({ unassign: [1901] });
		expect(h.sim.soc().alerts.assignments(1)).toEqual({
			devices: [1900, 1904],
			devicegroups: [8],
		});
	});

	it('validates every item before any request, naming the item', async () => {
		const cases: Array<[string, Record<string, unknown>, RegExp]> = [
			['create', { name: ' ' }, /needs a name/],
			['create', { name: 'x', additionalFields: { severity: '9' } }, /Invalid severity "9"/],
			[
				'create',
				{ name: 'x', additionalFields: { cc: 'soc@example.com, nope' } },
				/Invalid email address "nope"/,
			],
			['update', { alertRuleId: '1', updateFields: {} }, /Nothing to update/],
			['delete', { alertRuleId: 'abc' }, /Invalid alert rule ID "abc"/],
			[
				'assign',
				{ alertRuleId: '1', target: 'devices', targetIds: '1900, x' },
				/Invalid device ID "x"/,
			],
		];
		for (const [operation, parameters, message] of cases) {
			await expect(h.engine.runNode(rule(operation, parameters), [{}])).rejects.toMatchObject({
				message: expect.stringMatching(message),
				context: { itemIndex: 0 },
			});
		}
		expect(apiRequests(h.sim)).toHaveLength(0);
	});

	it('says which rule is missing; Continue On Fail keeps the other items', async () => {
		const out = await h.engine.runNode(
			rule('delete', { alertRuleId: '={{ $json.id }}' }, { continueOnFail: true }),
			[{ id: 99 }, { id: 1 }],
		);
		expect(out[0].json).toMatchObject({ error: 'Alert rule 99 not found', httpCode: '404' });
		expect(out[1].json).toEqual({ id: 1, deleted: true });
		await expect(
			h.engine.runNode(
				rule('update', { alertRuleId: '={{ $json.id }}', updateFields: { severity: 1 } }),
				[{ id: 99 }],
			),
		).rejects.toMatchObject({ message: 'Alert rule 99 not found', context: { itemIndex: 0 } });
	});

	it('finds a new rule by its unique name when ExtraHop answers 201 without Location', async () => {
		h.sim.config.createAnswersLocation = false;
		const [out] = await h.engine.runNode(rule('create', { name: 'Beaconing' }));
		expect(out.json).toMatchObject({ id: 2, name: 'Beaconing', type: 'threshold' });
	});
});
