/** SQL on the plugin's own tables (requests, children, matches). Dates come back as text on purpose. */
import type { PluginDb } from '@app/plugin-sdk';

export type RequestStatus = 'open' | 'matched' | 'closed';
export type MatchStatus = 'proposed' | 'confirmed' | 'rejected';

export interface RequestRow {
  id: string;
  reference: string;
  status: RequestStatus;
  answers: Record<string, unknown>;
  sought_name: string;
  name_norm: string;
  phonetic_keys: string[];
  sex: string | null;
  date_of_birth: string | null;
  age_years: number | null;
  location_code: string | null;
  location_path: string | null;
  recorded_by: string;
  agency_id: string | null;
  recorded_at: Date;
  request_date: string;
  last_matched_at: Date | null;
  matched_case_id: string | null;
  matched_at: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
}

const REQUEST_COLUMNS = `id, reference, status, answers, sought_name, name_norm, phonetic_keys, sex, date_of_birth::text AS date_of_birth,
  age_years, location_code, location_path, recorded_by::text AS recorded_by, agency_id, recorded_at,
  (recorded_at AT TIME ZONE 'UTC')::date::text AS request_date, last_matched_at, matched_case_id::text AS matched_case_id, matched_at,
  closed_at, close_reason`;

export interface NewRequest {
  answers: Record<string, unknown>;
  soughtName: string;
  nameNorm: string;
  phoneticKeys: string[];
  sex: string | null;
  dateOfBirth: string | null;
  ageYears: number | null;
  locationCode: string | null;
  locationPath: string | null;
  recordedBy: string;
  agencyId: string | null;
  now: Date;
}

export async function insertRequest(db: PluginDb, r: NewRequest): Promise<RequestRow> {
  const rows = await db.query<RequestRow>(
    `INSERT INTO requests (reference, answers, requester_consent, sought_name, name_norm, phonetic_keys, sex, date_of_birth, age_years,
       location_code, location_path, recorded_by, agency_id, recorded_at, updated_at)
     VALUES ('FT-' || to_char($12::timestamptz AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(nextval('request_number_seq')::text, 6, '0'),
       $1::jsonb, true, $2, $3, $4, $5, $6::date, $7, $8, $9, $10::uuid, $11, $12, $12)
     RETURNING ${REQUEST_COLUMNS}`,
    [
      JSON.stringify(r.answers),
      r.soughtName,
      r.nameNorm,
      r.phoneticKeys,
      r.sex,
      r.dateOfBirth,
      r.ageYears,
      r.locationCode,
      r.locationPath,
      r.recordedBy,
      r.agencyId,
      r.now,
    ],
  );
  return rows[0];
}

export async function getRequest(db: PluginDb, id: string, forUpdate = false): Promise<RequestRow | null> {
  const rows = await db.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export interface RequestFilter {
  /** Null: every request (a user without an agency). */
  agencyId: string | null;
  userId: string;
  /** Requests visible through a candidate child the user may see. */
  alsoIds: string[];
  status?: RequestStatus;
  limit: number;
  offset: number;
}

export async function listRequests(db: PluginDb, f: RequestFilter): Promise<{ rows: RequestRow[]; total: number }> {
  const where = `($1::text IS NULL OR agency_id = $1 OR recorded_by = $2::uuid OR id = ANY($3::uuid[])) AND ($4::text IS NULL OR status = $4)`;
  const params = [f.agencyId, f.userId, f.alsoIds, f.status ?? null];
  const rows = await db.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE ${where} ORDER BY recorded_at DESC, id LIMIT $5 OFFSET $6`, [
    ...params,
    f.limit,
    f.offset,
  ]);
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM requests WHERE ${where}`, params);
  return { rows, total };
}

/** Candidates (proposed on open requests, or confirmed) of other agencies' requests: how a child's caseworker comes to see them. */
export async function candidateLinksOutside(db: PluginDb, agencyId: string, userId: string): Promise<Array<{ request_id: string; case_id: string }>> {
  return db.query(
    `SELECT m.request_id::text AS request_id, m.case_id::text AS case_id
       FROM matches m JOIN requests r ON r.id = m.request_id
      WHERE (m.status = 'confirmed' OR (m.status = 'proposed' AND r.status = 'open')) AND r.agency_id IS DISTINCT FROM $1 AND r.recorded_by <> $2::uuid`,
    [agencyId, userId],
  );
}

export async function closeRequest(db: PluginDb, id: string, userId: string, reason: string, now: Date): Promise<void> {
  await db.query(`UPDATE requests SET status = 'closed', closed_by = $2::uuid, closed_at = $4, close_reason = $3, updated_at = $4 WHERE id = $1`, [
    id,
    userId,
    reason,
    now,
  ]);
}

export async function markMatched(db: PluginDb, id: string, caseId: string, now: Date): Promise<void> {
  await db.query(`UPDATE requests SET status = 'matched', matched_case_id = $2, matched_at = $3, updated_at = $3 WHERE id = $1`, [id, caseId, now]);
}

/** Open requests due a rematch, least recently matched first. */
export async function openRequests(db: PluginDb, limit: number): Promise<RequestRow[]> {
  return db.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE status = 'open' ORDER BY last_matched_at NULLS FIRST, recorded_at LIMIT $1`, [
    limit,
  ]);
}

export async function setLastMatched(db: PluginDb, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE requests SET last_matched_at = $2 WHERE id = $1`, [id, at]);
}

export async function childrenIndexedSince(db: PluginDb, since: Date): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM children WHERE indexed_at > $1 LIMIT 1`, [since]);
  return rows.length > 0;
}
