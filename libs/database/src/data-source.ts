import { DataSource, EntityManager } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';

export const MIGRATIONS = [InitialSchema1764000000000];

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Use `npm start` (embedded PostgreSQL) or set DATABASE_URL.');
  }
  return url;
}

/** One DataSource per process; migrations run explicitly, `synchronize` is never on. */
export function createDataSource(url = databaseUrl(), poolSize = Number(process.env.DB_POOL_SIZE ?? 20)): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'all',
    extra: { max: poolSize },
    logging: process.env.NODE_ENV === 'test' ? false : ['error'],
  });
}

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'all' });
  return done.map((m) => m.name);
}

/** Runs `work` in one transaction: every state change of a case is all-or-nothing. */
export function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(work);
}
