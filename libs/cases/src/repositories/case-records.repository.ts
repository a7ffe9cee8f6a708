import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ApprovalEntity, CaseEventEntity, DeadlineEntity, FormSubmissionEntity } from '@app/database';
import type { ReferralSnapshot, ScheduledAlert } from '@app/workflow';
import { ActiveGrants, activeGrantsJsonSql, grantsOf } from './case-grants.repository';

/** What a case view shows beside the case row, read in one statement (CaseRecordsRepository.viewParts). */
export interface CaseViewParts {
  /** Read when asked for (`grantsAt`). */
  grants?: ActiveGrants;
  submissions: FormSubmissionEntity[];
  pending: ApprovalEntity | null;
  links: Array<{ linkedCaseId: string; kind: string; caseNumber: string }>;
  /** Display name of the assigned worker (null when unassigned). */
  ownerName: string | null;
  /** The case's intake queue entry, if it was queued. */
  intake: { caseId: string; roles: string[]; areaPath: string; queuedAt: Date; takenBy: string | null; takenAt: Date | null } | null;
}

// Rows as JSON, so several of them come back in one statement; the timestamps are turned back into Dates below.
// `caseId` is the SQL expression of the case's id (a parameter, or the id column of a case row read alongside).
const submissionsJson = (caseId: string) => `(SELECT coalesce(json_agg(json_build_object('id', s.id, 'caseId', s.case_id, 'formId', s.form_id,
    'formVersion', s.form_version, 'status', s.status, 'answers', s.answers, 'createdBy', s.created_by, 'createdAt', s.created_at,
    'updatedBy', s.updated_by, 'updatedAt', s.updated_at, 'completedAt', s.completed_at, 'firstCompletedAt', s.first_completed_at)
    ORDER BY s.created_at, s.id), '[]'::json) FROM form_submissions s WHERE s.case_id = ${caseId})`;
const pendingJson = (caseId: string) => `(SELECT json_build_object('id', a.id, 'caseId', a.case_id, 'transitionId', a.transition_id, 'status', a.status,
    'requestedBy', a.requested_by, 'requestedAt', a.requested_at, 'decidedBy', a.decided_by, 'decidedAt', a.decided_at, 'comment', a.comment)
    FROM approvals a WHERE a.case_id = ${caseId} AND a.status = 'pending' LIMIT 1)`;
const SUBMISSIONS_JSON = submissionsJson('$1');
const PENDING_JSON = pendingJson('$1');

/**
 * What a case view shows beside the case row (CaseViewParts, read back with `toViewParts`), as
 * [expression, name] pairs of a select list, for the case whose id is `caseId` and assigned worker
 * `assignedTo` (SQL expressions).
 */
export function viewPartsSelects(caseId: string, assignedTo: string): Array<[string, string]> {
  return [
    [submissionsJson(caseId), 'submissions'],
    [pendingJson(caseId), 'pending'],
    [
      `(SELECT coalesce(json_agg(json_build_object('linkedCaseId', l.linked_case_id, 'kind', l.kind, 'caseNumber', lc.case_number) ORDER BY l.created_at), '[]'::json)
         FROM case_links l JOIN cases lc ON lc.id = l.linked_case_id WHERE l.case_id = ${caseId})`,
      'links',
    ],
    [`(SELECT u.display_name FROM users u WHERE u.id = ${assignedTo})`, 'ownerName'],
    [
      `(SELECT json_build_object('caseId', i.case_id, 'roles', i.roles, 'areaPath', i.area_path, 'queuedAt', i.queued_at, 'takenBy', i.taken_by, 'takenAt', i.taken_at)
         FROM case_intake i WHERE i.case_id = ${caseId})`,
      'intake',
    ],
  ];
}

/** CaseViewParts from a row selected with `viewPartsSelect` (and, when asked, its grants as `grants`). */
export function toViewParts(caseId: string, r: any): CaseViewParts {
  return {
    grants: r.grants ? grantsOf(caseId, r.grants) : undefined,
    submissions: toSubmissions(r.submissions),
    pending: toApproval(r.pending),
    links: r.links,
    ownerName: r.ownerName ?? null,
    intake: r.intake ? { ...r.intake, queuedAt: date(r.intake.queuedAt)!, takenAt: date(r.intake.takenAt) } : null,
  };
}

const date = (v: string | null): Date | null => (v === null ? null : new Date(v));

function toSubmissions(rows: any[]): FormSubmissionEntity[] {
  return rows.map((r) =>
    Object.assign(new FormSubmissionEntity(), {
      ...r,
      createdAt: date(r.createdAt),
      updatedAt: date(r.updatedAt),
      completedAt: date(r.completedAt),
      firstCompletedAt: date(r.firstCompletedAt),
    }),
  );
}

function toApproval(r: any): ApprovalEntity | null {
  return r ? Object.assign(new ApprovalEntity(), { ...r, requestedAt: date(r.requestedAt), decidedAt: date(r.decidedAt) }) : null;
}

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

  /** The submissions of several cases in one statement, by case (oldest first, as `submissions`). */
  async submissionsOfCases(em: EntityManager, caseIds: string[]): Promise<Map<string, FormSubmissionEntity[]>> {
    const out = new Map<string, FormSubmissionEntity[]>(caseIds.map((id) => [id, []]));
    if (!caseIds.length) return out;
    const rows = await em.getRepository(FormSubmissionEntity).find({ where: { caseId: In(caseIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const s of rows) out.get(s.caseId)?.push(s);
    return out;
  }

  /** The submissions and the pending approval in one statement (what rules and guards read beside the row). */
  async formsAndApproval(
    caseId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<{ submissions: FormSubmissionEntity[]; pending: ApprovalEntity | null }> {
    const [r] = await em.query(`SELECT ${SUBMISSIONS_JSON} AS submissions, ${PENDING_JSON} AS pending`, [caseId]);
    return { submissions: toSubmissions(r.submissions), pending: toApproval(r.pending) };
  }

  /**
   * Everything a case view shows beside the case row, in one statement instead of one per part;
   * with `grantsAt`, the case's grants active then too (a writer that locked the row reads its access
   * and what it changes, and answers with the view, from this one read).
   */
  async viewParts(caseId: string, assignedTo: string | null, em: EntityManager = this.ds.manager, grantsAt?: Date): Promise<CaseViewParts> {
    const [r] = await em.query(
      `SELECT ${grantsAt ? activeGrantsJsonSql('$3', '$1') : 'NULL'} AS grants, ${viewPartsSelects('$1', '$2')
        .map(([sql, name]) => `${sql} AS "${name}"`)
        .join(', ')}`,
      grantsAt ? [caseId, assignedTo, grantsAt] : [caseId, assignedTo],
    );
    return toViewParts(caseId, r);
  }

  /**
   * Inserts a new submission, or updates one the caller read (with its id) in place: an UPDATE of
   * what may change, without the read TypeORM's save would do first to compare.
   */
  async saveSubmission(em: EntityManager, s: Partial<FormSubmissionEntity>): Promise<FormSubmissionEntity> {
    const repo = em.getRepository(FormSubmissionEntity);
    if (!s.id) return repo.save(repo.create(s));
    await em.query(
      `UPDATE form_submissions SET form_version = $2, status = $3, answers = $4::jsonb, updated_by = $5, updated_at = $6, completed_at = $7, first_completed_at = $8
       WHERE id = $1`,
      [s.id, s.formVersion, s.status, JSON.stringify(s.answers ?? {}), s.updatedBy, s.updatedAt, s.completedAt ?? null, s.firstCompletedAt ?? null],
    );
    return repo.create(s);
  }

  /** Appends the events in one statement, in the order given (seq per case, ids in the same order). */
  async appendEvents(em: EntityManager, events: NewCaseEvent[]): Promise<void> {
    if (events.length === 0) return;
    await em.query(
      `INSERT INTO case_events (case_id, seq, type, actor_id, at, data)
       SELECT e.case_id, COALESCE((SELECT MAX(x.seq) FROM case_events x WHERE x.case_id = e.case_id), 0) + row_number() OVER (PARTITION BY e.case_id ORDER BY e.ord),
              e.type, e.actor_id, e.at, e.data
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (case_id uuid, type text, actor_id uuid, at timestamptz, data jsonb)) WITH ORDINALITY
         AS e(case_id, type, actor_id, at, data, ord)
       ORDER BY e.ord`,
      [JSON.stringify(events.map((e) => ({ case_id: e.caseId, type: e.type, actor_id: e.actorId, at: e.at, data: e.data })))],
    );
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

  /**
   * What a change's deadline recomputation reads about the case, in one statement: its referrals
   * (deadlines anchored on them, `has_referral`; as ReferralsRepository.snapshots) and its stored deadlines.
   */
  async deadlineInputs(caseId: string, em: EntityManager): Promise<{ referrals: ReferralSnapshot[]; deadlines: DeadlineEntity[] }> {
    const [r] = await em.query(
      `SELECT (SELECT coalesce(json_agg(json_build_object('id', x.id, 'serviceType', x.service_type, 'status', x.status, 'sentAt', x.sent_at,
                'respondBy', x.respond_by, 'respondedAt', x.responded_at) ORDER BY x.created_at, x.id), '[]'::json)
                FROM referrals x WHERE x.case_id = $1) AS referrals,
              (SELECT coalesce(json_agg(json_build_object('id', d.id, 'caseId', d.case_id, 'key', d.key, 'definitionId', d.definition_id,
                'anchorAt', d.anchor_at, 'dueAt', d.due_at, 'status', d.status, 'closedAt', d.closed_at, 'createdAt', d.created_at,
                'overdueAt', d.overdue_at, 'dueKept', d.due_kept) ORDER BY d.due_at, d.id), '[]'::json)
                FROM deadlines d WHERE d.case_id = $1) AS deadlines`,
      [caseId],
    );
    return {
      referrals: (r.referrals as any[]).map((x) => ({ ...x, sentAt: date(x.sentAt), respondBy: date(x.respondBy), respondedAt: date(x.respondedAt) })),
      deadlines: (r.deadlines as any[]).map((d) =>
        Object.assign(new DeadlineEntity(), {
          ...d,
          anchorAt: date(d.anchorAt),
          dueAt: date(d.dueAt),
          closedAt: date(d.closedAt),
          createdAt: date(d.createdAt),
          overdueAt: date(d.overdueAt),
        }),
      ),
    };
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
   * get its reminder: the person was told of a later date. `fresh`: the deadline row was inserted in
   * this transaction, so it has no alerts to cancel and none fired before (two statements saved).
   */
  async scheduleAlerts(
    em: EntityManager,
    deadlineId: string,
    caseId: string,
    dueAt: Date,
    alerts: ScheduledAlert[],
    now: Date,
    opts: { fresh?: boolean } = {},
  ): Promise<void> {
    if (!opts.fresh) await this.cancelAlerts(em, deadlineId);
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
    if (opts.fresh) return;
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
