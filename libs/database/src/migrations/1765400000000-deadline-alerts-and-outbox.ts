import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the scheduler works on. Each reminder, overdue mark and escalation of an open deadline is a
 * row with the moment it fires, so a tick reads only what is due (an index range on `fire_at`), never
 * every open deadline. Messages to channels outside the app go through the outbox, written in the
 * transaction that fired them; digests are claimed once per user and day.
 */
export class DeadlineAlertsAndOutbox1765400000000 implements MigrationInterface {
  name = 'DeadlineAlertsAndOutbox1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email text, ADD COLUMN phone text`);
    await q.query(`ALTER TABLE deadlines ADD COLUMN overdue_at timestamptz`);

    await q.query(`
      CREATE TABLE deadline_alerts (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deadline_id  uuid NOT NULL REFERENCES deadlines(id),
        case_id      uuid NOT NULL REFERENCES cases(id),
        kind         text NOT NULL CHECK (kind IN ('reminder', 'overdue', 'escalation')),
        level        integer NOT NULL,
        due_at       timestamptz NOT NULL,
        fire_at      timestamptz NOT NULL,
        status       text NOT NULL CHECK (status IN ('pending', 'fired', 'skipped', 'cancelled', 'failed')),
        fired_at     timestamptz,
        recipients   integer,
        attempts     integer NOT NULL DEFAULT 0,
        last_error   text,
        UNIQUE (deadline_id, kind, level, due_at)
      )`);
    await q.query(`CREATE INDEX deadline_alerts_due ON deadline_alerts (fire_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deadline_alerts_deadline ON deadline_alerts (deadline_id)`);
    // Alerts that fired with nobody to tell (rare): administrators are shown how many, recently.
    await q.query(`CREATE INDEX deadline_alerts_told_nobody ON deadline_alerts (fired_at)
                   WHERE status = 'fired' AND recipients = 0 AND kind <> 'overdue'`);

    await q.query(`
      CREATE TABLE outbox (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel          text NOT NULL,
        user_id          uuid REFERENCES users(id),
        address          text NOT NULL,
        case_id          uuid REFERENCES cases(id),
        kind             text NOT NULL,
        dedupe_key       text NOT NULL UNIQUE,
        subject          text NOT NULL,
        body_text        text NOT NULL,
        body_html        text NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL,
        locked_until     timestamptz,
        last_error       text,
        created_at       timestamptz NOT NULL,
        sent_at          timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX outbox_failed ON outbox (created_at DESC) WHERE status = 'failed'`);

    await q.query(`
      CREATE TABLE digest_runs (
        user_id  uuid NOT NULL REFERENCES users(id),
        day      date NOT NULL,
        sent_at  timestamptz NOT NULL,
        items    integer NOT NULL,
        PRIMARY KEY (user_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE digest_runs`);
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE deadline_alerts`);
    await q.query(`ALTER TABLE deadlines DROP COLUMN overdue_at`);
    await q.query(`ALTER TABLE users DROP COLUMN email, DROP COLUMN phone`);
  }
}
