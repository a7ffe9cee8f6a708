import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * First run of a production installation: while no user exists, the server prints a one-time set-up
 * code in its log at start. Only its hash is kept here, with its expiry; creating the first
 * administrator with it empties the table.
 */
export class SetupCodes1766330000000 implements MigrationInterface {
  name = 'SetupCodes1766330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE setup_codes (
        code_hash   text PRIMARY KEY,
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE setup_codes`);
  }
}
