// @ts-check
/**
 * Mutation testing of the delivery-critical modules (docs/maintainers/mutation-testing.md).
 * `npm run mutation` (scripts/mutation.mjs) runs every group below, one Stryker run each;
 * `npm run mutation -- transport router` runs some. A group is the code it mutates and the jest files allowed to kill its
 * mutants: each mutant runs only the tests that covered it (per-test coverage), but jest loads
 * every file of the group to find them, so each group keeps its own short list.
 *
 * jest's findRelatedTests is off: the engine tests load the nodes through the package manifest
 * (test/harness/package-registry.ts, a require() of a computed path), which jest's static graph
 * does not follow, so it would leave out every engine test.
 */
import { readFileSync } from 'node:fs';

import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** The lines of LogMule's ServicePolicy in its transport file (its explanations are not mutated). */
function logMulePolicyLines() {
	const file = 'nodes/LogMule/transport/index.ts';
	const lines = readFileSync(file, 'utf8').split('\n');
	const first = lines.findIndex((l) => l.startsWith('const DEFAULT_RETRY'));
	const policy = lines.findIndex((l) => l.startsWith('export const LOGMULE_POLICY'));
	const last = lines.findIndex((l, i) => i > policy && l === '};');
	if (first === -1 || policy === -1 || last === -1)
		throw new Error(`${file}: LOGMULE_POLICY not found; update stryker.config.mjs`);
	return `${file}:${first + 1}-${last + 1}`;
}

export const GROUPS = {
	transport: {
		mutate: [
			'nodes/shared/transport/**/*.ts',
			'nodes/ExtraHop/common/transportPolicy.ts',
			logMulePolicyLines(),
		],
		tests: [
			'test/shared/transport-core.test.ts',
			'test/mutation/retry-delays.test.ts',
			'test/mutation/transport-*.test.ts',
			// answerBytesFor (transportPolicy.ts): the answer size a page may get.
			'test/security/answers.test.ts',
		],
	},
	router: {
		mutate: ['nodes/shared/router.ts', 'nodes/shared/concurrency.ts', 'nodes/shared/errors.ts'],
		tests: [
			'test/mutation/router.test.ts',
			'test/mutation/item-order.test.ts',
			'test/mutation/continue-on-fail.test.ts',
		],
	},
	webhook: {
		mutate: ['nodes/ExtraHop/webhook/memory.ts', 'nodes/ExtraHop/webhook/senderAuth.ts'],
		tests: ['test/mutation/webhook-*.test.ts'],
	},
	update: {
		mutate: [
			'nodes/ExtraHop/actions/detection/update*.ts',
			'nodes/ExtraHop/actions/detection/patchDetection.ts',
			'nodes/ExtraHop/actions/detection/trackingFields.ts',
		],
		tests: ['test/extrahop/update-readback.test.ts', 'test/mutation/update-*.test.ts'],
	},
	cursor: {
		// The cursor itself; the reconcile files (Detection Still Without Ticket) are another feature
		// with their own tests.
		mutate: [
			'nodes/ExtraHop/trigger/cursor.ts',
			'nodes/ExtraHop/trigger/run.ts',
			'nodes/ExtraHop/trigger/server.ts',
			'nodes/ExtraHop/trigger/state.ts',
		],
		// The cursor's own deterministic tests (on the in-memory search); the soak, the state bound
		// and the 20,000 detection burst (simulator over HTTP) are too slow to run per mutant.
		tests: [
			'test/extrahop/trigger-cursor.test.ts',
			'test/extrahop/trigger-cursor-clock.test.ts',
			'test/extrahop/trigger-state-compat.test.ts',
			'test/extrahop/trigger-state-unit.test.ts',
			'test/extrahop/trigger-server-unit.test.ts',
			'test/mutation/cursor-*.test.ts',
		],
	},
};

// Unset when scripts/mutation.mjs reads GROUPS: then nothing is mutated (Stryker refuses to run).
const groupName = process.env.MUTATION_GROUP ?? '';
const group = groupName
	? GROUPS[/** @type {keyof typeof GROUPS} */ (groupName)]
	: { mutate: [], tests: [] };
if (!group) throw new Error(`MUTATION_GROUP must be one of ${Object.keys(GROUPS).join(', ')}`);
// MUTATION_TYPECHECK=off runs the mutants TypeScript would refuse too (separate results): what a
// test run without the type check (jest alone) makes of them.
const typecheck = process.env.MUTATION_TYPECHECK !== 'off';
// MUTATION_OUT: another folder for the reports and the incremental file (two runs at once).
const out = process.env.MUTATION_OUT ?? `.tmp/mutation/${groupName}${typecheck ? '' : '-untyped'}`;

/**
 * Parameter descriptions (INodeProperties: objects with a displayName, and the
 * updateDisplayOptions(...) of an operation) are what the editor shows, not behaviour: not mutated.
 */
const descriptionIgnorer = {
	/** @param {any} path */
	shouldIgnore(path) {
		if (
			path.isObjectExpression() &&
			path.node.properties.some(
				(/** @type {any} */ p) => p.type === 'ObjectProperty' && p.key?.name === 'displayName',
			)
		)
			return 'parameter description (INodeProperties)';
		if (path.isCallExpression() && path.node.callee?.name === 'updateDisplayOptions')
			return 'parameter description (updateDisplayOptions)';
		return undefined;
	},
};
export const strykerPlugins = [
	declareValuePlugin(PluginKind.Ignore, 'node-descriptions', descriptionIgnorer),
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	mutate: group.mutate,
	testRunner: 'jest',
	jest: {
		projectType: 'custom',
		configFile: 'jest.config.js',
		config: { testMatch: group.tests.map((t) => `<rootDir>/${t}`) },
		enableFindRelatedTests: false,
	},
	coverageAnalysis: 'perTest',
	checkers: typecheck ? ['typescript'] : [],
	// The build configuration: node code only, which is all that is mutated.
	tsconfigFile: 'tsconfig.build.json',
	appendPlugins: ['./stryker.config.mjs'],
	ignorers: ['node-descriptions'],
	// A shared 2-core machine: one test runner by default (`--concurrency 2` on a quiet one).
	concurrency: 1,
	// Generous: a test slowed down by a busy machine must not count as a mutant's timeout (a kill).
	timeoutMS: 20_000,
	timeoutFactor: 2,
	dryRunTimeoutMinutes: 20,
	incremental: true,
	incrementalFile: `${out}/incremental.json`,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: `${out}/report.html` },
	jsonReporter: { fileName: `${out}/report.json` },
	clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
	ignorePatterns: ['dist', '.tmp', 'test-results', 'coverage', '.n8n-demo', '*.tgz'],
	tempDirName: '.stryker-tmp',
	cleanTempDir: true,
};
