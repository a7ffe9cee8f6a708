import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report snapshots (issue 18): the result of one report query (an indicator's aggregate, or the
 * small-cell check of a scope) kept for a bounded time, so a dashboard over a million cases is read
 * rather than recomputed at every view. `key` is a hash of the query's SQL and parameters (the clock
 * excepted): two users share a snapshot only when their scopes give the very same query. UNLOGGED: a
 * cache, not a record; not written to the WAL (nor to replicas) and emptied after a crash, which only
 * means the next view computes it again.
 */
export class ReportSnapshots1766290000000 implements MigrationInterface {
  name = 'ReportSnapshots1766290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE report_snapshots (
        key text PRIMARY KEY,
        rows jsonb NOT NULL,
        computed_at timestamptz NOT NULL,
        compute_ms integer NOT NULL,
        refreshing_until timestamptz
      )`);
    await q.query(`CREATE INDEX report_snapshots_computed_idx ON report_snapshots (computed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_snapshots`);
  }
}
