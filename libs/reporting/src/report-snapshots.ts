import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock } from '@app/core';
import { ReadReplica } from '@app/database';
import type { BuiltQuery, SqlPredicate } from './indicator-sql';
import { AggregateRow, ReportsRepository } from './reports.repository';
import { ReportSnapshotsRepository } from './report-snapshots.repository';
import { DEFAULT_SNAPSHOT_POLICY, mayKeep, SNAPSHOT_POLICY, SnapshotPolicy, snapshotKey, snapshotUse } from './snapshot-policy';

/** A figure and the instant it was computed at (now, unless it was kept). */
export interface Computed<T> {
  value: T;
  computedAt: Date;
}

/**
 * Report queries through their snapshots (issue 18): a national dashboard over a million cases
 * costs seconds of database work, so a result that was expensive to compute is kept (table
 * `report_snapshots`) and served to everyone whose scope gives the same query until it is
 * `maxAgeMs` old; past `refreshAfterMs` it is served while one process recomputes it in the
 * background. Cheap results are never kept. So a figure is never older than the policy's bound,
 * and is exactly what the live query returned at `computedAt`.
 */
@Injectable()
export class ReportSnapshots {
  private readonly logger = new Logger('ReportSnapshots');
  private readonly refreshing = new Map<string, Promise<void>>();
  private readonly policy: SnapshotPolicy;

  constructor(
    private readonly repo: ReportsRepository,
    private readonly store: ReportSnapshotsRepository,
    private readonly clock: Clock,
    private readonly reads: ReadReplica,
    @Optional() @Inject(SNAPSHOT_POLICY) policy: SnapshotPolicy | null = null,
  ) {
    this.policy = policy ?? DEFAULT_SNAPSHOT_POLICY;
  }

  aggregate(q: BuiltQuery): Promise<Computed<AggregateRow[]>> {
    return this.through('aggregate', q.sql, q.params, () => this.repo.aggregate(q));
  }

  exists(where: SqlPredicate): Promise<Computed<boolean>> {
    return this.through('exists', where.sql, where.params, () => this.repo.exists(where));
  }

  /** Resolves once the background refreshes started so far have ended (tests, benchmarks, shutdown). */
  async settled(): Promise<void> {
    while (this.refreshing.size) await Promise.all(this.refreshing.values());
  }

  private async through<T>(kind: string, sql: string, params: Record<string, unknown>, compute: () => Promise<T>): Promise<Computed<T>> {
    if (!mayKeep(sql)) return { value: await compute(), computedAt: this.clock.now() };
    const key = snapshotKey(kind, sql, params);
    const kept = await this.store.find(key);
    const use = snapshotUse(kept ? this.clock.now().getTime() - kept.computedAt.getTime() : null, this.policy);
    if (kept && use !== 'compute') {
      if (use === 'serve_and_refresh') this.refreshInBackground(key, compute);
      return { value: kept.rows as T, computedAt: kept.computedAt };
    }
    return this.computeAndKeep(key, compute);
  }

  private async computeAndKeep<T>(key: string, compute: () => Promise<T>): Promise<Computed<T>> {
    let computedAt = this.clock.now();
    const started = process.hrtime.bigint();
    const value = await compute();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (this.policy.maxAgeMs > 0 && ms >= this.policy.keepAfterMs) {
      // Figures read from a replica are as old as its lag.
      const lag = (await this.reads.source()).lagSeconds ?? 0;
      if (lag > 0) computedAt = new Date(computedAt.getTime() - lag * 1000);
      await this.store.store(key, value, computedAt, ms);
      await this.store.deleteOlderThan(new Date(computedAt.getTime() - this.policy.maxAgeMs));
    }
    return { value, computedAt };
  }

  /** One refresh per key in this process, and one across processes (a claim on the row). */
  private refreshInBackground<T>(key: string, compute: () => Promise<T>): void {
    if (this.refreshing.has(key)) return;
    const run = (async () => {
      const now = this.clock.now();
      if (!(await this.store.claimRefresh(key, now, new Date(now.getTime() + this.policy.refreshAfterMs)))) return;
      await this.computeAndKeep(key, compute);
    })()
      .catch((e) => this.logger.warn(`a report snapshot could not be refreshed (it is recomputed at its next view): ${e?.message ?? e}`))
      .finally(() => this.refreshing.delete(key));
    this.refreshing.set(key, run);
  }
}
