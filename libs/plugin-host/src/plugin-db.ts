import type { EntityManager } from 'typeorm';
import type { PluginDb } from '@app/plugin-sdk';
import { PluginError } from '@app/plugin-sdk';
import { pluginSchema } from './plugin-contract';

/** `family-tracing` → `cmis_plugin_family_tracing`: the database role a plugin's queries run as. */
export function pluginRole(pluginId: string): string {
  return `cmis_plugin_${pluginId.replace(/-/g, '_')}`;
}

// Switching roles back would lift the plugin's confinement; plugins have no reason to.
const ROLE_SWITCH = /\b(set_config|set\s+(local\s+|session\s+)?role|reset\s+(role|all)|set\s+session\s+authorization)\b/i;

/**
 * SQL for a plugin, in the caller's transaction, as the plugin's role with its schema first on the
 * search path: the core's tables are out of reach. Statements go over the extended protocol (one
 * statement each, values always parameters).
 */
export function pluginDb(pluginId: string, em: EntityManager): PluginDb {
  const role = pluginRole(pluginId);
  const schema = pluginSchema(pluginId);
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      if (ROLE_SWITCH.test(sql)) throw new PluginError('plugin_sql_refused', 500, `Plugin ${pluginId}: SQL that switches database roles is refused.`);
      const runner = em.queryRunner;
      if (!runner) throw new Error('plugin queries need a transaction');
      const client: any = await runner.connect();
      await client.query(`SET LOCAL ROLE ${role}; SET LOCAL search_path TO ${schema}, public`);
      try {
        const result = await client.query({ text: sql, values: params, queryMode: 'extended' });
        return result.rows as T[];
      } finally {
        // After a failed statement the transaction is aborted and this fails too: the original error counts.
        await client.query('RESET ROLE; SET LOCAL search_path TO DEFAULT').catch(() => undefined);
      }
    },
  };
}
