import { ControllableClock } from '@app/core';
import { chainOf } from './audit-chains';
import { entryHash, GENESIS_HASH } from './audit-hash';
import { AuditService } from './audit.service';
import type { AuditRecord } from './audit.types';

/** An in-memory stand-in for AuditRepository: the service's own logic, no database. */
function fakeRepo() {
  const rows: AuditRecord[] = [];
  const locks: number[][] = [];
  const em = { queryRunner: { isTransactionActive: true } } as any;
  const inChain = (chain: number) => rows.filter((r) => r.chain === chain).sort((a, b) => a.seq - b.seq);
  return {
    rows,
    locks,
    em,
    transaction: async <T>(work: (em: any) => Promise<T>) => work(em),
    lockAndReadLinks: async (_em: unknown, chains: number[]) => {
      locks.push([...chains]);
      return new Map(
        chains.flatMap((c) => {
          const last = inChain(c).pop();
          return last ? [[c, { seq: last.seq, hash: last.hash }] as const] : [];
        }),
      );
    },
    hashesAt: async (positions: Array<{ chain: number; seq: number }>) =>
      new Map(positions.flatMap((p) => rows.filter((r) => r.chain === p.chain && r.seq === p.seq).map((r) => [p.chain, r.hash] as const))),
    insert: async (_em: unknown, records: AuditRecord[]) => {
      rows.push(...records.map((r) => JSON.parse(JSON.stringify(r), (k, v) => (k === 'at' ? new Date(v) : v))));
    },
    chainNumbers: async () => [...new Set(rows.map((r) => r.chain))].sort((a, b) => a - b),
    chainAfter: async (chain: number, afterSeq: number, limit: number) =>
      inChain(chain)
        .filter((r) => r.seq > afterSeq)
        .slice(0, limit),
    caseNewestFirst: async () => [],
    newestFirst: async () => [...rows].reverse(),
  };
}

const ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
/** Case ids that land in different chains of 16 (checked below, so the tests mean what they say). */
const CASES = ['c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000003'];

describe('AuditService (no database)', () => {
  const clock = new ControllableClock(new Date('2026-03-02T08:00:00Z'));

  it('uses case ids that fall in three different chains', () => {
    expect(new Set(CASES.map((c) => chainOf(c, 16))).size).toBe(3);
  });

  it('chains entries per chain, stamps the clock time, and normalises what it stores', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock, 16);
    const first = await audit.record({
      actorId: ALICE.toUpperCase(),
      action: 'case.read',
      caseId: 'CMIS-1',
      details: { when: new Date('2026-01-01T00:00:00Z'), x: undefined },
    });
    clock.advance(1000);
    const [second, third] = await audit.recordMany([
      { actorId: null, action: 'auth.login', outcome: 'denied', userAgent: 'x\u0000y' },
      { actorId: null, action: 'case.search' },
    ]);
    // A non-UUID case reference is kept in details: the entry goes to the actor's chain.
    expect(first).toMatchObject({
      chain: chainOf(ALICE, 16),
      seq: 1,
      prevHash: GENESIS_HASH,
      actorId: ALICE,
      caseId: null,
      details: { caseRef: 'CMIS-1', when: '2026-01-01T00:00:00.000Z' },
      outcome: 'allowed',
      actorRoles: [],
      fields: [],
      at: new Date('2026-03-02T08:00:00Z'),
    });
    expect(first.hash).toBe(entryHash(first));
    // Neither case nor actor: chain 1.
    expect(second).toMatchObject({ chain: 1, seq: 1, prevHash: GENESIS_HASH, outcome: 'denied', userAgent: 'x\uFFFDy', at: new Date('2026-03-02T08:00:01Z') });
    expect(third).toMatchObject({ chain: 1, seq: 2, prevHash: second.hash });
    expect(await audit.verify(2)).toEqual({
      ok: true,
      entries: 3,
      chains: 2,
      heads: [
        { chain: 1, seq: 2, hash: third.hash },
        { chain: chainOf(ALICE, 16), seq: 1, hash: first.hash },
      ],
    });
  });

  it('recordMany groups entries by chain, locks each chain once in ascending order, and keeps the input order', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock, 16);
    const entries = [CASES[2], CASES[0], CASES[1], CASES[0], CASES[2], CASES[2]].map((caseId, i) => ({
      actorId: ALICE,
      action: 'case.list.result',
      caseId,
      details: { i },
    }));
    const records = await audit.recordMany(entries);
    expect(records.map((r) => r.details.i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(repo.locks).toEqual([CASES.map((c) => chainOf(c, 16)).sort((a, b) => a - b)]);
    expect(records.map((r) => [r.chain, r.seq])).toEqual([
      [chainOf(CASES[2], 16), 1],
      [chainOf(CASES[0], 16), 1],
      [chainOf(CASES[1], 16), 1],
      [chainOf(CASES[0], 16), 2],
      [chainOf(CASES[2], 16), 2],
      [chainOf(CASES[2], 16), 3],
    ]);
    expect(records[5].prevHash).toBe(records[4].hash);
    expect(records[4].prevHash).toBe(records[0].hash);
    expect(records[3].prevHash).toBe(records[1].hash);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 6, chains: 3 });
  });

  it('verifies every chain in batches and names the chain and seq of the first broken entry', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock, 16);
    for (let i = 0; i < 7; i++) await audit.recordMany(CASES.map((caseId) => ({ actorId: null, action: 'case.read', caseId, details: { i } })));
    const victimChain = chainOf(CASES[1], 16);
    const lowerChains = CASES.map((c) => chainOf(c, 16)).filter((c) => c < victimChain).length;
    const at = repo.rows.findIndex((r) => r.chain === victimChain && r.seq === 5);
    repo.rows[at] = { ...repo.rows[at], details: { i: 99 } };
    expect(await audit.verify(3)).toEqual({
      ok: false,
      entries: lowerChains * 7 + 4,
      firstBroken: { chain: victimChain, seq: 5, id: repo.rows[at].id, at: repo.rows[at].at, reason: 'hash does not match content' },
    });
  });

  it('continues from verified heads: only later entries are walked, and a head changed or deleted since is reported', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock, 4);
    for (let i = 0; i < 3; i++) await audit.recordMany(CASES.map((caseId) => ({ actorId: null, action: 'case.read', caseId, details: { i } })));
    const first = await audit.verify();
    if (!first.ok) throw new Error('expected intact');
    await audit.recordMany(CASES.map((caseId) => ({ actorId: null, action: 'case.read', caseId, details: { i: 3 } })));
    expect(await audit.verify(2, first.heads)).toMatchObject({ ok: true, entries: CASES.length, chains: first.chains });
    // A verified head rewritten, then deleted: both reported (entries before a head are the full walk's to check).
    const head = first.heads[0];
    const at = repo.rows.findIndex((r) => r.chain === head.chain && r.seq === head.seq);
    repo.rows[at] = { ...repo.rows[at], hash: 'f'.repeat(64) };
    expect(await audit.verify(2, first.heads)).toMatchObject({
      ok: false,
      firstBroken: { chain: head.chain, seq: head.seq, reason: 'entry changed since it was verified' },
    });
    repo.rows.splice(at, 1);
    expect(await audit.verify(2, first.heads)).toMatchObject({
      ok: false,
      firstBroken: { chain: head.chain, seq: head.seq, reason: 'entry deleted since it was verified' },
    });
  });

  it('verifies chains written under a different number of chains (every chain present is walked)', async () => {
    const repo = fakeRepo();
    const before = new AuditService(repo as any, clock, 3);
    const after = new AuditService(repo as any, clock, 16);
    for (let i = 0; i < 4; i++) {
      await before.record({ actorId: null, action: 'case.read', caseId: CASES[i % 3] });
      await after.record({ actorId: null, action: 'case.read', caseId: CASES[i % 3] });
    }
    const chains = new Set(repo.rows.map((r) => r.chain));
    expect(chains.size).toBeGreaterThan(3);
    expect(await after.verify()).toMatchObject({ ok: true, entries: 8, chains: chains.size });
    expect(await before.verify()).toMatchObject({ ok: true, entries: 8, chains: chains.size });
  });

  it('refuses an entry without action or with an unknown outcome before touching the chain', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock, 16);
    await expect(audit.record({ actorId: null, action: ' ' })).rejects.toThrow(/action/);
    await expect(audit.record({ actorId: null, action: 'x', outcome: 'maybe' as any })).rejects.toThrow(/outcome/);
    expect(repo.rows).toEqual([]);
    expect(repo.locks).toEqual([]);
  });

  it('refuses a number of chains outside 1..256', () => {
    for (const n of [0, 257, 2.5]) expect(() => new AuditService(fakeRepo() as any, clock, n)).toThrow(RangeError);
    expect(new AuditService(fakeRepo() as any, clock, 256).chainCount).toBe(256);
  });
});
