import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CasePredicate } from '@app/cases';
import type { HeldChange, HeldReason, QueuedChange, SyncChangeKind } from './sync.types';

/** A team member's held change as stored, with who made it and the case number where the reader may read the case. */
export interface TeamHeldRow {
  key: string;
  kind: SyncChangeKind;
  userId: string;
  userName: string;
  userActive: boolean;
  caseId: string | null;
  caseNumber: string | null;
  reason: HeldReason;
  change: QueuedChange;
  madeAt: string | null;
  receivedAt: string;
}

/** Oldest made first; a change without its time made counts from when it arrived; then in the order received (a queue's order). */
const HELD_ORDER = `coalesce(s.made_at, s.received_at), s.received_seq`;

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
    deviceId: string | null = null,
  ): Promise<boolean> {
    // A case id the server does not know is kept in the change, not in case_id (it names no case).
    const rows = await em.query(
      `INSERT INTO sync_changes (user_id, key, kind, case_id, outcome, reason, change, made_at, received_at, device_id)
       VALUES ($1, $2, $3, (SELECT id FROM cases WHERE id = $4::uuid), 'held', $5, $6, $7, $8, $9) ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      [userId, change.key, change.kind, caseId, JSON.stringify(reason), JSON.stringify(change), change.madeAt ?? null, at, deviceId],
    );
    return rows.length === 1;
  }

  /** The user's changes still waiting for review, in the order they were made. */
  async held(userId: string): Promise<HeldChange[]> {
    const rows = await this.ds.query(
      `SELECT s.key, s.kind, s.case_id AS "caseId", s.reason, s.change, s.made_at AS "madeAt", s.received_at AS "receivedAt"
         FROM sync_changes s WHERE s.user_id = $1 AND s.outcome = 'held' AND s.resolved_at IS NULL ORDER BY ${HELD_ORDER}`,
      [userId],
    );
    return rows.map(withIsoTimes);
  }

  /** One of the user's changes still held, or null. */
  async heldOne(userId: string, key: string): Promise<HeldChange | null> {
    const [row] = await this.ds.query(
      `SELECT s.key, s.kind, s.case_id AS "caseId", s.reason, s.change, s.made_at AS "madeAt", s.received_at AS "receivedAt"
         FROM sync_changes s WHERE s.user_id = $1 AND s.key = $2 AND s.outcome = 'held' AND s.resolved_at IS NULL`,
      [userId, key],
    );
    return row ? withIsoTimes(row) : null;
  }

  /**
   * The changes still held of the members of `teamId` (deactivated ones too: they cannot sign in to
   * see theirs), but the reader's own, in the order they were made; a case's number only where
   * `readable` (the reader's read rules, over `cases c`) holds.
   */
  async teamHeld(teamId: string, readerId: string, readable: CasePredicate): Promise<TeamHeldRow[]> {
    const [sql, values] = this.ds.driver.escapeQueryWithParameters(
      `SELECT s.key, s.kind, u.id AS "userId", u.display_name AS "userName", u.active AS "userActive", s.case_id AS "caseId",
              c.case_number AS "caseNumber", s.reason, s.change, s.made_at AS "madeAt", s.received_at AS "receivedAt"
         FROM users u
         JOIN sync_changes s ON s.user_id = u.id AND s.outcome = 'held' AND s.resolved_at IS NULL
         LEFT JOIN cases c ON c.id = s.case_id AND ${readable.sql}
        WHERE u.team_id = :heldTeam AND u.id <> :heldReader
        ORDER BY ${HELD_ORDER}`,
      { ...readable.params, heldTeam: teamId, heldReader: readerId },
    );
    return (await this.ds.query(sql, values)).map(withIsoTimes);
  }

  /** Whether the user is a member of the team (active or not): whose held changes its supervisor reviews. */
  async isMemberOf(userId: string, teamId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM users WHERE id = $1 AND team_id = $2`, [userId, teamId]);
    return rows.length === 1;
  }

  /** A held change now applied (by a retry, or as the user resolved it), in the transaction that applied it; false when no longer held. */
  async markApplied(
    em: EntityManager,
    userId: string,
    change: QueuedChange,
    caseId: string,
    by: string,
    resolution: 'resolved' | 'retried',
    at: Date,
  ): Promise<boolean> {
    const rows = await em.query(
      `UPDATE sync_changes SET outcome = 'applied', case_id = $3, temp_id = $4, resolved_at = $7, resolved_by = $5, resolution = $6
        WHERE user_id = $1 AND key = $2 AND outcome = 'held' AND resolved_at IS NULL RETURNING key`,
      [userId, change.key, caseId, change.kind === 'register' ? change.tempId : null, by, resolution, at],
    );
    return updatedRows(rows).length === 1;
  }

  /** A held change refused again: it stays held, with the new reason. */
  async reason(em: EntityManager, userId: string, key: string, caseId: string | null, reason: HeldReason): Promise<boolean> {
    const rows = await em.query(
      `UPDATE sync_changes SET reason = $3, case_id = coalesce((SELECT id FROM cases WHERE id = $4::uuid), case_id)
        WHERE user_id = $1 AND key = $2 AND outcome = 'held' AND resolved_at IS NULL RETURNING key`,
      [userId, key, JSON.stringify(reason), caseId],
    );
    return updatedRows(rows).length === 1;
  }

  /** Marks a held change discarded (by its user or their supervisor); false when it is not the user's, not held or already resolved. */
  async discard(em: EntityManager, userId: string, key: string, by: string, at: Date): Promise<boolean> {
    const result = await em.query(
      `UPDATE sync_changes SET resolved_at = $4, resolved_by = $3, resolution = 'discarded'
        WHERE user_id = $1 AND key = $2 AND outcome = 'held' AND resolved_at IS NULL RETURNING key`,
      [userId, key, by, at],
    );
    return updatedRows(result).length === 1;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}

// TypeORM answers an UPDATE ... RETURNING with [rows, count].
function updatedRows(result: unknown[]): unknown[] {
  return Array.isArray(result[0]) ? result[0] : result;
}

function withIsoTimes<T extends { madeAt: string | Date | null; receivedAt: string | Date }>(r: T): T & { madeAt: string | null; receivedAt: string } {
  return { ...r, madeAt: r.madeAt ? new Date(r.madeAt).toISOString() : null, receivedAt: new Date(r.receivedAt).toISOString() };
}
