import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredSnapshot {
  rows: unknown;
  computedAt: Date;
}

/**
 * Kept report results (table `report_snapshots`, unlogged: a cache). On the primary, even when
 * figures are read from a replica: a replica cannot be written, and one key read is cheap.
 */
@Injectable()
export class ReportSnapshotsRepository {
  constructor(private readonly ds: DataSource) {}

  async find(key: string): Promise<StoredSnapshot | null> {
    const rows: Array<{ rows: unknown; computed_at: Date }> = await this.ds.query('SELECT rows, computed_at FROM report_snapshots WHERE key = $1', [key]);
    return rows.length ? { rows: rows[0].rows, computedAt: new Date(rows[0].computed_at) } : null;
  }

  /** Keeps a result unless a newer one is already kept (two processes computing the same query). */
  async store(key: string, rows: unknown, computedAt: Date, computeMs: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO report_snapshots (key, rows, computed_at, compute_ms) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (key) DO UPDATE SET rows = EXCLUDED.rows, computed_at = EXCLUDED.computed_at, compute_ms = EXCLUDED.compute_ms, refreshing_until = NULL
       WHERE report_snapshots.computed_at <= EXCLUDED.computed_at`,
      [key, JSON.stringify(rows), computedAt, Math.round(computeMs)],
    );
  }

  /** One process refreshes a snapshot at a time: true when this one may (the claim lapses at `until`). */
  async claimRefresh(key: string, now: Date, until: Date): Promise<boolean> {
    const rows = await this.ds.query(
      `WITH claimed AS (UPDATE report_snapshots SET refreshing_until = $3 WHERE key = $1 AND (refreshing_until IS NULL OR refreshing_until <= $2) RETURNING key)
       SELECT key FROM claimed`,
      [key, now, until],
    );
    return rows.length === 1;
  }

  /** Forgets results nobody could be served any more. */
  async deleteOlderThan(before: Date): Promise<void> {
    await this.ds.query('DELETE FROM report_snapshots WHERE computed_at < $1', [before]);
  }
}
