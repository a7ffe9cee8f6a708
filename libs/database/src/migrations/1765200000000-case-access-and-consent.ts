import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who else may reach a case (shares with specialists, time-limited break-the-glass grants), the
 * consent and assent records per purpose, and the in-app inbox that tells people about them.
 * Consent records are append-only: a change of mind is a new record (withdrawn), never an edit.
 */
export class CaseAccessAndConsent1765200000000 implements MigrationInterface {
  name = 'CaseAccessAndConsent1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_access_grants (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id         uuid NOT NULL REFERENCES cases(id),
        user_id         uuid NOT NULL REFERENCES users(id),
        kind            text NOT NULL CHECK (kind IN ('share', 'break_glass')),
        reason          text NOT NULL,
        granted_by      uuid NOT NULL REFERENCES users(id),
        granted_at      timestamptz NOT NULL,
        expires_at      timestamptz,
        consent_override_reason text,
        revoked_at      timestamptz,
        revoked_by      uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE INDEX case_access_grants_case ON case_access_grants (case_id)`);
    await q.query(`CREATE INDEX case_access_grants_user ON case_access_grants (user_id, kind) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE case_consents (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id       uuid NOT NULL REFERENCES cases(id),
        purpose       text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('consent', 'assent')),
        decision      text NOT NULL CHECK (decision IN ('granted', 'refused', 'withdrawn')),
        given_by      text NOT NULL,
        given_by_name text,
        method        text NOT NULL,
        given_at      timestamptz NOT NULL,
        recorded_by   uuid NOT NULL REFERENCES users(id),
        recorded_at   timestamptz NOT NULL,
        notes         text
      )`);
    await q.query(`CREATE INDEX case_consents_case ON case_consents (case_id, purpose, given_at)`);
    await q.query(`CREATE TRIGGER case_consents_append_only BEFORE UPDATE OR DELETE ON case_consents
                   FOR EACH ROW EXECUTE FUNCTION cmis_forbid_change()`);

    await q.query(`
      CREATE TABLE notifications (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL REFERENCES users(id),
        kind        text NOT NULL,
        case_id     uuid REFERENCES cases(id),
        title       text NOT NULL,
        body        text NOT NULL,
        dedupe_key  text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL,
        read_at     timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user ON notifications (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE case_consents`);
    await q.query(`DROP TABLE case_access_grants`);
  }
}
