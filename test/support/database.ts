import { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@app/database';

export interface TestDatabase {
  name: string;
  /** The schema owner's URL of this database (DATABASE_OWNER_URL's role): migrations, tampering. */
  url: string;
  /** The application's URL of this database (DATABASE_URL's role, `cmis_app` under `npm test`). */
  appUrl: string;
  drop(): Promise<void>;
}

/**
 * Each e2e suite gets its own fresh database in the test cluster, so suites never see each other's
 * rows and can run in any order. scripts/test.sh provides DATABASE_OWNER_URL (the cluster
 * superuser, who creates the databases and owns their schemas) and DATABASE_URL (the application's
 * role cmis_app); with DATABASE_URL alone, that one role does both.
 */
export async function freshDatabase(name: string): Promise<TestDatabase> {
  const ownerBase = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
  const appBase = process.env.DATABASE_URL || ownerBase;
  if (!ownerBase || !appBase) throw new Error('DATABASE_URL is not set: run the suite with `npm test`.');
  const dbName = `t_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}`;
  const admin = createDataSource(ownerBase, 2);
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.destroy();
  const withDb = (base: string) => {
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    return url.toString();
  };
  return {
    name: dbName,
    url: withDb(ownerBase),
    appUrl: withDb(appBase),
    drop: async () => {
      const a = createDataSource(ownerBase, 2);
      await a.initialize();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.destroy();
    },
  };
}

/** A DataSource on `url` with the migrations applied (pass the owner's `url` of a fresh database). */
export async function migratedDataSource(url: string): Promise<DataSource> {
  const ds = createDataSource(url, 5);
  await ds.initialize();
  await runMigrations(ds);
  return ds;
}

/**
 * Sets DATABASE_OWNER_URL and DATABASE_URL to a test database's owner and application URLs while
 * `work` runs (the app reads them when its modules initialise), then restores them.
 */
export async function withDatabaseEnv<T>(db: Pick<TestDatabase, 'url' | 'appUrl'>, work: () => Promise<T>): Promise<T> {
  const saved = { owner: process.env.DATABASE_OWNER_URL, app: process.env.DATABASE_URL };
  process.env.DATABASE_OWNER_URL = db.url;
  process.env.DATABASE_URL = db.appUrl;
  try {
    return await work();
  } finally {
    restore('DATABASE_OWNER_URL', saved.owner);
    restore('DATABASE_URL', saved.app);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
