import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditRecord, canonicalJson, chainOf, createAuditService, entryHash, GENESIS_HASH } from '@app/audit';
import { ClockModule, ControllableClock } from '@app/core';
import { APP_ROLE, createDataSource, DatabaseModule, MIGRATIONS, runMigrations } from '@app/database';
import { caseId, headsOf, runCli, tamper, ALICE, BOB, CASE_B } from '../support/audit-log';
import { freshDatabase, migratedDataSource, TestDatabase, withDatabaseEnv } from '../support/database';

/**
 * The audit log across schema changes and database roles: a forged entry re-hashed in place, the
 * legacy single chain kept as chain 0 by the chains migration, migrations run by a non-superuser
 * owner, and an application role that is told to ask the owner to migrate.
 */
describe('audit log: migrations, roles and forgeries (real PostgreSQL)', () => {
  let db: TestDatabase;
  /** The cluster's owner connection (superuser under `npm test`), on a database of its own. */
  let owner: DataSource;

  beforeAll(async () => {
    db = await freshDatabase('audit_migrations');
    owner = createDataSource(db.url, 2);
    await owner.initialize();
  });

  afterAll(async () => {
    await owner?.destroy();
    await db?.drop();
  });

  it('names a forged entry that was re-hashed: the next link breaks', async () => {
    const db2 = await freshDatabase('audit_forge');
    const ds = await migratedDataSource(db2.url);
    try {
      const forge = createAuditService(ds, new ControllableClock(new Date('2026-03-02T08:00:00Z')), { chains: 4 });
      const records: AuditRecord[] = [];
      for (let i = 0; i < 3; i++) records.push(await forge.record({ actorId: ALICE, action: 'case.read', details: { i } }));
      // Rewrite entry 2 and recompute its own hash: only the link from entry 3 gives it away.
      const edited = { ...records[1], details: { i: 'forged' } };
      await tamper(ds, `UPDATE audit_log SET details = $1, hash = $2 WHERE chain = $3 AND seq = 2`, [
        JSON.stringify(edited.details),
        entryHash(edited),
        edited.chain,
      ]);
      expect(await forge.verify()).toMatchObject({
        ok: false,
        entries: 2,
        firstBroken: { chain: chainOf(ALICE, 4), seq: 3, reason: 'prev_hash does not match previous entry' },
      });
    } finally {
      await ds.destroy();
      await db2.drop();
    }
  });

  it('keeps entries written before the chains migration as the frozen legacy chain 0, verified in the old form', async () => {
    const db4 = await freshDatabase('audit_legacy');
    // The schema as it was before 1765300000000-audit-chains.
    const base = createDataSource(db4.url, 2);
    const earlier = MIGRATIONS.filter((m) => Number(/(\d{13})$/.exec(new m().name)![1]) < 1765300000000);
    expect(earlier.map((m) => new m().name)).toContain('AuditLog1765100000000');
    const pre = new DataSource({ ...(base.options as any), migrations: earlier });
    await pre.initialize();
    const legacy: AuditRecord[] = [];
    let ds: DataSource | null = null;
    try {
      await runMigrations(pre);
      // Five entries hashed and stored the old way: one chain, no chain column, no "chain" in the hash.
      let prevHash = GENESIS_HASH;
      const subjects: Array<[string | null, string | null]> = [
        [ALICE, CASE_B],
        [ALICE, CASE_B],
        [BOB, null],
        [BOB, CASE_B],
        [null, null],
      ];
      for (const [i, [actorId, caseRef]] of subjects.entries()) {
        const content = {
          id: `01d00000-0000-4000-8000-00000000000${i + 1}`,
          seq: i + 1,
          at: new Date(Date.UTC(2026, 0, 5, 10, 0, i)),
          actorId,
          actorRoles: ['caseworker'],
          action: 'case.read',
          caseId: caseRef,
          fields: [],
          outcome: 'allowed' as const,
          details: { legacy: i },
          ip: null,
          userAgent: null,
          prevHash,
        };
        const hash = createHash('sha256')
          .update(prevHash + canonicalJson(content))
          .digest('hex');
        await pre.query(
          `INSERT INTO audit_log (id, seq, at, actor_id, actor_roles, action, case_id, fields, outcome, details, ip, user_agent, prev_hash, hash)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            content.id,
            content.seq,
            content.at,
            actorId,
            content.actorRoles,
            content.action,
            caseRef,
            content.fields,
            content.outcome,
            JSON.stringify(content.details),
            null,
            null,
            prevHash,
            hash,
          ],
        );
        legacy.push({ ...content, chain: 0, hash });
        prevHash = hash;
      }
      await pre.destroy();

      ds = await migratedDataSource(db4.url);
      expect(await ds.query(`SELECT chain, count(*)::int AS n FROM audit_log GROUP BY chain`)).toEqual([{ chain: 0, n: 5 }]);
      const clock4 = new ControllableClock(new Date('2026-03-02T08:00:00Z'));
      const svc = createAuditService(ds, clock4, { chains: 16 });
      expect(await svc.verify()).toEqual({ ok: true, entries: 5, chains: 1, heads: [{ chain: 0, seq: 5, hash: legacy[4].hash }] });

      // New entries go to chains 1..N, hashed with their chain; a different N later still verifies.
      const fresh = [];
      for (let i = 0; i < 3; i++) fresh.push(await svc.record({ actorId: ALICE, action: 'case.read', caseId: CASE_B, details: { i } }));
      expect(fresh.map((r) => [r.chain, r.seq])).toEqual([1, 2, 3].map((seq) => [chainOf(CASE_B, 16), seq]));
      const other = createAuditService(ds, clock4, { chains: 3 });
      await other.recordMany([caseId(1), caseId(2), caseId(3), caseId(4)].map((c) => ({ actorId: BOB, action: 'case.read', caseId: c })));
      const heads = await headsOf(ds);
      expect(heads[0]).toEqual({ chain: 0, seq: 5, hash: legacy[4].hash });
      expect(await svc.verify()).toEqual({ ok: true, entries: 12, chains: heads.length, heads });
      const cli = await runCli(['audit', 'verify'], { DATABASE_URL: db4.appUrl, DATABASE_OWNER_URL: '' });
      expect({ code: cli.code, first: cli.stdout.split('\n').slice(0, 2) }).toEqual({
        code: 0,
        first: [`audit log intact: 12 entries in ${heads.length} chains`, `chain 0 (legacy): last seq 5, hash ${legacy[4].hash}`],
      });

      // Nothing can be appended to the legacy chain any more, not even by the owner.
      const sixth = { ...legacy[4], id: '01d00000-0000-4000-8000-000000000006', seq: 6, prevHash: legacy[4].hash };
      await expect(
        ds.query(`INSERT INTO audit_log (id, chain, seq, at, action, outcome, prev_hash, hash) VALUES ($1, 0, 6, $2, 'x', 'allowed', $3, $4)`, [
          sixth.id,
          sixth.at,
          sixth.prevHash,
          entryHash(sixth),
        ]),
      ).rejects.toThrow(/audit_log_legacy_frozen/);

      // The trail of a case reads its chain, then its legacy entries; nextBefore pages across.
      const pages: AuditRecord[][] = [];
      let page = await svc.trailForCase(CASE_B, { limit: 2 });
      pages.push(page.records);
      expect(page.nextBeforeSeq).toBe(2);
      expect(await svc.trailForCase(CASE_B, { limit: 2, beforeSeq: 2 })).toEqual(await svc.trailForCase(CASE_B, { limit: 2, before: page.nextBefore }));
      while (page.nextBefore) {
        page = await svc.trailForCase(CASE_B, { limit: 2, before: page.nextBefore });
        pages.push(page.records);
        if (page.records.at(-1)?.chain === 0) expect(page.nextBeforeSeq).toBeNull();
      }
      expect(pages.flat().map((r) => [r.chain, r.seq])).toEqual([
        [chainOf(CASE_B, 16), 3],
        [chainOf(CASE_B, 16), 2],
        [chainOf(CASE_B, 16), 1],
        [0, 4],
        [0, 2],
        [0, 1],
      ]);
      expect(
        pages
          .flat()
          .slice(3)
          .map((r) => r.hash),
      ).toEqual([legacy[3].hash, legacy[1].hash, legacy[0].hash]);

      // Tampering with the legacy chain is named like any other.
      await tamper(ds, `UPDATE audit_log SET details = '{"legacy": 99}' WHERE chain = 0 AND seq = 3`);
      expect(await svc.verify()).toMatchObject({
        ok: false,
        entries: 2,
        firstBroken: { chain: 0, seq: 3, id: legacy[2].id, reason: 'hash does not match content' },
      });
      const broken = await runCli(['audit', 'verify'], { DATABASE_URL: db4.appUrl, DATABASE_OWNER_URL: '' });
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`audit log BROKEN at chain 0 seq 3 (id ${legacy[2].id}, at ${legacy[2].at.toISOString()}): hash does not match content`);
      await tamper(ds, `UPDATE audit_log SET details = '{"legacy": 2}' WHERE chain = 0 AND seq = 3`);
      expect(await svc.verify()).toMatchObject({ ok: true, entries: 12 });
      // Moving a legacy entry into a new chain is caught too: chain 0 was hashed without "chain".
      expect(heads.map((h) => h.chain)).not.toContain(200);
      await tamper(ds, `UPDATE audit_log SET chain = 200 WHERE chain = 0 AND seq = 5`);
      expect(await svc.verify()).toMatchObject({ ok: false, firstBroken: { chain: 200, seq: 5, id: legacy[4].id, reason: 'hash does not match content' } });
      await tamper(ds, `UPDATE audit_log SET chain = 0 WHERE chain = 200 AND seq = 5`);
      expect(await svc.verify()).toMatchObject({ ok: true, entries: 12 });
    } finally {
      if (pre.isInitialized) await pre.destroy();
      await ds?.destroy();
      await db4.drop();
    }
  }, 240_000);

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
        `SELECT current_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log') AS tableowner`,
      );
      expect([who, tableowner]).toEqual([ownerRole, ownerRole]);
      const [rights] = await ds.query(`SELECT
        has_table_privilege('${APP_ROLE}', 'audit_log', 'SELECT') AS audit_select,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'INSERT') AS audit_insert,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'UPDATE') AS audit_update,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'DELETE') AS audit_delete,
        has_table_privilege('${APP_ROLE}', 'audit_log', 'TRUNCATE') AS audit_truncate,
        has_table_privilege('${APP_ROLE}', 'cases', 'UPDATE') AS cases_update,
        has_sequence_privilege('${APP_ROLE}', 'sop_versions_id_seq', 'USAGE') AS seq_usage`);
      expect(rights).toEqual({
        audit_select: true,
        audit_insert: true,
        audit_update: false,
        audit_delete: false,
        audit_truncate: false,
        cases_update: true,
        seq_usage: true,
      });
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
      await expect(
        withDatabaseEnv({ url: '', appUrl: db3.appUrl }, () => Test.createTestingModule({ imports: [ClockModule, DatabaseModule] }).compile()),
      ).rejects.toThrow(/Set DATABASE_OWNER_URL to the schema owner/);
      // Once the owner has migrated (`npm run cmis -- migrate`), cmis_app alone starts: nothing is pending.
      await (await migratedDataSource(db3.url)).destroy();
      const started = await withDatabaseEnv({ url: '', appUrl: db3.appUrl }, () =>
        Test.createTestingModule({ imports: [ClockModule, DatabaseModule] }).compile(),
      );
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
