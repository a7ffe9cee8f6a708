import { DataSource } from 'typeorm';
import { createDataSource, MIGRATIONS, migrateWith, runMigrations } from '@app/database';
import { freshDatabase, TestDatabase } from '../support/database';

/**
 * Replicas starting together each run the migrations: an advisory lock makes the runs take turns,
 * so the second finds nothing pending instead of failing on "relation already exists".
 */
describe('migrations under an advisory lock (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await freshDatabase('migration_lock');
  });
  afterEach(async () => {
    await db?.drop();
  });

  async function appliedOnce(): Promise<void> {
    const ds = createDataSource(db.url, 1);
    await ds.initialize();
    try {
      const rows: Array<{ name: string; n: string }> = await ds.query('SELECT name, count(*) AS n FROM migrations GROUP BY name');
      expect(rows.map((r) => r.name).sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      await ds.destroy();
    }
  }

  it('two runs started together on a fresh database both succeed and apply each migration once', async () => {
    const sources = [createDataSource(db.url, 2), createDataSource(db.url, 2)];
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      const results = await Promise.all(sources.map((s: DataSource) => runMigrations(s)));
      expect(results.map((r) => r.length).sort((a, b) => a - b)).toEqual([0, MIGRATIONS.length]);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
    await appliedOnce();
  });

  it('three replicas migrating over their own connections (migrateWith) do not race', async () => {
    const results = await Promise.all([migrateWith(db.url), migrateWith(db.url), migrateWith(db.url)]);
    expect(results.flat()).toHaveLength(MIGRATIONS.length);
    await appliedOnce();
  });
});
