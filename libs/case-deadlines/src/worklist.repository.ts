import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CaseEntity } from '@app/database';

export interface OpenDeadlineRow {
  id: string;
  caseId: string;
  key: string;
  definitionId: string;
  dueAt: Date;
  overdueAt: Date | null;
}

/** Open deadlines of the cases someone works on: what the worklist and the daily digest show. */
@Injectable()
export class WorklistRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Open deadlines due in [from, until) on cases assigned to `userId`, or (with `teamId`) to anyone
   * in that team, soonest first. The worklist asks per bucket, so a long overdue backlog never hides
   * what is due today.
   */
  openDeadlines(userId: string, teamId: string | null, from: Date | null, until: Date, limit: number): Promise<OpenDeadlineRow[]> {
    return this.ds.query(
      `SELECT d.id, d.case_id AS "caseId", d.key, d.definition_id AS "definitionId", d.due_at AS "dueAt", d.overdue_at AS "overdueAt"
       FROM deadlines d JOIN cases c ON c.id = d.case_id
       WHERE d.status = 'open' AND ($3::timestamptz IS NULL OR d.due_at >= $3) AND d.due_at < $4 AND c.status <> 'closed'
         AND (c.assigned_to = $1 OR ($2::text IS NOT NULL AND c.team_id = $2))
       ORDER BY d.due_at, d.id LIMIT $5`,
      [userId, teamId, from, until, limit],
    );
  }

  /** Claims the day's digest for a user, in the transaction that queues it: false if already claimed. */
  async claimDigest(em: EntityManager, userId: string, day: string, at: Date): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO digest_runs (user_id, day, sent_at, items) VALUES ($1, $2::date, $3, 0) ON CONFLICT DO NOTHING RETURNING user_id`,
      [userId, day, at],
    );
    return rows.length === 1;
  }

  async recordDigestItems(em: EntityManager, userId: string, day: string, items: number): Promise<void> {
    await em.query(`WITH done AS (UPDATE digest_runs SET items = $3 WHERE user_id = $1 AND day = $2::date RETURNING 1) SELECT count(*) FROM done`, [
      userId,
      day,
      items,
    ]);
  }

  cases(ids: string[]): Promise<CaseEntity[]> {
    return ids.length ? this.ds.getRepository(CaseEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /**
   * Active users with something due by `until` (or overdue) on their own cases or, for supervisors
   * (`supervisorRoles`), their team's; and no digest yet for `day`.
   */
  async digestCandidates(day: string, until: Date, supervisorRoles: string[], limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT u.id FROM users u
       WHERE u.active AND NOT EXISTS (SELECT 1 FROM digest_runs r WHERE r.user_id = u.id AND r.day = $1::date)
         AND (EXISTS (SELECT 1 FROM deadlines d JOIN cases c ON c.id = d.case_id
                      WHERE d.status = 'open' AND d.due_at < $2 AND c.status <> 'closed' AND c.assigned_to = u.id)
           OR (u.team_id IS NOT NULL AND u.roles && $3::text[] AND EXISTS (
                      SELECT 1 FROM deadlines d JOIN cases c ON c.id = d.case_id
                      WHERE d.status = 'open' AND d.due_at < $2 AND c.status <> 'closed' AND c.team_id = u.team_id)))
       ORDER BY u.id LIMIT $4`,
      [day, until, supervisorRoles, limit],
    );
    return rows.map((r) => r.id);
  }
}
