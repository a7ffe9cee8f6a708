import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service directory is declared in the pack (services.json); administrators correct or add
 * providers at run time (a phone number changes more often than the SOP). Their versions are kept
 * here per pack and override the pack's by id.
 */
export class ServiceDirectory1765600000000 implements MigrationInterface {
  name = 'ServiceDirectory1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_providers (
        pack_id     text NOT NULL,
        id          text NOT NULL,
        definition  jsonb NOT NULL,
        updated_by  uuid NOT NULL REFERENCES users(id),
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (pack_id, id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_providers`);
  }
}
