#!/usr/bin/env bash
# Installs the pinned n8n into a cache folder outside the repository (reused between runs) and
# prints the path of its `n8n` binary on the last line. n8n is never one of this package's own
# dependencies: community packages must not depend on it, and it is ~2.3 GB.
#
# Offline-safe on these machines (npm registry only): xlsx is pinned to a registry version, and
# sqlite3, whose prebuilt binary download fails offline, is compiled by node-gyp against the
# headers that ship with Node (<prefix>/include/node), never downloaded ones.
# Concurrent callers (parallel test processes) wait for one another on a lock.
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
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.install-n8n-$N8N_VERSION.lock"
  flock 9
  # Another process may have finished the install while this one waited.
  if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then
    echo "$BIN"
    exit 0
  fi
fi

echo "Installing n8n@$N8N_VERSION into $DIR (first run only; several minutes)..." >&2
started=$(date +%s)
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

# Build native modules (sqlite3) against the running Node's own headers, so node-gyp never tries to
# download them.
NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi

# Install scripts must run (sqlite3 builds in one), whatever the caller's npm configuration says.
(cd "$DIR" && npm install --no-audit --no-fund --update-notifier=false --loglevel=error --ignore-scripts=false >&2)

# n8n cannot start without its SQLite driver: fail here, not at `n8n start`.
if ! (cd "$DIR" && node -e "require('sqlite3')" >/dev/null 2>&1); then
  echo "sqlite3 did not build in $DIR/node_modules/sqlite3 (needs python3, make, g++ and Node's headers under $NODE_PREFIX/include/node)." >&2
  (cd "$DIR" && node -e "require('sqlite3')") >&2 || true
  exit 1
fi
"$BIN" --version >&2
touch "$DIR/.complete"
echo "Installed n8n@$N8N_VERSION in $(( $(date +%s) - started )) s, $(du -sh "$DIR" 2>/dev/null | cut -f1)." >&2
echo "$BIN"
