import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as pg from 'pg';
import { createDataSource } from '@app/database';
import { CompiledSop, DemoUsersSeeder, SopRegistry } from '@app/sop-registry';
import { AppModule } from '../../api/src/app.module';
import { configureApp } from '../../api/src/app.setup';

export interface ScratchApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` of the listening API. */
  base: string;
  sop: CompiledSop;
  /** A query as the schema owner (seeding, ANALYZE, EXPLAIN). */
  q<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Runs `work` against the real API listening on loopback, on a scratch database `cmis_bench_<name>_<pid>`
 * created with DATABASE_OWNER_URL (or DATABASE_URL), the Moldova pack published and its demo users
 * seeded; then closes the app, drops the database and restores the environment. No SMTP (the email
 * channel is disabled, messages go to the in-app inbox), no cron (benchmarks drive the scheduler).
 */
export async function withScratchApp(name: string, work: (s: ScratchApp) => Promise<void>): Promise<void> {
  const ownerBase = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
  const appBase = process.env.DATABASE_URL || ownerBase;
  if (!ownerBase || !appBase) throw new Error('Set DATABASE_URL (and DATABASE_OWNER_URL), or run `npm run bench`, which provides a cluster.');
  const dbName = `cmis_bench_${name}_${process.pid}`;
  const withDb = (base: string) => {
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    return url.toString();
  };
  const admin = createDataSource(ownerBase, 1);
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);

  // The app reads these when its modules initialise.
  const saved = Object.fromEntries(
    ['DATABASE_URL', 'DATABASE_OWNER_URL', 'CMIS_SMTP_URL', 'CMIS_SCHEDULER', 'CMIS_DEMO', 'CMIS_SOP_DIR', 'CMIS_LOG_LEVEL'].map((k) => [k, process.env[k]]),
  );
  process.env.DATABASE_OWNER_URL = withDb(ownerBase);
  process.env.DATABASE_URL = withDb(appBase);
  delete process.env.CMIS_SMTP_URL;
  delete process.env.CMIS_SCHEDULER;
  process.env.CMIS_DEMO = '0';
  // One JSON line per request would flood the run's output and slow it: warnings and errors only.
  process.env.CMIS_LOG_LEVEL ??= 'warn';
  process.env.CMIS_SOP_DIR ??= path.resolve(__dirname, '../../../../sops/moldova');

  const owner = new pg.Client({ connectionString: withDb(ownerBase) });
  let app: INestApplication | null = null;
  try {
    app = await NestFactory.create(AppModule.forRoot(), { logger: ['error', 'warn'] });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    await owner.connect();
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const sop = await app.get(SopRegistry).current();
    await app.get(DemoUsersSeeder).seed(sop.pack);
    const q = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => (await owner.query(sql, params)).rows as T[];
    await work({ app, base, sop, q });
  } finally {
    await app?.close();
    await owner.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.destroy();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
