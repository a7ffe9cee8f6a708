import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type GrantKind = 'share' | 'break_glass';

/** Who reaches a case through grants (the facts rules' sharedWith and breakGlass read; referredTo is per referral). */
export interface ActiveGrants {
  sharedWith: string[];
  breakGlass: string[];
  referredTo: string[];
}

export const NO_GRANTS: Readonly<ActiveGrants> = Object.freeze({ sharedWith: [], breakGlass: [], referredTo: [] });

const ACTIVE_SQL = `
  SELECT case_id AS "caseId", user_id AS "userId", kind FROM case_access_grants
  WHERE case_id = ANY($1::uuid[]) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`;

/**
 * The active grants of the case aliased `c` (or whose id is `caseId`), as a JSON array, for a query
 * that reads the case anyway (one statement instead of two); `nowParam` names the time they must be active at.
 */
export function activeGrantsJsonSql(nowParam: string, caseId = 'c.id'): string {
  return `(SELECT coalesce(json_agg(json_build_object('caseId', g.case_id, 'userId', g.user_id, 'kind', g.kind)), '[]'::json)
    FROM case_access_grants g WHERE g.case_id = ${caseId} AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > ${nowParam}))`;
}

/** The grants of one case from `activeGrantsJsonSql`. */
export function grantsOf(caseId: string, rows: Array<{ caseId: string; userId: string; kind: GrantKind }>): ActiveGrants {
  return collect(rows).get(caseId) ?? NO_GRANTS;
}

function collect(rows: Array<{ caseId: string; userId: string; kind: GrantKind }>): Map<string, ActiveGrants> {
  const out = new Map<string, ActiveGrants>();
  for (const r of rows) {
    const g = out.get(r.caseId) ?? { sharedWith: [], breakGlass: [], referredTo: [] };
    (r.kind === 'share' ? g.sharedWith : g.breakGlass).push(r.userId);
    out.set(r.caseId, g);
  }
  return out;
}

export interface CaseGrant {
  id: string;
  caseId: string;
  userId: string;
  userName: string | null;
  kind: GrantKind;
  reason: string;
  grantedBy: string;
  grantedAt: Date;
  expiresAt: Date | null;
  consentOverrideReason: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

const COLUMNS = `g.id, g.case_id AS "caseId", g.user_id AS "userId", u.display_name AS "userName", g.kind, g.reason,
  g.granted_by AS "grantedBy", g.granted_at AS "grantedAt", g.expires_at AS "expiresAt",
  g.consent_override_reason AS "consentOverrideReason", g.revoked_at AS "revokedAt", g.revoked_by AS "revokedBy"`;

/** The only place that reads and writes case access grants (shares and break-the-glass). */
@Injectable()
export class CaseGrantsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Users the case is shared with, and users with an unexpired break-the-glass grant, at `now`. */
  async activeFor(caseId: string, now: Date, em: EntityManager = this.ds.manager): Promise<ActiveGrants> {
    return collect(await em.query(ACTIVE_SQL, [[caseId], now])).get(caseId) ?? NO_GRANTS;
  }

  /** activeFor for many cases in one query (list pages). */
  async activeForMany(caseIds: string[], now: Date, em: EntityManager = this.ds.manager): Promise<Map<string, ActiveGrants>> {
    if (caseIds.length === 0) return new Map();
    return collect(await em.query(ACTIVE_SQL, [caseIds, now]));
  }

  async insert(em: EntityManager, g: Omit<CaseGrant, 'id' | 'userName' | 'revokedAt' | 'revokedBy'>): Promise<string> {
    const rows = await em.query(
      `INSERT INTO case_access_grants (case_id, user_id, kind, reason, granted_by, granted_at, expires_at, consent_override_reason)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
      [g.caseId, g.userId, g.kind, g.reason, g.grantedBy, g.grantedAt, g.expiresAt, g.consentOverrideReason],
    );
    return rows[0].id;
  }

  async find(caseId: string, grantId: string, em: EntityManager = this.ds.manager): Promise<CaseGrant | null> {
    const rows = await em.query(
      `SELECT ${COLUMNS} FROM case_access_grants g JOIN users u ON u.id = g.user_id
      WHERE g.case_id = $1 AND g.id::text = $2`,
      [caseId, grantId],
    );
    return rows[0] ?? null;
  }

  /** Every grant of a case, newest first (revoked and expired included: they are history). */
  list(caseId: string): Promise<CaseGrant[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM case_access_grants g JOIN users u ON u.id = g.user_id
      WHERE g.case_id = $1 ORDER BY g.granted_at DESC, g.id`,
      [caseId],
    );
  }

  async revoke(em: EntityManager, grantId: string, by: string, at: Date): Promise<boolean> {
    // Through a CTE so the driver returns rows (a bare UPDATE returns [rows, count]).
    const rows = await em.query(
      `WITH done AS (UPDATE case_access_grants SET revoked_at = $3, revoked_by = $2
      WHERE id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM done`,
      [grantId, by, at],
    );
    return rows.length === 1;
  }
}
