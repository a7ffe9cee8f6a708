import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake queues: a case its pack sends to the team covering its location waits here, owned by
 * nobody, until one of the team takes it. The queue's roles and area are fixed when the case is
 * registered (from the SOP version it runs on), so a later pack cannot silently empty a queue.
 */
export class IntakeQueue1766100000000 implements MigrationInterface {
  name = 'IntakeQueue1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_intake (
        case_id     uuid PRIMARY KEY REFERENCES cases(id),
        roles       text[] NOT NULL CHECK (cardinality(roles) > 0),
        area_path   text NOT NULL,
        queued_at   timestamptz NOT NULL,
        taken_by    uuid REFERENCES users(id),
        taken_at    timestamptz,
        CHECK ((taken_by IS NULL) = (taken_at IS NULL))
      )`);
    // The queue is read by area; only waiting cases matter.
    await q.query(`CREATE INDEX case_intake_waiting ON case_intake (area_path text_pattern_ops) WHERE taken_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_intake`);
  }
}
