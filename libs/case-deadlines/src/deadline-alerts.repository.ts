import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DeadlineEntity } from '@app/database';

export interface DueAlert {
  id: string;
  deadlineId: string;
  caseId: string;
  kind: 'reminder' | 'overdue' | 'escalation';
  level: number;
  dueAt: Date;
  fireAt: Date;
  /** Earlier attempts that failed (retried with back-off). */
  attempts: number;
}

export type AlertOutcome = 'fired' | 'cancelled' | 'failed';

/** The scheduler's side of deadlines: alerts that are due, claimed so that any number of workers may run. */
@Injectable()
export class DeadlineAlertsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Due alerts, oldest first, locked for this transaction; rows another worker holds are skipped.
   * Reads only the due end of the `fire_at` index, whatever the number of open deadlines.
   */
  claimDue(em: EntityManager, now: Date, limit: number, skip: string[]): Promise<DueAlert[]> {
    return em.query(
      `SELECT id, deadline_id AS "deadlineId", case_id AS "caseId", kind, level, due_at AS "dueAt", fire_at AS "fireAt", attempts
       FROM deadline_alerts
       WHERE status = 'pending' AND fire_at <= $1 AND NOT (id = ANY($3::uuid[]))
       ORDER BY fire_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit, skip],
    );
  }

  /** The case row lock writers take, without waiting: a case being edited is retried at the next tick. */
  async tryLockCase(em: EntityManager, caseId: string): Promise<boolean> {
    const rows = await em.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE SKIP LOCKED`, [caseId]);
    return rows.length === 1;
  }

  /** tryLockCase for many cases in one statement: the ids of those now locked by this transaction. */
  async tryLockCases(em: EntityManager, caseIds: string[]): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await em.query(`SELECT id FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED`, [caseIds]);
    return new Set(rows.map((r) => r.id));
  }

  /** Deadlines by id, in one statement. */
  async deadlines(em: EntityManager, ids: string[]): Promise<Map<string, DeadlineEntity>> {
    const rows: DeadlineEntity[] = await em.query(
      `SELECT id, case_id AS "caseId", key, definition_id AS "definitionId", anchor_at AS "anchorAt", due_at AS "dueAt",
              status, closed_at AS "closedAt", created_at AS "createdAt", overdue_at AS "overdueAt"
       FROM deadlines WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((d) => [d.id, d]));
  }

  async markOverdueMany(em: EntityManager, deadlineIds: string[], at: Date): Promise<void> {
    if (!deadlineIds.length) return;
    await em.query(
      `WITH done AS (UPDATE deadlines SET overdue_at = COALESCE(overdue_at, $2) WHERE id = ANY($1::uuid[]) RETURNING 1) SELECT count(*) FROM done`,
      [deadlineIds, at],
    );
  }

  /** finish for many alerts in one statement. */
  async finishMany(
    em: EntityManager,
    done: Array<{ id: string; outcome: AlertOutcome; recipients: number | null; error: string | null }>,
    at: Date,
  ): Promise<void> {
    if (!done.length) return;
    await em.query(
      `WITH done AS (UPDATE deadline_alerts a SET status = d.outcome, fired_at = $2, recipients = d.recipients, last_error = d.error,
                       attempts = a.attempts + CASE WHEN d.outcome = 'failed' THEN 1 ELSE 0 END
                     FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, outcome text, recipients int, error text)
                     WHERE a.id = d.id RETURNING 1)
       SELECT count(*) FROM done`,
      [JSON.stringify(done), at],
    );
  }

  /** `failed` counts the attempt that failed for good. */
  async finish(em: EntityManager, id: string, outcome: AlertOutcome, at: Date, recipients: number | null, error: string | null = null): Promise<void> {
    await em.query(
      `WITH done AS (UPDATE deadline_alerts SET status = $2, fired_at = $3, recipients = $4, last_error = $5,
                       attempts = attempts + CASE WHEN $2 = 'failed' THEN 1 ELSE 0 END
                     WHERE id = $1 RETURNING 1)
       SELECT count(*) FROM done`,
      [id, outcome, at, recipients, error],
    );
  }

  /** A failed attempt: tried again at `nextAt` (the error is kept for administrators). */
  async retryLater(em: EntityManager, id: string, nextAt: Date, error: string): Promise<void> {
    await em.query(
      `WITH done AS (UPDATE deadline_alerts SET attempts = attempts + 1, fire_at = $2, last_error = $3 WHERE id = $1 RETURNING 1)
       SELECT count(*) FROM done`,
      [id, nextAt, error],
    );
  }

  /** An administrator sends a failed alert again (fresh attempts, at once). Returns its case, or null if it is not a failed alert. */
  async requeueFailed(em: EntityManager, id: string, at: Date): Promise<string | null> {
    const rows = await em.query(
      `WITH done AS (UPDATE deadline_alerts SET status = 'pending', attempts = 0, fire_at = $2, fired_at = NULL
                     WHERE id::text = $1 AND status = 'failed' RETURNING case_id)
       SELECT case_id AS "caseId" FROM done`,
      [id, at],
    );
    return rows[0]?.caseId ?? null;
  }

  /**
   * For administrators: alerts waiting, due now, failed, and (over the last 30 days) fired with
   * nobody to tell (an unassigned case, or no one named may read it).
   */
  async counts(now: Date): Promise<{ pending: number; due: number; failed: number; firedToNobody: number }> {
    const [row] = await this.ds.query(
      `SELECT (SELECT count(*) FROM deadline_alerts WHERE status = 'pending') AS pending,
              (SELECT count(*) FROM deadline_alerts WHERE status = 'pending' AND fire_at <= $1) AS due,
              (SELECT count(*) FROM deadline_alerts WHERE status = 'failed') AS failed,
              (SELECT count(*) FROM deadline_alerts WHERE status = 'fired' AND recipients = 0 AND kind <> 'overdue'
                 AND fired_at > $1::timestamptz - interval '30 days') AS nobody`,
      [now],
    );
    return { pending: Number(row.pending), due: Number(row.due), failed: Number(row.failed), firedToNobody: Number(row.nobody) };
  }

  /**
   * Open deadlines with no alert rows: set before alerts existed (every deadline set since has at
   * least its overdue mark). Read once when a scheduler starts, not at every tick.
   */
  openWithoutAlerts(limit: number): Promise<Array<{ id: string; caseId: string; definitionId: string; dueAt: Date; sopVersionId: number }>> {
    return this.ds.query(
      `SELECT d.id, d.case_id AS "caseId", d.definition_id AS "definitionId", d.due_at AS "dueAt", c.sop_version_id AS "sopVersionId"
       FROM deadlines d JOIN cases c ON c.id = d.case_id
       WHERE d.status = 'open' AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.deadline_id = d.id)
       ORDER BY d.due_at, d.id LIMIT $1`,
      [limit],
    );
  }

  /** On the locked case: is the deadline still open, due then, and without alerts (no one scheduled them meanwhile)? */
  async stillWithoutAlerts(em: EntityManager, deadlineId: string, dueAt: Date): Promise<boolean> {
    const rows = await em.query(
      `SELECT 1 FROM deadlines d WHERE d.id = $1 AND d.status = 'open' AND d.due_at = $2
         AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.deadline_id = d.id)`,
      [deadlineId, dueAt],
    );
    return rows.length === 1;
  }

  /** For administrators: alerts that could not be processed. */
  failed(limit: number): Promise<Array<{ id: string; caseId: string; kind: string; level: number; fireAt: Date; attempts: number; lastError: string | null }>> {
    return this.ds.query(
      `SELECT id, case_id AS "caseId", kind, level, fire_at AS "fireAt", attempts, last_error AS "lastError"
       FROM deadline_alerts WHERE status = 'failed' ORDER BY fire_at DESC LIMIT $1`,
      [limit],
    );
  }
}
