#!/usr/bin/env bash
# Debian's Chromium for the browser tests (playwright-core drives it; browser downloads are blocked).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/debian.sh"
browser_ensure_installed() {
  local bin="${CMIS_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$bin" ]; then export CMIS_CHROMIUM="$bin"; return 0; fi
  debian_install "Chromium ($bin)" "install Debian's 'chromium' package or set CMIS_CHROMIUM" chromium
  [ -x /usr/bin/chromium ] || { echo "Chromium install failed" >&2; exit 1; }
  export CMIS_CHROMIUM=/usr/bin/chromium
}
