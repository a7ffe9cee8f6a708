import { mayKeep, snapshotKey, snapshotUse } from './snapshot-policy';

const policy = { keepAfterMs: 200, maxAgeMs: 300_000, refreshAfterMs: 60_000 };

describe('report snapshot policy', () => {
  it('serves a kept figure while young, refreshes it in the background once older, and never serves one past the bound', () => {
    expect(snapshotUse(null, policy)).toBe('compute');
    expect(snapshotUse(0, policy)).toBe('serve');
    expect(snapshotUse(59_999, policy)).toBe('serve');
    expect(snapshotUse(60_000, policy)).toBe('serve_and_refresh');
    expect(snapshotUse(299_999, policy)).toBe('serve_and_refresh');
    expect(snapshotUse(300_000, policy)).toBe('compute');
    // Kept "in the future": the clock moved back; not trusted.
    expect(snapshotUse(-1, policy)).toBe('compute');
  });

  it('gives the same key to the same query at another instant, and another key when anything else differs', () => {
    const sql = 'SELECT count(*) FROM cases c WHERE c.location_path LIKE :sr0 AND c.due_at <= :rq_now';
    const at = (now: string, path = 'MD/CH/%') => snapshotKey('aggregate', sql, { sr0: path, rq_now: new Date(now), sr_now: new Date(now) });
    expect(at('2026-12-07T10:00:00Z')).toBe(at('2026-12-07T10:04:00Z'));
    // Another district: another scope, never the same figures.
    expect(at('2026-12-07T10:00:00Z', 'MD/ST/%')).not.toBe(at('2026-12-07T10:00:00Z'));
    expect(snapshotKey('exists', sql, { sr0: 'MD/CH/%' })).not.toBe(snapshotKey('aggregate', sql, { sr0: 'MD/CH/%' }));
    expect(snapshotKey('aggregate', `${sql} AND c.step = :sr1`, { sr0: 'MD/CH/%', sr1: 'x' })).not.toBe(snapshotKey('aggregate', sql, { sr0: 'MD/CH/%' }));
    // A period bound is a parameter like any other.
    expect(snapshotKey('aggregate', sql, { sr0: 'MD/CH/%', rq1: new Date('2026-01-01') })).not.toBe(
      snapshotKey('aggregate', sql, { sr0: 'MD/CH/%', rq1: new Date('2026-02-01') }),
    );
  });

  it('never keeps figures that depend on access grants, which expire at an instant', () => {
    expect(mayKeep('SELECT 1 FROM cases c WHERE EXISTS (SELECT 1 FROM case_access_grants g WHERE g.case_id = c.id)')).toBe(false);
    expect(mayKeep('SELECT 1 FROM cases c WHERE c.location_path LIKE :sr0')).toBe(true);
  });
});
