/**
 * The hint under each Operation is what an AI agent (and a SOC engineer picking an operation)
 * reads to choose between a cheap bulk call and a per-detection one: ExtraHop's triage workflow
 * climbs a cost ladder (extrahop-triage/reference/tools.md, "Enrichment cost ladder"). Every
 * operation's description says what it is for and what it costs, and a state-changing one says so.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ExtraHop } from '../../nodes/ExtraHop/ExtraHop.node';
import { resources } from '../../nodes/ExtraHop/actions/resources';

const properties = new ExtraHop().description.properties;

const resourceValues = (
	properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]
).map((o) => o.value as string);

function operationProperty(resource: string): INodeProperties | undefined {
	return properties.find(
		(p) =>
			p.name === 'operation' &&
			JSON.stringify(p.displayOptions?.show?.resource) === JSON.stringify([resource]),
	);
}

const operations = resourceValues.flatMap((resource) =>
	((operationProperty(resource)?.options ?? []) as INodePropertyOptions[]).map((option) => ({
		resource,
		option,
	})),
);
const cases = operations.map(({ resource, option }) => ({
	label: `${resource} > ${option.name}`,
	...option,
	description: option.description ?? '',
	action: option.action ?? '',
}));

// Verbs whose operations write to ExtraHop; read-only operations get, list, search or query.
const STATE_CHANGING = /^(create|update|delete|add|remove|assign|unassign|append|replace)/i;
const COST = /\b(requests?|per|calls?)\b/i;
const normalise = (s: string) =>
	s
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();

test('every resource has an Operation list covering exactly the operations its router runs', () => {
	expect(resourceValues.length).toBe(resources.length);
	for (const resource of resources) {
		const values = ((operationProperty(resource.value)?.options ?? []) as INodePropertyOptions[])
			.map((o) => o.value)
			.sort();
		expect({ resource: resource.value, values }).toEqual({
			resource: resource.value,
			values: Object.keys(resource.operations).sort(),
		});
	}
	expect(operations.length).toBeGreaterThanOrEqual(50);
});

describe.each(cases)('$label', ({ name, value, action, description }) => {
	test('has a short, one-sentence description without a final period', () => {
		expect(description.length).toBeGreaterThan(20);
		expect(description.length).toBeLessThanOrEqual(120);
		expect(description).not.toMatch(/\.$/);
		expect(description).not.toMatch(/\.\s+[A-Z]/);
	});

	test('does not restate its name or action', () => {
		const said = normalise(description);
		expect(said).not.toBe(normalise(name));
		expect(said.startsWith(normalise(action))).toBe(false);
	});

	test('says what it costs in requests', () => {
		expect(description).toMatch(COST);
	});

	test(
		STATE_CHANGING.test(String(value))
			? 'says it changes ExtraHop'
			: 'does not claim to change ExtraHop',
		() => {
			if (STATE_CHANGING.test(String(value))) expect(description).toMatch(/^Changes ExtraHop: /);
			else expect(description).not.toMatch(/changes extrahop/i);
		},
	);
});
