import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A device with what a handover needs of its user: their roles for the audit, whatever their state. */
export interface SyncDevice {
  id: string;
  userId: string;
  secretHash: string;
  revokedAt: Date | null;
  userRoles: string[];
}

/** The only place that reads and writes `sync_devices` (migration SyncDevices1766560000000). */
@Injectable()
export class SyncDevicesRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(id: string, userId: string, secretHash: string, at: Date, em: EntityManager = this.ds.manager): Promise<void> {
    await em.query(`INSERT INTO sync_devices (id, user_id, secret_hash, created_at) VALUES ($1, $2, $3, $4)`, [id, userId, secretHash, at]);
  }

  async find(id: string): Promise<SyncDevice | null> {
    const [row] = await this.ds.query(
      `SELECT d.id, d.user_id AS "userId", d.secret_hash AS "secretHash", d.revoked_at AS "revokedAt", u.roles AS "userRoles"
         FROM sync_devices d JOIN users u ON u.id = d.user_id WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Revokes one of the user's devices; false when it is not theirs or already revoked. */
  async revoke(em: EntityManager, id: string, userId: string, at: Date): Promise<boolean> {
    const result = await em.query(`UPDATE sync_devices SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`, [
      id,
      userId,
      at,
    ]);
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    return (Array.isArray(result[0]) ? result[0] : result).length === 1;
  }

  async touch(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(`UPDATE sync_devices SET last_used_at = $2 WHERE id = $1`, [id, at]);
  }
}
