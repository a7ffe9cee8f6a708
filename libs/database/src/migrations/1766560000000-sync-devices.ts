import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Devices set up for offline work (docs/adr/0012-offline-work-and-sync.md): each keeps a secret
 * (only its SHA-256 here) that lets it hand over its queue once its session is gone, and nothing else.
 * A held change resolved by the user's choice (`resolved`) or applied by a retry (`retried`) becomes
 * `applied`, so the device sending its key again is told it is done. Held changes are listed in the
 * order they were made, else received (`received_seq`).
 */
export class SyncDevices1766560000000 implements MigrationInterface {
  name = 'SyncDevices1766560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_devices (
        id            uuid PRIMARY KEY,
        user_id       uuid NOT NULL REFERENCES users(id),
        secret_hash   text NOT NULL,
        created_at    timestamptz NOT NULL,
        last_used_at  timestamptz,
        revoked_at    timestamptz
      )`);
    await q.query(`CREATE INDEX sync_devices_user ON sync_devices (user_id)`);
    await q.query(`ALTER TABLE sync_changes DROP CONSTRAINT sync_changes_resolution_check`);
    await q.query(`ALTER TABLE sync_changes ADD CONSTRAINT sync_changes_resolution_check CHECK (resolution IN ('discarded', 'resent', 'resolved', 'retried'))`);
    await q.query(`ALTER TABLE sync_changes ADD COLUMN device_id uuid REFERENCES sync_devices(id)`);
    // The order changes arrived in: a queue's changes share their time of receipt, and may lack the time they were made.
    await q.query(`ALTER TABLE sync_changes ADD COLUMN received_seq bigserial`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_changes DROP COLUMN received_seq`);
    await q.query(`ALTER TABLE sync_changes DROP COLUMN device_id`);
    await q.query(`DELETE FROM sync_changes WHERE resolution IN ('resolved', 'retried')`);
    await q.query(`ALTER TABLE sync_changes DROP CONSTRAINT sync_changes_resolution_check`);
    await q.query(`ALTER TABLE sync_changes ADD CONSTRAINT sync_changes_resolution_check CHECK (resolution IN ('discarded', 'resent'))`);
    await q.query(`DROP TABLE sync_devices`);
  }
}
