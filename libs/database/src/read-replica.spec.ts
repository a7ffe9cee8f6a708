import type { DataSource } from 'typeorm';
import { ReadReplica } from './read-replica';

/** A stand-in DataSource: `failures` initialisations fail, then it connects; queries answer `row`. */
function fakeDataSource(failures = 0, row: Record<string, unknown> = {}) {
  const ds = {
    isInitialized: false,
    attempts: 0,
    destroyed: false,
    queries: [] as string[],
    async initialize() {
      ds.attempts++;
      if (ds.attempts <= failures) throw new Error('connection refused');
      ds.isInitialized = true;
    },
    async destroy() {
      ds.destroyed = true;
      ds.isInitialized = false;
    },
    async query(sql: string) {
      ds.queries.push(sql);
      return [row];
    },
  };
  return ds;
}
const asDs = (x: object) => x as unknown as DataSource;
const quietLogger = { warn: () => undefined } as any;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ReadReplica', () => {
  it('without a replica reads the primary and says so, measuring nothing', async () => {
    const primary = fakeDataSource();
    const reads = ReadReplica.primaryOnly(asDs(primary));
    expect(reads.dataSource).toBe(primary);
    expect(await reads.serve(async () => ({ figures: [1] }))).toEqual({ figures: [1], source: { replica: false, lagSeconds: 0 } });
    expect(primary.queries).toEqual([]);
  });

  it('reads the replica and reports its lag', async () => {
    const primary = fakeDataSource();
    const replica = fakeDataSource(0, { replica: true, lag: '2.5' });
    const reads = await ReadReplica.connect(asDs(primary), asDs(replica), 1000, quietLogger);
    expect(reads.dataSource).toBe(replica);
    expect(await reads.source()).toEqual({ replica: true, lagSeconds: 2.5 });
    await reads.close();
    expect(replica.destroyed).toBe(true);
  });

  it('says when the replica cannot tell its lag, and when it was promoted', async () => {
    const unknown = await ReadReplica.connect(asDs(fakeDataSource()), asDs(fakeDataSource(0, { replica: true, lag: null })), 1000, quietLogger);
    expect(await unknown.source()).toEqual({ replica: true, lagSeconds: null });
    const promoted = await ReadReplica.connect(asDs(fakeDataSource()), asDs(fakeDataSource(0, { replica: false, lag: '0' })), 1000, quietLogger);
    expect(await promoted.source()).toEqual({ replica: false, lagSeconds: 0 });
  });

  it('starts on the primary while the replica is unreachable, and moves to it once it answers', async () => {
    const primary = fakeDataSource();
    const replica = fakeDataSource(2, { replica: true, lag: '0' });
    const reads = await ReadReplica.connect(asDs(primary), asDs(replica), 10, quietLogger);
    expect(reads.dataSource).toBe(primary);
    expect(await reads.source()).toEqual({ replica: false, lagSeconds: 0 });
    await tick(60);
    expect(replica.attempts).toBe(3);
    expect(reads.dataSource).toBe(replica);
    expect(await reads.source()).toEqual({ replica: true, lagSeconds: 0 });
    await reads.close();
  });

  it('stops retrying once closed', async () => {
    const replica = fakeDataSource(1000);
    const reads = await ReadReplica.connect(asDs(fakeDataSource()), asDs(replica), 10, quietLogger);
    await reads.close();
    const attempts = replica.attempts;
    await tick(50);
    expect(replica.attempts).toBe(attempts);
  });
});
