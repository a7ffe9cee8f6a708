import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@app/database';
import { freshDatabase, migratedDataSource } from '../support/database';

describe('database schema (real PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    db = await freshDatabase('schema');
    ds = await migratedDataSource(db.url);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('migrates from empty and is idempotent on re-run', async () => {
    const again = await ds.runMigrations();
    expect(again).toEqual([]);
    const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema='public' ORDER BY 1`);
    expect(tables.map((t: any) => t.table_name)).toEqual(expect.arrayContaining(['cases', 'case_events', 'deadlines', 'sop_versions']));
  });

  it('keeps no account lock on users (sign-in throttles instead); the migration dropping it goes down and up', async () => {
    const columns = async () =>
      (
        await ds.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name IN ('failed_logins', 'locked_until') ORDER BY 1`,
        )
      ).map((c: any) => c.column_name);
    expect(await columns()).toEqual([]);
    const migration = new (MIGRATIONS.find((m) => new m().name === 'DropUserLockColumns1766240000000')!)();
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await columns()).toEqual(['failed_logins', 'locked_until']);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await columns()).toEqual([]);
  });

  it('refuses to rewrite a published SOP version', async () => {
    await ds.query(`INSERT INTO sop_versions (pack_id, version, content_hash, files) VALUES ('p', 1, 'h', '{}')`);
    await expect(ds.query(`UPDATE sop_versions SET note = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM sop_versions`)).rejects.toThrow(/append-only/);
  });
});
