import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time set-password codes an administrator hands to a new user, or to one who forgot their
 * password (issue 20). Only a hash of the code is kept; a code works once, before it expires.
 */
export class PasswordCodes1766300000000 implements MigrationInterface {
  name = 'PasswordCodes1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE password_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      code_hash text NOT NULL UNIQUE,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`);
    await q.query(`CREATE INDEX password_codes_user_idx ON password_codes (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_codes`);
  }
}
