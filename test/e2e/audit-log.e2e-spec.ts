import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource, QueryRunner } from 'typeorm';
import { AuditModule, AuditRecord, AuditService, chainOf } from '@app/audit';
import { Clock, ClockModule, ControllableClock } from '@app/core';
import { APP_ROLE, createDataSource, DatabaseModule } from '@app/database';
import { caseId, chainsOf, headsOf, runCli, tamper, withTimeout, ALICE, BOB, CASE_A, CASE_B } from '../support/audit-log';
import { freshDatabase, TestDatabase, withDatabaseEnv } from '../support/database';

describe('audit log (real PostgreSQL)', () => {
  const clock = new ControllableClock(new Date('2026-03-02T08:00:00Z'));
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let audit: AuditService;
  let N: number;
  let appDs: DataSource;
  let owner: DataSource;
  /** One connection of the application's pool, as cmis_app. */
  let app: QueryRunner;
  /** Every record written for CASE_A, as returned by record/recordMany. */
  const caseA: AuditRecord[] = [];
  const total = async () => Number((await owner.query(`SELECT count(*) AS n FROM audit_log`))[0].n);

  beforeAll(async () => {
    db = await freshDatabase('audit');
    // As the API starts: DatabaseModule migrates as DATABASE_OWNER_URL, then connects as DATABASE_URL.
    moduleRef = await withDatabaseEnv(db, () =>
      Test.createTestingModule({ imports: [ClockModule, DatabaseModule, AuditModule] })
        .overrideProvider(Clock)
        .useValue(clock)
        .compile(),
    );
    audit = moduleRef.get(AuditService);
    N = audit.chainCount;
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

  it('appends concurrent records of one case to its chain, gapless (seq 1..20)', async () => {
    expect(N).toBe(Number(process.env.CMIS_AUDIT_CHAINS || 16));
    const records = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.record({ actorId: ALICE, actorRoles: ['caseworker'], action: 'case.read', caseId: CASE_A, fields: [`registration.f${i}`], details: { i } }),
      ),
    );
    caseA.push(...records);
    const chain = chainOf(CASE_A, N);
    expect(new Set(records.map((r) => r.chain))).toEqual(new Set([chain]));
    const seqs = records.map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const chains = await chainsOf(owner);
    expect([...chains.keys()]).toEqual([chain]);
    const [row] = await owner.query(`SELECT chain, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    expect(await audit.verify()).toEqual({ ok: true, entries: 20, chains: 1, heads: [{ chain, seq: 20, hash: row.hash }] });
  });

  it('appends 50 parallel records for 50 cases to several chains, each gapless, and verifies them', async () => {
    const records = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        audit.record({ actorId: BOB, actorRoles: ['caseworker'], action: 'case.read', caseId: caseId(i + 1), details: { i } }),
      ),
    );
    records.forEach((r, i) => expect([r.caseId, r.chain]).toEqual([caseId(i + 1), chainOf(caseId(i + 1), N)]));
    const used = new Set(records.map((r) => r.chain));
    expect(used.size).toBeGreaterThanOrEqual(Math.min(N, 8)); // 50 cases over 16 chains touch nearly all of them
    const chains = await chainsOf(owner); // each chain 1..n, linked from its own genesis
    expect(new Set(chains.keys())).toEqual(new Set([...used, chainOf(CASE_A, N)]));
    expect([...chains.values()].reduce((n, list) => n + list.length, 0)).toBe(70);
    expect(await audit.verify()).toEqual({ ok: true, entries: 70, chains: chains.size, heads: await headsOf(owner) });
    expect(await audit.verify(2)).toMatchObject({ ok: true, entries: 70 });
  });

  it('runs concurrent recordMany calls over overlapping chains without deadlock, in and out of transactions', async () => {
    const pool = Array.from({ length: 24 }, (_, i) => caseId(i + 1));
    expect(new Set(pool.map((c) => chainOf(c, N))).size).toBeGreaterThan(Math.min(N, 8) - 1);
    const lists = Array.from({ length: 24 }, (_, k) => {
      const rotated = [...pool.slice(k), ...pool.slice(0, k)].slice(0, 12);
      return (k % 2 ? rotated.reverse() : rotated).map((c, j) => ({ actorId: ALICE, action: 'case.list.result', caseId: c, details: { k, j } }));
    });
    const before = await total();
    const results = await withTimeout(
      Promise.all(
        lists.map((entries, k) =>
          k % 3 === 0
            ? // A list written in the caller's transaction, after a change of its own that takes a row lock.
              appDs.transaction(async (em) => {
                await em.query(`INSERT INTO case_number_counters (key, value) VALUES ($1, 1)`, [`audit-many-${k}`]);
                return audit.recordMany(entries, em);
              })
            : audit.recordMany(entries),
        ),
      ),
      30_000,
      'concurrent recordMany',
    );
    results.forEach((records, k) => expect(records.map((r) => [r.caseId, r.details.k, r.details.j])).toEqual(lists[k].map((e) => [e.caseId, k, e.details.j])));
    expect(await total()).toBe(before + 24 * 12);
    await chainsOf(owner);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: before + 24 * 12 });
    await owner.query(`DELETE FROM case_number_counters WHERE key LIKE 'audit-many-%'`);
  });

  it("commits or rolls back with the caller's transaction", async () => {
    const before = await total();
    await expect(
      appDs.transaction(async (em) => {
        await audit.record({ actorId: ALICE, action: 'form.fill', caseId: CASE_A }, em);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await audit.verify()).toMatchObject({ ok: true, entries: before });

    clock.set(new Date('2026-03-02T09:30:00.123Z'));
    // One case per transaction: a record and a recordMany of the same case share its chain.
    const inTx = await appDs.transaction(async (em) => [
      await audit.record({ actorId: ALICE, action: 'form.fill', caseId: CASE_A, fields: ['registration.address'] }, em),
      ...(await audit.recordMany(
        [
          { actorId: BOB, actorRoles: ['supervisor'], action: 'case.search.result', caseId: CASE_A, details: { filters: { status: 'open' }, page: 1 } },
          { actorId: BOB, actorRoles: ['supervisor'], action: 'case.search.result', caseId: CASE_A, details: { filters: { status: 'open' }, page: 2 } },
        ],
        em,
      )),
    ]);
    caseA.push(...inTx);
    const chain = chainOf(CASE_A, N);
    expect(inTx.map((r) => r.chain)).toEqual([chain, chain, chain]);
    expect(inTx.map((r) => r.seq)).toEqual([inTx[0].seq, inTx[0].seq + 1, inTx[0].seq + 2]);
    expect(inTx[0].at).toEqual(new Date('2026-03-02T09:30:00.123Z'));
    const [stored] = await owner.query(`SELECT at, actor_roles, fields, details, outcome FROM audit_log WHERE chain = $1 AND seq = $2`, [chain, inTx[1].seq]);
    expect(stored).toEqual({
      at: new Date('2026-03-02T09:30:00.123Z'),
      actor_roles: ['supervisor'],
      fields: [],
      details: { filters: { status: 'open' }, page: 1 },
      outcome: 'allowed',
    });

    clock.set(new Date('2026-03-02T09:30:30Z'));
    const [search, resultB] = await audit.recordMany([
      { actorId: BOB, actorRoles: ['supervisor'], action: 'case.search', caseId: null, details: { cases: 1 } },
      { actorId: BOB, actorRoles: ['supervisor'], action: 'case.search.result', caseId: CASE_B },
    ]);
    expect([search.chain, resultB.chain]).toEqual([chainOf(BOB, N), chainOf(CASE_B, N)]);
    expect(await audit.verify(4)).toMatchObject({ ok: true, entries: before + 5 });
  });

  it('keeps unusual input storable and verifiable', async () => {
    clock.advance(60_000);
    const [login, odd] = await audit.recordMany([
      {
        actorId: null,
        action: 'auth.login',
        outcome: 'denied',
        details: { username: 'mallory\u0000', when: new Date('2026-01-01T00:00:00Z') },
        ip: '10.0.0.1',
        userAgent: 'curl/8',
      },
      {
        actorId: ALICE.toUpperCase(),
        action: 'case.read',
        caseId: 'not-a-uuid',
        details: { ratio: 0.1 + 0.2, big: 1e21, nested: { z: 1, a: [1, 'two', null] } },
      },
    ]);
    expect([login.chain, odd.chain, odd.caseId, odd.details.caseRef]).toEqual([1, chainOf(ALICE, N), null, 'not-a-uuid']);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: await total() });
  });

  it('serves the trail of a case in its chain order, page by page (nextBeforeSeq and nextBefore)', async () => {
    const expected = [...caseA].sort((a, b) => b.seq - a.seq).map((r) => r.seq);
    expect(expected).toHaveLength(23);
    const first = await audit.trailForCase(CASE_A, { limit: 10 });
    expect(first.records[0]).toMatchObject({ action: 'case.search.result', actorId: BOB, caseId: CASE_A, details: { page: 2 } });
    expect(first.records.map((r) => r.seq)).toEqual(expected.slice(0, 10));
    expect(first.nextBeforeSeq).toBe(expected[9]);
    expect(first.nextBefore).toBe(`${chainOf(CASE_A, N)}|${expected[9]}`);
    const rest = await audit.trailForCase(CASE_A, { limit: 50, beforeSeq: first.nextBeforeSeq });
    expect(rest.records.map((r) => r.seq)).toEqual(expected.slice(10));
    expect(rest).toMatchObject({ nextBeforeSeq: null, nextBefore: null });
    expect((await audit.trailForCase(CASE_A, { limit: 50, before: first.nextBefore })).records).toEqual(rest.records);
    expect((await audit.trailForCase(CASE_B)).records.map((r) => r.action)).toEqual(['case.search.result']);
    expect((await audit.trailForCase(CASE_A.toUpperCase(), { limit: 1 })).records.map((r) => r.seq)).toEqual([expected[0]]);
    expect((await audit.trailForCase('CMIS-2026-1')).records).toEqual([]);
  });

  it('serves trails across chains newest first (at DESC, chain, seq DESC) with an opaque cursor', async () => {
    const bob = await audit.trail({ actorId: BOB, from: new Date('2026-03-02T09:00:00Z') });
    // 09:30:30: the search (BOB's chain) and its result (CASE_B's chain), by chain; 09:30:00.123: pages 2 and 1 by seq DESC.
    const latest = [
      ['case.search', chainOf(BOB, N)],
      ['case.search.result', chainOf(CASE_B, N)],
    ].sort((a, b) => (a[1] as number) - (b[1] as number));
    expect(bob.records.map((r) => [r.action, r.chain, r.details.page])).toEqual([
      ...latest.map(([action, chain]) => [action, chain, undefined]),
      ['case.search.result', chainOf(CASE_A, N), 2],
      ['case.search.result', chainOf(CASE_A, N), 1],
    ]);
    const window = await audit.trail({ from: new Date('2026-03-02T09:00:00Z'), to: new Date('2026-03-02T09:30:01Z') });
    expect(window.records.map((r) => r.action)).toEqual(['case.search.result', 'case.search.result', 'form.fill']);
    expect((await audit.trail({ action: 'auth.login' })).records.map((r) => [r.chain, r.outcome, r.details.username])).toEqual([
      [1, 'denied', 'mallory\uFFFD'],
    ]);

    // The whole log, 7 at a time: the same entries in the same order as one page, none twice.
    const all = await audit.trail({ limit: 500 });
    expect(all.records).toHaveLength(await total());
    const key = (r: AuditRecord) => [-r.at.getTime(), r.chain, -r.seq];
    for (let i = 1; i < all.records.length; i++) {
      const [a, b] = [key(all.records[i - 1]), key(all.records[i])];
      expect(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))).toBe(true);
    }
    const paged: AuditRecord[] = [];
    let before: string | null = null;
    do {
      const page = await audit.trail({ limit: 7, before });
      paged.push(...page.records);
      before = page.nextBefore;
    } while (before);
    expect(paged.map((r) => r.id)).toEqual(all.records.map((r) => r.id));
    await expect(audit.trail({ before: 'garbage' })).rejects.toThrow(/cursor/);
  });

  it('keeps the trail queries on the indexes', async () => {
    await owner.query(`ANALYZE audit_log`);
    const plan = async (sql: string, params: unknown[], without: string[] = []) => {
      const qr = owner.createQueryRunner();
      await qr.connect();
      try {
        // A small table: ask whether an index can serve the filter and the order, not whether it pays.
        // `without`: indexes left out for the question (dropped in a transaction rolled back), where
        // another index that serves only the order costs about the same on so few rows.
        await qr.startTransaction();
        for (const plan of ['seqscan', 'bitmapscan', 'sort']) await qr.query(`SET LOCAL enable_${plan} = off`);
        for (const index of without) await qr.query(`DROP INDEX ${index}`);
        return JSON.stringify(await qr.query(`EXPLAIN (FORMAT JSON) ${sql}`, params));
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
    };
    const caseTrail = await plan(`SELECT * FROM audit_log WHERE case_id = $1 AND chain > 0 ORDER BY seq DESC, chain DESC LIMIT 10`, [CASE_A]);
    expect(caseTrail).toContain('audit_log_case_idx');
    expect(caseTrail).not.toContain('"Sort"');
    const actorTrail = await plan(`SELECT * FROM audit_log WHERE actor_id = $1 ORDER BY at DESC, chain, seq DESC LIMIT 10`, [BOB], ['audit_log_at_idx']);
    expect(actorTrail).toContain('audit_log_actor_idx');
    expect(actorTrail).not.toContain('"Sort"');
    const chainWalk = await plan(`SELECT * FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT 10`, [1, 0]);
    expect(chainWalk).toContain('audit_log_chain_seq_key');
  });

  it('lets cmis_app read and insert the audit log but not update, delete, truncate, drop or disable its trigger', async () => {
    const n = await total();
    expect(Number((await app.query(`SELECT count(*) AS n FROM audit_log`))[0].n)).toBe(n);
    await expect(app.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query(`UPDATE audit_log SET chain = 2 WHERE chain = 1`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(app.query(`DROP TABLE audit_log`)).rejects.toThrow(/must be owner of table audit_log/);
    await expect(app.query(`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner of table audit_log/);
    await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`CREATE TABLE my_own (id int)`)).rejects.toThrow(/permission denied for schema public/);
    await expect(app.query(`INSERT INTO migrations (timestamp, name) VALUES (1, 'Fake1')`)).rejects.toThrow(/permission denied/);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: n });
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
    await expect(owner.query(`UPDATE audit_log SET chain = 2 WHERE chain = 1`)).rejects.toThrow(/audit_log is append-only: UPDATE refused/);
    await expect(owner.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(owner.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('the CLI proves every chain intact (exit 0) and prints each chain head', async () => {
    const heads = await headsOf(owner);
    const cli = await runCli(['audit', 'verify'], { DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: '' });
    expect({ code: cli.code, stdout: cli.stdout.trim().split('\n') }).toEqual({
      code: 0,
      stdout: [
        `audit log intact: ${await total()} entries in ${heads.length} chains`,
        ...heads.map((h) => `chain ${h.chain}: last seq ${h.seq}, hash ${h.hash}`),
        // Checkpoints (test/e2e/audit-search.e2e-spec.ts) are off here: the CLI says what it cannot see.
        'no checkpoints configured (CMIS_AUDIT_CHECKPOINT_DIR): deleted newest rows cannot be detected',
      ],
    });
  }, 240_000);

  /** Entries in chains below `chain`, plus `before` of its own: what verify counts before a break there. */
  async function entriesBefore(chain: number, before: number): Promise<number> {
    const [{ n }] = await owner.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain < $1`, [chain]);
    return n + before;
  }

  it('names an edited entry by chain and seq: hash does not match content, through verify() and the CLI (exit 1)', async () => {
    const chain = chainOf(CASE_A, N);
    const [seven] = await owner.query(`SELECT id, at, details FROM audit_log WHERE chain = $1 AND seq = 7`, [chain]);
    await tamper(owner, `UPDATE audit_log SET details = details || '{"i": 700}' WHERE chain = $1 AND seq = 7`, [chain]);
    const expected = {
      ok: false,
      entries: await entriesBefore(chain, 6),
      firstBroken: { chain, seq: 7, id: seven.id, at: seven.at, reason: 'hash does not match content' },
    };
    expect(await audit.verify()).toEqual(expected);
    expect(await audit.verify(3)).toEqual(expected);

    const cli = await runCli(['audit', 'verify', '--batch-size', '5'], { DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: '' });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`audit log BROKEN at chain ${chain} seq 7 (id ${seven.id}, at ${seven.at.toISOString()}): hash does not match content`);

    await tamper(owner, `UPDATE audit_log SET details = $1 WHERE chain = $2 AND seq = 7`, [JSON.stringify(seven.details), chain]);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: await total() });
  }, 240_000);

  it('names an entry moved to another chain (its chain is hashed), through verify() and the CLI', async () => {
    // Move the newest entry of CASE_A's chain to the chain with the fewest entries, keeping its seq.
    const from = chainOf(CASE_A, N);
    const heads = await headsOf(owner);
    const head = heads.find((h) => h.chain === from)!;
    const to = heads.filter((h) => h.chain !== from).sort((a, b) => a.seq - b.seq)[0];
    expect(to.seq).toBeLessThan(head.seq);
    const [moved] = await owner.query(`SELECT id, at FROM audit_log WHERE chain = $1 AND seq = $2`, [from, head.seq]);
    await tamper(owner, `UPDATE audit_log SET chain = $1 WHERE id = $2`, [to.chain, moved.id]);
    const expected = {
      ok: false,
      entries: await entriesBefore(to.chain, to.seq),
      firstBroken: { chain: to.chain, seq: head.seq, id: moved.id, at: moved.at, reason: 'hash does not match content' },
    };
    expect(await audit.verify()).toEqual(expected);

    const cli = await runCli(['audit', 'verify'], { DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: '' });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(
      `audit log BROKEN at chain ${to.chain} seq ${head.seq} (id ${moved.id}, at ${moved.at.toISOString()}): hash does not match content`,
    );

    await tamper(owner, `UPDATE audit_log SET chain = $1 WHERE id = $2`, [from, moved.id]);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: await total() });
  }, 240_000);

  it('names the entry after a removed one by chain and seq: prev_hash does not match previous entry', async () => {
    const chain = chainOf(CASE_A, N);
    const [ten] = await owner.query(`SELECT * FROM audit_log WHERE chain = $1 AND seq = 10`, [chain]);
    const [eleven] = await owner.query(`SELECT id, at FROM audit_log WHERE chain = $1 AND seq = 11`, [chain]);
    await tamper(owner, `DELETE FROM audit_log WHERE chain = $1 AND seq = 10`, [chain]);
    expect(await audit.verify()).toEqual({
      ok: false,
      entries: await entriesBefore(chain, 9),
      firstBroken: { chain, seq: 11, id: eleven.id, at: eleven.at, reason: 'prev_hash does not match previous entry' },
    });
    const cli = await runCli(['audit', 'verify'], { DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: '' });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(
      `audit log BROKEN at chain ${chain} seq 11 (id ${eleven.id}, at ${eleven.at.toISOString()}): prev_hash does not match previous entry`,
    );

    const columns = Object.keys(ten);
    await owner.query(
      `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'details' ? JSON.stringify(ten[c]) : ten[c])),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, entries: await total() });
  }, 240_000);
});
