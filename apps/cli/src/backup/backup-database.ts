import { Client } from 'pg';
import type { BackupCounts } from './backup-file';

/**
 * What backup and restore read of a database: counts, published packs, the latest migration, and
 * whether it is empty. The backup reads them in the snapshot pg_dump then dumps, so the header
 * describes exactly the dumped data even while the application writes.
 */
export class BackupDatabase {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<BackupDatabase> {
    const client = new Client({ connectionString: url, application_name: 'cmis backup' });
    await client.connect();
    return new BackupDatabase(client);
  }

  /** Starts a read-only snapshot and exports it for `pg_dump --snapshot`; keep this connection open until the dump ends. */
  async exportSnapshot(): Promise<string> {
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return (await this.client.query('SELECT pg_export_snapshot() AS id')).rows[0].id;
  }

  async endSnapshot(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async counts(): Promise<BackupCounts> {
    const count = async (table: string) => {
      if (!(await this.hasTable(table))) return 0;
      return Number((await this.client.query(`SELECT count(*)::bigint AS n FROM ${table}`)).rows[0].n);
    };
    return { cases: await count('cases'), events: await count('case_events'), users: await count('users'), auditEntries: await count('audit_log') };
  }

  async packs(): Promise<Array<{ packId: string; version: number; contentHash: string }>> {
    if (!(await this.hasTable('sop_versions'))) return [];
    const rows = await this.client.query(`SELECT pack_id, version, content_hash FROM sop_versions ORDER BY pack_id, version`);
    return rows.rows.map((r) => ({ packId: r.pack_id, version: Number(r.version), contentHash: r.content_hash }));
  }

  async lastMigration(): Promise<string | null> {
    if (!(await this.hasTable('migrations'))) return null;
    return (await this.client.query(`SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`)).rows[0]?.name ?? null;
  }

  async serverVersion(): Promise<string> {
    return (await this.client.query('SHOW server_version')).rows[0].server_version;
  }

  /** Tables, views, sequences and the like outside PostgreSQL's own schemas, by schema (empty: a new database). */
  async userRelations(): Promise<Array<{ schema: string; relations: number }>> {
    const rows = await this.client.query(
      `SELECT n.nspname AS schema, count(*)::int AS relations FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
       GROUP BY n.nspname ORDER BY n.nspname`,
    );
    return rows.rows;
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  private async hasTable(name: string): Promise<boolean> {
    return (await this.client.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`public.${name}`])).rows[0].ok;
  }
}
