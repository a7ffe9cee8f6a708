import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type WebhookDeliveryStatus = 'pending' | 'sent' | 'failed';

export interface NewWebhookDelivery {
  id: string;
  subscriptionId: string;
  eventType: string;
  caseId: string | null;
  body: string;
}

export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  body: string;
  attempts: number;
  lockedUntil: Date;
}

export interface WebhookAttempt {
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** What the delivery log shows: never the body, which carries case data. */
export interface WebhookDeliverySummary {
  id: string;
  eventType: string;
  caseId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  log: WebhookAttempt[];
}

/** The only place that reads and writes webhook deliveries and their attempts (the outbox of webhooks). */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly ds: DataSource) {}

  /** In the event's transaction: committed with it or not at all. */
  async enqueue(em: EntityManager, d: NewWebhookDelivery, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_type, case_id, body, status, next_attempt_at, created_at)
       VALUES ($1,$2,$3,$4,$5,'pending',$6,$6)`,
      [d.id, d.subscriptionId, d.eventType, d.caseId, d.body, at],
    );
  }

  /**
   * Claims due deliveries of active subscriptions for `leaseMs`, committed before anything is sent, so
   * two workers never send the same delivery at once (a worker that dies leaves its lease to expire).
   */
  claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.ds.query(
      `WITH picked AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.active
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.locked_until IS NULL OR d.locked_until <= $1)
         ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED)
       , claimed AS (
         UPDATE webhook_deliveries d SET locked_until = $1::timestamptz + ($3 || ' milliseconds')::interval, attempts = d.attempts + 1
         FROM picked WHERE d.id = picked.id
         RETURNING d.id, d.subscription_id, d.body, d.attempts, d.locked_until, d.next_attempt_at)
       SELECT id, subscription_id AS "subscriptionId", body, attempts, locked_until AS "lockedUntil" FROM claimed ORDER BY next_attempt_at, id`,
      [now, limit, String(leaseMs)],
    );
  }

  async recordAttempt(id: string, a: WebhookAttempt): Promise<void> {
    await this.ds.query(`INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) VALUES ($1,$2,$3,$4,$5)`, [
      id,
      a.at,
      a.statusCode,
      a.error,
      a.durationMs,
    ]);
  }

  /** The marks apply only while `held` is still the delivery's lease; false when another worker took it over. */
  markSent(id: string, held: Date, at: Date): Promise<boolean> {
    return this.mark(`status = 'sent', sent_at = $3, locked_until = NULL, last_error = NULL`, [id, held, at]);
  }

  markRetry(id: string, held: Date, error: string, nextAttemptAt: Date): Promise<boolean> {
    return this.mark(`next_attempt_at = $4, locked_until = NULL, last_error = $3`, [id, held, error, nextAttemptAt]);
  }

  markFailed(id: string, held: Date, error: string): Promise<boolean> {
    return this.mark(`status = 'failed', locked_until = NULL, last_error = $3`, [id, held, error]);
  }

  private async mark(set: string, params: unknown[]): Promise<boolean> {
    const rows = await this.ds.query(
      `WITH done AS (UPDATE webhook_deliveries SET ${set} WHERE id = $1 AND locked_until = $2 RETURNING 1) SELECT count(*) AS n FROM done`,
      params,
    );
    return Number(rows[0].n) === 1;
  }

  /** The delivery log of one subscription, newest first, each with its attempts. */
  async list(subscriptionId: string, status: WebhookDeliveryStatus | null, limit: number): Promise<WebhookDeliverySummary[]> {
    return this.ds.query(
      `SELECT d.id, d.event_type AS "eventType", d.case_id AS "caseId", d.status, d.attempts, d.last_error AS "lastError",
              d.next_attempt_at AS "nextAttemptAt", d.created_at AS "createdAt", d.sent_at AS "sentAt",
              COALESCE((SELECT json_agg(json_build_object('at', a.at, 'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.id)
                        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS log
       FROM webhook_deliveries d WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2)
       ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [subscriptionId, status, limit],
    );
  }

  /**
   * Replay: one delivery (any state but one being sent) or every failed one of the subscription goes
   * back to the queue with fresh attempts, same id and body (the receiver de-duplicates by id).
   */
  async requeue(em: EntityManager, subscriptionId: string, deliveryId: string | null, at: Date): Promise<number> {
    const rows = await em.query(
      `WITH done AS (UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $3, locked_until = NULL, sent_at = NULL
                     WHERE subscription_id = $1 AND (($2::text IS NULL AND status = 'failed') OR ($2::text IS NOT NULL AND id::text = $2 AND (locked_until IS NULL OR locked_until <= $3)))
                     RETURNING 1)
       SELECT count(*) AS n FROM done`,
      [subscriptionId, deliveryId, at],
    );
    return Number(rows[0].n);
  }
}
