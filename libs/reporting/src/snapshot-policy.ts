import { createHash } from 'node:crypto';

/**
 * When a report query's result is kept and for how long (report snapshots, ADR 0008). Only
 * expensive queries are kept: a figure cheap to compute is always computed live, so small
 * deployments and small scopes (a worker's own caseload) always see the latest figures.
 */
export interface SnapshotPolicy {
  /** A result that took at least this long to compute is kept. */
  keepAfterMs: number;
  /** A kept result is served while younger than this: the bound on how old a figure may be. */
  maxAgeMs: number;
  /** A kept result older than this is served and recomputed in the background. */
  refreshAfterMs: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { keepAfterMs: 200, maxAgeMs: 300_000, refreshAfterMs: 60_000 };

/** Provider token: tests and deployments may replace the default policy. */
export const SNAPSHOT_POLICY = Symbol('SNAPSHOT_POLICY');

export type SnapshotUse = 'serve' | 'serve_and_refresh' | 'compute';

/** What to do with a kept result of this age (null: none kept). */
export function snapshotUse(ageMs: number | null, policy: SnapshotPolicy): SnapshotUse {
  // A snapshot "from the future" (a clock moved back) is not trusted.
  if (ageMs === null || ageMs < 0 || ageMs >= policy.maxAgeMs) return 'compute';
  return ageMs >= policy.refreshAfterMs ? 'serve_and_refresh' : 'serve';
}

/**
 * The identity of a query's result: its SQL and parameters, except the clock (`*_now`), which
 * changes at every request. Everything else that decides the figures (the user's scope: locations,
 * agencies, rules; the period; the location filter; the pack version's rules) is in the SQL or its
 * parameters, so two users share a result only when they would compute the very same one.
 */
export function snapshotKey(kind: string, sql: string, params: Record<string, unknown>): string {
  const kept = Object.keys(params)
    .filter((k) => !k.endsWith('_now'))
    .sort()
    .map((k) => [k, params[k] instanceof Date ? (params[k] as Date).toISOString() : params[k]]);
  return createHash('sha256')
    .update(JSON.stringify([kind, sql, kept]))
    .digest('hex');
}

/**
 * Queries never kept: a grant (share, break the glass) expires at an instant, and a figure kept
 * past it would still count a case its reader may no longer see. Such scopes are small anyway.
 */
export function mayKeep(sql: string): boolean {
  return !sql.includes('case_access_grants');
}
