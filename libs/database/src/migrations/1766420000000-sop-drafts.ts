import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts of an SOP pack that administrators edit through the API before publishing: the draft's
 * files as they are now, with its revision and findings, and the change log (one row per accepted
 * change: who, when, the JSON Patch operations and the paths they touched, for conflict checks).
 * One open draft per pack (partial unique index); published and discarded drafts stay for history.
 */
export class SopDrafts1766420000000 implements MigrationInterface {
  name = 'SopDrafts1766420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sop_drafts (
        id                    serial PRIMARY KEY,
        pack_id               text NOT NULL,
        status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published', 'discarded')),
        base_version_id       integer REFERENCES sop_versions(id),
        files                 jsonb NOT NULL,
        revision              integer NOT NULL,
        findings              jsonb NOT NULL DEFAULT '[]',
        created_by            uuid REFERENCES users(id),
        created_by_name       text NOT NULL,
        created_at            timestamptz NOT NULL,
        updated_at            timestamptz NOT NULL,
        closed_by_name        text,
        closed_at             timestamptz,
        published_version_id  integer REFERENCES sop_versions(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX sop_drafts_one_open_per_pack ON sop_drafts (pack_id) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE sop_draft_changes (
        draft_id          integer NOT NULL REFERENCES sop_drafts(id),
        revision          integer NOT NULL,
        kind              text NOT NULL CHECK (kind IN ('created', 'edited', 'imported')),
        operations        jsonb NOT NULL,
        touched           jsonb NOT NULL,
        note              text,
        changed_by        uuid REFERENCES users(id),
        changed_by_name   text NOT NULL,
        changed_at        timestamptz NOT NULL,
        PRIMARY KEY (draft_id, revision)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sop_draft_changes`);
    await q.query(`DROP TABLE sop_drafts`);
  }
}
