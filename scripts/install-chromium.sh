#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium (package `chromium`, binary /usr/bin/chromium) for
# scripts/browser-check.js, only if it is missing. Playwright never downloads a browser here:
# playwright-core is driven against this system binary. Prints the binary path on the last line.
set -euo pipefail

BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Chromium is missing and this user cannot install packages (need root or sudo): apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "Installing Chromium from Debian (apt-get install chromium)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2

if [ ! -x "$BIN" ]; then
  echo "apt-get installed chromium but $BIN does not exist" >&2
  exit 1
fi
"$BIN" --version >&2 || true
echo "$BIN"
