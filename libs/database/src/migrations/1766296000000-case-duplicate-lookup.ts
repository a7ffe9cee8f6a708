import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate check at registration (same name, case-insensitive, and date of birth in the
 * registrar's district: CasesRepository.possibleDuplicates) had no index of its own: it walked the
 * district's part of the location index, a sequential scan of 1,000,000 cases in 110 ms, on every
 * registration (issue 18: registration throughput fell from 0.21 to 0.08 of raw PostgreSQL's between
 * 5,000 and 100,000 cases). With this index it reads the few rows of that name: 0.06 ms.
 */
export class CaseDuplicateLookup1766296000000 implements MigrationInterface {
  name = 'CaseDuplicateLookup1766296000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_duplicate_lookup_idx ON cases (lower(display_name), date_of_birth)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_duplicate_lookup_idx`);
  }
}
