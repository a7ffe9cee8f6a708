#!/usr/bin/env bash
# Installs npm dependencies on first run (or when package.json changed), so the quick start needs no
# separate install step. `npm install`, not `npm ci`: see docs/development.md.
set -euo pipefail
deps_ensure() {
  local stamp="node_modules/.cmis-installed"
  if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    echo "Installing npm dependencies..." >&2
    npm install --no-audit --no-fund >&2
    touch "$stamp"
  fi
}
