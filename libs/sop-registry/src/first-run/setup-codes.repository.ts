import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The only place that reads and writes set-up codes (hashes only) and asks whether any user exists. */
@Injectable()
export class SetupCodesRepository {
  constructor(private readonly ds: DataSource) {}

  async anyUser(em: EntityManager = this.ds.manager): Promise<boolean> {
    const rows: Array<{ any: boolean }> = await em.query(`SELECT EXISTS (SELECT 1 FROM users) AS any`);
    return rows[0].any;
  }

  /** The new code replaces every earlier one: only the code printed last works. */
  async replace(codeHash: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(`DELETE FROM setup_codes`);
      await em.query(`INSERT INTO setup_codes (code_hash, created_at, expires_at) VALUES ($1, $2, $3)`, [codeHash, createdAt, expiresAt]);
    });
  }

  async isLive(em: EntityManager, codeHash: string, now: Date): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM setup_codes WHERE code_hash = $1 AND expires_at > $2`, [codeHash, now]);
    return rows.length > 0;
  }

  async clear(em: EntityManager): Promise<void> {
    await em.query(`DELETE FROM setup_codes`);
  }

  /** Serialises first-administrator creation across API replicas and the CLI (released at commit). */
  async lockSetup(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('cmis.first_run'))`);
  }
}
