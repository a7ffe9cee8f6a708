#!/usr/bin/env bash
# Debian's Chromium for the browser tests (playwright-core drives it; browser downloads are blocked).
set -euo pipefail
browser_ensure_installed() {
  local bin="${CMIS_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$bin" ]; then export CMIS_CHROMIUM="$bin"; return 0; fi
  if [ "$(id -u)" != "0" ]; then
    echo "Chromium not found at $bin and not root: install Debian's 'chromium' package or set CMIS_CHROMIUM." >&2
    exit 1
  fi
  echo "Installing Chromium from Debian packages (first run only)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  [ -x /usr/bin/chromium ] || { echo "Chromium install failed" >&2; exit 1; }
  export CMIS_CHROMIUM=/usr/bin/chromium
}
