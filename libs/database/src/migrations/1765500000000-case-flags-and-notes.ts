import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flags (a warning on a case: who, when, why; removed with a reason, never deleted) and notes
 * (append-only; visible to the author's team or to everyone who may read the case).
 */
export class CaseFlagsAndNotes1765500000000 implements MigrationInterface {
  name = 'CaseFlagsAndNotes1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_flags (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id         uuid NOT NULL REFERENCES cases(id),
        reason          text NOT NULL,
        flagged_by      uuid NOT NULL REFERENCES users(id),
        flagged_at      timestamptz NOT NULL,
        removed_by      uuid REFERENCES users(id),
        removed_at      timestamptz,
        removal_reason  text,
        CHECK ((removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removal_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX case_flags_case ON case_flags (case_id, flagged_at)`);

    await q.query(`
      CREATE TABLE case_notes (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id     uuid NOT NULL REFERENCES cases(id),
        text        text NOT NULL,
        visibility  text NOT NULL CHECK (visibility IN ('team', 'case')),
        team_id     text REFERENCES teams(id),
        author_id   uuid NOT NULL REFERENCES users(id),
        created_at  timestamptz NOT NULL,
        CHECK (visibility = 'case' OR team_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX case_notes_case ON case_notes (case_id, created_at)`);
    await q.query(`CREATE TRIGGER case_notes_append_only BEFORE UPDATE OR DELETE ON case_notes
                   FOR EACH ROW EXECUTE FUNCTION cmis_forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_notes`);
    await q.query(`DROP TABLE case_flags`);
  }
}
