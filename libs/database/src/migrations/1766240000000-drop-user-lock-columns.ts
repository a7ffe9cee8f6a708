import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in no longer locks accounts (anyone could lock a colleague out by typing wrong passwords):
 * failures are throttled per username and client IP from `sign_in_attempts` instead. The users'
 * failure counter and lock expiry, unused since, go. Down restores them empty (nobody locked).
 */
export class DropUserLockColumns1766240000000 implements MigrationInterface {
  name = 'DropUserLockColumns1766240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`);
  }
}
