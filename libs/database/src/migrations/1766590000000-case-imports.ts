import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Importing existing records (docs/adr/0015-case-import.md): column mappings saved per case type,
 * import jobs (the file kept with the job so a restart continues from `position`), and the external
 * ids already imported per case type (a second run of the same file creates none).
 */
export class CaseImports1766590000000 implements MigrationInterface {
  name = 'CaseImports1766590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_import_mappings (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_type   text NOT NULL,
        name        text NOT NULL,
        definition  jsonb NOT NULL,
        created_by  uuid NOT NULL REFERENCES users(id),
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        UNIQUE (case_type, name)
      )`);
    await q.query(`
      CREATE TABLE case_import_jobs (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mapping_id  uuid NOT NULL REFERENCES case_import_mappings(id),
        file_name   text NOT NULL,
        file_kind   text NOT NULL CHECK (file_kind IN ('csv', 'xlsx')),
        content     bytea NOT NULL,
        state       text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        total       int NOT NULL DEFAULT 0,
        position    int NOT NULL DEFAULT 0,
        created     int NOT NULL DEFAULT 0,
        skipped     int NOT NULL DEFAULT 0,
        failed      int NOT NULL DEFAULT 0,
        problems    jsonb NOT NULL DEFAULT '[]',
        error       text,
        created_by  uuid NOT NULL REFERENCES users(id),
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX case_import_jobs_unfinished ON case_import_jobs (created_at) WHERE state IN ('queued', 'running')`);
    await q.query(`
      CREATE TABLE case_import_external_ids (
        case_type   text NOT NULL,
        external_id text NOT NULL,
        case_id     uuid NOT NULL REFERENCES cases(id),
        job_id      uuid REFERENCES case_import_jobs(id),
        imported_at timestamptz NOT NULL,
        PRIMARY KEY (case_type, external_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_import_external_ids`);
    await q.query(`DROP TABLE case_import_jobs`);
    await q.query(`DROP TABLE case_import_mappings`);
  }
}
