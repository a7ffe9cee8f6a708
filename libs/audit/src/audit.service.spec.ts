import { ControllableClock } from '@app/core';
import { GENESIS_HASH } from './audit-hash';
import { AuditService } from './audit.service';
import type { AuditRecord } from './audit.types';

/** An in-memory stand-in for AuditRepository: the service's own logic, no database. */
function fakeRepo() {
  const rows: AuditRecord[] = [];
  const em = { queryRunner: { isTransactionActive: true } } as any;
  return {
    rows,
    em,
    transaction: async <T>(work: (em: any) => Promise<T>) => work(em),
    lockChain: async () => undefined,
    lastLink: async () => (rows.length ? { seq: rows[rows.length - 1].seq, hash: rows[rows.length - 1].hash } : null),
    insert: async (_em: unknown, records: AuditRecord[]) => { rows.push(...records.map((r) => JSON.parse(JSON.stringify(r), (k, v) => (k === 'at' ? new Date(v) : v)))); },
    after: async (afterSeq: number | null, limit: number) => rows.filter((r) => afterSeq === null || r.seq > afterSeq).slice(0, limit),
    newestFirst: async () => [...rows].reverse(),
  };
}

describe('AuditService (no database)', () => {
  const clock = new ControllableClock(new Date('2026-03-02T08:00:00Z'));

  it('chains entries, stamps the clock time, and normalises what it stores', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock);
    const first = await audit.record({ actorId: 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA', action: 'case.read', caseId: 'CMIS-1', details: { when: new Date('2026-01-01T00:00:00Z'), x: undefined } });
    clock.advance(1000);
    const [second, third] = await audit.recordMany([{ actorId: null, action: 'auth.login', outcome: 'denied', userAgent: 'x\u0000y' }, { actorId: null, action: 'case.search' }]);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, actorId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', caseId: null,
      details: { caseRef: 'CMIS-1', when: '2026-01-01T00:00:00.000Z' }, outcome: 'allowed', actorRoles: [], fields: [], at: new Date('2026-03-02T08:00:00Z') });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, outcome: 'denied', userAgent: 'x\uFFFDy', at: new Date('2026-03-02T08:00:01Z') });
    expect(third).toMatchObject({ seq: 3, prevHash: second.hash });
    expect(await audit.verify(2)).toEqual({ ok: true, entries: 3, lastHash: third.hash });
  });

  it('verifies in batches and stops at the first broken entry', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock);
    for (let i = 0; i < 7; i++) await audit.record({ actorId: null, action: 'case.read', details: { i } });
    repo.rows[4] = { ...repo.rows[4], details: { i: 99 } };
    expect(await audit.verify(3)).toMatchObject({ ok: false, entries: 4, firstBroken: { seq: 5, reason: 'hash does not match content' } });
  });

  it('refuses an entry without action or with an unknown outcome before touching the chain', async () => {
    const repo = fakeRepo();
    const audit = new AuditService(repo as any, clock);
    await expect(audit.record({ actorId: null, action: ' ' })).rejects.toThrow(/action/);
    await expect(audit.record({ actorId: null, action: 'x', outcome: 'maybe' as any })).rejects.toThrow(/outcome/);
    expect(repo.rows).toEqual([]);
  });
});
