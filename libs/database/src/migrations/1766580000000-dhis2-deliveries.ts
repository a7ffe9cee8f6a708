import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per push of a period's values to DHIS2 (docs/dhis2.md): who or which schedule, DHIS2's
 * import counts and conflicts, or why it failed. A scheduled push claims its period by inserting its
 * row (the partial unique index), so several schedulers send a period once; a failed one may be claimed again.
 */
export class Dhis2Deliveries1766580000000 implements MigrationInterface {
  name = 'Dhis2Deliveries1766580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dhis2_deliveries (
        id           uuid PRIMARY KEY,
        seq          bigserial NOT NULL,
        period       text NOT NULL,
        trigger      text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        actor_id     uuid REFERENCES users(id),
        started_at   timestamptz NOT NULL,
        finished_at  timestamptz,
        status       text NOT NULL CHECK (status IN ('sending', 'succeeded', 'failed')),
        values_sent  integer NOT NULL,
        suppressed   integer NOT NULL,
        attempts     integer NOT NULL DEFAULT 0,
        http_status  integer,
        import_status text,
        imported     integer,
        updated      integer,
        ignored      integer,
        conflicts    jsonb NOT NULL DEFAULT '[]',
        reason       text
      )`);
    await q.query(`CREATE INDEX dhis2_deliveries_latest ON dhis2_deliveries (seq DESC)`);
    await q.query(`CREATE UNIQUE INDEX dhis2_deliveries_scheduled_once ON dhis2_deliveries (period) WHERE trigger = 'schedule' AND status <> 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dhis2_deliveries`);
  }
}
