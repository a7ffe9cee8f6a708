import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Changes made offline and synced later (docs/adr/0012-offline-work-and-sync.md): one row per
 * change, by its user and idempotency key, written in the same transaction as the change it applied
 * (so a change sent twice, its reply lost, is applied once), or on its own when the change is held
 * (a conflict or a refusal, kept with the change for the user or their supervisor to review).
 * A case registered offline keeps its temporary id here, so later changes can name it.
 */
export class OfflineSync1766510000000 implements MigrationInterface {
  name = 'OfflineSync1766510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_changes (
        user_id      uuid NOT NULL REFERENCES users(id),
        key          uuid NOT NULL,
        kind         text NOT NULL,
        case_id      uuid REFERENCES cases(id),
        temp_id      text,
        outcome      text NOT NULL CHECK (outcome IN ('applied', 'held')),
        reason       jsonb,
        result       jsonb,
        change       jsonb NOT NULL,
        made_at      timestamptz,
        received_at  timestamptz NOT NULL,
        resolved_at  timestamptz,
        resolved_by  uuid REFERENCES users(id),
        resolution   text CHECK (resolution IN ('discarded', 'resent')),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE UNIQUE INDEX sync_changes_temp_id ON sync_changes (user_id, temp_id) WHERE temp_id IS NOT NULL AND outcome = 'applied'`);
    await q.query(`CREATE INDEX sync_changes_held ON sync_changes (user_id, received_at) WHERE outcome = 'held' AND resolved_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sync_changes`);
  }
}
