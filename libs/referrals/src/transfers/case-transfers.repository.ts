import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/core';
import type { Translated } from '@app/pack-types';
import { isUuid } from '@app/cases';
import type { TransferStatus } from './transfer-rules';
import { TransferErrorCode } from '../referrals.errors';

/** One row of case_transfers. */
export interface CaseTransfer {
  id: string;
  caseId: string;
  status: TransferStatus;
  fromUserId: string | null;
  fromTeamId: string | null;
  fromAgencyId: string | null;
  fromLocationCode: string;
  toUserId: string;
  toTeamId: string | null;
  toAgencyId: string | null;
  toLocationCode: string;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export type NewCaseTransfer = Omit<CaseTransfer, 'id' | 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason'>;

/**
 * A transfer with what a list shows: the case's number, type and step (never the child's name: the
 * receiver cannot read the case yet), people's names and the location names.
 */
export interface CaseTransferListing extends CaseTransfer {
  caseNumber: string;
  caseType: string;
  step: string;
  sopVersionId: number;
  fromUserName: string | null;
  toUserName: string;
  requestedByName: string;
  decidedByName: string | null;
  fromLocationName: Translated | null;
  toLocationName: Translated | null;
}

const COLUMNS = `t.id, t.case_id AS "caseId", t.status, t.from_user_id AS "fromUserId", t.from_team_id AS "fromTeamId",
  t.from_agency_id AS "fromAgencyId", t.from_location_code AS "fromLocationCode", t.to_user_id AS "toUserId",
  t.to_team_id AS "toTeamId", t.to_agency_id AS "toAgencyId", t.to_location_code AS "toLocationCode", t.reason,
  t.requested_by AS "requestedBy", t.requested_at AS "requestedAt", t.decided_by AS "decidedBy", t.decided_at AS "decidedAt",
  t.decision_reason AS "decisionReason"`;

const LISTING = `SELECT ${COLUMNS}, c.case_number AS "caseNumber", c.case_type AS "caseType", c.step, c.sop_version_id AS "sopVersionId",
    fu.display_name AS "fromUserName", tu.display_name AS "toUserName", ru.display_name AS "requestedByName",
    du.display_name AS "decidedByName", fl.name AS "fromLocationName", tl.name AS "toLocationName"
  FROM case_transfers t
  JOIN cases c ON c.id = t.case_id
  JOIN users tu ON tu.id = t.to_user_id
  JOIN users ru ON ru.id = t.requested_by
  LEFT JOIN users fu ON fu.id = t.from_user_id
  LEFT JOIN users du ON du.id = t.decided_by
  LEFT JOIN locations fl ON fl.code = t.from_location_code
  LEFT JOIN locations tl ON tl.code = t.to_location_code`;

/** Incoming lists are for reading, not for paging through history: the newest this many. */
const LIST_LIMIT = 200;

/**
 * The only place that reads and writes case_transfers. Writers hold the case row lock first, then
 * the transfer's (CasesRepository.lock, then `lock`), so a decision and a cancellation of one
 * transfer are serialised and never deadlock.
 */
@Injectable()
export class CaseTransfersRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(em: EntityManager, t: NewCaseTransfer): Promise<string> {
    try {
      const rows = await em.query(
        `INSERT INTO case_transfers (case_id, status, from_user_id, from_team_id, from_agency_id, from_location_code,
           to_user_id, to_team_id, to_agency_id, to_location_code, reason, requested_by, requested_at)
         VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          t.caseId,
          t.fromUserId,
          t.fromTeamId,
          t.fromAgencyId,
          t.fromLocationCode,
          t.toUserId,
          t.toTeamId,
          t.toAgencyId,
          t.toLocationCode,
          t.reason,
          t.requestedBy,
          t.requestedAt,
        ],
      );
      return rows[0].id;
    } catch (e) {
      // The case row lock normally stops a second request first; the index is the last word.
      if (isUniqueViolation(e, 'case_transfers_one_pending')) {
        throw new DomainError(TransferErrorCode.TransferPending, 'A transfer of this case is already waiting for an answer.');
      }
      throw e;
    }
  }

  /** Without a lock: only to learn which case to lock first. */
  async find(id: string, em: EntityManager = this.ds.manager): Promise<CaseTransfer | null> {
    if (!isUuid(id)) return null;
    const rows = await em.query(`SELECT ${COLUMNS} FROM case_transfers t WHERE t.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Locks the transfer row (after its case row) for the rest of the transaction. */
  async lock(em: EntityManager, id: string): Promise<CaseTransfer | null> {
    const rows = await em.query(`SELECT ${COLUMNS} FROM case_transfers t WHERE t.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async pendingFor(em: EntityManager, caseId: string): Promise<CaseTransfer | null> {
    const rows = await em.query(`SELECT ${COLUMNS} FROM case_transfers t WHERE t.case_id = $1 AND t.status = 'pending'`, [caseId]);
    return rows[0] ?? null;
  }

  /**
   * Records the answer of a pending transfer; false when it was no longer pending. On acceptance
   * the receiving team and agency are those the case actually went to (the receiver's at that time).
   */
  async decide(
    em: EntityManager,
    id: string,
    d: {
      status: Exclude<TransferStatus, 'pending'>;
      by: string;
      at: Date;
      reason: string | null;
      toTeamId?: string | null;
      toAgencyId?: string | null;
    },
  ): Promise<boolean> {
    const moved = d.toTeamId !== undefined;
    const rows = await em.query(
      `WITH done AS (
         UPDATE case_transfers SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5,
           to_team_id = CASE WHEN $6::boolean THEN $7::text ELSE to_team_id END,
           to_agency_id = CASE WHEN $6::boolean THEN $8::text ELSE to_agency_id END
         WHERE id = $1 AND status = 'pending' RETURNING id)
       SELECT id FROM done`,
      [id, d.status, d.by, d.at, d.reason, moved, d.toTeamId ?? null, d.toAgencyId ?? null],
    );
    return rows.length === 1;
  }

  /** Transfers of one case, newest first. */
  forCase(caseId: string): Promise<CaseTransferListing[]> {
    return this.ds.query(`${LISTING} WHERE t.case_id = $1 ORDER BY t.requested_at DESC, t.id`, [caseId]);
  }

  listing(id: string): Promise<CaseTransferListing | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.ds.query(`${LISTING} WHERE t.id = $1`, [id]).then((rows) => rows[0] ?? null);
  }

  /** Transfers to `userId`, or to the team `supervisedTeamId` (the user supervises it), newest first. */
  incoming(userId: string, supervisedTeamId: string | null, status: TransferStatus | null): Promise<CaseTransferListing[]> {
    return this.ds.query(
      `${LISTING} WHERE (t.to_user_id = $1 OR ($2::text IS NOT NULL AND t.to_team_id = $2::text))
         AND ($3::text IS NULL OR t.status = $3::text)
       ORDER BY t.requested_at DESC, t.id LIMIT ${LIST_LIMIT}`,
      [userId, supervisedTeamId, status],
    );
  }

  /** The materialised path of a location code (every published pack's locations are kept). */
  async locationPath(em: EntityManager, code: string): Promise<string | null> {
    const rows = await em.query(`SELECT path FROM locations WHERE code = $1`, [code]);
    return rows[0]?.path ?? null;
  }
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err?.code ?? err?.driverError?.code;
  return code === '23505' && (err?.constraint ?? err?.driverError?.constraint) === constraint;
}
