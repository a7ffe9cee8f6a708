import { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@app/database';

/**
 * Each e2e suite gets its own fresh database in the test cluster (DATABASE_URL from scripts/test.sh),
 * so suites never see each other's rows and can run in any order.
 */
export async function freshDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the suite with `npm test`.');
  const dbName = `t_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}`;
  const admin = createDataSource(base, 2);
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.destroy();
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = createDataSource(base, 2);
      await a.initialize();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.destroy();
    },
  };
}

export async function migratedDataSource(url: string): Promise<DataSource> {
  const ds = createDataSource(url, 5);
  await ds.initialize();
  await runMigrations(ds);
  return ds;
}
