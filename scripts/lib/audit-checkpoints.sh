#!/usr/bin/env bash
# Signed audit checkpoints (CMIS_AUDIT_CHECKPOINT_DIR, CMIS_AUDIT_CHECKPOINT_KEY; docs/adr/0004-audit-log.md)
# for `npm start` and `npm run cmis`: unless the directory is set, checkpoints go to the data folder
# with a key made once beside them (readable by its owner only), so the demo's audit log page shows a
# verification. Production keeps them on another host, away from the database (docs/production.md).

# audit_checkpoints_export DATA_DIR
audit_checkpoints_export() {
  local dir="$1"
  [ -n "${CMIS_AUDIT_CHECKPOINT_DIR:-}" ] && return 0
  mkdir -p "$dir"
  if [ ! -s "$dir/audit-checkpoint.key" ]; then
    (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$dir/audit-checkpoint.key")
  fi
  CMIS_AUDIT_CHECKPOINT_DIR="$dir/audit-checkpoints"
  CMIS_AUDIT_CHECKPOINT_KEY="${CMIS_AUDIT_CHECKPOINT_KEY:-$(cat "$dir/audit-checkpoint.key")}"
  export CMIS_AUDIT_CHECKPOINT_DIR CMIS_AUDIT_CHECKPOINT_KEY
}
