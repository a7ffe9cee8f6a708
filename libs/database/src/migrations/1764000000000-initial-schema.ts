import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case engine's tables. Immutable and append-only tables (SOP versions, case events) are
 * protected by triggers so that not even a bug in the application can rewrite history.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE FUNCTION cmis_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
      END $$`);

    await q.query(`
      CREATE TABLE sop_versions (
        id            serial PRIMARY KEY,
        pack_id       text NOT NULL,
        version       integer NOT NULL,
        content_hash  text NOT NULL,
        files         jsonb NOT NULL,
        published_at  timestamptz NOT NULL DEFAULT now(),
        published_by  text,
        note          text,
        UNIQUE (pack_id, version),
        UNIQUE (pack_id, content_hash)
      )`);
    await q.query(`CREATE TRIGGER sop_versions_immutable BEFORE UPDATE OR DELETE ON sop_versions
                   FOR EACH ROW EXECUTE FUNCTION cmis_forbid_change()`);

    await q.query(`
      CREATE TABLE locations (
        code        text PRIMARY KEY,
        parent_code text REFERENCES locations(code),
        level       text NOT NULL,
        path        text NOT NULL,
        name        jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX locations_path_idx ON locations (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE agencies (
        id            text PRIMARY KEY,
        name          jsonb NOT NULL,
        location_code text REFERENCES locations(code)
      )`);
    await q.query(`
      CREATE TABLE teams (
        id        text PRIMARY KEY,
        agency_id text NOT NULL REFERENCES agencies(id),
        name      jsonb NOT NULL
      )`);

    await q.query(`
      CREATE TABLE users (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username        text NOT NULL UNIQUE,
        display_name    text NOT NULL,
        password_hash   text NOT NULL,
        roles           text[] NOT NULL,
        agency_id       text REFERENCES agencies(id),
        team_id         text REFERENCES teams(id),
        location_code   text NOT NULL REFERENCES locations(code),
        location_path   text NOT NULL,
        locale          text NOT NULL DEFAULT 'en',
        active          boolean NOT NULL DEFAULT true,
        failed_logins   integer NOT NULL DEFAULT 0,
        locked_until    timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE sessions (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash  text NOT NULL UNIQUE,
        user_id     uuid NOT NULL REFERENCES users(id),
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        revoked_at  timestamptz
      )`);

    await q.query(`
      CREATE TABLE case_number_counters (
        key   text PRIMARY KEY,
        value bigint NOT NULL
      )`);

    await q.query(`
      CREATE TABLE cases (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_number     text NOT NULL UNIQUE,
        case_type       text NOT NULL,
        sop_version_id  integer NOT NULL REFERENCES sop_versions(id),
        step            text NOT NULL,
        status          text NOT NULL CHECK (status IN ('open', 'paused', 'closed')),
        risk            text,
        display_name    text,
        date_of_birth   date,
        sex             text,
        assigned_to     uuid REFERENCES users(id),
        created_by      uuid NOT NULL REFERENCES users(id),
        team_id         text REFERENCES teams(id),
        agency_id       text REFERENCES agencies(id),
        location_code   text NOT NULL REFERENCES locations(code),
        location_path   text NOT NULL,
        answers         jsonb NOT NULL DEFAULT '{}',
        fields          jsonb NOT NULL DEFAULT '{}',
        step_history    jsonb NOT NULL DEFAULT '[]',
        transitions_done jsonb NOT NULL DEFAULT '[]',
        version         integer NOT NULL DEFAULT 1,
        registered_at   timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        closed_at       timestamptz
      )`);
    await q.query(`CREATE INDEX cases_assigned_idx ON cases (assigned_to, updated_at DESC)`);
    await q.query(`CREATE INDEX cases_created_by_idx ON cases (created_by)`);
    await q.query(`CREATE INDEX cases_team_idx ON cases (team_id)`);
    await q.query(`CREATE INDEX cases_location_idx ON cases (location_path text_pattern_ops)`);
    await q.query(`CREATE INDEX cases_step_idx ON cases (step, status)`);

    await q.query(`
      CREATE TABLE case_links (
        case_id        uuid NOT NULL REFERENCES cases(id),
        linked_case_id uuid NOT NULL REFERENCES cases(id),
        kind           text NOT NULL,
        created_by     uuid NOT NULL REFERENCES users(id),
        created_at     timestamptz NOT NULL,
        PRIMARY KEY (case_id, linked_case_id, kind),
        CHECK (case_id <> linked_case_id)
      )`);

    await q.query(`
      CREATE TABLE form_submissions (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id            uuid NOT NULL REFERENCES cases(id),
        form_id            text NOT NULL,
        form_version       integer NOT NULL,
        status             text NOT NULL CHECK (status IN ('draft', 'complete')),
        answers            jsonb NOT NULL,
        created_by         uuid NOT NULL REFERENCES users(id),
        created_at         timestamptz NOT NULL,
        updated_by         uuid NOT NULL REFERENCES users(id),
        updated_at         timestamptz NOT NULL,
        completed_at       timestamptz,
        first_completed_at timestamptz
      )`);
    await q.query(`CREATE INDEX form_submissions_case_idx ON form_submissions (case_id, form_id, created_at)`);

    await q.query(`
      CREATE TABLE case_events (
        id        bigserial PRIMARY KEY,
        case_id   uuid NOT NULL REFERENCES cases(id),
        seq       integer NOT NULL,
        type      text NOT NULL,
        actor_id  uuid REFERENCES users(id),
        at        timestamptz NOT NULL,
        data      jsonb NOT NULL DEFAULT '{}',
        UNIQUE (case_id, seq)
      )`);
    await q.query(`CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
                   FOR EACH ROW EXECUTE FUNCTION cmis_forbid_change()`);

    await q.query(`
      CREATE TABLE approvals (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id        uuid NOT NULL REFERENCES cases(id),
        transition_id  text NOT NULL,
        status         text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
        requested_by   uuid NOT NULL REFERENCES users(id),
        requested_at   timestamptz NOT NULL,
        decided_by     uuid REFERENCES users(id),
        decided_at     timestamptz,
        comment        text
      )`);
    await q.query(`CREATE UNIQUE INDEX approvals_one_pending ON approvals (case_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE deadlines (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id        uuid NOT NULL REFERENCES cases(id),
        key            text NOT NULL,
        definition_id  text NOT NULL,
        anchor_at      timestamptz NOT NULL,
        due_at         timestamptz NOT NULL,
        status         text NOT NULL CHECK (status IN ('open', 'met', 'missed', 'cancelled')),
        closed_at      timestamptz,
        created_at     timestamptz NOT NULL,
        UNIQUE (case_id, key)
      )`);
    await q.query(`CREATE INDEX deadlines_open_due_idx ON deadlines (due_at) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'deadlines',
      'approvals',
      'case_events',
      'form_submissions',
      'case_links',
      'cases',
      'case_number_counters',
      'sessions',
      'users',
      'teams',
      'agencies',
      'locations',
      'sop_versions',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS cmis_forbid_change()`);
  }
}
