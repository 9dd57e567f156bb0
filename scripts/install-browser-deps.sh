#!/usr/bin/env bash
# Installs what the browser tests need, only when missing: Debian's Chromium and ChromeDriver
# (never a downloaded browser build) and axe-core from npm into ./node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian chromium (browser tests) …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "chromium is missing and cannot be installed here (needs root and apt-get); browser tests will skip" >&2
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "installing axe-core (npm) …"
    npm install --no-audit --no-fund --silent --no-save axe-core@4 >/dev/null
  else
    echo "npm is missing: accessibility tests will skip" >&2
  fi
fi
