/**
 * The layout rules of nodes/, checked on the sources as text:
 * - a node's private folders (actions/, trigger/, webhook/) are imported only by that node's file
 *   and from inside the folder; nodes/shared/ imports no service, and no service imports another;
 * - nothing in nodes/ imports from credentials/ except types;
 * - no file in nodes/ is longer than 400 lines;
 * - only the HTTP core (nodes/shared/transport/) calls n8n's HTTP helpers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = join(__dirname, '..');
const MAX_LINES = 400;
const TRANSPORT_CORE = 'nodes/shared/transport/';

/** Each private folder and the one node file that may import it. */
const PRIVATE_FOLDERS: Record<string, string> = {
	'nodes/ExtraHop/actions/': 'nodes/ExtraHop/ExtraHop.node.ts',
	'nodes/ExtraHop/trigger/': 'nodes/ExtraHop/ExtraHopTrigger.node.ts',
	'nodes/ExtraHop/webhook/': 'nodes/ExtraHop/ExtraHopWebhookTrigger.node.ts',
	'nodes/LogMule/actions/': 'nodes/LogMule/LogMule.node.ts',
};

function sources(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return sources(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

interface Import {
	file: string;
	/** Repository path of the imported module, without extension; relative imports only. */
	target: string;
	typeOnly: boolean;
}

const IMPORT =
	/(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*'([^']+)'|(?:require|import)\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g;

function importsOf(file: string, text: string): Import[] {
	const found: Import[] = [];
	for (const match of text.matchAll(IMPORT)) {
		const specifier = match[4] ?? match[5] ?? match[6];
		if (!specifier.startsWith('.')) continue;
		const names = match[3] ?? '';
		const allTypes =
			/^\{[^}]*\}$/.test(names.trim()) &&
			names
				.replace(/[{}\s]/g, '')
				.split(',')
				.filter(Boolean)
				.every((n) => n.startsWith('type'));
		const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
			.split(sep)
			.join('/');
		found.push({ file, target, typeOnly: match[2] !== undefined || allTypes });
	}
	return found;
}

const files = [...sources('nodes'), ...sources('credentials')];
const texts = new Map(files.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));
const imports = files.flatMap((file) => importsOf(file, texts.get(file)!));
const inside = (path: string, folder: string) => `${path}/`.startsWith(folder);
const service = (path: string) => /^nodes\/([^/]+)\//.exec(path)?.[1];

describe('layout of nodes/', () => {
	it('finds the imports it checks', () => {
		expect(imports.length).toBeGreaterThan(100);
		expect(imports.some((i) => i.target === 'nodes/ExtraHop/trigger/cursor')).toBe(true);
	});

	it('a private folder is imported only by its node file and from inside it', () => {
		const offences = imports
			.filter((i) =>
				Object.entries(PRIVATE_FOLDERS).some(
					([folder, owner]) =>
						inside(i.target, folder) && i.file !== owner && !inside(i.file, folder),
				),
			)
			.map((i) => `${i.file} imports ${i.target}`);
		expect(offences).toEqual([]);
	});

	it('nodes/shared imports no service, and no service imports another', () => {
		const offences = imports
			.filter((i) => i.file.startsWith('nodes/') && i.target.startsWith('nodes/'))
			.filter((i) => {
				const from = service(i.file);
				const to = service(i.target);
				return to !== 'shared' && from !== to;
			})
			.map((i) => `${i.file} imports ${i.target}`);
		expect(offences).toEqual([]);
	});

	it('nothing in nodes/ imports from credentials/ except types', () => {
		const offences = imports
			.filter(
				(i) => i.file.startsWith('nodes/') && i.target.startsWith('credentials/') && !i.typeOnly,
			)
			.map((i) => `${i.file} imports ${i.target}`);
		expect(offences).toEqual([]);
	});

	it(`no file in nodes/ is longer than ${MAX_LINES} lines`, () => {
		const long = files.filter(
			(file) => file.startsWith('nodes/') && texts.get(file)!.split('\n').length > MAX_LINES,
		);
		expect(long).toEqual([]);
	});

	it("only the HTTP core calls n8n's HTTP helpers", () => {
		const call =
			/\bhelpers\s*\??\.\s*(httpRequest|request)\w*|\{[^}]*\b(httpRequest|request)\w*[^}]*\}\s*=\s*[\w.]*helpers\b/;
		const offences = files.filter(
			(file) => !file.startsWith(TRANSPORT_CORE) && call.test(texts.get(file)!),
		);
		expect(offences).toEqual([]);
		expect(
			files.filter((file) => file.startsWith(TRANSPORT_CORE) && call.test(texts.get(file)!)).length,
		).toBeGreaterThan(0);
	});
});
