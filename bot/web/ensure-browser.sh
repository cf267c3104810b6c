#!/usr/bin/env bash
# Makes sure the browser tests can run: Debian's Chromium and its driver, and the widget's npm packages
# (Designsystemet CSS, playwright-core, axe-core). Safe to run again; does nothing that is already done.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
fi
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
