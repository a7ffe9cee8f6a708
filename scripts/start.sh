#!/usr/bin/env bash
# `npm start`: builds, provisions the embedded PostgreSQL under .data/ (or $CMIS_DATA_DIR: one folder,
# so one database, per pack you run; see README "Run on another pack") unless DATABASE_URL is set,
# migrates (as the cluster superuser), publishes the reference SOP pack, seeds demo users and cases,
# and serves the API (as the least-privilege role cmis_app). With DATABASE_URL set, DATABASE_URL and
# DATABASE_OWNER_URL are used as given.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source scripts/lib/deps.sh
source scripts/lib/pg.sh
deps_ensure
npx tsc -p tsconfig.build.json
npm run -s build:web

if [ -z "${DATABASE_URL:-}" ]; then
  pg_ensure_installed
  DATA_DIR="$(realpath -m "${CMIS_DATA_DIR:-$ROOT/.data}")"
  PGDIR="$DATA_DIR/pg"
  mkdir -p "$DATA_DIR"
  if ! pg_prepare_dir "$PGDIR" 2>/dev/null; then
    # The checkout is not reachable by the postgres user (e.g. under a private home directory).
    # Keyed by the checkout as before, or by the data folder when one is chosen.
    PGDIR="/var/tmp/cmis-pg-$(echo "${CMIS_DATA_DIR:+$DATA_DIR}${CMIS_DATA_DIR:-$ROOT}" | md5sum | cut -c1-8)"
    pg_prepare_dir "$PGDIR"
    echo "Note: $DATA_DIR is not reachable by the postgres user; the cluster lives in $PGDIR" >&2
  fi
  PG_PORT="${CMIS_PG_PORT:-$(cat "$DATA_DIR/pg.port" 2>/dev/null || pg_free_port)}"
  echo "$PG_PORT" > "$DATA_DIR/pg.port"
  pg_stop "$PGDIR"
  pg_start "$PGDIR" "$PG_PORT" durable "$PGDIR/server.log" || { tail -20 "$PGDIR/server.log" >&2; exit 1; }
  trap 'pg_stop "'"$PGDIR"'"' EXIT
  pg_createdb "$PGDIR" "$PG_PORT" cmis
  pg_ensure_app_role "$PG_PORT"
  pg_export_urls "$PG_PORT" cmis
  # The key of the two-factor secrets, kept beside the data it protects (unless CMIS_SECRETS_KEY is set).
  source scripts/lib/secrets.sh
  secrets_key_export "$DATA_DIR"
  # Signed checkpoints of the audit chains, in the data folder unless CMIS_AUDIT_CHECKPOINT_DIR is set.
  source scripts/lib/audit-checkpoints.sh
  audit_checkpoints_export "$DATA_DIR"
fi

export CMIS_DEMO="${CMIS_DEMO:-1}"
# One process runs everything locally: the API and the scheduler (deadline alerts, digests, outbox).
export CMIS_SCHEDULER="${CMIS_SCHEDULER:-on}"
# Not exec: the EXIT trap must stop the embedded cluster when the server stops.
node -r ./scripts/register-paths.js dist/apps/api/src/main.js
