import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deadline whose due date an administrator chose to keep when its case moved to a new SOP version
 * (case migration, `deadlines: keep`): later changes of the case no longer re-plan that date by the
 * new version's rules. It still closes (met, late, missed) and is cancelled as any deadline is.
 */
export class DeadlineDueKept1766520000000 implements MigrationInterface {
  name = 'DeadlineDueKept1766520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines ADD COLUMN due_kept boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP COLUMN due_kept`);
  }
}
