import 'reflect-metadata';
import { createAuditService } from '@app/audit';
import { SystemClock } from '@app/core';
import { createDataSource, migrateWith } from '@app/database';
import { formatRow, HEADER, measure, Measurement } from './stats';

/**
 * How many audit appends per second one hash chain sustains (docs/adr/0004-audit-log.md).
 * Creates a scratch database with DATABASE_OWNER_URL (a role that may create databases), appends as
 * the application would, and drops it. Options (env): AUDIT_BENCH_N (default 5000),
 * AUDIT_BENCH_CONCURRENCY (default "1,16,64").
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
    const entry = (i: number) => ({
      actorId: '11111111-1111-4111-8111-111111111111', actorRoles: ['caseworker'], action: 'case.read',
      caseId: '22222222-2222-4222-8222-222222222222', fields: ['registration.first_name', 'registration.last_name'],
      details: { i }, ip: '127.0.0.1', userAgent: 'audit-chain-bench',
    });
    const results: Measurement[] = [];
    for (const c of levels) {
      results.push(await measure(`record(), concurrency ${c}`, n, c, (i) => audit.record(entry(i)).then(() => undefined)));
    }
    results.push(await measure('recordMany(25 entries), concurrency 16', Math.ceil(n / 25), 16,
      (i) => audit.recordMany(Array.from({ length: 25 }, (_, k) => entry(i * 25 + k))).then(() => undefined)));
    const started = Date.now();
    const v = await audit.verify();
    const verifyMs = Date.now() - started;
    console.log(`\n${HEADER}`);
    for (const m of results) console.log(formatRow(m));
    console.log(`\nverify(): ${v.ok ? 'intact' : 'BROKEN'}, ${v.entries} entries in ${verifyMs} ms`);
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
