import { PluginError } from '@app/plugin-sdk';
import { collectVisible, decodeCursor, encodeCursor, parseLimit } from './paging';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** 25 incidents, newest first; odd ones on cases the user may read. */
const all = Array.from({ length: 25 }, (_, i) => ({ id: id(25 - i), recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 25 - i)), n: 25 - i }));

function fetcher() {
  const calls: number[] = [];
  const fetch = async (after: { at: string; id: string } | null, size: number) => {
    calls.push(size);
    const start = after ? all.findIndex((r) => r.id === after.id) + 1 : 0;
    return all.slice(start, start + size);
  };
  return { calls, fetch };
}
const oddVisible = async () => (r: { n: number }) => r.n % 2 === 1;

describe('cursors and limits', () => {
  it('round-trips a cursor and refuses one it did not make', () => {
    const c = { at: '2026-01-01T00:00:00.000Z', id: id(1) };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('garbage')).toThrow(PluginError);
    expect(() => decodeCursor(Buffer.from('["x","y"]').toString('base64url'))).toThrow(/cursor is not valid/);
  });

  it('reads limits within bounds', () => {
    expect(parseLimit(undefined, 50, 100)).toBe(50);
    expect(parseLimit('7', 50, 100)).toBe(7);
    for (const bad of ['0', '101', '2.5', 'ten']) expect(() => parseLimit(bad, 50, 100)).toThrow(PluginError);
  });
});

describe('collecting a page of visible rows', () => {
  it('fills the page across batches and says where to continue', async () => {
    const f = fetcher();
    const page = await collectVisible({ limit: 5, batchSize: 4, maxBatches: 10, after: null, fetch: f.fetch, visible: oddVisible });
    expect(page.items.map((r) => r.n)).toEqual([25, 23, 21, 19, 17]);
    expect(page.next).toEqual({ at: all[8].recordedAt.toISOString(), id: id(17) });
    const rest = await collectVisible({ limit: 50, batchSize: 4, maxBatches: 10, after: page.next, fetch: f.fetch, visible: oddVisible });
    expect(rest.items.map((r) => r.n)).toEqual([15, 13, 11, 9, 7, 5, 3, 1]);
    expect(rest.next).toBeNull();
  });

  it('stops after the batch budget with a short page and a cursor', async () => {
    const f = fetcher();
    const page = await collectVisible({ limit: 10, batchSize: 3, maxBatches: 2, after: null, fetch: f.fetch, visible: oddVisible });
    expect(page.items.map((r) => r.n)).toEqual([25, 23, 21]);
    expect(page.next?.id).toBe(id(20));
    expect(f.calls).toEqual([3, 3]);
  });

  it('ends with no cursor when the page fills on the very last row', async () => {
    const f = fetcher();
    const page = await collectVisible({ limit: 13, batchSize: 30, maxBatches: 1, after: null, fetch: f.fetch, visible: oddVisible });
    expect(page.items).toHaveLength(13);
    expect(page.next).toBeNull();
  });

  it('shows nothing of cases the user may not read', async () => {
    const f = fetcher();
    const page = await collectVisible({ limit: 10, batchSize: 10, maxBatches: 5, after: null, fetch: f.fetch, visible: async () => () => false });
    expect(page).toEqual({ items: [], next: null });
  });
});
