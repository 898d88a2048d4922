// n8n's community-package verification scanner (@n8n/scan-community-package, the version pinned in
// package.json's devDependencies; bump it there) run offline: its two lint legs through its own
// exported analyzePackage, so its configuration (rule sets, overrides, no-console, inline
// eslint-disable comments ignored) is the scanner's, not a copy. The scanner also fetches the
// published package, its npm provenance and its GitHub source; those legs need the network and a
// published release, so they are not run here.
//   1. sources: package.json, nodes/ and credentials/ with the scanner's SOURCE_FILE_PATTERNS (the
//      leg it runs on the provenance-attested checkout);
//   2. packed package: the tarball `npm pack` makes (what n8n installs), with analyzePackage's
//      default patterns (every .js, .ts and .json), a superset of the scanner's own tarball leg
//      (.js and package.json), so a declaration file shipped by mistake is caught too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SCANNER = '@n8n/scan-community-package';
const root = process.cwd();
const require = createRequire(join(root, 'package.json'));
const scannerDir = dirname(require.resolve(`${SCANNER}/package.json`));
const installed = JSON.parse(readFileSync(join(scannerDir, 'package.json'), 'utf8')).version;
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies[
	SCANNER
];
if (installed !== pinned) {
	process.stderr.write(`${SCANNER}: ${installed} installed, ${pinned} pinned; run npm install\n`);
	process.exit(1);
}
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
	join(scannerDir, 'scanner', 'scanner.mjs')
);

const legs = [['sources', await analyzePackage(root, SOURCE_FILE_PATTERNS)]];
const unpacked = mkdtempSync(join(tmpdir(), 'n8n-nodes-extrahop-scan-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', unpacked], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['xzf', join(unpacked, tarball), '-C', unpacked]);
	legs.push(['packed package', await analyzePackage(join(unpacked, 'package'))]);
} finally {
	rmSync(unpacked, { recursive: true, force: true });
}

process.stdout.write(`${SCANNER} ${installed}\n`);
for (const [name, result] of legs) {
	process.stdout.write(
		`${name}: ${result.passed ? 'passed' : `FAILED (${result.message})`}${result.message && result.passed ? ` (${result.message})` : ''}\n`,
	);
	if (result.details) process.stdout.write(result.details);
}
process.exit(legs.every(([, result]) => result.passed) ? 0 : 1);
