import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PluginDefinition } from '@app/plugin-sdk';
import { createDataSource } from '@app/database';
import { pluginSchema } from './plugin-contract';
import { pluginRole } from './plugin-db';

/**
 * Runs each installed plugin's pending migrations as the schema owner, each plugin in one
 * transaction under an advisory lock (several processes may start at once), inside the plugin's own
 * schema; then lets the plugin's role, and only it (and the application role through it), use them.
 * `ownerUrl`: DATABASE_OWNER_URL; without it they run over the application's connection.
 */
export async function migratePlugins(app: DataSource, plugins: PluginDefinition<any>[], ownerUrl?: string): Promise<string[]> {
  const withMigrations = plugins.filter((p) => (p.migrations ?? []).length > 0);
  if (withMigrations.length === 0) return [];
  const appRole: string = (await app.query('SELECT current_user AS role'))[0].role;
  const owner = ownerUrl ? createDataSource(ownerUrl, 1) : app;
  if (owner !== app) await owner.initialize();
  const done: string[] = [];
  try {
    for (const plugin of withMigrations) done.push(...(await migrateOne(owner, plugin, appRole)));
  } finally {
    if (owner !== app) await owner.destroy();
  }
  if (done.length) new Logger('Plugins').log(`plugin migrations run: ${done.join(', ')}`);
  return done;
}

async function migrateOne(owner: DataSource, plugin: PluginDefinition<any>, appRole: string): Promise<string[]> {
  const schema = pluginSchema(plugin.id);
  const role = pluginRole(plugin.id);
  return owner.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('cmis_plugin_migrations'))`);
    const applied = new Set<string>(
      (await em.query('SELECT migration_id FROM plugin_migrations WHERE plugin_id = $1', [plugin.id])).map((r: any) => r.migration_id),
    );
    const pending = (plugin.migrations ?? []).filter((m) => !applied.has(m.id));
    await em.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    // Roles are per server: another database starting at the same moment may create it first.
    await em.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
    // No temporary tables for plugin roles: one named like a core table would shadow it on a pooled connection.
    await em.query(`DO $$ BEGIN
      EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
      EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(), '${appRole}');
    END $$`);
    await em.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
    await em.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    for (const m of pending) {
      await em.query(`SET LOCAL search_path TO ${schema}, public`);
      try {
        await em.query(m.up);
      } catch (e: any) {
        throw new Error(`Plugin ${plugin.id} migration ${m.id} failed: ${e?.message ?? e}`);
      }
      await em.query('SET LOCAL search_path TO DEFAULT');
      await em.query('INSERT INTO plugin_migrations (plugin_id, migration_id, plugin_version) VALUES ($1, $2, $3)', [plugin.id, m.id, plugin.version]);
    }
    await em.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await em.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
    await em.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`);
    if (appRole !== role) await em.query(`GRANT ${role} TO ${appRole}`);
    return pending.map((m) => `${plugin.id}/${m.id}`);
  });
}
