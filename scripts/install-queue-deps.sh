#!/usr/bin/env bash
# Installs what `npm run test:queue` needs besides n8n, when missing: Redis (`redis-server`),
# the PostgreSQL server binaries (`initdb`, `postgres`) and nginx, from Debian packages.
# apt-get needs root; without root, missing programs are reported and the script fails.
# Prints nothing on stdout but the paths found, one `name=path` a line.
set -euo pipefail

find_pg_bin() {
	local dir
	for dir in /usr/lib/postgresql/*/bin; do
		[ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")" && return 0
	return 1
}

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
find_pg_bin >/dev/null 2>&1 || missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing: ${missing[*]} (install them with: sudo apt-get install -y ${missing[*]})" >&2
		exit 1
	fi
	echo "installing ${missing[*]} (apt-get)..." >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	# Debian starts the services it installs; the test runs its own private ones instead.
	apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

echo "redis=$(command -v redis-server)"
echo "pgbin=$(find_pg_bin)"
echo "nginx=$(command -v nginx || echo /usr/sbin/nginx)"
