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

  it("renames deadlines kept late from 'missed' to 'late', leaving 'missed' for those never kept; the migration goes down and up", async () => {
    await ds.query(`INSERT INTO locations (code, level, path, name) VALUES ('MD', 'country', 'MD/', '{}')`);
    const [{ id: user }] = await ds.query(
      `INSERT INTO users (username, display_name, password_hash, roles, location_code, location_path) VALUES ('dl', 'D L', 'x', '{caseworker}', 'MD', 'MD/') RETURNING id`,
    );
    const [{ id: version }] = await ds.query(`INSERT INTO sop_versions (pack_id, version, content_hash, files) VALUES ('dl', 1, 'h', '{}') RETURNING id`);
    const [{ id: caseId }] = await ds.query(
      `INSERT INTO cases (case_number, case_type, sop_version_id, step, status, created_by, location_code, location_path, registered_at, updated_at)
       VALUES ('DL-1', 't', $1, 's', 'open', $2, 'MD', 'MD/', now(), now()) RETURNING id`,
      [version, user],
    );
    const add = (key: string, status: string) =>
      ds.query(`INSERT INTO deadlines (case_id, key, definition_id, anchor_at, due_at, status, created_at) VALUES ($1, $2, 'd', now(), now(), $3, now())`, [
        caseId,
        key,
        status,
      ]);
    const statuses = async () =>
      (await ds.query(`SELECT key, status FROM deadlines WHERE case_id = $1 ORDER BY key`, [caseId])).map((r: any) => `${r.key}:${r.status}`);
    const migration = new (MIGRATIONS.find((m) => new m().name === 'DeadlineOutcomes1766260000000')!)();
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      await add('a', 'missed'); // before: kept after its due time
      await add('b', 'met');
      await expect(add('c', 'late')).rejects.toThrow(/deadlines_status_check/);
      await migration.up(runner);
      expect(await statuses()).toEqual(['a:late', 'b:met']);
      await add('c', 'missed'); // now: never kept
      await expect(add('d', 'kept')).rejects.toThrow(/deadlines_status_check/);
      await migration.down(runner);
      expect(await statuses()).toEqual(['a:missed', 'b:met', 'c:cancelled']);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  });

  it('refuses to rewrite a published SOP version', async () => {
    await ds.query(`INSERT INTO sop_versions (pack_id, version, content_hash, files) VALUES ('p', 1, 'h', '{}')`);
    await expect(ds.query(`UPDATE sop_versions SET note = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM sop_versions`)).rejects.toThrow(/append-only/);
  });
});
