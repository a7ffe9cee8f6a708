import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
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

  /** Open deadlines due before `until` on cases assigned to `userId`, or (with `teamId`) to anyone in that team. */
  openDeadlines(userId: string, teamId: string | null, until: Date, limit: number): Promise<OpenDeadlineRow[]> {
    return this.ds.query(
      `SELECT d.id, d.case_id AS "caseId", d.key, d.definition_id AS "definitionId", d.due_at AS "dueAt", d.overdue_at AS "overdueAt"
       FROM deadlines d JOIN cases c ON c.id = d.case_id
       WHERE d.status = 'open' AND d.due_at < $3 AND c.status <> 'closed'
         AND (c.assigned_to = $1 OR ($2::text IS NOT NULL AND c.team_id = $2))
       ORDER BY d.due_at, d.id LIMIT $4`, [userId, teamId, until, limit]);
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
       ORDER BY u.id LIMIT $4`, [day, until, supervisorRoles, limit]);
    return rows.map((r) => r.id);
  }
}
