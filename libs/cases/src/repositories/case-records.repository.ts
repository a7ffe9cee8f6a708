import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApprovalEntity, CaseEventEntity, DeadlineEntity, FormSubmissionEntity } from '@app/database';
import type { ScheduledAlert } from '@app/workflow';

export interface NewCaseEvent {
  caseId: string;
  type: string;
  actorId: string | null;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * Form submissions, the append-only event timeline, approvals and deadlines of cases.
 * Writers hold the case row lock (CasesRepository.lock), which also makes event `seq` allocation safe.
 */
@Injectable()
export class CaseRecordsRepository {
  constructor(private readonly ds: DataSource) {}

  submissions(caseId: string, em: EntityManager = this.ds.manager): Promise<FormSubmissionEntity[]> {
    return em.getRepository(FormSubmissionEntity).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async saveSubmission(em: EntityManager, s: Partial<FormSubmissionEntity>): Promise<FormSubmissionEntity> {
    const repo = em.getRepository(FormSubmissionEntity);
    return repo.save(repo.create(s));
  }

  async appendEvents(em: EntityManager, events: NewCaseEvent[]): Promise<void> {
    for (const e of events) {
      await em.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, data)
         VALUES ($1, COALESCE((SELECT MAX(seq) FROM case_events WHERE case_id = $1), 0) + 1, $2, $3, $4, $5)`,
        [e.caseId, e.type, e.actorId, e.at, JSON.stringify(e.data)],
      );
    }
  }

  /** The timeline, oldest first, with the actor's display name. */
  timeline(caseId: string): Promise<Array<CaseEventEntity & { actorName: string | null }>> {
    return this.ds.query(
      `SELECT e.seq, e.type, e.actor_id AS "actorId", u.display_name AS "actorName", e.at, e.data
       FROM case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.seq`,
      [caseId],
    );
  }

  pendingApproval(caseId: string, em: EntityManager = this.ds.manager): Promise<ApprovalEntity | null> {
    return em.getRepository(ApprovalEntity).findOne({ where: { caseId, status: 'pending' } });
  }

  async insertApproval(em: EntityManager, a: Partial<ApprovalEntity>): Promise<ApprovalEntity> {
    const repo = em.getRepository(ApprovalEntity);
    return repo.save(repo.create(a));
  }

  async decideApproval(em: EntityManager, id: string, d: Pick<ApprovalEntity, 'status' | 'decidedBy' | 'decidedAt' | 'comment'>): Promise<void> {
    await em.getRepository(ApprovalEntity).update({ id, status: 'pending' }, d);
  }

  deadlines(caseId: string, em: EntityManager = this.ds.manager): Promise<DeadlineEntity[]> {
    return em.getRepository(DeadlineEntity).find({ where: { caseId }, order: { dueAt: 'ASC' } });
  }

  async insertDeadline(em: EntityManager, d: Partial<DeadlineEntity>): Promise<string> {
    const result = await em.getRepository(DeadlineEntity).insert(d);
    return result.identifiers[0].id as string;
  }

  async updateDeadline(em: EntityManager, caseId: string, key: string, patch: Partial<DeadlineEntity>): Promise<void> {
    await em.getRepository(DeadlineEntity).update({ caseId, key }, patch);
  }

  /**
   * Schedules a deadline's alerts for its due date. Pending alerts of an earlier due date are
   * cancelled; an alert already fired for this same due date is not fired again (unique key). When
   * a deadline moves, an alert whose new time has passed too is skipped if it would only repeat
   * what was already said: an escalation of that level already sent (for any due date), or a
   * reminder already sent for a due date no later than the new one. A deadline moved earlier does
   * get its reminder: the person was told of a later date.
   */
  async scheduleAlerts(em: EntityManager, deadlineId: string, caseId: string, dueAt: Date, alerts: ScheduledAlert[], now: Date): Promise<void> {
    await this.cancelAlerts(em, deadlineId);
    if (!alerts.length) return;
    await em.query(
      `INSERT INTO deadline_alerts (deadline_id, case_id, kind, level, due_at, fire_at, status)
       SELECT $1, $2, a.kind, a.level, $3, a.fire_at, a.status
       FROM jsonb_to_recordset($4::jsonb) AS a(kind text, level int, fire_at timestamptz, status text)
       ON CONFLICT (deadline_id, kind, level, due_at) DO UPDATE
         SET fire_at = EXCLUDED.fire_at, status = EXCLUDED.status, attempts = 0, last_error = NULL, fired_at = NULL, recipients = NULL
         WHERE deadline_alerts.status = 'cancelled'`,
      [deadlineId, caseId, dueAt, JSON.stringify(alerts.map((a) => ({ kind: a.kind, level: a.index, fire_at: a.at.toISOString(), status: a.status })))],
    );
    await em.query(
      `WITH done AS (
         UPDATE deadline_alerts a SET status = 'skipped'
         WHERE a.deadline_id = $1 AND a.due_at = $2 AND a.status = 'pending' AND a.kind <> 'overdue' AND a.fire_at <= $3
           AND EXISTS (SELECT 1 FROM deadline_alerts f WHERE f.deadline_id = a.deadline_id AND f.kind = a.kind
                         AND f.level = a.level AND f.status = 'fired' AND f.due_at <> a.due_at
                         AND (a.kind = 'escalation' OR f.due_at <= a.due_at))
         RETURNING 1)
       SELECT count(*) FROM done`,
      [deadlineId, dueAt, now],
    );
  }

  /** The work is done or the deadline no longer applies: nothing more will fire for it. */
  async cancelAlerts(em: EntityManager, deadlineId: string): Promise<void> {
    await em.query(
      `WITH done AS (UPDATE deadline_alerts SET status = 'cancelled' WHERE deadline_id = $1 AND status = 'pending' RETURNING 1)
                    SELECT count(*) FROM done`,
      [deadlineId],
    );
  }
}
