import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API processes keep signed-in sessions in memory for a few seconds (libs/identity SessionCache).
 * A change that must take effect at once (a revoked session, a deactivated user, new roles) is
 * announced on the channel `cmis_auth` by these triggers, whoever makes it (API, CLI, SQL), so each
 * process forgets the session or the user's sessions when the change commits. A session's last use
 * is left out: it changes often and only matters for idle expiry, which the cache's lifetime bounds.
 */
export class AuthChangeNotifications1766500000000 implements MigrationInterface {
  name = 'AuthChangeNotifications1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION cmis_notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('cmis_auth', 's:' || OLD.token_hash);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION cmis_notify_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('cmis_auth', 'u:' || OLD.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sessions_notify_change AFTER UPDATE ON sessions FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
            OR OLD.two_factor_verified IS DISTINCT FROM NEW.two_factor_verified OR OLD.user_id IS DISTINCT FROM NEW.user_id
            OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
      EXECUTE FUNCTION cmis_notify_session_change()`);
    await q.query(`CREATE TRIGGER sessions_notify_delete AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION cmis_notify_session_change()`);
    await q.query(`CREATE TRIGGER users_notify_change AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION cmis_notify_user_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_notify_change ON users`);
    await q.query(`DROP TRIGGER sessions_notify_delete ON sessions`);
    await q.query(`DROP TRIGGER sessions_notify_change ON sessions`);
    await q.query(`DROP FUNCTION cmis_notify_user_change()`);
    await q.query(`DROP FUNCTION cmis_notify_session_change()`);
  }
}
