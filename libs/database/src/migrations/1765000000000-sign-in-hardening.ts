import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Strong sign-in: TOTP two-factor per user (with the last accepted time step, against replays),
 * when the password last changed, session idle tracking and the client it came from, and the
 * recent sign-in attempts the rate limits count (shared by every API replica).
 */
export class SignInHardening1765000000000 implements MigrationInterface {
  name = 'SignInHardening1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN totp_secret          text,
        ADD COLUMN totp_pending_secret  text,
        ADD COLUMN totp_enabled_at      timestamptz,
        ADD COLUMN totp_last_step       bigint,
        ADD COLUMN password_changed_at  timestamptz,
        ADD CONSTRAINT users_totp_enabled_has_secret CHECK ((totp_enabled_at IS NULL) = (totp_secret IS NULL))`);

    // Existing sessions count as password-only: a role that requires two-factor must sign in again.
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN last_seen_at        timestamptz,
        ADD COLUMN ip                  text,
        ADD COLUMN user_agent          text,
        ADD COLUMN two_factor_verified boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE sessions SET last_seen_at = created_at`);
    await q.query(`ALTER TABLE sessions ALTER COLUMN last_seen_at SET NOT NULL`);
    await q.query(`CREATE INDEX sessions_user_active_idx ON sessions (user_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE sign_in_attempts (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ip        text NOT NULL,
        username  text NOT NULL,
        at        timestamptz NOT NULL,
        success   boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX sign_in_attempts_ip_failed_idx ON sign_in_attempts (ip, at) WHERE NOT success`);
    await q.query(`CREATE INDEX sign_in_attempts_username_failed_idx ON sign_in_attempts (username, at) WHERE NOT success`);
    await q.query(`CREATE INDEX sign_in_attempts_at_idx ON sign_in_attempts (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_attempts`);
    await q.query(`DROP INDEX sessions_user_active_idx`);
    await q.query(`ALTER TABLE sessions DROP COLUMN last_seen_at, DROP COLUMN ip, DROP COLUMN user_agent, DROP COLUMN two_factor_verified`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_totp_enabled_has_secret, DROP COLUMN totp_secret, DROP COLUMN totp_pending_secret,
      DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step, DROP COLUMN password_changed_at`);
  }
}
