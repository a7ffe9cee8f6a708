import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moving open cases to a newer SOP version (docs/case-migration.md): a run with its plan, status and
 * progress (the id of the last case it went past, so an interrupted run resumes there), and one row
 * per case it went past saying whether it moved or why not. A case moves at most once per run (the
 * primary key) and never twice at all: once moved it is no longer on the run's from-version.
 */
export class CaseMigrations1766400000000 implements MigrationInterface {
  name = 'CaseMigrations1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_migrations (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pack_id          text NOT NULL,
        from_version_id  integer NOT NULL REFERENCES sop_versions(id),
        to_version_id    integer NOT NULL REFERENCES sop_versions(id),
        plan             jsonb NOT NULL,
        status           text NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
        started_by       uuid NOT NULL REFERENCES users(id),
        started_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        finished_at      timestamptz,
        last_case_id     uuid,
        total            integer NOT NULL,
        moved            integer NOT NULL DEFAULT 0,
        cannot_move      integer NOT NULL DEFAULT 0,
        error            text
      )`);
    // One unfinished run per pair of versions: a second start continues it instead.
    await q.query(`CREATE UNIQUE INDEX case_migrations_one_running ON case_migrations (from_version_id, to_version_id) WHERE status <> 'finished'`);
    await q.query(`
      CREATE TABLE case_migration_cases (
        migration_id  uuid NOT NULL REFERENCES case_migrations(id),
        case_id       uuid NOT NULL REFERENCES cases(id),
        outcome       text NOT NULL CHECK (outcome IN ('moved', 'cannot_move')),
        reason        text,
        detail        jsonb NOT NULL,
        at            timestamptz NOT NULL,
        PRIMARY KEY (migration_id, case_id)
      )`);
    await q.query(`CREATE INDEX case_migration_cases_outcome ON case_migration_cases (migration_id, outcome, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_migration_cases`);
    await q.query(`DROP TABLE case_migrations`);
  }
}
