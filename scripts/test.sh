#!/usr/bin/env bash
# `npm test`: the whole suite (unit + e2e) against a real PostgreSQL. Uses DATABASE_URL (and
# DATABASE_OWNER_URL, a role that may create databases) when set; otherwise starts a throw-away
# cluster, stopped by the EXIT trap whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source scripts/lib/deps.sh
source scripts/lib/pg.sh
source scripts/lib/browser.sh
deps_ensure
browser_ensure_installed

if [ -z "${DATABASE_URL:-}" ]; then
  pg_throwaway test cmis_test
  echo "Test PostgreSQL: $DATABASE_URL (owner: $DATABASE_OWNER_URL)" >&2
fi

# The plugin tutorial (docs/plugins.md) is built and tested exactly as written.
node scripts/build-tutorial-plugin.mjs
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/web/tsconfig.json
# The layering (no import cycles; apps → libs → core; plugins import only the SDK: .dependency-cruiser.cjs)
# and ESLint (eslint.config.mjs). docs/development.md, "Layering and checks".
npm run -s lint:deps
npm run -s lint
# Prettier (.prettierrc.json; pack data, prose and templates are left as written: .prettierignore).
npm run -s format:check
# The browser tests load the web app the API serves, as `npm start` does.
npm run -s build:web
# The worker e2e tests run the compiled worker as separate processes, as it is deployed.
npx tsc -p tsconfig.build.json
npx jest --runInBand "$@"
