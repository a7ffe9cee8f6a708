import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SecretsKeyring } from './totp-secret-box';

export interface ReencryptResult {
  users: number;
  secrets: number;
}

/** The two-factor secret columns of `users`, for sealing them again (on use, or all at once after a key change). */
@Injectable()
export class TotpSecretsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Replaces the active secret only if it is still `expected` (a concurrent change wins). */
  async replaceActive(userId: string, expected: string, sealed: string): Promise<void> {
    await this.ds.query(`UPDATE users SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2`, [userId, expected, sealed]);
  }

  /**
   * Seals every stored secret with the keyring's current key, in one transaction: all or nothing (a
   * secret that does not open stops it with its user's id). Values already under the current key stay.
   */
  reencryptAll(keyring: SecretsKeyring): Promise<ReencryptResult> {
    return this.ds.transaction(async (em) => {
      const rows: Array<{ id: string; totp_secret: string | null; totp_pending_secret: string | null }> = await em.query(
        `SELECT id, totp_secret, totp_pending_secret FROM users WHERE totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL ORDER BY id FOR UPDATE`,
      );
      const result: ReencryptResult = { users: 0, secrets: 0 };
      for (const row of rows) {
        const next = { active: row.totp_secret, pending: row.totp_pending_secret };
        let changed = 0;
        for (const column of ['active', 'pending'] as const) {
          const stored = next[column];
          if (stored === null) continue;
          let opened;
          try {
            opened = keyring.open(row.id, stored);
          } catch (e) {
            throw new Error(`user ${row.id}, ${column} secret: ${(e as Error).message}`);
          }
          if (!opened.needsReseal) continue;
          next[column] = keyring.seal(row.id, opened.secret);
          changed++;
        }
        if (!changed) continue;
        await em.query(`UPDATE users SET totp_secret = $2, totp_pending_secret = $3 WHERE id = $1`, [row.id, next.active, next.pending]);
        result.users++;
        result.secrets += changed;
      }
      return result;
    });
  }
}
