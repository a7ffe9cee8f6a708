#!/usr/bin/env bash
# `npm test`: the whole suite (unit + e2e) against a real PostgreSQL. Uses DATABASE_URL when set;
# otherwise starts a throw-away cluster, stopped by the EXIT trap whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source scripts/lib/deps.sh
source scripts/lib/pg.sh
deps_ensure

if [ -z "${DATABASE_URL:-}" ]; then
  pg_ensure_installed
  PGTEST_DIR="$(mktemp -d /tmp/cmis-pgtest.XXXXXX)"
  pg_prepare_dir "$PGTEST_DIR"
  trap 'pg_stop "'"$PGTEST_DIR"'"; rm -rf "'"$PGTEST_DIR"'" "'"$PGTEST_DIR.log"'"' EXIT
  PORT="$(pg_free_port)"
  pg_start "$PGTEST_DIR" "$PORT" test "$PGTEST_DIR.log" || { cat "$PGTEST_DIR.log" >&2; exit 1; }
  pg_createdb "$PGTEST_DIR" "$PORT" cmis_test
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/cmis_test"
  echo "Test PostgreSQL on 127.0.0.1:$PORT" >&2
fi

npx tsc -p tsconfig.json --noEmit
npx jest --runInBand "$@"
