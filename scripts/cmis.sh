#!/usr/bin/env bash
# `npm run cmis -- <command>`: the administrator's CLI (sop validate|lint|publish, migrate, seed,
# audit verify). Commands that need the database use DATABASE_URL (and DATABASE_OWNER_URL for
# migrations), or the embedded cluster that `npm start` made (in $CMIS_DATA_DIR when set).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib/deps.sh
deps_ensure >/dev/null
if [ ! -f dist/apps/cli/src/main.js ] || [ -n "$(find apps libs -name '*.ts' -newer dist/apps/cli/src/main.js -print -quit)" ]; then
  npx tsc -p tsconfig.build.json
fi
DATA_DIR="$(realpath -m "${CMIS_DATA_DIR:-$ROOT/.data}")"
if [ -z "${DATABASE_URL:-}" ] && [ -f "$DATA_DIR/pg.port" ]; then
  source scripts/lib/pg.sh
  PG_PORT="$(cat "$DATA_DIR/pg.port")"
  # A cluster made by an older checkout lacks the role; if the cluster is not running, commands say so.
  pg_ensure_app_role "$PG_PORT" 2>/dev/null || true
  pg_export_urls "$PG_PORT" cmis
  source scripts/lib/secrets.sh
  secrets_key_export "$DATA_DIR"
  source scripts/lib/audit-checkpoints.sh
  audit_checkpoints_export "$DATA_DIR"
fi
cd "${INIT_CWD:-$ROOT}"
exec node -r "$ROOT/scripts/register-paths.js" "$ROOT/dist/apps/cli/src/main.js" "$@"
