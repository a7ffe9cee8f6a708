import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A supervisor's team list (GET /api/cases?team=true, issue 19) in each of its orders: newest
 * activity first (or last) and by registration date. With the team in front of the order, a page is
 * read in order from the team's own cases; without, at 1,000,000 cases a team whose cases sit at one
 * end of the registration dates had its page found by walking the whole registration index (0.5 s).
 * They replace cases_team_idx (team_id), which they begin with.
 */
export class CaseTeamListOrders1766295000000 implements MigrationInterface {
  name = 'CaseTeamListOrders1766295000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_team_updated_idx ON cases (team_id, updated_at DESC, id)`);
    await q.query(`CREATE INDEX cases_team_registered_idx ON cases (team_id, registered_at, id)`);
    await q.query(`DROP INDEX cases_team_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_team_idx ON cases (team_id)`);
    await q.query(`DROP INDEX cases_team_registered_idx`);
    await q.query(`DROP INDEX cases_team_updated_idx`);
  }
}
