import 'reflect-metadata';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource, QueryRunner } from 'typeorm';
import { AuditModule, AuditRecord, AuditService, createAuditService, entryHash, GENESIS_HASH } from '@app/audit';
import { Clock, ClockModule, ControllableClock } from '@app/core';
import { APP_ROLE, createDataSource, DatabaseModule } from '@app/database';
import { freshDatabase, migratedDataSource, TestDatabase, withDatabaseEnv } from '../support/database';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CASE_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const CASE_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const ALICE = 'a11ce000-0000-4000-8000-000000000001';
const BOB = 'b0b00000-0000-4000-8000-000000000002';

/** The real CLI, as an operator runs it: `bash scripts/cmis.sh audit verify`. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts/cmis.sh'), ...args], {
      cwd: REPO_ROOT, env: { ...process.env, INIT_CWD: REPO_ROOT, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('audit log (real PostgreSQL)', () => {
  const clock = new ControllableClock(new Date('2026-03-02T08:00:00Z'));
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let audit: AuditService;
  let appDs: DataSource;
  let owner: DataSource;
  /** One connection of the application's pool, as cmis_app. */
  let app: QueryRunner;

  beforeAll(async () => {
    db = await freshDatabase('audit');
    // As the API starts: DatabaseModule migrates as DATABASE_OWNER_URL, then connects as DATABASE_URL.
    moduleRef = await withDatabaseEnv(db, () =>
      Test.createTestingModule({ imports: [ClockModule, DatabaseModule, AuditModule] }).overrideProvider(Clock).useValue(clock).compile());
    audit = moduleRef.get(AuditService);
    appDs = moduleRef.get(DataSource);
    owner = createDataSource(db.url, 3);
    await owner.initialize();
    app = appDs.createQueryRunner();
    await app.connect();
    // With only DATABASE_URL given (one role for everything), check the app role's rights via SET ROLE.
    const [{ current_user: me }] = await app.query(`SELECT current_user`);
    if (me !== APP_ROLE) await app.query(`SET ROLE ${APP_ROLE}`);
  });

  afterAll(async () => {
    await app?.release();
    await moduleRef?.close();
    await owner?.destroy();
    await db?.drop();
  });

  it('runs the application as cmis_app, a role that owns nothing and is no superuser', async () => {
    if (process.env.DATABASE_OWNER_URL) {
      const [{ current_user: user }] = await appDs.query(`SELECT current_user`);
      expect(user).toBe(APP_ROLE);
    }
    const [role] = await app.query(`SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    const owned = await app.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`);
    expect(owned).toEqual([]);
  });

  it('appends concurrent records as one gapless chain (seq 1..20)', async () => {
    const records = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      audit.record({ actorId: ALICE, actorRoles: ['caseworker'], action: 'case.read', caseId: CASE_A, fields: [`registration.f${i}`], details: { i } })));
    const seqs = records.map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await owner.query(`SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq`);
    expect(rows.map((r: any) => Number(r.seq))).toEqual(seqs);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await audit.verify()).toEqual({ ok: true, entries: 20, lastHash: rows[19].hash });
  });

  it("commits or rolls back with the caller's transaction", async () => {
    await expect(appDs.transaction(async (em) => {
      await audit.record({ actorId: ALICE, action: 'form.fill', caseId: CASE_A }, em);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 20 });

    clock.set(new Date('2026-03-02T09:30:00.123Z'));
    const inTx = await appDs.transaction(async (em) => [
      await audit.record({ actorId: ALICE, action: 'form.fill', caseId: CASE_A, fields: ['registration.address'] }, em),
      ...(await audit.recordMany([
        { actorId: BOB, actorRoles: ['supervisor'], action: 'case.search', caseId: CASE_A, details: { filters: { status: 'open' } } },
        { actorId: BOB, actorRoles: ['supervisor'], action: 'case.search', caseId: CASE_B, details: { filters: { status: 'open' } } },
      ], em)),
    ]);
    expect(inTx.map((r) => r.seq)).toEqual([21, 22, 23]);
    expect(inTx[0].at).toEqual(new Date('2026-03-02T09:30:00.123Z'));
    const [stored] = await owner.query(`SELECT at, actor_roles, fields, details, outcome FROM audit_log WHERE seq = 22`);
    expect(stored).toEqual({ at: new Date('2026-03-02T09:30:00.123Z'), actor_roles: ['supervisor'], fields: [],
      details: { filters: { status: 'open' } }, outcome: 'allowed' });
    expect(await audit.verify(4)).toEqual({ ok: true, entries: 23, lastHash: inTx[2].hash });
  });

  it('keeps unusual input storable and verifiable', async () => {
    clock.advance(60_000);
    await audit.recordMany([
      { actorId: null, action: 'auth.login', outcome: 'denied', details: { username: 'mallory\u0000', when: new Date('2026-01-01T00:00:00Z') }, ip: '10.0.0.1', userAgent: 'curl/8' },
      { actorId: ALICE.toUpperCase(), action: 'case.read', caseId: 'not-a-uuid', details: { ratio: 0.1 + 0.2, big: 1e21, nested: { z: 1, a: [1, 'two', null] } } },
    ]);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 25 });
  });

  it('serves the trail of a case and of an actor, newest first, page by page', async () => {
    const first = await audit.trailForCase(CASE_A, { limit: 10 });
    expect(first.records).toHaveLength(10);
    expect(first.records[0]).toMatchObject({ seq: 22, action: 'case.search', actorId: BOB, caseId: CASE_A });
    expect(first.records.map((r) => r.seq)).toEqual([22, 21, 20, 19, 18, 17, 16, 15, 14, 13]);
    const rest = await audit.trailForCase(CASE_A, { limit: 50, beforeSeq: first.nextBeforeSeq });
    expect(rest.records.map((r) => r.seq)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(rest.nextBeforeSeq).toBeNull();
    expect((await audit.trailForCase(CASE_B)).records.map((r) => r.seq)).toEqual([23]);
    expect((await audit.trailForCase('CMIS-2026-1')).records).toEqual([]);

    const bob = await audit.trail({ actorId: BOB });
    expect(bob.records.map((r) => r.seq)).toEqual([23, 22]);
    const window = await audit.trail({ from: new Date('2026-03-02T09:00:00Z'), to: new Date('2026-03-02T09:31:00Z') });
    expect(window.records.map((r) => r.seq)).toEqual([23, 22, 21]);
    expect((await audit.trail({ action: 'auth.login' })).records.map((r) => [r.seq, r.outcome, r.details.username])).toEqual([[24, 'denied', 'mallory\uFFFD']]);
  });

  it('lets cmis_app read and insert the audit log but not update, delete, truncate, drop or disable its trigger', async () => {
    expect(Number((await app.query(`SELECT count(*) AS n FROM audit_log`))[0].n)).toBe(25);
    await expect(app.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query(`DROP TABLE audit_log`)).rejects.toThrow(/must be owner of table audit_log/);
    await expect(app.query(`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner of table audit_log/);
    await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`CREATE TABLE my_own (id int)`)).rejects.toThrow(/permission denied for schema public/);
    await expect(app.query(`INSERT INTO migrations (timestamp, name) VALUES (1, 'Fake1')`)).rejects.toThrow(/permission denied/);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 25 });
  });

  it('gives cmis_app full row access to the other tables, including tables of later migrations', async () => {
    await app.query(`INSERT INTO case_number_counters (key, value) VALUES ('audit-test', 1)`);
    await app.query(`UPDATE case_number_counters SET value = 2 WHERE key = 'audit-test'`);
    await app.query(`DELETE FROM case_number_counters WHERE key = 'audit-test'`);
    await owner.query(`CREATE TABLE later_feature (id serial PRIMARY KEY, note text)`);
    await app.query(`INSERT INTO later_feature (note) VALUES ('by the app')`);
    expect(await app.query(`SELECT note FROM later_feature`)).toEqual([{ note: 'by the app' }]);
    await expect(app.query(`DROP TABLE later_feature`)).rejects.toThrow(/must be owner/);
    await owner.query(`DROP TABLE later_feature`);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even to the owner (trigger)', async () => {
    await expect(owner.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/audit_log is append-only: UPDATE refused/);
    await expect(owner.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(owner.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  /** What only a superuser can do: change rows with triggers off. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    const qr = owner.createQueryRunner();
    await qr.connect();
    try {
      await qr.query(`SET session_replication_role = replica`);
      await qr.query(sql, params);
    } finally {
      await qr.query(`RESET session_replication_role`);
      await qr.release();
    }
  }

  it('the CLI proves an intact chain (exit 0)', async () => {
    const cli = await runCli(['audit', 'verify'], { DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: '' });
    const [{ hash: lastHash }] = await owner.query(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    expect({ code: cli.code, stdout: cli.stdout.trim() }).toEqual({ code: 0, stdout: `audit chain intact: 25 entries, last hash ${lastHash}` });
  }, 240_000);

  it('names an edited entry: hash does not match content, through verify() and the CLI (exit 1)', async () => {
    const [seven] = await owner.query(`SELECT id, at, details FROM audit_log WHERE seq = 7`);
    await tamper(`UPDATE audit_log SET details = details || '{"i": 700}' WHERE seq = 7`);
    const expected = { ok: false, entries: 6, firstBroken: { seq: 7, id: seven.id, at: seven.at, reason: 'hash does not match content' } };
    expect(await audit.verify()).toEqual(expected);
    expect(await audit.verify(3)).toEqual(expected);

    const cli = await runCli(['audit', 'verify', '--batch-size', '5'], { DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: '' });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`audit chain BROKEN at entry seq 7 (id ${seven.id}, at ${seven.at.toISOString()}): hash does not match content`);

    await tamper(`UPDATE audit_log SET details = $1 WHERE seq = 7`, [JSON.stringify(seven.details)]);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 25 });
  }, 240_000);

  it('names the entry after a removed one: prev_hash does not match previous entry', async () => {
    const [eleven] = await owner.query(`SELECT id, at FROM audit_log WHERE seq = 11`);
    await tamper(`DELETE FROM audit_log WHERE seq = 10`);
    expect(await audit.verify()).toEqual({
      ok: false, entries: 9, firstBroken: { seq: 11, id: eleven.id, at: eleven.at, reason: 'prev_hash does not match previous entry' },
    });
  });

  it('names a forged entry that was re-hashed: the next link breaks', async () => {
    const db2 = await freshDatabase('audit_forge');
    const ds = await migratedDataSource(db2.url);
    try {
      const forge = createAuditService(ds, new ControllableClock(new Date('2026-03-02T08:00:00Z')));
      const records: AuditRecord[] = [];
      for (let i = 0; i < 3; i++) records.push(await forge.record({ actorId: ALICE, action: 'case.read', details: { i } }));
      // Rewrite entry 2 and recompute its own hash: only the link from entry 3 gives it away.
      const edited = { ...records[1], details: { i: 'forged' } };
      const qr = ds.createQueryRunner();
      await qr.connect();
      await qr.query(`SET session_replication_role = replica`);
      await qr.query(`UPDATE audit_log SET details = $1, hash = $2 WHERE seq = 2`, [JSON.stringify(edited.details), entryHash(edited)]);
      await qr.release();
      expect(await forge.verify()).toMatchObject({ ok: false, entries: 2, firstBroken: { seq: 3, reason: 'prev_hash does not match previous entry' } });
    } finally {
      await ds.destroy();
      await db2.drop();
    }
  });

  it('works when the migrations are run by a non-superuser owner with CREATEROLE', async () => {
    const [{ rolsuper }] = await owner.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
    if (!rolsuper) return; // needs a superuser to set the scene (the default `npm test` cluster)
    const ownerRole = `cmis_t_owner_${process.pid}`;
    const dbName = `t_audit_nonsuper_${process.pid}`;
    await owner.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await owner.query(`DROP ROLE IF EXISTS ${ownerRole}`);
    await owner.query(`CREATE ROLE ${ownerRole} NOLOGIN CREATEROLE`);
    await owner.query(`CREATE DATABASE ${dbName} OWNER ${ownerRole}`);
    const url = new URL(db.url);
    url.pathname = `/${dbName}`;
    url.searchParams.set('options', `-c role=${ownerRole}`); // log in as the superuser, act as the owner role
    let ds: DataSource | null = null;
    try {
      ds = await migratedDataSource(url.toString());
      const [{ current_user: who, tableowner }] = await ds.query(
        `SELECT current_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log') AS tableowner`);
      expect([who, tableowner]).toEqual([ownerRole, ownerRole]);
      const [rights] = await ds.query(`SELECT
        has_table_privilege('${APP_ROLE}', 'audit_log', 'SELECT') AS audit_select,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'INSERT') AS audit_insert,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'UPDATE') AS audit_update,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'DELETE') AS audit_delete,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'TRUNCATE') AS audit_truncate,
        has_table_privilege('${APP_ROLE}', 'cases', 'UPDATE') AS cases_update,
        has_sequence_privilege('${APP_ROLE}', 'sop_versions_id_seq', 'USAGE') AS seq_usage`);
      expect(rights).toEqual({ audit_select: true, audit_insert: true, audit_update: false, audit_delete: false,
        audit_truncate: false, cases_update: true, seq_usage: true });
    } finally {
      await ds?.destroy();
      await owner.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await owner.query(`DROP ROLE IF EXISTS ${ownerRole}`);
    }
  });

  it('without DATABASE_OWNER_URL, a role that does not own the schema cannot migrate, is told why, and runs once migrated', async () => {
    if (db.appUrl === db.url) return; // one role for everything: nothing to show
    const db3 = await freshDatabase('audit_noowner');
    try {
      // An empty DATABASE_OWNER_URL counts as unset.
      await expect(withDatabaseEnv({ url: '', appUrl: db3.appUrl }, () =>
        Test.createTestingModule({ imports: [ClockModule, DatabaseModule] }).compile(),
      )).rejects.toThrow(/Set DATABASE_OWNER_URL to the schema owner/);
      // Once the owner has migrated (`npm run cmis -- migrate`), cmis_app alone starts: nothing is pending.
      await (await migratedDataSource(db3.url)).destroy();
      const started = await withDatabaseEnv({ url: '', appUrl: db3.appUrl }, () =>
        Test.createTestingModule({ imports: [ClockModule, DatabaseModule] }).compile());
      try {
        expect(await started.get(DataSource).query(`SELECT current_user AS who`)).toEqual([{ who: APP_ROLE }]);
      } finally {
        await started.close();
      }
    } finally {
      await db3.drop();
    }
  });
});

