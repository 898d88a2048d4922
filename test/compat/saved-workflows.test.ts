/**
 * Workflows saved with 0.1.0 keep working: the example workflows as 0.1.0 shipped them
 * (test/compat/saved-0.1.0, byte for byte, never edited) are read by today's nodes the way n8n
 * reads a saved workflow. For every node of this package: its type and typeVersion still exist,
 * every saved parameter is still a parameter that version shows for those values, every saved
 * option value is still offered, and n8n reports no parameter issue (what the editor marks red).
 * The examples in examples/ may move on; these files may not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IVersionedNodeType,
	type NodeParameterValueType,
} from 'n8n-workflow';

import { PACKAGE_NAME, packageNodeTypes } from '../harness/package-registry';

const SAVED_DIR = join(__dirname, 'saved-0.1.0');
const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
const nodeTypes = packageNodeTypes();

/**
 * Parameters in the saved files that no version of the node ever showed (hand-written examples
 * carried them); n8n drops them when it loads the node, so they are no promise to keep.
 */
/** What n8n adds to a node it turns into an AI agent's tool (n8n's tool-generation/ai-tools). */
const TOOL_PARAMETERS = ['descriptionType', 'toolDescription'];

const NEVER_SHOWN = new Set(['detection > Update: simplify']);

function descriptionFor(type: INodeType | IVersionedNodeType, version: number) {
	if ('nodeVersions' in type) {
		const versioned = type.nodeVersions[version];
		return versioned ? versioned.description : undefined;
	}
	const versions = Array.isArray(type.description.version)
		? type.description.version
		: [type.description.version];
	return versions.includes(version) ? type.description : undefined;
}

function operationName(values: INodeParameters): string {
	const operation = values.operation as string | undefined;
	return operation ? operation.charAt(0).toUpperCase() + operation.slice(1) : '';
}

function isExpression(value: NodeParameterValueType): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

/** What a saved value no longer matches in `properties`, as `path: reason` lines. */
function unknownValues(
	properties: INodeProperties[],
	values: INodeParameters,
	root: INodeParameters,
	node: INode,
	description: INodeTypeDescription,
	path: string,
	topLevel: boolean,
	savedBy010 = true,
): string[] {
	const problems: string[] = [];
	for (const [name, value] of Object.entries(values)) {
		const candidates = properties.filter((property) => property.name === name);
		const shown = topLevel
			? candidates.filter((property) =>
					NodeHelpers.displayParameter(values, property, node, description, root),
				)
			: candidates;
		const property = shown[0];
		if (!property && topLevel && description.polling && name === 'pollTimes') continue; // n8n's own
		if (
			!property &&
			savedBy010 &&
			NEVER_SHOWN.has(`${values.resource as string} > ${operationName(values)}: ${name}`)
		)
			continue;
		if (!property) {
			problems.push(`${path}${name}: not a parameter shown for these values`);
			continue;
		}
		if (value === null || value === undefined || isExpression(value)) continue;
		if (property.type === 'options' && property.options) {
			const offered = property.options.map((option) =>
				'value' in option ? option.value : undefined,
			);
			if (!offered.includes(value as string | number | boolean))
				problems.push(`${path}${name}: value ${JSON.stringify(value)} no longer offered`);
		}
		if (property.type === 'multiOptions' && property.options && Array.isArray(value)) {
			const offered = property.options.map((option) =>
				'value' in option ? option.value : undefined,
			);
			for (const item of value)
				if (!offered.includes(item as string))
					problems.push(`${path}${name}: value ${JSON.stringify(item)} no longer offered`);
		}
		if (property.type === 'collection' && property.options && typeof value === 'object') {
			problems.push(
				...unknownValues(
					property.options as INodeProperties[],
					value as INodeParameters,
					root,
					node,
					description,
					`${path}${name}.`,
					false,
				),
			);
		}
		if (property.type === 'fixedCollection' && property.options && typeof value === 'object') {
			for (const [group, entries] of Object.entries(value as INodeParameters)) {
				const groupDescription = property.options.find((option) => option.name === group);
				if (!groupDescription || !('values' in groupDescription)) {
					problems.push(`${path}${name}.${group}: no longer a group of this parameter`);
					continue;
				}
				const list = Array.isArray(entries) ? entries : [entries];
				list.forEach((entry, index) =>
					problems.push(
						...unknownValues(
							groupDescription.values,
							entry as INodeParameters,
							root,
							node,
							description,
							`${path}${name}.${group}[${index}].`,
							false,
						),
					),
				);
			}
		}
	}
	return problems;
}

/** Everything today's nodes no longer read in a saved workflow, as `node: problem` lines. */
function incompatibilities(workflow: { nodes: INode[] }, savedBy010 = true): string[] {
	const problems: string[] = [];
	for (const node of workflow.nodes) {
		if (!node.type.startsWith(`${PACKAGE_NAME}.`)) continue;
		// A node used as an AI agent's tool is saved as `<type>Tool`: n8n generates that type from
		// the node (usableAsTool) and adds its own two tool parameters.
		const asTool = !nodeTypes[node.type] && node.type.endsWith('Tool');
		const type = nodeTypes[asTool ? node.type.slice(0, -'Tool'.length) : node.type];
		if (!type) {
			problems.push(`${node.name}: node type ${node.type} no longer exists`);
			continue;
		}
		const description = descriptionFor(type, node.typeVersion);
		if (!description) {
			problems.push(`${node.name}: ${node.type} version ${node.typeVersion} no longer exists`);
			continue;
		}
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
		if (issues) problems.push(`${node.name}: parameter issues ${JSON.stringify(issues)}`);
		const parameters = Object.fromEntries(
			Object.entries(node.parameters).filter(
				([name]) => !(asTool && TOOL_PARAMETERS.includes(name)),
			),
		) as INodeParameters;
		problems.push(
			...unknownValues(
				description.properties,
				parameters,
				node.parameters,
				node,
				description,
				'',
				true,
				savedBy010,
			).map((problem) => `${node.name}: ${problem}`),
		);
	}
	return problems;
}

const savedFiles = readdirSync(SAVED_DIR).filter((file) => file.endsWith('.json'));
const load = (file: string) =>
	JSON.parse(readFileSync(join(SAVED_DIR, file), 'utf8')) as { nodes: INode[] };

describe('workflows saved with 0.1.0', () => {
	it('are all here (the nine examples 0.1.0 shipped)', () => {
		expect(savedFiles).toHaveLength(9);
	});

	it.each(savedFiles)('%s is read by today’s nodes unchanged', (file) => {
		const workflow = load(file);
		expect(workflow.nodes.some((node) => node.type.startsWith(`${PACKAGE_NAME}.`))).toBe(true);
		expect(incompatibilities(workflow)).toEqual([]);
	});

	// Today's examples are read the same way, with no parameter the node does not show.
	it.each(
		readdirSync(EXAMPLES_DIR).filter(
			(file) => file.endsWith('.json') && file !== 'credentials.example.json',
		),
	)('today’s example %s has no parameter its node does not show', (file) => {
		const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as {
			nodes: INode[];
		};
		expect(incompatibilities(workflow, false)).toEqual([]);
	});

	// The check itself must see what users would: each change below breaks a saved workflow.
	describe('the check sees a break', () => {
		const ours = (workflow: { nodes: INode[] }, type: string) =>
			workflow.nodes.find((node) => node.type === `${PACKAGE_NAME}.${type}`)!;

		it('a renamed parameter', () => {
			const workflow = load('01-extrahop-detection-to-jira.json');
			const node = ours(workflow, 'extraHop');
			node.parameters = { ...node.parameters, operationRenamed: node.parameters.operation };
			expect(incompatibilities(workflow).join('\n')).toMatch(/operationRenamed: not a parameter/);
		});

		it('an option value no longer offered', () => {
			const workflow = load('01-extrahop-detection-to-jira.json');
			const node = ours(workflow, 'extraHop');
			node.parameters = { ...node.parameters, resource: 'detectionV0' };
			expect(incompatibilities(workflow).join('\n')).toMatch(/"detectionV0" no longer offered/);
		});

		it('a renamed field inside a collection, and a collection value no longer offered', () => {
			const workflow = load('01-extrahop-detection-to-jira.json');
			const node = workflow.nodes.find(
				(candidate) =>
					candidate.type === `${PACKAGE_NAME}.extraHop` &&
					candidate.parameters.operation === 'update',
			)!;
			node.parameters = {
				...node.parameters,
				updateFields: { state: 'closed', status: 'in-progress' },
			};
			const found = incompatibilities(workflow).join('\n');
			expect(found).toMatch(/updateFields\.state: not a parameter/);
			expect(found).toMatch(/updateFields\.status: value "in-progress" no longer offered/);
		});

		it('a version that is gone', () => {
			const workflow = load('01-extrahop-detection-to-jira.json');
			ours(workflow, 'extraHopTrigger').typeVersion = 0.5;
			expect(incompatibilities(workflow).join('\n')).toMatch(/version 0.5 no longer exists/);
		});
	});
});
