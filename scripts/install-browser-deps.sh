#!/usr/bin/env bash
# Installs what the browser tests (tests/browser) need, only what is missing:
#   - Debian's Chromium and ChromeDriver, and a font (apt-get; never a downloaded browser build),
#   - Node.js/npm when missing (apt-get), and axe-core at the version pinned in package-lock.json
#     (npm ci, into ./node_modules).
# The Python side (playwright, pytest) comes with `pip install -e ".[test]"`.
#
# Where nothing can be installed (no root, no apt-get) it says so and exits 0: the browser tests
# then skip with the reason, except under CI=true, where they fail. Under CI=true a failed
# install fails this script, too.
set -euo pipefail
cd "$(dirname "$0")/.."

ci=false
[ "${CI:-}" = "true" ] && ci=true

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing() {
  echo "install-browser-deps: $1" >&2
  if $ci; then exit 1; fi
}

# 1. Chromium (the tests drive /usr/bin/chromium) and ChromeDriver, plus a font to render text with.
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/chromedriver ] || packages+=(chromium-driver)
[ -d /usr/share/fonts/truetype/dejavu ] || packages+=(fonts-dejavu-core)
if [ ${#packages[@]} -gt 0 ]; then
  if can_apt; then
    echo "install-browser-deps: installing ${packages[*]} (Debian packages) …"
    apt_install "${packages[@]}"
  else
    missing "missing ${packages[*]}; install them with apt-get as root (browser tests skip without Chromium)"
  fi
fi

# 2. Node.js and npm, for axe-core.
if ! command -v npm >/dev/null 2>&1; then
  if can_apt; then
    echo "install-browser-deps: installing nodejs and npm (Debian packages) …"
    apt_install nodejs npm
  else
    missing "npm is missing: the accessibility tests skip without axe-core"
  fi
fi

# 3. axe-core at the version package-lock.json pins (npm ci installs exactly the lock file).
if command -v npm >/dev/null 2>&1; then
  want=$(node -e 'console.log(require("./package-lock.json").packages["node_modules/axe-core"].version)')
  have=$(node -e 'try { console.log(require("./node_modules/axe-core/package.json").version) } catch (e) { console.log("") }')
  if [ "$want" != "$have" ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
    echo "install-browser-deps: installing axe-core $want (npm ci) …"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
fi
