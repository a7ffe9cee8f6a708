import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEntity } from '@app/database';
import type { MigrationPlan } from './migration-plan';

export type MigrationStatus = 'running' | 'finished' | 'failed';

export interface MigrationRun {
  id: string;
  packId: string;
  fromVersionId: number;
  toVersionId: number;
  plan: MigrationPlan;
  status: MigrationStatus;
  startedBy: string;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  lastCaseId: string | null;
  total: number;
  moved: number;
  cannotMove: number;
  error: string | null;
}

export interface MigrationCaseRow {
  caseId: string;
  caseNumber: string;
  outcome: 'moved' | 'cannot_move';
  reason: string | null;
  detail: Record<string, unknown>;
  at: Date;
}

export interface StoredDeadline {
  caseId: string;
  key: string;
  definitionId: string;
  dueAt: Date;
  status: 'open' | 'met' | 'late' | 'missed' | 'cancelled';
  closedAt: Date | null;
}

const RUN_COLUMNS = `id, pack_id AS "packId", from_version_id AS "fromVersionId", to_version_id AS "toVersionId", plan, status,
  started_by AS "startedBy", started_at AS "startedAt", updated_at AS "updatedAt", finished_at AS "finishedAt",
  last_case_id AS "lastCaseId", total, moved, cannot_move AS "cannotMove", error`;

/** The case_migrations runs and what each did to each case it went past; the cases it moves are read here in id order. */
@Injectable()
export class CaseMigrationsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    em: EntityManager,
    r: Pick<MigrationRun, 'packId' | 'fromVersionId' | 'toVersionId' | 'plan' | 'startedBy' | 'startedAt' | 'total'>,
  ): Promise<MigrationRun> {
    const rows = await em.query(
      `INSERT INTO case_migrations (pack_id, from_version_id, to_version_id, plan, status, started_by, started_at, updated_at, total)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $6, $7) RETURNING ${RUN_COLUMNS}`,
      [r.packId, r.fromVersionId, r.toVersionId, JSON.stringify(r.plan), r.startedBy, r.startedAt, r.total],
    );
    return rows[0];
  }

  async find(id: string, em: EntityManager = this.ds.manager): Promise<MigrationRun | null> {
    const rows = await em.query(`SELECT ${RUN_COLUMNS} FROM case_migrations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The run and a lock on it until commit: batches of one run never overlap, whoever runs them. */
  async lock(em: EntityManager, id: string): Promise<MigrationRun | null> {
    const rows = await em.query(`SELECT ${RUN_COLUMNS} FROM case_migrations WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async unfinished(em: EntityManager, fromVersionId: number, toVersionId: number): Promise<MigrationRun | null> {
    const rows = await em.query(`SELECT ${RUN_COLUMNS} FROM case_migrations WHERE from_version_id = $1 AND to_version_id = $2 AND status <> 'finished'`, [
      fromVersionId,
      toVersionId,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Claims the oldest run still `running` whose last progress is older than `before` (the process
   * running it stopped): its `updated_at` becomes `now`, so another claimer skips it. Null when none.
   */
  async claimAbandoned(before: Date, now: Date): Promise<MigrationRun | null> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows] = await this.ds.query(
      `UPDATE case_migrations SET updated_at = $2
       WHERE id = (SELECT id FROM case_migrations WHERE status = 'running' AND updated_at < $1 ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${RUN_COLUMNS}`,
      [before, now],
    );
    return rows[0] ?? null;
  }

  /** Open (or paused) and closed cases on a version: what a plan from it would judge. */
  async caseCounts(versionId: number): Promise<{ open: number; closed: number }> {
    const rows = await this.ds.query(
      `SELECT count(*) FILTER (WHERE status <> 'closed')::int AS open, count(*) FILTER (WHERE status = 'closed')::int AS closed FROM cases WHERE sop_version_id = $1`,
      [versionId],
    );
    return rows[0];
  }

  /** The latest runs between two versions, newest first. */
  async between(fromVersionId: number, toVersionId: number, limit = 20): Promise<MigrationRun[]> {
    return this.ds.query(`SELECT ${RUN_COLUMNS} FROM case_migrations WHERE from_version_id = $1 AND to_version_id = $2 ORDER BY started_at DESC LIMIT $3`, [
      fromVersionId,
      toVersionId,
      limit,
    ]);
  }

  async countOnVersion(versionId: number, em: EntityManager = this.ds.manager): Promise<number> {
    const rows = await em.query(`SELECT count(*)::int AS n FROM cases WHERE sop_version_id = $1`, [versionId]);
    return rows[0].n;
  }

  /** The next cases on a version after `afterId` in id order; `lock` holds them until commit (the run), else a plain read (the dry run). */
  async casesOnVersion(em: EntityManager, versionId: number, afterId: string | null, limit: number, lock: boolean): Promise<CaseEntity[]> {
    const qb = em.getRepository(CaseEntity).createQueryBuilder('c').where('c.sop_version_id = :versionId', { versionId }).orderBy('c.id').limit(limit);
    if (afterId) qb.andWhere('c.id > :afterId', { afterId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  async deadlinesOf(em: EntityManager, caseIds: string[]): Promise<StoredDeadline[]> {
    if (!caseIds.length) return [];
    return em.query(
      `SELECT case_id AS "caseId", key, definition_id AS "definitionId", due_at AS "dueAt", status, closed_at AS "closedAt"
       FROM deadlines WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, due_at`,
      [caseIds],
    );
  }

  async updateSubmission(em: EntityManager, s: { id: string; formId: string; formVersion: number; answers: Record<string, unknown> }): Promise<void> {
    await em.query(`UPDATE form_submissions SET form_id = $2, form_version = $3, answers = $4 WHERE id = $1`, [
      s.id,
      s.formId,
      s.formVersion,
      JSON.stringify(s.answers),
    ]);
  }

  /** The case's open deadlines keep their due dates from now on (a move with `deadlines: keep`). */
  async keepOpenDeadlines(em: EntityManager, caseId: string): Promise<void> {
    await em.query(`UPDATE deadlines SET due_kept = true WHERE case_id = $1 AND status = 'open'`, [caseId]);
  }

  /** A flag on the case (the caseworker's outstanding item); the trigger on case_flags keeps `cases.open_flags` in step. */
  async addFlag(em: EntityManager, f: { caseId: string; reason: string; by: string; at: Date }): Promise<string> {
    const rows = await em.query(`INSERT INTO case_flags (case_id, reason, flagged_by, flagged_at) VALUES ($1, $2, $3, $4) RETURNING id`, [
      f.caseId,
      f.reason,
      f.by,
      f.at,
    ]);
    return rows[0].id;
  }

  async recordCases(
    em: EntityManager,
    migrationId: string,
    rows: Array<{ caseId: string; outcome: 'moved' | 'cannot_move'; reason: string | null; detail: object }>,
    at: Date,
  ) {
    if (!rows.length) return;
    await em.query(
      `INSERT INTO case_migration_cases (migration_id, case_id, outcome, reason, detail, at)
       SELECT $1, r.case_id, r.outcome, r.reason, r.detail, $3
       FROM jsonb_to_recordset($2::jsonb) AS r(case_id uuid, outcome text, reason text, detail jsonb)
       ON CONFLICT (migration_id, case_id) DO NOTHING`,
      [migrationId, JSON.stringify(rows.map((r) => ({ case_id: r.caseId, outcome: r.outcome, reason: r.reason, detail: r.detail }))), at],
    );
  }

  async advance(em: EntityManager, id: string, p: { lastCaseId: string; moved: number; cannotMove: number; at: Date }): Promise<void> {
    await em.query(
      `UPDATE case_migrations SET last_case_id = $2, moved = moved + $3, cannot_move = cannot_move + $4, updated_at = $5, status = 'running', error = NULL WHERE id = $1`,
      [id, p.lastCaseId, p.moved, p.cannotMove, p.at],
    );
  }

  async finish(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(`UPDATE case_migrations SET status = 'finished', finished_at = $2, updated_at = $2 WHERE id = $1`, [id, at]);
  }

  async fail(id: string, error: string, at: Date): Promise<void> {
    await this.ds.query(`UPDATE case_migrations SET status = 'failed', error = $2, updated_at = $3 WHERE id = $1 AND status <> 'finished'`, [id, error, at]);
  }

  /** The cases a run went past with one outcome, in case-number order, with the count for paging. */
  async cases(id: string, outcome: 'moved' | 'cannot_move', offset: number, limit: number): Promise<{ total: number; items: MigrationCaseRow[] }> {
    const [count] = await this.ds.query(`SELECT count(*)::int AS n FROM case_migration_cases WHERE migration_id = $1 AND outcome = $2`, [id, outcome]);
    const items = await this.ds.query(
      `SELECT m.case_id AS "caseId", c.case_number AS "caseNumber", m.outcome, m.reason, m.detail, m.at
       FROM case_migration_cases m JOIN cases c ON c.id = m.case_id
       WHERE m.migration_id = $1 AND m.outcome = $2 ORDER BY c.case_number OFFSET $3 LIMIT $4`,
      [id, outcome, offset, limit],
    );
    return { total: count.n, items };
  }

  async reasons(id: string): Promise<Record<string, number>> {
    const rows: Array<{ reason: string; n: number }> = await this.ds.query(
      `SELECT reason, count(*)::int AS n FROM case_migration_cases WHERE migration_id = $1 AND outcome = 'cannot_move' GROUP BY reason ORDER BY reason`,
      [id],
    );
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }
}
