import 'reflect-metadata';
import * as os from 'node:os';
import { chainOf, createAuditService } from '@app/audit';
import { SystemClock } from '@app/core';
import { createDataSource, migrateWith } from '@app/database';
import { formatRow, HEADER, measure, Measurement } from './stats';

/**
 * How many audit appends per second the chains sustain (docs/adr/0004-audit-log.md): concurrent
 * `record` calls for one case (all in one chain, so they serialise on its lock) against the same
 * calls for different cases (spread over CMIS_AUDIT_CHAINS chains, default 16), each in its own
 * transaction as a case read records it. Creates a scratch database with DATABASE_OWNER_URL (a role
 * that may create databases), appends as the application would, and drops it.
 * Options (env): AUDIT_BENCH_N (default 5000), AUDIT_BENCH_CONCURRENCY (default "1,16,64"),
 * CMIS_AUDIT_CHAINS (default 16).
 *
 *   npx tsc -p tsconfig.build.json
 *   DATABASE_OWNER_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node -r ./scripts/register-paths.js dist/apps/bench/src/audit-chain.js
 */
async function main(): Promise<void> {
  const base = process.env.DATABASE_OWNER_URL;
  if (!base) throw new Error('Set DATABASE_OWNER_URL to a role that may create databases.');
  const n = Number(process.env.AUDIT_BENCH_N ?? 5000);
  const levels = (process.env.AUDIT_BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);
  const name = `cmis_audit_bench_${process.pid}`;
  const admin = createDataSource(base, 1);
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const ds = createDataSource(url.toString(), Math.max(...levels) + 4);
  try {
    await migrateWith(url.toString());
    await ds.initialize();
    const audit = createAuditService(ds, new SystemClock());
    const [{ server_version: version, fsync, synchronous_commit: syncCommit }] = await ds.query(
      `SELECT current_setting('server_version') AS server_version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit`,
    );
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average before: ${load}`);
    console.log(`PostgreSQL ${version}, fsync ${fsync}, synchronous_commit ${syncCommit}; ${audit.chainCount} chains; ${n} appends per row`);

    const ONE_CASE = '22222222-2222-4222-8222-222222222222';
    const caseIds = Array.from({ length: 4096 }, (_, i) => `c0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    const entry = (i: number, caseId: string) => ({
      actorId: '11111111-1111-4111-8111-111111111111',
      actorRoles: ['caseworker'],
      action: 'case.read',
      caseId,
      fields: ['registration.first_name', 'registration.last_name'],
      details: { i },
      ip: '127.0.0.1',
      userAgent: 'audit-chain-bench',
    });
    const spread = new Set(caseIds.map((c) => chainOf(c, audit.chainCount))).size;
    const results: Measurement[] = [];
    for (const c of levels) {
      results.push(await measure(`record(), one case, conc. ${c}`, n, c, (i) => audit.record(entry(i, ONE_CASE)).then(() => undefined)));
      results.push(await measure(`record(), many cases, conc. ${c}`, n, c, (i) => audit.record(entry(i, caseIds[i % caseIds.length])).then(() => undefined)));
    }
    results.push(
      await measure('recordMany(25 cases), conc. 16', Math.ceil(n / 25), 16, (i) =>
        audit.recordMany(Array.from({ length: 25 }, (_, k) => entry(i * 25 + k, caseIds[(i * 25 + k) % caseIds.length]))).then(() => undefined),
      ),
    );
    const started = Date.now();
    const v = await audit.verify();
    const verifyMs = Date.now() - started;
    console.log(`\n${HEADER}`);
    for (const m of results) console.log(formatRow(m));
    console.log(`\n"many cases": ${caseIds.length} case ids over ${spread} chains; "one case": every append to one chain.`);
    console.log(
      `verify(): ${v.ok ? `intact, ${v.entries} entries in ${v.chains} chains` : `BROKEN, ${v.entries} entries before the break`} in ${verifyMs} ms` +
        ` (${Math.round(v.entries / Math.max(verifyMs / 1000, 0.001))} entries/s)`,
    );
    console.log(
      `load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
