#!/usr/bin/env bash
# The key that encrypts two-factor secrets at rest (CMIS_SECRETS_KEY, docs/configuration.md) for
# `npm start` and `npm run cmis`: unless it is set, one is made once and kept in the data folder
# (readable by its owner only), so a demo keeps its enrolments across restarts. Production sets it.

# secrets_key_export DATA_DIR
secrets_key_export() {
  local dir="$1"
  [ -n "${CMIS_SECRETS_KEY:-}" ] && return 0
  mkdir -p "$dir"
  if [ ! -s "$dir/secrets.key" ]; then
    (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" > "$dir/secrets.key")
  fi
  CMIS_SECRETS_KEY="$(cat "$dir/secrets.key")"
  export CMIS_SECRETS_KEY
}
