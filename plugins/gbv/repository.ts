import type { PluginDb } from '@app/plugin-sdk';
import type { ConsentDecision, ConsentGiver, ConsentRecord } from './consent';
import type { IncidentRow, IncidentStatus, ReferralRow } from './model';
import type { Cursor } from './paging';
import type { ReferralStatus } from './referral-status';

/** SQL on the plugin's own tables (schema plugin_gbv on the search path); values always as parameters. */

const INCIDENT = `
  i.id, i.case_id AS "caseId", i.case_number AS "caseNumber", i.status, i.form_version AS "formVersion",
  i.answers, i.recorded_at AS "recordedAt", i.recorded_by AS "recordedBy", i.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM referrals r WHERE r.incident_id = i.id) AS "referralCount"`;

const REFERRAL = `
  id, incident_id AS "incidentId", service_type AS "serviceType", purpose, provider_name AS "providerName", notes, status,
  created_at AS "createdAt", created_by AS "createdBy", updated_at AS "updatedAt", updated_by AS "updatedBy"`;

const CONSENT = `
  id, incident_id AS "incidentId", purpose, decision, given_by AS "givenBy", method,
  recorded_at AS "recordedAt", recorded_by AS "recordedBy", seq::float8 AS seq`;

export interface NewIncident {
  caseId: string;
  caseNumber: string;
  formVersion: number;
  answers: Record<string, unknown>;
  at: Date;
  by: string;
}

export async function insertIncident(db: PluginDb, n: NewIncident): Promise<IncidentRow> {
  const [row] = await db.query<IncidentRow>(
    `WITH i AS (
       INSERT INTO incidents (case_id, case_number, form_version, answers, recorded_at, recorded_by, updated_at, updated_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $5, $6) RETURNING *)
     SELECT ${INCIDENT} FROM i`,
    [n.caseId, n.caseNumber, n.formVersion, JSON.stringify(n.answers), n.at, n.by],
  );
  return row;
}

/** One incident; `lock` holds it until the transaction ends (consent and referrals of one incident are decided one at a time). */
export async function findIncident(db: PluginDb, id: string, lock = false): Promise<IncidentRow | null> {
  if (lock) await db.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<IncidentRow>(`SELECT ${INCIDENT} FROM incidents i WHERE i.id = $1`, [id]);
  return row ?? null;
}

export interface IncidentQuery {
  caseId?: string;
  status?: IncidentStatus;
  after: Cursor | null;
  limit: number;
}

/** Newest first; keyset pagination on (recorded_at, id). */
export async function listIncidents(db: PluginDb, q: IncidentQuery): Promise<IncidentRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (q.caseId) where.push(`i.case_id = ${param(q.caseId)}`);
  if (q.status) where.push(`i.status = ${param(q.status)}`);
  if (q.after) where.push(`(i.recorded_at, i.id) < (${param(q.after.at)}::timestamptz, ${param(q.after.id)}::uuid)`);
  return db.query<IncidentRow>(
    `SELECT ${INCIDENT} FROM incidents i ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY i.recorded_at DESC, i.id DESC LIMIT ${param(q.limit)}`,
    params,
  );
}

export async function setIncidentStatus(db: PluginDb, id: string, status: IncidentStatus, at: Date, by: string): Promise<void> {
  await db.query('UPDATE incidents SET status = $2, updated_at = $3, updated_by = $4 WHERE id = $1', [id, status, at, by]);
}

export interface NewConsent {
  incidentId: string;
  purpose: string;
  decision: ConsentDecision;
  givenBy: ConsentGiver;
  method: string;
  at: Date;
  by: string;
}

export async function insertConsent(db: PluginDb, n: NewConsent): Promise<ConsentRecord> {
  const [row] = await db.query<ConsentRecord>(
    `INSERT INTO consents (incident_id, purpose, decision, given_by, method, recorded_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${CONSENT}`,
    [n.incidentId, n.purpose, n.decision, n.givenBy, n.method, n.at, n.by],
  );
  return row;
}

export async function listConsents(db: PluginDb, incidentId: string): Promise<ConsentRecord[]> {
  return db.query<ConsentRecord>(`SELECT ${CONSENT} FROM consents WHERE incident_id = $1 ORDER BY recorded_at, seq`, [incidentId]);
}

export interface NewReferral {
  incidentId: string;
  serviceType: string;
  purpose: string;
  providerName: string;
  notes: string | null;
  at: Date;
  by: string;
}

export async function insertReferral(db: PluginDb, n: NewReferral): Promise<ReferralRow> {
  const [row] = await db.query<ReferralRow>(
    `INSERT INTO referrals (incident_id, service_type, purpose, provider_name, notes, created_at, created_by, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7) RETURNING ${REFERRAL}`,
    [n.incidentId, n.serviceType, n.purpose, n.providerName, n.notes, n.at, n.by],
  );
  return row;
}

export async function listReferrals(db: PluginDb, incidentId: string): Promise<ReferralRow[]> {
  return db.query<ReferralRow>(`SELECT ${REFERRAL} FROM referrals WHERE incident_id = $1 ORDER BY created_at, id`, [incidentId]);
}

export async function findReferral(db: PluginDb, id: string, lock = false): Promise<ReferralRow | null> {
  const [row] = await db.query<ReferralRow>(`SELECT ${REFERRAL} FROM referrals WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ?? null;
}

export async function setReferralStatus(db: PluginDb, id: string, status: ReferralStatus, at: Date, by: string): Promise<ReferralRow> {
  const [row] = await db.query<ReferralRow>(`UPDATE referrals SET status = $2, updated_at = $3, updated_by = $4 WHERE id = $1 RETURNING ${REFERRAL}`, [
    id,
    status,
    at,
    by,
  ]);
  return row;
}
