#!/usr/bin/env bash
# `npm run cmis -- <command>`: the administrator's CLI (sop validate|lint|publish, migrate, seed).
# Commands that need the database use DATABASE_URL, or the embedded cluster that `npm start` made.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib/deps.sh
deps_ensure >/dev/null
if [ ! -f dist/apps/cli/src/main.js ] || [ -n "$(find apps libs -name '*.ts' -newer dist/apps/cli/src/main.js -print -quit)" ]; then
  npx tsc -p tsconfig.build.json
fi
if [ -z "${DATABASE_URL:-}" ] && [ -f "$ROOT/.data/pg.port" ]; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:$(cat "$ROOT/.data/pg.port")/cmis"
fi
cd "${INIT_CWD:-$ROOT}"
exec node -r "$ROOT/scripts/register-paths.js" "$ROOT/dist/apps/cli/src/main.js" "$@"
