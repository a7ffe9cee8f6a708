import type { EntityManager } from 'typeorm';
import type { PluginDb } from '@app/plugin-sdk';
import { PluginError } from '@app/plugin-sdk';
import { pluginSchema } from './plugin-contract';

/** `family-tracing` → `cmis_plugin_family_tracing`: the database role a plugin's queries run as. */
export function pluginRole(pluginId: string): string {
  return `cmis_plugin_${pluginId.replace(/-/g, '_')}`;
}

// Statements that could lift the confinement (switch roles, end the transaction, run code of their
// own, change session settings) have no place in a plugin's data access.
const REFUSED_FIRST_WORDS = new Set([
  'do',
  'commit',
  'rollback',
  'abort',
  'end',
  'begin',
  'start',
  'savepoint',
  'release',
  'prepare',
  'set',
  'reset',
  'discard',
  'load',
  'listen',
  'notify',
  'copy',
  'call',
  'execute',
  'deallocate',
  'lock',
  'vacuum',
  'grant',
  'revoke',
]);
const REFUSED_ANYWHERE =
  /\b(set_config|pg_read_file|pg_ls_dir|lo_import|lo_export|dblink)\s*\(|\bcreate\s+(or\s+replace\s+)?(temp|temporary|function|procedure|role|extension)\b/i;

/** The statement's first word, comments and whitespace skipped (`WITH` queries start with `with`). */
function firstWord(sql: string): string {
  const stripped = sql.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
  return (/^[A-Za-z]+/.exec(stripped)?.[0] ?? '').toLowerCase();
}

/** Why a plugin statement is refused, or null. */
export function refusedStatement(sql: string): string | null {
  const word = firstWord(sql);
  if (!word) return 'an empty statement';
  if (REFUSED_FIRST_WORDS.has(word)) return `a ${word.toUpperCase()} statement`;
  if (REFUSED_ANYWHERE.test(sql)) return "a statement that could leave the plugin's schema or role";
  return null;
}

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
      const refused = refusedStatement(sql);
      if (refused)
        throw new PluginError(
          'plugin_sql_refused',
          500,
          `Plugin ${pluginId}: ${refused} is refused (plugins query their own tables; the host manages transactions and roles).`,
        );
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
