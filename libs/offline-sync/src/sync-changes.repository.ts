import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { HeldChange, HeldReason, QueuedChange, SyncChangeKind } from './sync.types';

export interface SyncChangeRow {
  kind: SyncChangeKind;
  caseId: string | null;
  tempId: string | null;
  outcome: 'applied' | 'held';
  reason: HeldReason | null;
  result: Record<string, unknown> | null;
}

/** The only place that reads and writes `sync_changes` (migration OfflineSync1766510000000). */
@Injectable()
export class SyncChangesRepository {
  constructor(private readonly ds: DataSource) {}

  async find(userId: string, key: string): Promise<SyncChangeRow | null> {
    const [row] = await this.ds.query(
      `SELECT kind, case_id AS "caseId", temp_id AS "tempId", outcome, reason, result FROM sync_changes WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return row ?? null;
  }

  /** The case an applied offline registration of this user created under `tempId`. */
  async caseOfTempId(userId: string, tempId: string): Promise<string | null> {
    const [row] = await this.ds.query(`SELECT case_id AS "caseId" FROM sync_changes WHERE user_id = $1 AND temp_id = $2 AND outcome = 'applied'`, [
      userId,
      tempId,
    ]);
    return row?.caseId ?? null;
  }

  /** Inside the change's own transaction: a second attempt with the same key fails here and undoes its change. */
  async insertApplied(em: EntityManager, userId: string, change: QueuedChange, caseId: string, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO sync_changes (user_id, key, kind, case_id, temp_id, outcome, change, made_at, received_at)
       VALUES ($1, $2, $3, $4, $5, 'applied', $6, $7, $8)`,
      [userId, change.key, change.kind, caseId, change.kind === 'register' ? change.tempId : null, JSON.stringify(change), change.madeAt ?? null, at],
    );
  }

  async setResult(userId: string, key: string, result: Record<string, unknown>): Promise<void> {
    await this.ds.query(`UPDATE sync_changes SET result = $3 WHERE user_id = $1 AND key = $2`, [userId, key, JSON.stringify(result)]);
  }

  /** Keeps a change that was not applied; false when the key was already recorded (then read it). */
  async insertHeld(
    userId: string,
    change: QueuedChange,
    caseId: string | null,
    reason: HeldReason,
    at: Date,
    em: EntityManager = this.ds.manager,
  ): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO sync_changes (user_id, key, kind, case_id, outcome, reason, change, made_at, received_at)
       VALUES ($1, $2, $3, $4, 'held', $5, $6, $7, $8) ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      [userId, change.key, change.kind, caseId, JSON.stringify(reason), JSON.stringify(change), change.madeAt ?? null, at],
    );
    return rows.length === 1;
  }

  /** The user's changes waiting for review, oldest first. */
  async held(userId: string): Promise<HeldChange[]> {
    const rows = await this.ds.query(
      `SELECT key, kind, case_id AS "caseId", reason, change, made_at AS "madeAt", received_at AS "receivedAt"
         FROM sync_changes WHERE user_id = $1 AND outcome = 'held' AND resolved_at IS NULL ORDER BY received_at, key`,
      [userId],
    );
    return rows.map((r: HeldChange & { madeAt: Date | null; receivedAt: Date }) => ({
      ...r,
      madeAt: r.madeAt ? new Date(r.madeAt).toISOString() : null,
      receivedAt: new Date(r.receivedAt).toISOString(),
    }));
  }

  /** Marks a held change resolved; false when it is not the user's, not held or already resolved. */
  async resolve(em: EntityManager, userId: string, key: string, by: string, resolution: 'discarded' | 'resent', at: Date): Promise<boolean> {
    const result = await em.query(
      `UPDATE sync_changes SET resolved_at = $5, resolved_by = $3, resolution = $4
        WHERE user_id = $1 AND key = $2 AND outcome = 'held' AND resolved_at IS NULL RETURNING key`,
      [userId, key, by, resolution, at],
    );
    // TypeORM answers an UPDATE with [rows, count].
    const rows: unknown[] = Array.isArray(result[0]) ? result[0] : result;
    return rows.length === 1;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
