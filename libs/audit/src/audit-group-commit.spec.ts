import { ControllableClock } from '@app/core';
import { AuditGroupCommit, MAX_GROUP_ENTRIES } from './audit-group-commit';
import { AuditService } from './audit.service';

/** An append that records each transaction's drafts and finishes when the test says. */
function controlledAppend() {
  const transactions: string[][] = [];
  const pending: Array<() => void> = [];
  const append = async (drafts: string[]) => {
    const n = transactions.push([...drafts]);
    await new Promise<void>((done) => pending.push(done));
    if (drafts.includes('bad')) throw new Error('bad entry');
    return drafts.map((d) => `${d}#${n}`);
  };
  const commitNext = async () => {
    while (!pending.length) await new Promise((r) => setImmediate(r));
    pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { transactions, append, commitNext };
}

describe('AuditGroupCommit', () => {
  it('calls that arrive while a commit is under way go together in the next transaction, each getting its own records once committed', async () => {
    const t = controlledAppend();
    const group = new AuditGroupCommit<string, string>(t.append);
    const first = group.submit(['a']);
    const waiting = [group.submit(['b1', 'b2']), group.submit(['c'])];
    let settled = false;
    void Promise.all(waiting).then(() => (settled = true));
    await t.commitNext();
    expect(await first).toEqual(['a#1']);
    expect(settled).toBe(false); // not before their own commit
    await t.commitNext();
    expect(await Promise.all(waiting)).toEqual([['b1#2', 'b2#2'], ['c#2']]);
    expect(t.transactions).toEqual([['a'], ['b1', 'b2', 'c']]);
  });

  it("one caller's bad entry does not fail the others: the group is retried caller by caller", async () => {
    const t = controlledAppend();
    const group = new AuditGroupCommit<string, string>(t.append);
    const first = group.submit(['a']);
    const good = group.submit(['ok']);
    const bad = group.submit(['bad']);
    bad.catch(() => undefined); // asserted below
    await t.commitNext(); // a
    await t.commitNext(); // ok + bad together: fails
    await t.commitNext(); // ok alone
    await t.commitNext(); // bad alone
    await expect(first).resolves.toEqual(['a#1']);
    await expect(good).resolves.toEqual(['ok#3']);
    await expect(bad).rejects.toThrow('bad entry');
    expect(t.transactions).toEqual([['a'], ['ok', 'bad'], ['ok'], ['bad']]);
  });

  it(`puts at most ${MAX_GROUP_ENTRIES} entries in one transaction`, async () => {
    const t = controlledAppend();
    const group = new AuditGroupCommit<string, string>(t.append);
    const page = (p: string) => Array.from({ length: 400 }, (_, i) => `${p}${i}`);
    const all = [group.submit(['first']), group.submit(page('x')), group.submit(page('y')), group.submit(page('z'))];
    for (let i = 0; i < 3; i++) await t.commitNext();
    await Promise.all(all);
    expect(t.transactions.map((tx) => tx.length)).toEqual([1, 800, 400]);
  });
});

describe('AuditService: reads audited outside a transaction are group-committed', () => {
  it('concurrent calls share transactions and the chains stay gapless and verifiable', async () => {
    const rows: any[] = [];
    let transactions = 0;
    const em = { queryRunner: { isTransactionActive: true } } as any;
    const inChain = (c: number) => rows.filter((r) => r.chain === c).sort((a, b) => a.seq - b.seq);
    const repo = {
      transaction: async <T>(work: (em: any) => Promise<T>) => {
        transactions++;
        await new Promise((r) => setImmediate(r)); // a commit takes time: others arrive meanwhile
        return work(em);
      },
      lockAndReadLinks: async (_em: unknown, chains: number[]) =>
        new Map(chains.flatMap((c) => (inChain(c).length ? [[c, { seq: inChain(c).at(-1).seq, hash: inChain(c).at(-1).hash }] as const] : []))),
      insert: async (_em: unknown, records: any[]) => void rows.push(...records),
      chainNumbers: async () => [...new Set(rows.map((r) => r.chain))].sort((a, b) => a - b),
      chainAfter: async (chain: number, after: number, limit: number) =>
        inChain(chain)
          .filter((r) => r.seq > after)
          .slice(0, limit),
    };
    const audit = new AuditService(repo as any, new ControllableClock(new Date('2026-03-02T08:00:00Z')), 4);
    const cases = Array.from({ length: 40 }, (_, i) => `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const results = await Promise.all(cases.map((caseId) => audit.record({ actorId: null, action: 'case.read', caseId })));
    expect(results.map((r) => r.caseId)).toEqual(cases);
    expect(transactions).toBeLessThan(10);
    expect(rows).toHaveLength(40);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 40 });
  });
});
