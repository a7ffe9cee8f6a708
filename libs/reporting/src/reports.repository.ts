import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ReadReplica } from '@app/database';
import type { BuiltQuery, SqlPredicate } from './indicator-sql';

export type AggregateRow = Record<string, string | number | null>;

/**
 * The only place reporting touches the database. Figures are read from the read replica when one
 * is configured (ReadReplica; the primary otherwise); scheduled reports' delivery bookkeeping stays
 * on the primary, where every worker sees the same claims at once.
 */
@Injectable()
export class ReportsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly reads: ReadReplica,
  ) {}

  async aggregate(q: BuiltQuery): Promise<AggregateRow[]> {
    if (q.sql.includes('WHERE FALSE')) return [];
    return this.read(q.sql, q.params);
  }

  async exists(where: SqlPredicate): Promise<boolean> {
    if (where.sql.startsWith('FALSE')) return false;
    const rows: Array<{ found: boolean }> = await this.read(`SELECT EXISTS (SELECT 1 FROM cases c WHERE ${where.sql}) AS found`, where.params);
    return rows[0]?.found === true;
  }

  async workerNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; display_name: string }> = await this.reads.dataSource.query(
      'SELECT id::text, display_name FROM users WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  private read<R = AggregateRow>(sqlWithNames: string, params: BuiltQuery['params']): Promise<R[]> {
    const ds = this.reads.dataSource;
    const [sql, values] = ds.driver.escapeQueryWithParameters(sqlWithNames, params);
    return ds.query(sql, values);
  }

  /** Active users holding one of the roles who have not had this scheduled report for this period. */
  async recipientsNotYetSent(roles: string[], scheduleId: string, period: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT u.id::text FROM users u WHERE u.active AND u.roles && $1::text[]
         AND NOT EXISTS (SELECT 1 FROM report_deliveries d WHERE d.schedule_id = $2 AND d.period = $3 AND d.user_id = u.id)
       ORDER BY u.id LIMIT $4`,
      [roles, scheduleId, period, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Claims one scheduled report for one person and period; false when already sent (by any process). */
  async claimDelivery(em: EntityManager, scheduleId: string, period: string, userId: string, at: Date): Promise<boolean> {
    const rows = await em.query(
      'INSERT INTO report_deliveries (schedule_id, period, user_id, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING user_id',
      [scheduleId, period, userId, at],
    );
    return rows.length === 1;
  }
}
