#!/usr/bin/env bash
# `npm run bench`: seeds N synthetic cases through the real HTTP API, then runs each case operation
# through the API and through a raw-PostgreSQL counterpart doing the same database work on the same
# pool (apps/bench/src/api-bench.ts, raw-counterparts.ts) at each concurrency, and prints both with
# their ratio and latency percentiles; then the cost of one scheduler tick with many
# open deadlines (apps/bench/src/scheduler-tick.ts), then dashboards over 1,000,000 cases and a
# 100,000-case export (apps/bench/src/reporting.ts), each in a scratch database of its own.
# `npm run bench -- api`, `-- scheduler`, `-- reporting`, `-- migration` or `-- sync` (200 changes queued offline, synced) runs one of them. Uses DATABASE_URL when
# set; otherwise a throw-away cluster with PostgreSQL's durable defaults (fsync on), removed on exit.
# Options (env): BENCH_CASES (default 100000), BENCH_CONCURRENCY (default 16,32), BENCH_SAMPLES (default 2000),
# BENCH_OPERATIONS (default register,submit,get,caseload,filtered,search), BENCH_PACED_LOAD (default 0.5: the paced run's rate as a share of
# the API's closed-loop throughput at the top concurrency; 0 skips it);
# scheduler: BENCH_DEADLINES (default 1000,10000,100000), BENCH_TICKS (default 20), BENCH_DUE (default 1000);
# reporting: BENCH_REPORT_CASES (default 1000000), BENCH_EXPORT_CASES (default 100000), BENCH_DASHBOARD_SAMPLES (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source scripts/lib/deps.sh
source scripts/lib/pg.sh
deps_ensure
npx tsc -p tsconfig.build.json

if [ -z "${DATABASE_URL:-}" ]; then
  pg_throwaway durable cmis_bench
fi

node --expose-gc -r ./scripts/register-paths.js dist/apps/bench/src/main.js "$@"
