/**
 * The direction between the three tooling folders. tools/ holds what scripts and tests share (the
 * simulators, the real-n8n instance library, the example credentials, the browser driver):
 *   scripts/ -> tools/   never test/
 *   test/    -> tools/   never scripts/
 *   tools/   -> neither scripts/ nor test/
 * Checked on every require(), import ... from, import() and export ... from naming a path, relative
 * ('../tools/x') or from the repository root (require(path.join(ROOT, 'tools/x'))). Running a file as
 * a command is not a dependency of the code and is not checked: tools/n8n-instance.js runs
 * scripts/install-n8n.sh, tools/browser-check.js scripts/install-system-deps.sh, a test runs
 * scripts/endpoints.mjs --check.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const FOLDERS = ['scripts', 'test', 'tools'] as const;
type Folder = (typeof FOLDERS)[number];
const FORBIDDEN: Record<Folder, Folder[]> = {
	scripts: ['test'],
	test: ['scripts'],
	tools: ['scripts', 'test'],
};

const SOURCE = /\.(?:[cm]?js|ts)$/;
const sourceFiles = (dir: string): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? e.name === 'node_modules'
				? []
				: sourceFiles(path.join(dir, e.name))
			: SOURCE.test(e.name)
				? [path.join(dir, e.name)]
				: [],
	);

/** The module paths a source names: require('x'), require(path.join(ROOT, 'x')), import('x'), import/export ... from 'x', import 'x'. */
function modulePaths(source: string): string[] {
	const out: string[] = [];
	for (const call of source.matchAll(/\b(?:require|import)\s*\(([^)]*)\)/g)) {
		for (const literal of call[1].matchAll(/['"`]([^'"`$]+)['"`]/g)) out.push(literal[1]);
	}
	for (const from of source.matchAll(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"`]([^'"`]+)['"`]/g))
		out.push(from[1]);
	for (const bare of source.matchAll(/^\s*import\s*['"`]([^'"`]+)['"`]/gm)) out.push(bare[1]);
	return out;
}

/** The tooling folder a module path used in `file` lands in, or null (a package, nodes/, a file outside the three). */
function targetFolder(file: string, spec: string): Folder | null {
	const fromRoot = FOLDERS.some((f) => spec === f || spec.startsWith(`${f}/`));
	const target = spec.startsWith('.')
		? path.resolve(path.dirname(file), spec)
		: fromRoot
			? path.join(ROOT, spec)
			: null;
	if (target === null) return null;
	const top = path.relative(ROOT, target).split(path.sep)[0];
	return (FOLDERS as readonly string[]).includes(top) ? (top as Folder) : null;
}

type Use = { file: string; spec: string; from: Folder; to: Folder };

/** Every use of one tooling folder by a file of another, for files given by absolute path. */
function crossFolderUses(files: { file: string; source: string }[]): Use[] {
	const uses: Use[] = [];
	for (const { file, source } of files) {
		const from = path.relative(ROOT, file).split(path.sep)[0] as Folder;
		for (const spec of modulePaths(source)) {
			const to = targetFolder(file, spec);
			if (to !== null && to !== from)
				uses.push({ file: path.relative(ROOT, file), spec, from, to });
		}
	}
	return uses;
}

const violations = (uses: Use[]) =>
	uses
		.filter((u) => FORBIDDEN[u.from].includes(u.to))
		.map((u) => `${u.file} uses ${u.spec} (${u.from}/ must not use ${u.to}/)`);

describe('tooling folders: scripts/ and test/ use tools/, never each other; tools/ uses neither', () => {
	// This file is left out: its examples of violations below are text, not uses.
	const repository = FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)))
		.filter((file) => file !== __filename)
		.map((file) => ({ file, source: readFileSync(file, 'utf8') }));
	const uses = crossFolderUses(repository);

	it('no file breaks the direction', () => {
		expect(violations(uses)).toEqual([]);
	});

	it('the check sees the uses it is about (scripts/demo.js and the tests use tools/)', () => {
		expect(uses).toContainEqual({
			file: path.join('scripts', 'demo.js'),
			spec: '../tools/n8n-instance',
			from: 'scripts',
			to: 'tools',
		});
		expect(uses.filter((u) => u.from === 'test' && u.to === 'tools').length).toBeGreaterThan(20);
	});

	it('each kind of violation is reported, and allowed uses are not', () => {
		const at = (file: string, source: string) => ({ file: path.join(ROOT, file), source });
		const found = violations(
			crossFolderUses([
				at(
					'scripts/demo.js',
					"const { startN8n } = require('../test/e2e/lib/n8n-instance');\nconst ok = require('../tools/examples');",
				),
				at(
					'scripts/endpoints.mjs',
					"const contract = require(path.join(ROOT, 'test/simulators/extrahop/contract'));",
				),
				at(
					'test/e2e/editor.e2e.js',
					"const { chromiumPath } = require('../../scripts/browser-check');\nconst { startN8n } = require('../../tools/n8n-instance');",
				),
				at(
					'test/helpers/x.ts',
					"import {\n\tlint,\n} from '../../scripts/lint.mjs';\nimport { createExtraHopSimulator } from '../../tools/simulators/extrahop';",
				),
				at(
					'tools/n8n-instance.js',
					"/** @param {import('../test/e2e/lib/report').Report} r */\nexport { x } from '../scripts/x';\nimport '../test/setup';",
				),
			]),
		);
		expect(found).toEqual([
			'scripts/demo.js uses ../test/e2e/lib/n8n-instance (scripts/ must not use test/)',
			'scripts/endpoints.mjs uses test/simulators/extrahop/contract (scripts/ must not use test/)',
			'test/e2e/editor.e2e.js uses ../../scripts/browser-check (test/ must not use scripts/)',
			'test/helpers/x.ts uses ../../scripts/lint.mjs (test/ must not use scripts/)',
			'tools/n8n-instance.js uses ../test/e2e/lib/report (tools/ must not use test/)',
			'tools/n8n-instance.js uses ../scripts/x (tools/ must not use scripts/)',
			'tools/n8n-instance.js uses ../test/setup (tools/ must not use test/)',
		]);
	});
});
