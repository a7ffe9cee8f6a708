import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CasePredicate } from './cases.repository';

export interface WorkerLoad {
  id: string;
  name: string;
  openCases: number;
  overdueDeadlines: number;
}

/** What each active member of a team works on: counted in the database, over the cases the reader may read. */
@Injectable()
export class TeamWorkloadRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Per active member of `teamId`: their cases not closed, and the open deadlines past due on them,
   * each counted only where `readable` (the reader's read rules) and, for deadlines, `overdue` (those
   * the reader may see) hold. Driven from each worker's cases (cases_assigned_status_idx), their
   * deadlines read per case (its (case_id, key) index): at a million cases with a third of the
   * country's deadlines overdue, the planner's other choice (every overdue deadline, then its case)
   * took seconds.
   */
  async perWorker(teamId: string, readable: CasePredicate, overdue: CasePredicate): Promise<WorkerLoad[]> {
    const [sql, values] = this.ds.driver.escapeQueryWithParameters(
      `SELECT u.id, u.display_name AS name, w.open AS "openCases", w.overdue AS "overdueDeadlines"
       FROM users u
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS open,
                coalesce(sum((SELECT count(*) FROM deadlines d WHERE d.case_id = c.id AND ${overdue.sql})), 0)::int AS overdue
         FROM cases c WHERE c.assigned_to = u.id AND c.status <> 'closed' AND ${readable.sql}) w
       WHERE u.team_id = :workloadTeam AND u.active
       ORDER BY u.display_name, u.id`,
      { ...readable.params, ...overdue.params, workloadTeam: teamId },
    );
    // JIT off, as for the name search: compiling this query took longer (0.6 s) than running it.
    return this.ds.transaction(async (em) => {
      await em.query('SET LOCAL jit = off');
      return em.query(sql, values);
    });
  }
}
