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
   * the reader may see) hold. One count per worker, each served by cases_assigned_status_idx.
   */
  async perWorker(teamId: string, readable: CasePredicate, overdue: CasePredicate): Promise<WorkerLoad[]> {
    const mine = `c.assigned_to = u.id AND c.status <> 'closed' AND ${readable.sql}`;
    const [sql, values] = this.ds.driver.escapeQueryWithParameters(
      `SELECT u.id, u.display_name AS name,
         (SELECT count(*)::int FROM cases c WHERE ${mine}) AS "openCases",
         (SELECT count(*)::int FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE ${mine} AND ${overdue.sql}) AS "overdueDeadlines"
       FROM users u WHERE u.team_id = :workloadTeam AND u.active
       ORDER BY u.display_name, u.id`,
      { ...readable.params, ...overdue.params, workloadTeam: teamId },
    );
    return this.ds.query(sql, values);
  }
}
