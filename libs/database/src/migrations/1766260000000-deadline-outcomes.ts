import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadline outcomes for compliance (issue 24): 'late' is a deadline kept after its due time (what
 * 'missed' meant until now, so those rows become 'late'), and 'missed' is now one that fell due and
 * stopped applying without ever being kept. Case events are append-only and keep their old names.
 */
export class DeadlineOutcomes1766260000000 implements MigrationInterface {
  name = 'DeadlineOutcomes1766260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_status_check`);
    await q.query(`UPDATE deadlines SET status = 'late' WHERE status = 'missed'`);
    await q.query(`ALTER TABLE deadlines ADD CONSTRAINT deadlines_status_check CHECK (status IN ('open', 'met', 'late', 'missed', 'cancelled'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Never kept has no old name: it ends as it did before, cancelled.
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_status_check`);
    await q.query(`UPDATE deadlines SET status = 'cancelled' WHERE status = 'missed'`);
    await q.query(`UPDATE deadlines SET status = 'missed' WHERE status = 'late'`);
    await q.query(`ALTER TABLE deadlines ADD CONSTRAINT deadlines_status_check CHECK (status IN ('open', 'met', 'missed', 'cancelled'))`);
  }
}
