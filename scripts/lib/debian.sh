#!/usr/bin/env bash
# Installs Debian packages the project needs on a fresh machine (PostgreSQL, Chromium), as root only.
set -euo pipefail
# debian_install <what, for messages> <hint when not root> <package>...
debian_install() {
  local what="$1" hint="$2"
  shift 2
  if [ "$(id -u)" != "0" ]; then
    echo "$what not found and not root: $hint." >&2
    exit 1
  fi
  echo "Installing $what from Debian packages (first run only)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "$@" >&2
}
