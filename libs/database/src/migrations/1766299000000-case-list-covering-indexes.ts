import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A caseload's page and its count (up to 1,001 cases) read every case of it from the table to check
 * the read rule (agency, place, case type): at 1,000,000 cases, about 100 ms for a caseload of
 * 50,000 (issue 18). The caseload's and the team's list indexes now carry those columns, so the
 * count is an index-only scan and the page's ids are found in the index before 25 rows are read
 * (CasesRepository.list): count 0.9 ms, page 1.9 ms (EXPLAIN ANALYZE at 1,000,000 cases).
 */
export class CaseListCoveringIndexes1766299000000 implements MigrationInterface {
  name = 'CaseListCoveringIndexes1766299000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_assigned_cover_idx ON cases (assigned_to, updated_at DESC, id) INCLUDE (agency_id, location_path, case_type)`);
    await q.query(`DROP INDEX cases_assigned_idx`);
    await q.query(`ALTER INDEX cases_assigned_cover_idx RENAME TO cases_assigned_idx`);
    await q.query(`CREATE INDEX cases_team_updated_cover_idx ON cases (team_id, updated_at DESC, id) INCLUDE (agency_id, location_path, case_type)`);
    await q.query(`DROP INDEX cases_team_updated_idx`);
    await q.query(`ALTER INDEX cases_team_updated_cover_idx RENAME TO cases_team_updated_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_team_updated_idx`);
    await q.query(`CREATE INDEX cases_team_updated_idx ON cases (team_id, updated_at DESC, id)`);
    await q.query(`DROP INDEX cases_assigned_idx`);
    await q.query(`CREATE INDEX cases_assigned_idx ON cases (assigned_to, updated_at DESC, id)`);
  }
}
