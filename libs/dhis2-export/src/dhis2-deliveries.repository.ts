import { Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import type { Dhis2Answer } from './dhis2-client';

export interface Dhis2DeliveryRow {
  id: string;
  period: string;
  trigger: 'schedule' | 'manual';
  actor: { id: string; name: string } | null;
  startedAt: string;
  finishedAt: string | null;
  status: 'sending' | 'succeeded' | 'failed';
  valuesSent: number;
  suppressed: number;
  attempts: number;
  httpStatus: number | null;
  importStatus: string | null;
  importCount: { imported: number; updated: number; ignored: number } | null;
  conflicts: Array<{ object: string; value: string }>;
  reason: string | null;
}

/** The delivery log of pushes to DHIS2: the only place this lib touches the database. */
@Injectable()
export class Dhis2DeliveriesRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * A row in state `sending`; null when a scheduled push of the period is already sending or done
   * (another scheduler claimed it). Manual pushes are never refused: re-sending overwrites in DHIS2.
   */
  async start(d: {
    period: string;
    trigger: 'schedule' | 'manual';
    actorId: string | null;
    at: Date;
    valuesSent: number;
    suppressed: number;
  }): Promise<string | null> {
    const id = randomUUID();
    const rows: Array<{ id: string }> = await this.ds.query(
      `INSERT INTO dhis2_deliveries (id, period, trigger, actor_id, started_at, status, values_sent, suppressed)
       VALUES ($1, $2, $3, $4, $5, 'sending', $6, $7)
       ON CONFLICT (period) WHERE trigger = 'schedule' AND status <> 'failed' DO NOTHING RETURNING id`,
      [id, d.period, d.trigger, d.actorId, d.at, d.valuesSent, d.suppressed],
    );
    return rows[0]?.id ?? null;
  }

  async finish(id: string, answer: Dhis2Answer, at: Date): Promise<void> {
    const s = answer.summary;
    await this.ds.query(
      `UPDATE dhis2_deliveries SET finished_at = $2, status = $3, attempts = $4, http_status = $5, import_status = $6,
              imported = $7, updated = $8, ignored = $9, conflicts = $10::jsonb, reason = $11
        WHERE id = $1`,
      [
        id,
        at,
        answer.ok ? 'succeeded' : 'failed',
        answer.attempts,
        answer.httpStatus,
        s?.status ?? null,
        s?.importCount.imported ?? null,
        s?.importCount.updated ?? null,
        s?.importCount.ignored ?? null,
        JSON.stringify((s?.conflicts ?? []).slice(0, 100)),
        answer.reason,
      ],
    );
  }

  /** The schedule's pushes of this period: one sent or started (not failed), and how many failed. */
  async scheduled(period: string): Promise<{ taken: boolean; failures: number }> {
    const rows: Array<{ taken: boolean; failures: number }> = await this.ds.query(
      `SELECT bool_or(status <> 'failed') IS TRUE AS taken, count(*) FILTER (WHERE status = 'failed')::int AS failures
         FROM dhis2_deliveries WHERE period = $1 AND trigger = 'schedule'`,
      [period],
    );
    return rows[0];
  }

  async list(limit: number): Promise<Dhis2DeliveryRow[]> {
    const rows: any[] = await this.ds.query(
      `SELECT d.*, u.display_name AS actor_name FROM dhis2_deliveries d LEFT JOIN users u ON u.id = d.actor_id ORDER BY d.seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      period: r.period,
      trigger: r.trigger,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name } : null,
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      status: r.status,
      valuesSent: r.values_sent,
      suppressed: r.suppressed,
      attempts: r.attempts,
      httpStatus: r.http_status,
      importStatus: r.import_status,
      importCount: r.imported === null ? null : { imported: r.imported, updated: r.updated, ignored: r.ignored },
      conflicts: r.conflicts ?? [],
      reason: r.reason,
    }));
  }
}
