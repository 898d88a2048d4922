/**
 * Every link of the documentation lands, and the README stays a front door.
 *
 * Reads README.md, every Markdown file under docs/ and examples/README.md; parses their relative
 * links (inline `[text](target)` and `![alt](target)`, reference definitions `[id]: target`, HTML
 * `href`/`src`), outside code blocks and code spans, and fails on a target file that does not exist
 * or a `#fragment` that is not a heading (GitHub's slug rules, duplicates numbered -1, -2) or an
 * explicit `<a id>`/`<a name>` of the target. Links to this repository by URL
 * (https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/...) are checked the same
 * way, there and in the places the editor and the canvas take them from: the nodes' codex files
 * and sources, the credentials' `documentationUrl`, the example workflows' sticky notes.
 * The first block proves the checker fails on a broken file link and on a broken anchor.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const REPO_URL =
	/https:\/\/github\.com\/n8n-nodes-extrahop\/n8n-nodes-extrahop\/(?:blob|tree)\/main\/([^\s)"'`\\<>\]]*)/g;
const README_MAX_LINES = 150;

/** README.md, docs/**\/*.md, examples/README.md (those that exist), relative to `root`. */
function markdownFiles(root: string): string[] {
	const walk = (dir: string): string[] =>
		fs.existsSync(path.join(root, dir))
			? fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
					const rel = path.posix.join(dir, e.name);
					if (e.isDirectory()) return walk(rel);
					return e.name.endsWith('.md') ? [rel] : [];
				})
			: [];
	return ['README.md', ...walk('docs'), 'examples/README.md'].filter((f) =>
		fs.existsSync(path.join(root, f)),
	);
}

/** The text with fenced code blocks and code spans blanked out (line numbers kept). */
function withoutCode(text: string): string {
	const lines = text.split('\n');
	let fence: string | undefined;
	const kept = lines.map((line) => {
		const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (fence === undefined && marker) {
			fence = marker;
			return '';
		}
		if (fence !== undefined) {
			if (
				marker &&
				marker[0] === fence[0] &&
				marker.length >= fence.length &&
				line.trim() === marker
			)
				fence = undefined;
			return '';
		}
		return line;
	});
	return kept.join('\n').replace(/(`+)[^`\n]*?\1/g, (span) => ' '.repeat(span.length));
}

/** GitHub's heading anchor (github-slugger): lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
	const rendered = heading
		.replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images have no text
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links keep their text
		.replace(/<[^>]+>/g, '') // HTML tags
		.replace(/`([^`]*)`/g, '$1') // code spans keep their content
		.replace(/(^|[^\p{L}\p{N}])_{1,2}([^_]+?)_{1,2}(?=[^\p{L}\p{N}]|$)/gu, '$1$2') // _emphasis_
		.trim();
	return rendered
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings' slugs and explicit `<a id|name>`. */
function anchorsOf(text: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	const add = (heading: string) => {
		const base = slug(heading);
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		anchors.add(n === 0 ? base : `${base}-${n}`);
	};
	const lines = text.split('\n');
	// Headings are read from the text with code blocks blanked, but with their code spans intact.
	const blanked = withoutCode(text).split('\n');
	lines.forEach((line, i) => {
		if (blanked[i] === '' && line !== '') return; // inside a fenced block
		const atx = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
		if (atx) return add(atx[1]);
		const next = lines[i + 1];
		if (
			next !== undefined &&
			line.trim() !== '' &&
			/^\s{0,3}(=+|-+)\s*$/.test(next) &&
			blanked[i + 1] !== '' &&
			!/^\s*([-*+]|\d+\.)\s/.test(line) &&
			!line.includes('|')
		)
			add(line.trim());
	});
	for (const m of text.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
	return anchors;
}

interface Link {
	file: string;
	line: number;
	target: string;
}

/** The links of one Markdown file that point into the repository (relative or by repository URL). */
function linksOf(file: string, text: string): Link[] {
	const clean = withoutCode(text);
	const found: Link[] = [];
	const lineAt = (index: number) => clean.slice(0, index).split('\n').length;
	const patterns = [
		/\]\(\s*(<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g, // [text](target), ![alt](target)
		/^\s{0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm, // [id]: target
		/\s(?:href|src)="([^"]*)"/g, // HTML
	];
	for (const pattern of patterns) {
		for (const m of clean.matchAll(pattern)) {
			const target = m[1].replace(/^<|>$/g, '');
			found.push({ file, line: lineAt(m.index ?? 0), target });
		}
	}
	return found;
}

/** The repository path and fragment a link leads to, or undefined for a link outside the repository. */
function resolveTarget(
	from: string,
	target: string,
): { file: string; fragment?: string } | undefined {
	let local: string;
	const repo = new RegExp(REPO_URL.source).exec(target);
	if (repo && repo.index === 0) local = `/${repo[1]}`;
	else if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//'))
		return undefined; // http:, mailto:, ...
	else local = target;
	const hash = local.indexOf('#');
	const fragment = hash === -1 ? undefined : decodeURIComponent(local.slice(hash + 1));
	const pathPart = decodeURIComponent(
		(hash === -1 ? local : local.slice(0, hash)).replace(/\?.*$/, ''),
	);
	if (pathPart === '') return { file: from, fragment };
	// GitHub resolves a link starting with / from the repository root.
	const file = pathPart.startsWith('/')
		? path.posix.normalize(pathPart.slice(1))
		: path.posix.join(path.posix.dirname(from), pathPart);
	return { file: file.replace(/\/$/, ''), fragment };
}

/** What is wrong with one link, or undefined when it lands. */
function problemOf(root: string, link: Link): string | undefined {
	const resolved = resolveTarget(link.file, link.target);
	if (!resolved) return undefined;
	const where = `${link.file}:${link.line}: ${link.target}`;
	if (resolved.file.startsWith('..')) return `${where}: leads outside the repository`;
	const full = path.join(root, resolved.file);
	if (!fs.existsSync(full)) return `${where}: ${resolved.file} does not exist`;
	if (resolved.fragment === undefined || resolved.fragment === '' || !resolved.file.endsWith('.md'))
		return undefined;
	if (!anchorsOf(fs.readFileSync(full, 'utf8')).has(resolved.fragment))
		return `${where}: ${resolved.file} has no heading or anchor #${resolved.fragment}`;
	return undefined;
}

/** Every broken link of the Markdown files of `root`. */
function brokenLinks(root: string): string[] {
	return markdownFiles(root).flatMap((file) =>
		linksOf(file, fs.readFileSync(path.join(root, file), 'utf8')).flatMap(
			(link) => problemOf(root, link) ?? [],
		),
	);
}

/** Repository URLs in the sources the editor and the canvas show (codex files, credentials, sticky notes). */
function repositoryUrls(root: string): Link[] {
	const walk = (dir: string, ext: RegExp): string[] =>
		fs.existsSync(path.join(root, dir))
			? fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
					const rel = path.posix.join(dir, e.name);
					if (e.isDirectory()) return walk(rel, ext);
					return ext.test(e.name) ? [rel] : [];
				})
			: [];
	const files = [
		...walk('nodes', /\.(ts|json)$/),
		...walk('credentials', /\.ts$/),
		...walk('examples', /\.json$/),
	];
	return files.flatMap((file) => {
		const text = fs.readFileSync(path.join(root, file), 'utf8');
		return [...text.matchAll(REPO_URL)].map((m) => ({
			file,
			line: text.slice(0, m.index).split('\n').length,
			target: m[0],
		}));
	});
}

function brokenRepositoryUrls(root: string): string[] {
	return repositoryUrls(root).flatMap((link) => problemOf(root, link) ?? []);
}

describe('the checker itself', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-links-'));
		fs.mkdirSync(path.join(dir, 'docs/nodes'), { recursive: true });
		fs.mkdirSync(path.join(dir, 'examples'));
		fs.writeFileSync(
			path.join(dir, 'README.md'),
			[
				'# Fixture',
				'[a page](docs/page.md) and [its section](docs/page.md#setup-step-1-the-api-key)',
				'[a missing page](docs/missing.md)',
				'[a missing anchor](docs/page.md#no-such-heading)',
				'![a picture](docs/nodes/../page.md) [the second "Notes"](docs/page.md#notes-1) [by id](docs/page.md#custom)',
				'[here](#fixture) [a folder](docs/nodes/) [web](https://example.com/x.md#y)',
				'[by repository URL, missing](https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/gone.md)',
				'```md',
				'[inside a code block](docs/missing-too.md)',
				'```',
				'and `[in a code span](docs/missing-three.md)`',
				'[ref]: docs/page.md#notes',
			].join('\n'),
		);
		fs.writeFileSync(
			path.join(dir, 'docs/page.md'),
			[
				'# Page',
				'## Setup, step 1: the `API key`',
				'## Notes',
				'### Notes',
				'<a id="custom"></a>',
				'```',
				'# not a heading',
				'```',
			].join('\n'),
		);
		fs.writeFileSync(
			path.join(dir, 'examples/README.md'),
			'[up](../README.md#fixture) [outside](../../etc/passwd)\n',
		);
		fs.mkdirSync(path.join(dir, 'credentials'));
		fs.writeFileSync(
			path.join(dir, 'credentials/X.credentials.ts'),
			"documentationUrl = 'https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/credentials/x.md';\n",
		);
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('slugs headings the way GitHub does', () => {
		expect(slug('Before you start: enable ticket tracking on ExtraHop')).toBe(
			'before-you-start-enable-ticket-tracking-on-extrahop',
		);
		expect(slug('01b, 02b: Jira Cloud')).toBe('01b-02b-jira-cloud');
		expect(slug('What `npm test` runs, stage by stage')).toBe('what-npm-test-runs-stage-by-stage');
		expect(slug('n8n_version and *emphasis*')).toBe('n8n_version-and-emphasis');
		expect(slug('ExtraHop detection → Jira issue')).toBe('extrahop-detection--jira-issue');
	});

	it('fails on a missing file and on a missing anchor, and on nothing else', () => {
		expect(brokenLinks(dir)).toEqual([
			'README.md:3: docs/missing.md: docs/missing.md does not exist',
			'README.md:4: docs/page.md#no-such-heading: docs/page.md has no heading or anchor #no-such-heading',
			'README.md:7: https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/gone.md: docs/gone.md does not exist',
			'examples/README.md:1: ../../etc/passwd: leads outside the repository',
		]);
	});

	it('fails on a documentation URL of a credential that points at no page', () => {
		expect(brokenRepositoryUrls(dir)).toEqual([
			'credentials/X.credentials.ts:1: https://github.com/n8n-nodes-extrahop/n8n-nodes-extrahop/blob/main/docs/credentials/x.md: docs/credentials/x.md does not exist',
		]);
	});
});

describe('the documentation', () => {
	it('reads README.md, docs/ and examples/README.md', () => {
		const files = markdownFiles(ROOT);
		expect(files).toEqual(
			expect.arrayContaining(['README.md', 'examples/README.md', 'docs/nodes/extrahop.md']),
		);
		expect(files.length).toBeGreaterThanOrEqual(15);
	});

	it('every relative link lands on a file, and every #anchor on a heading of it', () => {
		expect(brokenLinks(ROOT)).toEqual([]);
	});

	it('every repository URL in nodes, credentials and example workflows (editor Docs links, sticky notes) lands', () => {
		const urls = repositoryUrls(ROOT);
		// The four codex files (credential and node page each) and the five credentials are among them.
		expect(urls.filter((u) => u.file.endsWith('.node.json')).length).toBeGreaterThanOrEqual(8);
		expect(urls.filter((u) => u.file.endsWith('.credentials.ts')).length).toBeGreaterThanOrEqual(5);
		expect(brokenRepositoryUrls(ROOT)).toEqual([]);
	});

	it(`README.md stays a front door: under ${README_MAX_LINES} lines`, () => {
		const lines = fs
			.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
			.replace(/\n$/, '')
			.split('\n').length;
		expect(lines).toBeLessThan(README_MAX_LINES);
	});
});
