/** SQL on the children index and the candidate matches. */
import type { PluginDb } from '@app/plugin-sdk';
import type { MatchStatus } from './repository';
import type { MatchReason } from './scoring';

export interface IndexedChildRow {
  caseId: string;
  caseType: string;
  fullName: string;
  nameNorm: string;
  phoneticKeys: string[];
  dateOfBirth: string | null;
  sex: string | null;
  locationCode: string;
  locationPath: string;
}

/**
 * Adds or refreshes a child. `indexed_at` moves only when something matching reads changed, so the
 * hourly rematch does not compare the same children again for every unrelated form submission.
 */
export async function upsertChild(db: PluginDb, c: IndexedChildRow, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO children (case_id, case_type, full_name, name_norm, phonetic_keys, date_of_birth, sex, location_code, location_path, indexed_at)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10)
     ON CONFLICT (case_id) DO UPDATE SET
       case_type = EXCLUDED.case_type, full_name = EXCLUDED.full_name, name_norm = EXCLUDED.name_norm,
       phonetic_keys = EXCLUDED.phonetic_keys, date_of_birth = EXCLUDED.date_of_birth, sex = EXCLUDED.sex,
       location_code = EXCLUDED.location_code, location_path = EXCLUDED.location_path, indexed_at = EXCLUDED.indexed_at
     WHERE (children.full_name, children.phonetic_keys, children.date_of_birth, children.sex, children.location_path)
       IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.phonetic_keys, EXCLUDED.date_of_birth, EXCLUDED.sex, EXCLUDED.location_path)`,
    [c.caseId, c.caseType, c.fullName, c.nameNorm, c.phoneticKeys, c.dateOfBirth, c.sex, c.locationCode, c.locationPath, now],
  );
}

/** Takes a child out of the index, with its still-proposed candidacies (decisions already taken stay on record). */
export async function removeChild(db: PluginDb, caseId: string): Promise<void> {
  await db.query(`DELETE FROM matches WHERE case_id = $1 AND status = 'proposed'`, [caseId]);
  await db.query(`DELETE FROM children WHERE case_id = $1`, [caseId]);
}

export interface CandidateRow {
  case_id: string;
  full_name: string;
  phonetic_keys: string[];
  date_of_birth: string | null;
  sex: string | null;
  location_path: string;
  name_similarity: number;
}

/**
 * Pre-filter: children whose normalised name is trigram-similar (`%`, GIN index) or who share a
 * phonetic key (`&&`, GIN index), of a compatible sex, indexed after `since` (all when null), not
 * already decided on for this request. Best names first; scoring happens in JS.
 */
export async function prefilterCandidates(
  db: PluginDb,
  q: { requestId: string; nameNorm: string; phoneticKeys: string[]; sex: string | null; threshold: number; since: Date | null; limit: number },
): Promise<CandidateRow[]> {
  // `%` (pg_trgm.similarity_threshold, 0.3 by default) is what the GIN index serves; the explicit
  // similarity then applies the pack's stricter threshold. The host refuses set_config, so no lower one.
  return db.query<CandidateRow>(
    `SELECT c.case_id::text AS case_id, c.full_name, c.phonetic_keys, c.date_of_birth::text AS date_of_birth, c.sex, c.location_path,
            similarity(c.name_norm, $1)::float8 AS name_similarity
       FROM children c
      WHERE ((c.name_norm % $1 AND similarity(c.name_norm, $1) >= $7) OR c.phonetic_keys && $2::text[])
        AND ($3::text IS NULL OR c.sex IS NULL OR c.sex = $3)
        AND ($4::timestamptz IS NULL OR c.indexed_at > $4)
        AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.request_id = $5 AND m.case_id = c.case_id AND m.status <> 'proposed')
      ORDER BY name_similarity DESC, c.case_id
      LIMIT $6`,
    [q.nameNorm, q.phoneticKeys, q.sex, q.since, q.requestId, q.limit, q.threshold],
  );
}

export interface ScoredCandidate {
  caseId: string;
  score: number;
  nameSimilarity: number;
  reasons: MatchReason[];
}

/**
 * Stores the candidates of one matching run: proposes new ones, refreshes still-proposed ones,
 * withdraws proposals of children compared again (indexed after `since`) that no longer fit, and
 * keeps only the `max` best proposals. Returns the case ids newly proposed.
 */
export async function saveCandidates(
  db: PluginDb,
  requestId: string,
  candidates: ScoredCandidate[],
  since: Date | null,
  max: number,
  now: Date,
): Promise<string[]> {
  const added: string[] = [];
  for (const c of candidates) {
    const rows = await db.query<{ inserted: boolean }>(
      `INSERT INTO matches (request_id, case_id, score, name_similarity, reasons, proposed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6)
       ON CONFLICT (request_id, case_id) DO UPDATE SET
         score = EXCLUDED.score, name_similarity = EXCLUDED.name_similarity, reasons = EXCLUDED.reasons, updated_at = EXCLUDED.updated_at
       WHERE matches.status = 'proposed'
       RETURNING (xmax = 0) AS inserted`,
      [requestId, c.caseId, c.score, c.nameSimilarity, JSON.stringify(c.reasons), now],
    );
    if (rows[0]?.inserted) added.push(c.caseId);
  }
  await db.query(
    `DELETE FROM matches WHERE request_id = $1 AND status = 'proposed' AND NOT (case_id = ANY($2::uuid[]))
       AND ($3::timestamptz IS NULL OR case_id IN (SELECT case_id FROM children WHERE indexed_at > $3))`,
    [requestId, candidates.map((c) => c.caseId), since],
  );
  await db.query(
    `DELETE FROM matches WHERE id IN (
       SELECT id FROM matches WHERE request_id = $1 AND status = 'proposed' ORDER BY score DESC, proposed_at OFFSET $2)`,
    [requestId, max],
  );
  // Trimmed past `max`: only the ones still proposed count as new.
  if (added.length === 0) return added;
  const kept = await db.query<{ case_id: string }>(
    `SELECT case_id::text AS case_id FROM matches WHERE request_id = $1 AND status = 'proposed' AND case_id = ANY($2::uuid[])`,
    [requestId, added],
  );
  return kept.map((r) => r.case_id);
}

export interface MatchRow {
  id: string;
  request_id: string;
  case_id: string;
  score: number;
  name_similarity: number;
  reasons: MatchReason[];
  status: MatchStatus;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

const MATCH_COLUMNS = `id::text AS id, request_id::text AS request_id, case_id::text AS case_id, score, name_similarity, reasons, status,
  proposed_at, decided_by::text AS decided_by, decided_at, reason`;

export async function matchesOf(db: PluginDb, requestId: string, statuses: MatchStatus[]): Promise<MatchRow[]> {
  return db.query<MatchRow>(`SELECT ${MATCH_COLUMNS} FROM matches WHERE request_id = $1 AND status = ANY($2::text[]) ORDER BY score DESC, proposed_at, id`, [
    requestId,
    statuses,
  ]);
}

export async function getMatch(db: PluginDb, id: string, forUpdate = false): Promise<MatchRow | null> {
  const rows = await db.query<MatchRow>(`SELECT ${MATCH_COLUMNS} FROM matches WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function decideMatch(db: PluginDb, id: string, status: 'confirmed' | 'rejected', userId: string, reason: string, now: Date): Promise<void> {
  await db.query(`UPDATE matches SET status = $2, decided_by = $3::uuid, decided_at = $5, reason = $4, updated_at = $5 WHERE id = $1`, [
    id,
    status,
    userId,
    reason,
    now,
  ]);
}
