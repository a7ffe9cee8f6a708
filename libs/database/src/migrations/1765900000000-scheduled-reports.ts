import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per scheduled report sent to one person for one period: inserted in the transaction that
 * queues the message, so with several schedulers running each person still gets it exactly once.
 */
export class ScheduledReports1765900000000 implements MigrationInterface {
  name = 'ScheduledReports1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_deliveries (
        schedule_id text NOT NULL,
        period      text NOT NULL,
        user_id     uuid NOT NULL REFERENCES users(id),
        sent_at     timestamptz NOT NULL,
        PRIMARY KEY (schedule_id, period, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_deliveries`);
  }
}
