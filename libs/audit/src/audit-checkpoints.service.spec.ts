import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllableClock } from '@app/core';
import { AuditCheckpoints } from './audit-checkpoints.service';
import type { AuditRepository } from './audit.repository';
import type { AuditService } from './audit.service';
import type { ChainVerification } from './audit.types';

const H = (c: string) => c.repeat(64);

/** The scheduler's part: a checkpoint when the newest is older than the interval, none in between (no database: the table is a stub). */
describe('AuditCheckpoints on a schedule', () => {
  let dir: string;
  let clock: ControllableClock;
  /** Each chain's hashes, seq 1 first. */
  let table: Map<number, string[]>;
  let checkpoints: AuditCheckpoints;
  let verifications = 0;
  /** The heads each verification started from (undefined: the whole log). */
  let verifiedFrom: Array<ReadonlyArray<{ chain: number; seq: number }> | undefined>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cmis-checkpoint-spec-'));
    clock = new ControllableClock(new Date('2026-03-02T08:00:00Z'));
    table = new Map([
      [1, ['1', '2', '3', '4', '5'].map(H)],
      [2, ['6', '7', '8'].map(H)],
    ]);
    verifications = 0;
    verifiedFrom = [];
    const audit = {
      verify: async (_batch?: number, from?: Array<{ chain: number; seq: number }>): Promise<ChainVerification> => {
        verifications++;
        verifiedFrom.push(from);
        const heads = [...table].map(([chain, hashes]) => ({ chain, seq: hashes.length, hash: hashes[hashes.length - 1] }));
        const walked = heads.reduce((n, h) => n + h.seq - (from?.find((f) => f.chain === h.chain)?.seq ?? 0), 0);
        return { ok: true, entries: walked, chains: heads.length, heads };
      },
    } as unknown as AuditService;
    const repo = {
      newestSeqs: async () => new Map([...table].map(([c, hashes]) => [c, hashes.length])),
      hashesAt: async (positions: Array<{ chain: number; seq: number }>) =>
        new Map(positions.filter((p) => table.get(p.chain)?.[p.seq - 1]).map((p) => [p.chain, table.get(p.chain)![p.seq - 1]])),
    } as unknown as AuditRepository;
    checkpoints = new AuditCheckpoints(repo, audit, clock, { dir, key: 'k'.repeat(32), intervalMs: 3_600_000 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files = () => readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('writes the first checkpoint at once, then only once the interval has passed', async () => {
    expect(await checkpoints.writeIfDue()).toMatch(/audit-checkpoint-20260302T080000000Z-[0-9a-f]{8}\.json$/);
    clock.advance(59 * 60_000);
    expect(await checkpoints.writeIfDue()).toBeNull();
    expect(files()).toHaveLength(1);
    clock.advance(60_000);
    expect(await checkpoints.writeIfDue()).not.toBeNull();
    expect(files()).toHaveLength(2);
    expect(verifications).toBe(2);
  });

  it('checks the table against the newest checkpoint: entries appended since are fine, a shorter or rewritten chain is not', async () => {
    await checkpoints.write();
    table.get(2)!.push(...['9', 'a', 'b', 'c', 'd', 'e'].map(H));
    expect(await checkpoints.check()).toMatchObject({ state: 'checked', findings: [] });
    clock.advance(3_600_000);
    await checkpoints.write();
    // The newest five rows of chain 2 deleted (what the hash chain alone cannot see).
    table.get(2)!.splice(4);
    const check = await checkpoints.check();
    expect(check).toMatchObject({ state: 'checked', writtenAt: '2026-03-02T09:00:00.000Z' });
    expect(check.state === 'checked' && check.findings.map((f) => f.message)).toEqual([
      'chain 2 ends at seq 4 but checkpoint of 2026-03-02T09:00:00.000Z recorded seq 9',
    ]);
  });

  it('continues from the previous checkpoint (only entries since are walked), and walks the whole log once a day', async () => {
    const first = await checkpoints.write();
    expect(verifiedFrom[0]).toBeUndefined();
    expect(first.checkpoint.verification).toEqual({ ok: true, entries: 8 });
    table.get(1)!.push(H('f'), H('0'));
    clock.advance(3_600_000);
    const second = await checkpoints.write();
    expect(verifiedFrom[1]).toEqual(first.checkpoint.heads);
    expect(second.checkpoint.verification).toEqual({ ok: true, entries: 10, fullAt: first.checkpoint.writtenAt, since: first.checkpoint.writtenAt });
    clock.advance(23 * 3_600_000);
    const third = await checkpoints.write();
    expect(verifiedFrom[2]).toBeUndefined();
    expect(third.checkpoint.verification).toEqual({ ok: true, entries: 10 });
  });

  it('without a directory writes nothing and says checkpoints are off', async () => {
    const off = new AuditCheckpoints({} as AuditRepository, {} as AuditService, clock, { intervalMs: 1 });
    expect(off.configured).toBe(false);
    expect(await off.writeIfDue()).toBeNull();
    expect(await off.check()).toEqual({ state: 'not_configured' });
  });
});
