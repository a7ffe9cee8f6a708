import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bookkeeping for plugins: which of each plugin's own migrations ran (its tables live in its own
 * schema, `plugin_<id>`), and when each plugin job last started (claimed by one process per interval).
 */
export class Plugins1766000000000 implements MigrationInterface {
  name = 'Plugins1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plugin_migrations (
        plugin_id text NOT NULL,
        migration_id text NOT NULL,
        plugin_version text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plugin_id, migration_id)
      )`);
    await q.query(`
      CREATE TABLE plugin_job_runs (
        plugin_id text NOT NULL,
        job_id text NOT NULL,
        last_started_at timestamptz NOT NULL,
        last_finished_at timestamptz,
        last_error text,
        PRIMARY KEY (plugin_id, job_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE plugin_job_runs');
    await q.query('DROP TABLE plugin_migrations');
  }
}
