import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface NewOutboxMessage {
  channel: string;
  userId: string | null;
  address: string;
  caseId: string | null;
  kind: string;
  dedupeKey: string;
  subject: string;
  text: string;
  html: string;
}

export interface ClaimedMessage {
  id: string;
  channel: string;
  address: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
  /** The claim: this worker's lease, until this moment; marks succeed only while it still holds it. */
  lockedUntil: Date;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** What an administrator sees of a message: never its body, which may quote a child's case. */
export interface OutboxSummary {
  id: string;
  channel: string;
  username: string | null;
  kind: string;
  caseId: string | null;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
}

/** The only place that reads and writes the outbox of messages to channels outside the app. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly ds: DataSource) {}

  /** In the caller's transaction; a message with the same dedupe key is queued once. Returns whether it was new. */
  async enqueue(em: EntityManager, m: NewOutboxMessage, at: Date): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO outbox (channel, user_id, address, case_id, kind, dedupe_key, subject, body_text, body_html, status, next_attempt_at, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'pending',$10,$10) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [m.channel, m.userId, m.address, m.caseId, m.kind, m.dedupeKey, m.subject, m.text, m.html, at],
    );
    return rows.length === 1;
  }

  /** enqueue for many messages in one statement (a scheduler batch); returns the dedupe keys that were new. */
  async enqueueMany(em: EntityManager, messages: NewOutboxMessage[], at: Date): Promise<string[]> {
    if (!messages.length) return [];
    const rows: Array<{ dedupeKey: string }> = await em.query(
      `WITH added AS (
         INSERT INTO outbox (channel, user_id, address, case_id, kind, dedupe_key, subject, body_text, body_html, status, next_attempt_at, created_at)
         SELECT m.channel, m.user_id, m.address, m.case_id, m.kind, m.dedupe_key, m.subject, m.body_text, m.body_html, 'pending', $2, $2
         FROM jsonb_to_recordset($1::jsonb)
           AS m(channel text, user_id uuid, address text, case_id uuid, kind text, dedupe_key text, subject text, body_text text, body_html text)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key)
       SELECT dedupe_key AS "dedupeKey" FROM added`,
      [
        JSON.stringify(
          messages.map((m) => ({
            channel: m.channel,
            user_id: m.userId,
            address: m.address,
            case_id: m.caseId,
            kind: m.kind,
            dedupe_key: m.dedupeKey,
            subject: m.subject,
            body_text: m.text,
            body_html: m.html,
          })),
        ),
        at,
      ],
    );
    return rows.map((r) => r.dedupeKey);
  }

  /**
   * Claims up to `limit` due messages of the channels this process can send (`channels`) for
   * `leaseMs` and commits the claim before anything is sent,
   * so no two workers send the same message. A worker that dies mid-send leaves its lease to
   * expire; the message is then sent again (at least once, with the same id).
   */
  claim(now: Date, limit: number, leaseMs: number, channels: string[]): Promise<ClaimedMessage[]> {
    return this.ds.query(
      `WITH picked AS (
         SELECT id FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1) AND channel = ANY($4::text[])
         ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       , claimed AS (
         UPDATE outbox o SET locked_until = $1::timestamptz + ($3 || ' milliseconds')::interval, attempts = o.attempts + 1
         FROM picked WHERE o.id = picked.id
         RETURNING o.id, o.channel, o.address, o.subject, o.body_text AS text, o.body_html AS html, o.attempts, o.locked_until, o.next_attempt_at)
       -- A bare UPDATE ... RETURNING comes back from TypeORM as [rows, count]; a SELECT comes back as rows.
       SELECT id, channel, address, subject, text, html, attempts, locked_until AS "lockedUntil" FROM claimed ORDER BY next_attempt_at, id`,
      [now, limit, String(leaseMs), channels],
    );
  }

  /**
   * Extends this worker's lease on one message just before sending it, so a batch sent slowly never
   * outlives its claim. Null when the lease was lost (expired and taken by another worker).
   */
  async renewLease(id: string, held: Date, until: Date): Promise<Date | null> {
    const rows = await this.ds.query(
      `WITH done AS (UPDATE outbox SET locked_until = $3 WHERE id = $1 AND status = 'pending' AND locked_until = $2 RETURNING locked_until)
       SELECT locked_until AS "lockedUntil" FROM done`,
      [id, held, until],
    );
    return rows[0]?.lockedUntil ?? null;
  }

  /** The marks below apply only while `held` is still the message's lease; false when it was lost. */
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
      `WITH done AS (UPDATE outbox SET ${set} WHERE id = $1 AND locked_until = $2 RETURNING 1) SELECT count(*) AS n FROM done`,
      params,
    );
    return Number(rows[0].n) === 1;
  }

  list(status: OutboxStatus | null, limit: number): Promise<OutboxSummary[]> {
    return this.ds.query(
      `SELECT o.id, o.channel, u.username, o.kind, o.case_id AS "caseId", o.subject, o.status, o.attempts,
              o.last_error AS "lastError", o.next_attempt_at AS "nextAttemptAt", o.created_at AS "createdAt", o.sent_at AS "sentAt"
       FROM outbox o LEFT JOIN users u ON u.id = o.user_id
       WHERE $1::text IS NULL OR o.status = $1 ORDER BY o.created_at DESC, o.id LIMIT $2`,
      [status, limit],
    );
  }

  /**
   * Pending messages nobody could send for `maxAgeMs` (no process configured for their channel, or
   * retried that long) fail as stale: weeks-old reminders must not all go out the day SMTP is set
   * up, and their bodies must not wait forever. Reads the due end of `outbox_pending` only.
   */
  async expireStale(now: Date, maxAgeMs: number): Promise<number> {
    const cutoff = new Date(now.getTime() - maxAgeMs);
    const rows = await this.ds.query(
      `WITH done AS (UPDATE outbox SET status = 'failed', locked_until = NULL,
                       last_error = 'not sent within ' || $2 || ' hours (is a process configured for this channel?)'
                     WHERE status = 'pending' AND next_attempt_at < $1 AND created_at < $1 AND (locked_until IS NULL OR locked_until <= $3)
                     RETURNING 1)
       SELECT count(*) AS n FROM done`,
      [cutoff, String(Math.round(maxAgeMs / 3_600_000)), now],
    );
    return Number(rows[0].n);
  }

  /** Per channel: how many wait and since when (for administrators: is anything able to send them?). */
  pendingByChannel(): Promise<Array<{ channel: string; pending: number; oldest: Date }>> {
    return this.ds.query(
      `SELECT channel, count(*)::int AS pending, min(created_at) AS oldest FROM outbox WHERE status = 'pending' GROUP BY channel ORDER BY channel`,
    );
  }

  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows: Array<{ status: OutboxStatus; n: string }> = await this.ds.query(`SELECT status, count(*) AS n FROM outbox GROUP BY status`);
    const out: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  /** A failed message goes back to the queue with a fresh set of attempts; null if it is not a failed message. */
  async requeue(em: EntityManager, id: string, at: Date): Promise<{ id: string; channel: string; kind: string; caseId: string | null } | null> {
    const rows = await em.query(
      `WITH done AS (UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, locked_until = NULL
                     WHERE id::text = $1 AND status = 'failed' RETURNING id, channel, kind, case_id)
       SELECT id, channel, kind, case_id AS "caseId" FROM done`,
      [id, at],
    );
    return rows[0] ?? null;
  }
}
