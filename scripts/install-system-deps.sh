#!/usr/bin/env bash
# Installs, in one apt-get run, every Debian package the tests need that is missing:
#   browser  chromium + fonts-liberation   (the browser checks; playwright-core drives it, no download)
#   queue    redis-server, postgresql, nginx (n8n queue mode; the tests start private servers)
#
#   bash scripts/install-system-deps.sh            everything (what `npm test` runs first)
#   bash scripts/install-system-deps.sh browser    only the browser's packages
#   bash scripts/install-system-deps.sh queue      only queue mode's packages
#
# Safe to call from several processes at once: callers queue on one lock file, and the one that gets
# it re-checks what is missing, so apt-get never runs twice at once from this project (apt's own
# lock is waited for too, in case something else on the machine runs apt). Services are installed,
# never started: Debian would start system-wide Redis/PostgreSQL/nginx, the tests run their own.
# Exit 1 with the command to run by hand when something is missing and cannot be installed.
# Prints `name=path` lines on stdout (chromium, redis, pgbin, nginx) for the programs it found.
set -euo pipefail

want="${1:-all}"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"

find_pg_bin() {
	local dir
	for dir in /usr/lib/postgresql/*/bin; do
		[ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")" && return 0
	return 1
}
has_font() { [ -d /usr/share/fonts/truetype/liberation ] || dpkg -s fonts-liberation >/dev/null 2>&1; }

missing_packages() {
	local missing=()
	if [ "$want" = all ] || [ "$want" = browser ]; then
		[ -x "$CHROMIUM_BIN" ] || missing+=(chromium)
		has_font || missing+=(fonts-liberation)
	fi
	if [ "$want" = all ] || [ "$want" = queue ]; then
		command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
		find_pg_bin >/dev/null 2>&1 || missing+=(postgresql)
		command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
	fi
	echo "${missing[*]:-}"
}

report() {
	if [ "$want" = all ] || [ "$want" = browser ]; then [ -x "$CHROMIUM_BIN" ] && echo "chromium=$CHROMIUM_BIN"; fi
	if [ "$want" = all ] || [ "$want" = queue ]; then
		echo "redis=$(command -v redis-server)"
		echo "pgbin=$(find_pg_bin)"
		echo "nginx=$(command -v nginx || echo /usr/sbin/nginx)"
	fi
	return 0
}

missing="$(missing_packages)"
if [ -z "$missing" ]; then
	report
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
		echo "missing Debian packages: $missing. Install them by hand (as root), then run the tests again:" >&2
		echo "  sudo apt-get install -y --no-install-recommends $missing" >&2
		exit 1
	fi
fi

LOCK="${TMPDIR:-/tmp}/n8n-nodes-extrahop-apt.lock"
exec 9>"$LOCK"
if command -v flock >/dev/null 2>&1; then
	flock -w 1800 9 || { echo "waited 30 minutes for another install (lock $LOCK); giving up" >&2; exit 1; }
fi
# Another caller may have installed everything while this one waited for the lock.
missing="$(missing_packages)"
if [ -z "$missing" ]; then
	report
	exit 0
fi

echo "installing Debian packages: $missing (apt-get, once)..." >&2
started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
# No service starts at install time (policy-rc.d answers "forbidden"); only ours is removed after.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && own_policy=1
fi
cleanup() { [ "$own_policy" = 1 ] && $SUDO rm -f "$policy"; return 0; }
trap cleanup EXIT
apt_opts=(-o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
# shellcheck disable=SC2086
if ! { $SUDO apt-get "${apt_opts[@]}" update -qq >&2 &&
	$SUDO apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends $missing >&2; }; then
	echo "apt-get could not install: $missing. Run by hand (as root), then the tests again:" >&2
	echo "  apt-get update && apt-get install -y --no-install-recommends $missing" >&2
	exit 1
fi
left="$(missing_packages)"
if [ -n "$left" ]; then
	echo "apt-get finished but these are still missing: $left" >&2
	exit 1
fi
echo "installed $missing in $(($(date +%s) - started)) s" >&2
report
