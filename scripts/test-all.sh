#!/usr/bin/env bash
# `npm test`: every test of the project, in this order:
#   0. system      the Debian packages the tests need (Chromium, fonts, Redis, PostgreSQL, nginx),
#                  installed once by scripts/install-system-deps.sh before anything runs in parallel
#                  (one check; a failure prints the command to run by hand)
#   1. build       TypeScript compile + icons/codex copy (one check)
#   2. typecheck   the whole tree, tests and simulators included, strictly (one check)
#   3. lint        n8n's verification scanner (its own analyzePackage, offline) over sources and the
#                  packed package (one check)
#   4. jest        the nodes on n8n's real engine against the simulators (each test counts)
#   5. real n8n   one scheduler (test/e2e/run.js --all) runs, as jobs of one pool with a weighted
#                 cap by cores, longest first:
#                 - e2e: the packed package inside a real n8n 2.8.4 with the example workflows;
#                 - queue: n8n queue mode: Redis, PostgreSQL, main + 2 workers + 2 webhook
#                   processes behind nginx (test/queue/run.js; QUEUE_TEST=0 skips it, one skip);
#                 - chaos: the same stack under faults, poll and push flows, every detection
#                   exactly one ticket (test/queue/chaos.js, compressed; QUEUE_TEST=0 or
#                   CHAOS_TEST=0 skips it, one skip);
#                 - matrix: the example workflows on every tested n8n version / Node version
#                   (test/e2e/matrix.js; each version as soon as its install is ready; its
#                   installs start in the background first, N8N_MATRIX=off skips);
#                 each check counts once, in its suite's `e2e:` / `queue:` / `chaos:` / `matrix:`
#                 line
#   plus the checks n8n-node-lint (n8n's own CLI lint), workflows (actionlint + publishing rules) and
#   format (prettier --check: width 100, tabs; `npm run format` fixes)
# Ends with one line, `tests: N passed, N failed, N skipped`, summed from the real runs, and exits
# non-zero if anything failed. Logs are kept in .tmp/.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

passed=0
failed=0
skipped=0

run_started=$(date +%s)
check() { # name, command...
	local name=$1 t0
	shift
	echo "== $name"
	t0=$(date +%s)
	if "$@" > ".tmp/$name.log" 2>&1; then
		passed=$((passed + 1))
		echo "$name: ok ($(($(date +%s) - t0)) s)"
	else
		failed=$((failed + 1))
		echo "$name: FAILED (last lines of .tmp/$name.log follow)"
		tail -n 40 ".tmp/$name.log"
	fi
}

# System packages first, alone: nothing else may run apt-get meanwhile, and every later suite needs them.
echo "== system packages"
system_started=$(date +%s)
if bash scripts/install-system-deps.sh > .tmp/system-deps.log 2>&1; then
	passed=$((passed + 1))
	echo "system packages: ok ($(($(date +%s) - system_started)) s)"
else
	failed=$((failed + 1))
	echo "system packages: FAILED; the browser and queue-mode suites will report what they miss"
	tail -n 20 .tmp/system-deps.log
fi

# n8n installs (network and disk bound, several minutes each when cold) run in the background from
# the start, so they overlap with the build, lints and jest: first the pinned n8n alone (the
# end-to-end stage waits for it; alone it is ready sooner, and it fills npm's cache for the others),
# then the version matrix's other versions, which overlap with the end-to-end stage.
matrix_install_pid=""
(
	bash scripts/install-n8n.sh > .tmp/n8n-install.log 2>&1
	if [ "${N8N_MATRIX:-}" != "off" ]; then
		node test/e2e/matrix.js --install-only > .tmp/matrix-install.log 2>&1
	fi
) &
matrix_install_pid=$!

check build npm run build
check typecheck npm run typecheck
check lint node scripts/lint.mjs
check n8n-node-lint bash scripts/n8n-node-lint.sh
check workflows node scripts/check-workflows.mjs
check format npx prettier --check .

echo "== jest"
jest_started=$(date +%s)
rm -f .tmp/jest-results.json
npx jest --ci --json --outputFile=.tmp/jest-results.json 2>&1 | tee .tmp/jest.log | grep -E '^(PASS|FAIL)|✕|●|Tests:' || true
if [ -s .tmp/jest-results.json ]; then
	read -r jp jf js < <(node -e '
		const r = require("./.tmp/jest-results.json");
		// Suites that failed to run at all (syntax errors, crashes) have no test results: count each as a failure.
		const broken = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
		console.log(r.numPassedTests, r.numFailedTests + broken, r.numPendingTests + r.numTodoTests);')
	passed=$((passed + jp))
	failed=$((failed + jf))
	skipped=$((skipped + js))
	echo "jest: $jp passed, $jf failed, $js skipped ($(($(date +%s) - jest_started)) s)"
else
	failed=$((failed + 1))
	echo "jest: did not produce results (see .tmp/jest.log)"
	tail -n 40 .tmp/jest.log
fi

# Every suite that runs a real n8n is a job of one scheduler (test/e2e/run.js --all): the end-to-end
# scripts, queue mode and the matrix's versions (each as soon as its install is ready) share a
# weighted cap by cores, longest first, so their waits for one-minute polls overlap.
echo "== real n8n: e2e scripts, queue mode, version matrix (one scheduler)"
n8n_started=$(date +%s)
node test/e2e/run.js --all 2>&1 | tee .tmp/e2e.log
add_summary() { # suite: adds its `<suite>: N passed, N failed` line from .tmp/e2e.log to the totals
	local line
	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" .tmp/e2e.log | tail -n 1)
	if [ -n "$line" ]; then
		passed=$((passed + $(echo "$line" | sed -E 's/^[a-z0-9]+: ([0-9]+) passed.*/\1/')))
		failed=$((failed + $(echo "$line" | sed -E 's/^[a-z0-9]+: [0-9]+ passed, ([0-9]+) failed.*/\1/')))
	else
		failed=$((failed + 1))
		echo "$1: the runner printed no summary (see .tmp/e2e.log)"
	fi
}
add_summary e2e
if [ "${QUEUE_TEST:-1}" = "0" ]; then
	skipped=$((skipped + 1))
	echo "queue: skipped (QUEUE_TEST=0)"
else
	add_summary queue
fi
if [ "${QUEUE_TEST:-1}" = "0" ] || [ "${CHAOS_TEST:-1}" = "0" ]; then
	skipped=$((skipped + 1))
	echo "chaos: skipped (QUEUE_TEST=0 or CHAOS_TEST=0)"
else
	add_summary chaos
fi
add_summary matrix
if [ -n "$matrix_install_pid" ]; then
	wait "$matrix_install_pid" || true
	grep -E '^Installed |^npm install:|^sqlite3 build|^waited .* sqlite3|^migrated' .tmp/n8n-install.log || true
	grep -E '^install |installs took' .tmp/matrix-install.log 2>/dev/null || true
fi
echo "real-n8n stage took $(($(date +%s) - n8n_started)) s"

echo "npm test took $(($(date +%s) - run_started)) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
