#!/usr/bin/env bash
# n8n's own lint (`n8n-node lint` from @n8n/node-cli, strict mode: the unmodified default
# eslint.config.mjs) over what this package publishes: package.json, nodes/ and credentials/, copied
# into a folder laid out like n8n's node starter. At the repository root `n8n-node lint` runs
# `eslint .` and so also lints test/, whose harness legitimately uses what the community rules forbid
# in a node (node:vm, timers, process, fixture secrets); n8n's scanner never sees those files.
set -euo pipefail
cd "$(dirname "$0")/.."
stage="$(mktemp -d "${TMPDIR:-/tmp}/n8n-node-lint-XXXXXX")"
trap 'rm -rf "$stage"' EXIT
cp -r package.json eslint.config.mjs tsconfig.json nodes credentials "$stage/"
ln -s "$PWD/node_modules" "$stage/node_modules"
cd "$stage"
# FORCE_COLOR=0: plain text in logs. n8n-node exits 0 only when eslint reports no error.
FORCE_COLOR=0 NO_COLOR=1 "$OLDPWD/node_modules/.bin/n8n-node" lint
