import { MigrationInterface, QueryRunner } from 'typeorm';

/** The application's least-privilege database role (docs/development.md, "Database roles"). */
export const APP_ROLE = 'cmis_app';

/**
 * The append-only, hash-chained audit log (docs/adr/0004-audit-log.md), and the application's
 * database role `cmis_app`: it may read and write the case tables but owns nothing (so it cannot
 * ALTER, DROP or disable triggers), and may only SELECT and INSERT the audit log.
 *
 * Runs as the schema owner: a superuser, or a role that owns the database and has CREATEROLE.
 * The role is created NOLOGIN when missing; deployments give it LOGIN (and a password), or grant it
 * to their login role. Tables created by later migrations get the same grants through default
 * privileges, as long as the same owner runs them.
 */
export class AuditLog1765100000000 implements MigrationInterface {
  name = 'AuditLog1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id          uuid PRIMARY KEY,
        seq         bigint NOT NULL UNIQUE CHECK (seq > 0),
        at          timestamptz NOT NULL,
        actor_id    uuid,
        actor_roles text[] NOT NULL DEFAULT '{}',
        action      text NOT NULL,
        case_id     uuid,
        fields      text[] NOT NULL DEFAULT '{}',
        outcome     text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
        details     jsonb NOT NULL DEFAULT '{}',
        ip          text,
        user_agent  text,
        prev_hash   text NOT NULL,
        hash        text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_case_idx ON audit_log (case_id, seq)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq)`);
    // Defence in depth for connections that own the table (the role below cannot UPDATE/DELETE anyway).
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
                   FOR EACH STATEMENT EXECUTE FUNCTION cmis_forbid_change()`);

    // A concurrent migration of another database in the same cluster may create the role first.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          BEGIN
            CREATE ROLE ${APP_ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${APP_ROLE}`);
    // The migration history is the owner's: the app may see it (to find nothing pending), not write it.
    const migrationsTable = q.connection.options.migrationsTableName ?? 'migrations';
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${q.connection.driver.escape(migrationsTable)} FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    // The role is cluster-wide and may serve other databases: it is left in place.
  }
}
