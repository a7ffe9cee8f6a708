/**
 * SQL on the plugin's own tables (search_path is the plugin schema). Routes decide who may do
 * what; these functions only read and write.
 */
import type { PluginDb } from '@app/plugin-sdk';
import type { FamilyRow, FamilyStatus } from './family';
import type { CriterionScore } from './scoring';

const FAMILY_COLUMNS = 'id, answers, location_code, status, registered_by, registered_at, updated_by, updated_at, decided_by, decided_at, decision_reason';

export async function insertFamily(db: PluginDb, v: { answers: Record<string, unknown>; locationCode: string; userId: string; at: Date }): Promise<FamilyRow> {
  const rows = await db.query<FamilyRow>(
    `INSERT INTO families (answers, location_code, registered_by, registered_at) VALUES ($1::jsonb, $2, $3, $4) RETURNING ${FAMILY_COLUMNS}`,
    [JSON.stringify(v.answers), v.locationCode, v.userId, v.at],
  );
  return rows[0];
}

/** New answers: the family is pending again, whatever was decided on the old ones. */
export async function updateFamily(
  db: PluginDb,
  id: string,
  v: { answers: Record<string, unknown>; locationCode: string; userId: string; at: Date },
): Promise<FamilyRow> {
  const rows = await db.query<FamilyRow>(
    `UPDATE families SET answers = $2::jsonb, location_code = $3, updated_by = $4, updated_at = $5, status = 'pending',
       decided_by = NULL, decided_at = NULL, decision_reason = NULL
     WHERE id = $1 RETURNING ${FAMILY_COLUMNS}`,
    [id, JSON.stringify(v.answers), v.locationCode, v.userId, v.at],
  );
  return rows[0];
}

export async function findFamily(db: PluginDb, id: string, lock = false): Promise<FamilyRow | null> {
  const rows = await db.query<FamilyRow>(`SELECT ${FAMILY_COLUMNS} FROM families WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function listFamilies(
  db: PluginDb,
  f: { status: FamilyStatus | null; limit: number; offset: number },
): Promise<{ rows: FamilyRow[]; total: number }> {
  const rows = await db.query<FamilyRow>(
    `SELECT ${FAMILY_COLUMNS} FROM families WHERE ($1::text IS NULL OR status = $1) ORDER BY registered_at, id LIMIT $2 OFFSET $3`,
    [f.status, f.limit, f.offset],
  );
  const count = await db.query<{ total: number }>('SELECT count(*)::int AS total FROM families WHERE ($1::text IS NULL OR status = $1)', [f.status]);
  return { rows, total: count[0]?.total ?? 0 };
}

export async function approvedFamilies(db: PluginDb): Promise<FamilyRow[]> {
  return db.query<FamilyRow>(`SELECT ${FAMILY_COLUMNS} FROM families WHERE status = 'approved' ORDER BY registered_at, id`);
}

export async function decideFamily(
  db: PluginDb,
  id: string,
  v: { status: 'approved' | 'rejected'; userId: string; at: Date; reason: string | null },
): Promise<FamilyRow> {
  const rows = await db.query<FamilyRow>(
    `UPDATE families SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1 AND status = 'pending' RETURNING ${FAMILY_COLUMNS}`,
    [id, v.status, v.userId, v.at, v.reason],
  );
  return rows[0];
}

/** Of these families, those with an approved match for another child. */
export async function familiesMatchedElsewhere(db: PluginDb, familyIds: string[], caseId: string): Promise<Set<string>> {
  if (familyIds.length === 0) return new Set();
  const rows = await db.query<{ family_id: string }>(
    `SELECT DISTINCT family_id FROM matches WHERE family_id = ANY($1::uuid[]) AND status = 'approved' AND case_id <> $2`,
    [familyIds, caseId],
  );
  return new Set(rows.map((r) => r.family_id));
}

export type MatchStatus = 'proposed' | 'approved' | 'rejected' | 'withdrawn';

export interface MatchRow {
  id: string;
  case_id: string;
  family_id: string;
  status: MatchStatus;
  note: string | null;
  score: number;
  meets_all: boolean;
  criteria: CriterionScore[];
  proposed_by: string;
  proposed_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_reason: string | null;
  withdrawn_at: Date | string | null;
  withdrawn_reason: string | null;
}

const MATCH_COLUMNS = `id, case_id, family_id, status, note, score::float8 AS score, meets_all, criteria, proposed_by, proposed_at,
  decided_by, decided_at, decision_reason, withdrawn_at, withdrawn_reason`;

/** The case's matches, locked: proposing and approving for one child happen one at a time. */
export async function lockCaseMatches(db: PluginDb, caseId: string): Promise<MatchRow[]> {
  return db.query<MatchRow>(`SELECT ${MATCH_COLUMNS} FROM matches WHERE case_id = $1 ORDER BY proposed_at, id FOR UPDATE`, [caseId]);
}

export async function caseMatches(db: PluginDb, caseId: string): Promise<MatchRow[]> {
  return db.query<MatchRow>(`SELECT ${MATCH_COLUMNS} FROM matches WHERE case_id = $1 ORDER BY proposed_at DESC, id`, [caseId]);
}

export async function findMatch(db: PluginDb, id: string, lock = false): Promise<MatchRow | null> {
  const rows = await db.query<MatchRow>(`SELECT ${MATCH_COLUMNS} FROM matches WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function insertMatch(
  db: PluginDb,
  v: {
    caseId: string;
    familyId: string;
    note: string | null;
    score: number;
    meetsAll: boolean;
    criteria: CriterionScore[];
    userId: string;
    at: Date;
  },
): Promise<MatchRow> {
  const rows = await db.query<MatchRow>(
    `INSERT INTO matches (case_id, family_id, note, score, meets_all, criteria, proposed_by, proposed_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING ${MATCH_COLUMNS}`,
    [v.caseId, v.familyId, v.note, v.score, v.meetsAll, JSON.stringify(v.criteria), v.userId, v.at],
  );
  return rows[0];
}

export async function decideMatch(
  db: PluginDb,
  id: string,
  v: { status: 'approved' | 'rejected'; userId: string; at: Date; reason: string | null },
): Promise<MatchRow> {
  const rows = await db.query<MatchRow>(
    `UPDATE matches SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1 AND status = 'proposed' RETURNING ${MATCH_COLUMNS}`,
    [id, v.status, v.userId, v.at, v.reason],
  );
  return rows[0];
}

/** Withdraws the case's matches in these statuses (but `exceptId`); returns the ids withdrawn. */
export async function withdrawMatches(
  db: PluginDb,
  caseId: string,
  v: {
    statuses: MatchStatus[];
    reason: 'another_match_approved' | 'case_left_adoption';
    at: Date;
    exceptId?: string;
  },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE matches SET status = 'withdrawn', withdrawn_at = $3, withdrawn_reason = $4
     WHERE case_id = $1 AND status = ANY($2::text[]) AND ($5::uuid IS NULL OR id <> $5) RETURNING id`,
    [caseId, v.statuses, v.at, v.reason, v.exceptId ?? null],
  );
  return rows.map((r) => r.id);
}

export async function familiesByIds(db: PluginDb, ids: string[]): Promise<Map<string, FamilyRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<FamilyRow>(`SELECT ${FAMILY_COLUMNS} FROM families WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}
