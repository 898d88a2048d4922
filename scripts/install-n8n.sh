#!/usr/bin/env bash
# Installs the pinned n8n into a cache folder outside the repository (reused between runs) and
# prints the path of its `n8n` binary on the last line. n8n is never one of this package's own
# dependencies: community packages must not depend on it, and it is ~2.3 GB.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.8.4}"
CACHE_ROOT="${N8N_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-extrahop}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
BIN="$DIR/node_modules/.bin/n8n"

if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$DIR"
echo "Installing n8n@$N8N_VERSION into $DIR (first run only; several minutes)..." >&2
# xlsx is otherwise fetched from a CDN tarball that an offline machine cannot reach.
cat > "$DIR/package.json" <<JSON
{
  "name": "n8n-runtime-cache",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
rm -f "$DIR/.complete"
(cd "$DIR" && npm install --no-audit --no-fund --loglevel=error >&2)
"$BIN" --version >&2
touch "$DIR/.complete"
echo "$BIN"
